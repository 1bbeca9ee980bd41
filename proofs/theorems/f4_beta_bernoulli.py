"""F4 beta-bernoulli: the strong adversary's KL in closed form, and why it falls with data and prior strength.

Neighbouring datasets differ in one record: one has a success where the other has a failure, so their
posteriors are ``Beta(A + 1, B)`` and ``Beta(A, B + 1)`` with ``A``, ``B`` the counts the two share (the prior's
``lam m0`` and ``lam (1 - m0)`` included).

* ``F4.neighbour_kl``: ``D(Beta(A + 1, B) || Beta(A, B + 1)) = ln(B / A) + psi(A + 1) - psi(B)``, from the KL
  between Beta laws and ``ln Gamma(x + 1) = ln x + ln Gamma(x)``; checked numerically against a certified
  quadrature of the two Beta densities (never the closed form).
* ``F4.falls_with_successes`` and ``F4.falls_with_failures``: its derivatives in ``A`` and in ``B`` are ``<= 0``
  (by ``psi'(x + 1) <= 1/x <= psi'(x)``). A record added to the shared data raises ``A`` or ``B``, a stronger
  prior raises both: the pointwise T3 and T4 hold for F4, for every dataset (unlike ridge regression's).
* ``F4.order_n``: as both shared counts grow by ``n``, ``n`` times the KL tends to 1 (sympy's limit).
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.conditions import Nonnegative
from mileak.proofs.core.steps import Cite, Combine, facts
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL
from mileak.proofs.families.beta_bernoulli import A, B, neighbour_kl
from mileak.proofs.lemmas.lemma import Lemma
from mileak.proofs.theorems import sharpness as tight

SOURCE = "docs/theory.md section 4 (F4 beta-bernoulli)"
a, b = A.symbol, B.symbol
PAIR = ("P1 = Beta(A + 1, B), P0 = Beta(A, B + 1): the posteriors of neighbouring datasets (a success in place "
        "of a failure)",)

BETA_KL = Lemma(
    "KL divergence between two Beta laws",
    "Gupta & Nadarajah, Handbook of Beta Distribution and Its Applications (2004), sec. 2; Penny (2001), eq. (A.3)",
    "D(Beta(a1, b1) || Beta(a2, b2)) = ln B(a2, b2) - ln B(a1, b1) + (a1 - a2) psi(a1) + (b1 - b2) psi(b1) "
    "+ (a2 - a1 + b2 - b1) psi(a1 + b1)",
    lambda P, Q, a1, b1, a2, b2: (sp.Eq(KL(P, Q), _log_beta(a2, b2) - _log_beta(a1, b1) + (a1 - a2) * sp.digamma(a1)
                                        + (b1 - b2) * sp.digamma(b1) + (a2 - a1 + b2 - b1) * sp.digamma(a1 + b1)),
                                  tuple(Nonnegative(v) for v in (a1, b1, a2, b2))),
)

LOG_GAMMA_RECURRENCE = Lemma(
    "recurrence of the Gamma function",
    "DLMF 5.5.1",
    "ln Gamma(x + 1) = ln x + ln Gamma(x) for x > 0",
    lambda x: (sp.Eq(sp.loggamma(x + 1), sp.log(x) + sp.loggamma(x)), (Nonnegative(x),)),
)

TRIGAMMA_ABOVE = Lemma(
    "trigamma bound from above",
    "DLMF 5.15.1 (psi'(x + 1) = sum_{k >= 1} (x + k)^-2) and the integral comparison sum_{k >= 1} (x + k)^-2 "
    "<= int_0^oo (x + s)^-2 ds",
    "psi'(x + 1) <= 1/x for x > 0",
    lambda x: (sp.Le(sp.polygamma(1, x + 1), 1 / x), (Nonnegative(x),)),
)

TRIGAMMA_BELOW = Lemma(
    "trigamma bound from below",
    "DLMF 5.15.1 (psi'(x) = sum_{k >= 0} (x + k)^-2) and the integral comparison sum_{k >= 0} (x + k)^-2 "
    ">= int_0^oo (x + s)^-2 ds",
    "1/x <= psi'(x) for x > 0",
    lambda x: (sp.Le(1 / x, sp.polygamma(1, x)), (Nonnegative(x),)),
)


def _log_beta(p, q):
    return sp.loggamma(p) + sp.loggamma(q) - sp.loggamma(p + q)


CLOSED = neighbour_kl(a, b)

NEIGHBOUR_KL = Claim(
    id="F4.neighbour_kl",
    title="F4: D(Beta(A+1, B) || Beta(A, B+1)) = ln(B/A) + psi(A+1) - psi(B)",
    source=SOURCE,
    statement=sp.Eq(KL(P1, P0), CLOSED),
    parameters=(A, B),
    assumptions=PAIR,
    models=("beta_neighbours",),
    derivation=facts(
        beta_kl=Cite(BETA_KL, {"P": P1, "Q": P0, "a1": a + 1, "b1": b, "a2": a, "b2": b + 1}),
        gamma_at_a=Cite(LOG_GAMMA_RECURRENCE, {"x": a}),
        gamma_at_b=Cite(LOG_GAMMA_RECURRENCE, {"x": b}),
        statement=Combine(sp.Eq(KL(P1, P0), CLOSED), substitute=("beta_kl", "gamma_at_a", "gamma_at_b"),
                          note="the Gamma terms cancel by the recurrence; ln B - ln A = ln(B/A)"),
    ),
)

def _falls(cid, title, symbol, name, lemma):
    """``d CLOSED / d symbol <= 0`` from the trigamma bound ``lemma`` at ``symbol``; tight as ``symbol -> oo``."""
    statement = sp.Le(sp.diff(CLOSED, symbol), 0, evaluate=False)
    return Claim(id=cid, title=title, source=SOURCE, statement=statement, parameters=(A, B), models=("parameters",),
                 sharpness=tight.vanishing(name, sp.oo),
                 derivation=facts(trigamma=Cite(lemma, {"x": symbol}),
                                  statement=Combine(statement, weights={"trigamma": 1})))


FALLS_WITH_SUCCESSES = _falls("F4.falls_with_successes",
                              "F4: d/dA [ln(B/A) + psi(A+1) - psi(B)] <= 0 (a success added to the shared data)",
                              a, "A", TRIGAMMA_ABOVE)
FALLS_WITH_FAILURES = _falls("F4.falls_with_failures",
                             "F4: d/dB [ln(B/A) + psi(A+1) - psi(B)] <= 0 (a failure added to the shared data)",
                             b, "B", TRIGAMMA_BELOW)

GROWTH = Parameter("n", sp.Interval.open(0, sp.oo), typical=sp.Interval(1, 100),
                   description="records added to each of the shared counts (real relaxation)")
_n = GROWTH.symbol
ORDER = sp.Eq(sp.Limit(_n * neighbour_kl(a + _n, b + _n), _n, sp.oo), 1)

ORDER_N = Claim(
    id="F4.order_n",
    title="F4: n D(Beta(A+n+1, B+n) || Beta(A+n, B+n+1)) -> 1 as n -> oo (the KL falls like 1/n)",
    source=SOURCE,
    statement=ORDER,
    parameters=(A, B, GROWTH),
    models=("parameters",),
    notes="sympy's limit of the same product with unequal growth (A + n/3, B + 2n/3) returns oo, not 9/4; the "
          "checker then reports UNPROVED (a residual it cannot reduce), never FALSIFIED",
    derivation=facts(statement=Combine(ORDER, note="limit computed by sympy")),
)

F4 = Theorem(id="F4", title="closed forms of family F4 (beta-bernoulli): the neighbouring KL and its monotonicity",
             source=SOURCE, claims=(NEIGHBOUR_KL, FALLS_WITH_SUCCESSES, FALLS_WITH_FAILURES, ORDER_N))
