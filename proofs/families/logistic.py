"""F3 logistic regression (docs/theory.md section 4).

``y in {-1, +1}``, ``||x|| <= R``, logistic loss ``log(1 + exp(-y x.theta))``,
``g = ||theta||^2 / 2``, output perturbation ``N(0, sigma^2 I)``. The gradient
``-y x / (1 + exp(y x.theta))`` has norm at most ``||x|| <= R``, so ``L = R``
(T5). The symbolic loss is written for ``p = 1``; ERM is solved numerically
to a certified tolerance by :mod:`mileak.numeric.families.logistic.solve`.

Data: ``x`` uniform in the ball of radius ``R``; ``P[y = 1 | x] = 1 / (1 + exp(-x.beta))``
with ``beta ~ N(0, 4 I_p / p)`` drawn once from ``beta_seed``.

>>> LOGISTIC.gradient()
Matrix([[-x*y*exp(-theta*x*y)/(1 + exp(-theta*x*y))]])
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.parameters import Parameter
from mileak.proofs.families.family import Family

N = Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(5, 60), integer=True, description="training-set size")
LAM = Parameter("lam", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 100), 1),
                description="regularisation weight (strong convexity needs lam > 0)")
SIGMA = Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
                  description="output-noise standard deviation")
R = Parameter("R", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 4),
              description="bound on the feature norm ||x|| <= R")
P = Parameter("p", sp.Interval(1, sp.oo), typical=sp.Interval(1, 5), integer=True, description="dimension")
BETA_SEED = Parameter("beta_seed", sp.Interval(0, sp.oo), typical=sp.Interval(0, 1000), integer=True,
                      description="seed of the true coefficients beta ~ N(0, 4 I_p / p), drawn once")

theta, x, y = (sp.Symbol(name, real=True) for name in ("theta", "x", "y"))


LOGISTIC = Family(
    name="logistic",
    title="F3: L2-regularised logistic regression with output perturbation, ||x|| <= R",
    parameters=(N, LAM, SIGMA, R, P, BETA_SEED),
    theta=(theta,),
    z=(x, y),
    loss=sp.log(1 + sp.exp(-y * x * theta)),
    regularizer=theta**2 / 2,
    releases=("exact", "output"),  # the simulator plays both (the exact release: an attack metric along lam)
    record_width=lambda p: int(p) + 1,
    data_box={x: (-R.symbol, R.symbol), y: (-1, 1)},
    data_values={y: (-1, 1)},
    closed_forms={"lipschitz": lambda **v: v.get("R", 1)},  # R defaults to 1, as in the sampler
    notes="L = R; strong adversary KL = ||theta_D - theta_D'||^2 / (2 sigma^2) with ERM solved by numeric.families.logistic",
)

FAMILY = LOGISTIC  # found by mileak.proofs.families (one file per family; nothing else names it)
