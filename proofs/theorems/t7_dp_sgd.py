"""T7 (DP-SGD): the membership leakage of subsampled, composed Gaussian steps (docs/theory.md T7).

Game: add/remove (the record is in the batch with probability ``q``, or absent), the game DP-SGD accountants
and canary audits use. One step's worst-case pair is ``P1 = (1-q) N(0, z^2) + q N(1, z^2)`` (in) against
``P0 = N(0, z^2)`` (out), in units of the clip norm (the reduction of a clipped gradient in any dimension to
this pair is Mironov, Talwar & Zhang 2019, cited as an assumption). The paper's replace game is bounded
numerically (:mod:`mileak.numeric.dp.subsampled_gaussian`); its claims are not registered here.

* ``T7.chi2``: ``chi^2(P1||P0) = q^2 (exp(1/z^2) - 1)``, sympy evaluating the Gaussian integral.
* ``T7.kl_step``: ``D(P1||P0) <= log(1 + chi^2)`` (Jensen, cited) and ``T7.kl_step_linear``: ``<= q^2 (exp(1/z^2) - 1)``.
* ``T7.compose``: ``T`` adaptive steps: ``D <= T q^2 (exp(1/z^2) - 1)`` (chain rule, cited); the final model
  obeys the same bound (data processing), so ``rho_KL <= T D(P1||P0)``; T1 and T2 then bound the
  membership information, success, ROC and TPR at FPR.
* ``T7.order_q`` and ``T7.order_z``: the per-step bound ``log(1 + chi^2)`` is ``~ q^2 (exp(1/z^2) - 1)`` as
  ``q -> 0`` and ``~ q^2 / z^2`` as ``z -> oo`` (limits by sympy). (The KL itself is ``~ chi^2 / 2``:
  checked numerically in the tests, not registered.)
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Theorem
from mileak.proofs.core.steps import Cite, Combine, Define, UseClaim
from mileak.proofs.definitions.dp_sgd import CHI2, STEPS, Q, T, Z, chi2_integral, q, z
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, Chi2, ComposedKL
from mileak.proofs.definitions.rules import Identity
from mileak.proofs.lemmas.information import KL_COMPOSITION, KL_LOG_CHI2, LOG_BELOW_LINE

SOURCE = "DP-SGD (Abadi et al. 2016) in the paper's KL framework; docs/theory.md T7"
GAME = "add/remove game: P1 = (1-q) N(0, z^2) + q N(1, z^2), P0 = N(0, z^2) (units of the clip norm)"
REDUCTION = ("a clipped gradient of norm <= C in any dimension reduces to the one-dimensional pair "
             "(Mironov, Talwar & Zhang 2019, order 1)")
PARAMS = (Q, Z)
MODELS = ("subsampled_gaussian",)
BOUND = sp.log(1 + CHI2)

CHI2_CLAIM = Claim(
    id="T7.chi2", title="one DP-SGD step: chi^2(P1||P0) = q^2 (exp(1/z^2) - 1)", source=SOURCE,
    statement=sp.Eq(Chi2(P1, P0), CHI2), parameters=PARAMS, assumptions=(GAME,), models=MODELS,
    derivation=(
        Define(lambda: sp.Eq(Chi2(P1, P0), chi2_integral()), "chi-square divergence int (p1 - p0)^2 / p0"),
        Identity(lambda: sp.Eq(chi2_integral(), CHI2), note="sympy evaluates the Gaussian integral"),
        Combine(sp.Eq(Chi2(P1, P0), CHI2), substitute=(0, 1)),
    ),
)

KL_STEP = Claim(
    id="T7.kl_step", title="one DP-SGD step: D(P1||P0) <= log(1 + q^2 (exp(1/z^2) - 1))", source=SOURCE,
    statement=sp.Le(KL(P1, P0), BOUND), parameters=PARAMS, assumptions=(GAME,), models=MODELS,
    derivation=(
        Cite(KL_LOG_CHI2, {"P": P1, "Q": P0}),
        UseClaim("T7.chi2"),
        Combine(sp.Le(KL(P1, P0), BOUND), weights={0: 1}, substitute=(1,)),
    ),
)

KL_STEP_LINEAR = Claim(
    id="T7.kl_step_linear", title="one DP-SGD step: D(P1||P0) <= q^2 (exp(1/z^2) - 1)", source=SOURCE,
    statement=sp.Le(KL(P1, P0), CHI2), parameters=PARAMS, assumptions=(GAME,), models=MODELS,
    derivation=(
        UseClaim("T7.kl_step"),
        Cite(LOG_BELOW_LINE, {"a": q**2, "w": 1 / z**2}),
        Combine(sp.Le(KL(P1, P0), CHI2), weights={0: 1, 1: 1}),
    ),
)

COMPOSE = Claim(
    id="T7.compose", title="T DP-SGD steps: D(transcript) <= T q^2 (exp(1/z^2) - 1)", source=SOURCE,
    statement=sp.Le(ComposedKL(P1, P0, T), T * CHI2), parameters=PARAMS + (STEPS,),
    assumptions=(GAME, REDUCTION, "steps composed adaptively; the final model is a function of the transcript"),
    models=MODELS,
    derivation=(
        Cite(KL_COMPOSITION, {"P": P1, "Q": P0, "T": T}),
        UseClaim("T7.kl_step_linear"),
        Combine(sp.Le(ComposedKL(P1, P0, T), T * CHI2), weights={0: 1, 1: T}),
    ),
    notes="by data processing the final model alone obeys it: rho_KL <= T D(P1||P0); T1 and T2 follow",
)


def _limit_claim(cid, title, statement, note):
    return Claim(id=cid, title=title, source=SOURCE, statement=statement, parameters=PARAMS, models=("parameters",),
                 derivation=(Combine(statement, note="limit computed by sympy"),), notes=note)


ORDERS = (
    _limit_claim("T7.order_q", "log(1 + chi^2) / q^2 -> exp(1/z^2) - 1 as q -> 0",
                 sp.Eq(sp.Limit(BOUND / q**2, q, 0, "+"), sp.exp(1 / z**2) - 1),
                 "small sampling rates: the per-step bound is quadratic in q"),
    _limit_claim("T7.order_z", "z^2 log(1 + chi^2) -> q^2 as z -> oo",
                 sp.Eq(sp.Limit(z**2 * BOUND, z, sp.oo), q**2),
                 "large noise: the per-step bound is q^2 / z^2"),
)

T7 = Theorem(id="T7", title="DP-SGD: subsampling and composition bound the leakage", source=SOURCE,
             claims=(CHI2_CLAIM, KL_STEP, KL_STEP_LINEAR, COMPOSE) + ORDERS)
