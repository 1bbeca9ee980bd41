"""F2 (ridge, output release) in the proportional limit ``n, p -> oo``, ``p / n -> gamma`` (docs/theory.md F2).

Where T3 fails for ridge. With ``A = X_rest' X_rest + n lam I`` and ``theta_rest = A^-1 X_rest' y_rest``,
Sherman–Morrison gives ``theta(D_rest + z) = theta_rest + A^-1 x r / (1 + x' A^-1 x)``, ``r = y - x' theta_rest``,
so two neighbours differ by ``delta = A^-1 x r / (1 + q) - A^-1 x' r' / (1 + q')`` and the output release's KL is
``||delta||^2 / (2 sigma^2)``. In the limit (the assumptions below) ``q -> gamma m``, ``n x' A^-2 x -> gamma m'``,
``E r^2 -> s^2 + R`` and the cross term is ``O(1/n^2)``, so

    ``n E D -> gamma (s^2 + R) m' / (sigma^2 (1 + gamma m)^2)``,  ``R = lam^2 m' + s^2 gamma (m - lam m')``,

with ``m = m(-lam)``, ``m' = m'(-lam)`` the Marchenko–Pastur Stieltjes transform and its derivative
(:class:`~mileak.proofs.definitions.quantities.MPResolvent` ``k = 1, 2``). At fixed ``p``,
``E D ~ H(gamma, lam) / (p sigma^2)`` with ``H = gamma^2 (s^2 + R) m' / (1 + gamma m)^2``, so the
neighbour-averaged KL *rises* with ``n`` (``gamma`` falls) exactly where ``dH/dgamma < 0``: the boundary of
T3's failure region is the maximiser ``gamma*(lam)`` of ``H``, i.e. ``n/p = 1/gamma*``
(:mod:`mileak.numeric.families.ridge.proportional`). Ridgeless, ``H`` is ``gamma^2 s^2 / (1 - gamma)^2`` below
``gamma = 1`` (rising in ``gamma``) and ``1 + s^2 gamma^2 / (gamma - 1)^2`` above it (falling): the
boundary tends to ``n = p`` as ``lam -> 0``.

* ``F2.stieltjes``: ``m(-lam)`` is the positive root of ``gamma lam m^2 + (1 - gamma + lam) m - 1 = 0``.
* ``F2.resolvent_square``: ``m'(-lam) = (gamma m^2 + m) / (2 gamma lam m + 1 - gamma + lam)`` (the equation
  differentiated), in closed form.
* ``F2.limit_kl``: the limit above in closed form.

The numeric checks evaluate ``MPResolvent`` by certified quadrature over the Marchenko–Pastur density (with its
atom at 0 when ``gamma > 1``), never by the closed forms.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.steps import Cite, Combine, Hypothesis, UseClaim, facts
from mileak.proofs.definitions.quantities import MPResolvent
from mileak.proofs.families import ridge
from mileak.proofs.lemmas.analysis import SQRT_DOMINATES

SOURCE = ("ridge in the proportional limit (Marchenko & Pastur 1967; Dobriban & Wager 2018 for ridge's risk); "
          "docs/theory.md F2")
GAMMA = Parameter("gamma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 10),
                  description="aspect ratio p / n in the limit")
LAM = Parameter("lam", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 100), 10),
                description="regularisation weight (positive)")
S, SIGMA = ridge.S, ridge.SIGMA  # the family's label noise and output noise, as declared there
g, lam, s, sigma = GAMMA.symbol, LAM.symbol, S.symbol, SIGMA.symbol
MODELS = ("marchenko_pastur",)

M1 = MPResolvent(g, lam, 1)
M2 = MPResolvent(g, lam, 2)
DISC = sp.sqrt((lam + 1 - g) ** 2 + 4 * g * lam)
STIELTJES = (DISC - (1 - g + lam)) / (2 * g * lam)  # the positive root
OTHER_ROOT = (-DISC - (1 - g + lam)) / (2 * g * lam)


def square_rule(m):
    """``m'(-lam)`` from ``m(-lam)``: the Marchenko–Pastur equation differentiated in ``z``, at ``z = -lam``."""
    return (g * m**2 + m) / (2 * g * lam * m + 1 - g + lam)


SQUARE = square_rule(STIELTJES)


def risk(m, m2):
    """``lim ||theta_rest - beta||^2`` of ridge (``beta ~ N(0, I/p)``, label noise ``s``): bias + variance."""
    return lam**2 * m2 + s**2 * g * (m - lam * m2)


def limit_kl(m, m2):
    """``lim n E D(q(.|D_rest+z) || q(.|D_rest+z'))`` of the output release, in the resolvents ``m``, ``m'``."""
    return g * (s**2 + risk(m, m2)) * m2 / (sigma**2 * (1 + g * m) ** 2)


# ``limit_kl(STIELTJES, SQUARE)`` brought to one fraction in ``DISC`` (sympy's cancel and factor with ``DISC`` a
# symbol: an identity of rational functions, so it holds at ``DISC = sqrt(...)``; F2.limit_kl decides it again)
LIMIT_KL_CLOSED = ((DISC + g - lam - 1) * (DISC * (g * s**2 + lam) - g**2 * s**2 + g * lam * s**2 + g * lam + g * s**2
                                           - lam**2 - lam) / (4 * DISC**2 * g * lam * sigma**2))


def h_of_gamma():
    """``H(gamma, lam, s) = gamma sigma^2 lim n E D``: at fixed ``p``, ``E D ~ H / (p sigma^2)`` (closed form)."""
    return g * sigma**2 * LIMIT_KL_CLOSED


MP_EQUATION = sp.Eq(g * lam * M1**2 + (1 - g + lam) * M1 - 1, 0)
POSITIVE = sp.Gt(M1, 0)
SQUARE_RULE = sp.Eq(M2, square_rule(M1))
LIMIT_ASSUMPTIONS = (
    "z = (x, y), x ~ N(0, I_p), y = x.beta + N(0, s^2), beta ~ N(0, I_p / p) (||beta||^2 -> 1); output release "
    "theta_D + N(0, sigma^2 I)",
    "n, p -> oo with p / n -> gamma; the spectrum of X_rest' X_rest / n tends to the Marchenko–Pastur law mu_gamma",
    "deterministic equivalents: x' A^-1 x -> gamma m(-lam), n x' A^-2 x -> gamma m'(-lam), "
    "||theta_rest - beta||^2 -> R (A = X_rest' X_rest + n lam I); the cross term of two neighbours is O(1/n^2)",
)

STIELTJES_CLAIM = Claim(
    id="F2.stieltjes", title="F2 limit: m(-lam) = (sqrt((lam + 1 - gamma)^2 + 4 gamma lam) - (1 - gamma + lam)) "
    "/ (2 gamma lam)", source=SOURCE, statement=sp.Eq(M1, STIELTJES), parameters=(GAMMA, LAM),
    hypotheses=(MP_EQUATION, POSITIVE), models=MODELS,
    assumptions=("Marchenko–Pastur: m(z) = int dmu_gamma(x) / (x - z) solves gamma z m^2 + (z + gamma - 1) m + 1 = 0 "
                 "(Bai & Silverstein 2010, Lemma 3.11)",),
    derivation=facts(
        equation=Hypothesis(MP_EQUATION, note="the Marchenko–Pastur equation at z = -lam"),
        positive=Hypothesis(POSITIVE, note="the integrand 1 / (x + lam) is positive"),
        sqrt_dominates=Cite(SQRT_DOMINATES, {"a": 1 - g + lam, "c": 4 * g * lam}),
        other_root=Combine(sp.Le(OTHER_ROOT, 0), weights={"sqrt_dominates": 1 / (2 * g * lam)},
                           note="so the other root r- is <= 0"),
        statement=Combine(sp.Eq(M1, STIELTJES), weights={"equation": 1 / (g * lam * (M1 - OTHER_ROOT))},
                          note="gamma lam (m - r+)(m - r-) is the equation's left side; m - r- > 0 by the facts "
                          "positive and other_root"),
    ),
)

SQUARE_CLAIM = Claim(
    id="F2.resolvent_square", title="F2 limit: m'(-lam) = (gamma m^2 + m) / (2 gamma lam m + 1 - gamma + lam), "
    "in closed form", source=SOURCE, statement=sp.Eq(M2, SQUARE), parameters=(GAMMA, LAM),
    hypotheses=(SQUARE_RULE,), models=MODELS,
    assumptions=("the Marchenko–Pastur equation differentiated in z (m'(z) = int dmu_gamma(x) / (x - z)^2)",),
    derivation=facts(
        differentiated=Hypothesis(SQUARE_RULE, note="d/dz of gamma z m^2 + (z + gamma - 1) m + 1 = 0, at z = -lam"),
        stieltjes=UseClaim("F2.stieltjes"),
        statement=Combine(sp.Eq(M2, SQUARE), weights={"differentiated": 1}, substitute=("stieltjes",)),
    ),
)

LIMIT_KL_CLAIM = Claim(
    id="F2.limit_kl", title="F2 limit: n E D(neighbours) -> gamma (s^2 + R) m' / (sigma^2 (1 + gamma m)^2), in "
    "closed form", source=SOURCE, statement=sp.Eq(limit_kl(M1, M2), limit_kl(STIELTJES, SQUARE)),
    parameters=(GAMMA, LAM, S, SIGMA), models=MODELS, assumptions=LIMIT_ASSUMPTIONS,
    derivation=facts(
        stieltjes=UseClaim("F2.stieltjes"),
        resolvent_square=UseClaim("F2.resolvent_square"),
        statement=Combine(sp.Eq(limit_kl(M1, M2), LIMIT_KL_CLOSED), substitute=("stieltjes", "resolvent_square")),
    ),
)

F2 = Theorem(id="F2", title="ridge in the proportional limit: where the neighbour-averaged KL rises with n",
             source=SOURCE, claims=(STIELTJES_CLAIM, SQUARE_CLAIM, LIMIT_KL_CLAIM))
