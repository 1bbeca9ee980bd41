"""F4 ``beta-bernoulli``: posterior sampling in a conjugate Beta-Bernoulli model (docs/theory.md section 4).

Records are bits ``x ~ Bernoulli(theta0)``. The learner releases one sample of the posterior of the
success probability under the prior ``Beta(lam m0, lam (1 - m0))``: with ``S`` successes among the ``n``
records, ``theta_hat ~ Beta(lam m0 + S, lam (1 - m0) + n - S)``. The prior strength ``lam = a + b`` plays the
regulariser's role, ``m0`` is the prior mean.

As an ERM family it is the Gibbs posterior ``exp(-sum_i loss(eta; x_i) - lam g(eta))`` in the log-odds
``eta = log(theta / (1 - theta))``: the Bernoulli log-loss ``log(1 + e^eta) - x eta`` (convex, its gradient
``sigma(eta) - x`` within ``[-1, 1]``) and ``g(eta) = log(1 + e^eta) - m0 eta``, the prior's negative log
density (Jacobian included). ``g'' = sigma (1 - sigma) <= 1/4``: ``g`` is not 1-strongly convex, so T5 does not
apply; the family's leakage is computed exactly instead (``mileak.numeric.families.beta_bernoulli``).

The strong adversary's KL between neighbouring posteriors is closed form (theorem F4): with ``A``
successes and ``B`` failures counted with the prior,
``D(Beta(A + 1, B) || Beta(A, B + 1)) = ln(B / A) + psi(A + 1) - psi(B)``.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.parameters import Parameter
from mileak.proofs.families.family import Family

N = Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(2, 40), integer=True, description="training-set size")
LAM = Parameter("lam", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 10),
                description="prior strength a + b (the regularisation weight)")
M0 = Parameter("m0", sp.Interval.open(0, 1), typical=sp.Interval(sp.Rational(1, 5), sp.Rational(4, 5)),
               description="prior mean a / (a + b)")
THETA0 = Parameter("theta0", sp.Interval.open(0, 1), typical=sp.Interval(sp.Rational(1, 10), sp.Rational(9, 10)),
                   description="population success probability (records x ~ Bernoulli(theta0))")
# the counts of a posterior Beta(A, B): successes and failures, each with its share of the prior
A = Parameter("A", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 40),
              description="first Beta parameter (prior share plus successes)")
B = Parameter("B", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 40),
              description="second Beta parameter (prior share plus failures)")

eta, x = sp.Symbol("eta", real=True), sp.Symbol("x", real=True)
n, lam, m0, theta0 = N.symbol, LAM.symbol, M0.symbol, THETA0.symbol


def neighbour_kl(a, b):
    """``D(Beta(a + 1, b) || Beta(a, b + 1))``: one success in place of a failure (theorem F4)."""
    return sp.log(b / a) + sp.digamma(a + 1) - sp.digamma(b)


FAMILY = Family(
    name="beta-bernoulli",
    title="F4: posterior sampling in a Beta-Bernoulli model",
    parameters=(N, LAM, M0, THETA0),
    theta=(eta,),
    z=(x,),
    loss=sp.log(1 + sp.exp(eta)) - x * eta,
    regularizer=sp.log(1 + sp.exp(eta)) - m0 * eta,
    releases=("posterior",),
    record_width=lambda p: 1,
    data_box={x: (0, 1)},
    data_values={x: (0, 1)},
    closed_forms={"lipschitz": lambda **values: 1},
    notes="posterior sampling theta ~ Beta(lam m0 + S, lam (1 - m0) + n - S); leakage exact (no Monte Carlo)",
)
