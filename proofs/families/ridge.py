"""F2 ridge regression (docs/theory.md section 4).

``z = (x, y)``, ``x ~ N(0, I_p)``, ``y = x.beta + N(0, s^2)``; squared loss
``(y - x.theta)^2 / 2`` and ``g = ||theta||^2 / 2``, so ``theta_D`` solves
``(X'X + n lam I) theta = X'y``. Releases: ``exact``, ``output`` (noise
``N(0, sigma^2 I)``) and ``posterior`` (``N(theta_D, tau^2 (X'X + n lam I)^{-1})``).

The symbolic loss is written for one coordinate (``p = 1``); the numeric
layer (:mod:`mileak.numeric.families.ridge.solve`) is general ``p``. The gradient is unbounded
(``L = oo``), so T5 says nothing here unless the data and parameters are
restricted to a bounded domain.

``neighbour_kl_p1`` derives the strong adversary's KL for ``p = 1`` from the
Gaussian KL of ``mileak.proofs.definitions`` (used by the falsifier's symbolic view).

>>> RIDGE.gradient()
Matrix([[-x*(-theta*x + y)]])
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.parameters import Parameter
from mileak.proofs.definitions.divergences import kl_normal
from mileak.proofs.families.family import Family

N = Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(2, 100), integer=True, description="training-set size")
LAM = Parameter("lam", sp.Interval(0, sp.oo), typical=sp.Interval(sp.Rational(1, 100), 10),
                description="regularisation weight (lam = 0 needs X'X invertible)")
SIGMA = Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
                  description="output-noise standard deviation (release 'output')")
TAU = Parameter("tau", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
                description="posterior temperature (release 'posterior'); tau = s is the Bayes posterior")
S = Parameter("s", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
              description="label-noise standard deviation")
P = Parameter("p", sp.Interval(1, sp.oo), typical=sp.Interval(1, 50), integer=True, description="dimension")
BETA_SEED = Parameter("beta_seed", sp.Interval(0, sp.oo), typical=sp.Interval(0, 1000), integer=True,
                      description="seed of the true coefficients beta ~ N(0, I_p / p), drawn once")

theta, x, y = (sp.Symbol(name, real=True) for name in ("theta", "x", "y"))
lam, sigma, tau = LAM.symbol, SIGMA.symbol, TAU.symbol
A, B = sp.Symbol("A", real=True), sp.Symbol("B", nonnegative=True)  # sum_rest x_i y_i, sum_rest x_i^2
n = N.symbol


def erm_solution_p1(x_new, y_new):
    """``theta_D`` for ``p = 1``, ``D = D_rest + (x_new, y_new)``: ``(A + x y) / (B + x^2 + n lam)``."""
    return (A + x_new * y_new) / (B + x_new**2 + n * lam)


Z1 = (sp.Symbol("x1", real=True), sp.Symbol("y1", real=True))  # the candidate record (x1, y1)
Z0 = (sp.Symbol("x0", real=True), sp.Symbol("y0", real=True))  # its replacement (x0, y0)


def neighbour_kl_p1(release: str, z=Z1, z_prime=Z0):
    """Strong-adversary ``D(q(.|D_rest+z) || q(.|D_rest+z'))`` for ``p = 1`` as a sympy expression."""
    m1, m0 = erm_solution_p1(*z), erm_solution_p1(*z_prime)
    if release == "output":
        return kl_normal(m1, sigma, m0, sigma)
    if release == "posterior":
        a1 = B + z[0] ** 2 + n * lam
        a0 = B + z_prime[0] ** 2 + n * lam
        return kl_normal(m1, tau / sp.sqrt(a1), m0, tau / sp.sqrt(a0))
    raise ValueError(f"release={release!r} must be 'output' or 'posterior' (exact release: the KL is oo)")


RIDGE = Family(
    name="ridge",
    title="F2: ridge regression, exact / output-perturbed / posterior-sampled",
    parameters=(N, LAM, SIGMA, TAU, S, P, BETA_SEED),
    theta=(theta,),
    z=(x, y),
    loss=(y - x * theta) ** 2 / 2,
    regularizer=theta**2 / 2,
    releases=("exact", "output", "posterior"),
    record_width=lambda p: int(p) + 1,
    closed_forms={"lipschitz": lambda **v: sp.oo},
    notes="strong adversary: neighbouring-dataset KL in closed form (numeric.families.ridge); L = oo (unbounded gradient)",
)

FAMILY = RIDGE  # found by mileak.proofs.families (one file per family; nothing else names it)
