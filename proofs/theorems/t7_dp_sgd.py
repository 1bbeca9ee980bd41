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
  ``q -> 0`` and ``~ q^2 / z^2`` as ``z -> oo`` (limits by sympy).
* ``T7.kl_below`` and ``T7.kl_above``: the KL between its Taylor polynomials in the moments
  ``m_k = int (p1 - p0)^k / p0^(k-1)``: ``chi^2/2 - m3/6 <= D(P1||P0) <= chi^2/2 - m3/6 + m4/3``
  (:mod:`mileak.proofs.lemmas.kl_expansion`; sympy evaluates the moments).
* ``T7.kl_order_q`` and ``T7.kl_order_z``: the KL itself is ``~ q^2 (exp(1/z^2) - 1) / 2`` as ``q -> 0`` and
  ``~ q^2 / (2 z^2)`` as ``z -> oo``, by a squeeze between the two brackets (sympy takes the brackets' limits;
  it cannot take the KL's own, whose laws depend on ``q`` and ``z`` only implicitly).
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Theorem
from mileak.proofs.core.steps import Cite, Combine, Define, Squeeze, UseClaim, facts
from mileak.proofs.definitions.dp_sgd import CHI2, M3, M4, STEPS, Q, T, Z, chi2_integral, densities, q, x, z
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, Chi2, ComposedKL
from mileak.proofs.definitions.rules import Identity
from mileak.proofs.lemmas.information import KL_COMPOSITION, KL_LOG_CHI2, LOG_BELOW_LINE
from mileak.proofs.lemmas.kl_expansion import KL_TAYLOR_ABOVE, KL_TAYLOR_BELOW, kl_integral, moment_integral
from mileak.proofs.theorems import sharpness as tight

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
    derivation=facts(
        definition=Define(lambda: sp.Eq(Chi2(P1, P0), chi2_integral()), "chi-square divergence int (p1 - p0)^2 / p0"),
        integral=Identity(lambda: sp.Eq(chi2_integral(), CHI2), note="sympy evaluates the Gaussian integral"),
        statement=Combine(sp.Eq(Chi2(P1, P0), CHI2), substitute=("definition", "integral")),
    ),
)

KL_STEP = Claim(
    id="T7.kl_step", sharpness=tight.t7_kl_step,
    title="one DP-SGD step: D(P1||P0) <= log(1 + q^2 (exp(1/z^2) - 1))", source=SOURCE,
    statement=sp.Le(KL(P1, P0), BOUND), parameters=PARAMS, assumptions=(GAME,), models=MODELS,
    derivation=facts(
        log_chi2=Cite(KL_LOG_CHI2, {"P": P1, "Q": P0}),
        chi2=UseClaim("T7.chi2"),
        statement=Combine(sp.Le(KL(P1, P0), BOUND), weights={"log_chi2": 1}, substitute=("chi2",)),
    ),
)

KL_STEP_LINEAR = Claim(
    id="T7.kl_step_linear", sharpness=tight.t7_kl_step_linear,
    title="one DP-SGD step: D(P1||P0) <= q^2 (exp(1/z^2) - 1)", source=SOURCE,
    statement=sp.Le(KL(P1, P0), CHI2), parameters=PARAMS, assumptions=(GAME,), models=MODELS,
    derivation=facts(
        kl_step=UseClaim("T7.kl_step"),
        log_below_line=Cite(LOG_BELOW_LINE, {"a": q**2, "w": 1 / z**2}),
        statement=Combine(sp.Le(KL(P1, P0), CHI2), weights={"kl_step": 1, "log_below_line": 1}),
    ),
)

COMPOSE = Claim(
    id="T7.compose", sharpness=tight.t7_compose,
    title="T DP-SGD steps: D(transcript) <= T q^2 (exp(1/z^2) - 1)", source=SOURCE,
    statement=sp.Le(ComposedKL(P1, P0, T), T * CHI2), parameters=PARAMS + (STEPS,),
    assumptions=(GAME, REDUCTION, "steps composed adaptively; the final model is a function of the transcript"),
    models=MODELS,
    derivation=facts(
        chain_rule=Cite(KL_COMPOSITION, {"P": P1, "Q": P0, "T": T}),
        step=UseClaim("T7.kl_step_linear"),
        statement=Combine(sp.Le(ComposedKL(P1, P0, T), T * CHI2), weights={"chain_rule": 1, "step": T}),
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


def _moments():
    """The three moments ``int (p1 - p0)^k / p0^(k-1)``, ``k = 2, 3, 4``, set equal to their closed forms (facts
    1-3 of a bracket's derivation; sympy evaluates each Gaussian integral)."""
    p1, p0 = densities()
    return tuple(Identity(lambda k=k, v=v: sp.Eq(moment_integral(p1, p0, x, k), v),
                          note=f"sympy evaluates the moment of order {k}")
                 for k, v in ((2, CHI2), (3, M3), (4, M4)))


def _bracket(cid, title, statement, lemma, sharpness):
    return Claim(
        id=cid, sharpness=sharpness,
        title=title, source=SOURCE, statement=statement, parameters=PARAMS, assumptions=(GAME,), models=MODELS,
        derivation=facts(
            taylor=Cite(lemma, {"p": densities()[0], "r": densities()[1], "x": x}),
            **dict(zip(("moment_2", "moment_3", "moment_4"), _moments())),
            kl=Define(lambda: sp.Eq(KL(P1, P0), kl_integral(*densities(), x)), "KL as int p1 log(p1/p0)"),
            statement=Combine(statement, weights={"taylor": 1},
                              substitute=("moment_2", "moment_3", "moment_4", "kl")),
        ),
    )


KL_BELOW = CHI2 / 2 - M3 / 6
KL_ABOVE = KL_BELOW + M4 / 3
BRACKETS = (
    _bracket("T7.kl_below", "one DP-SGD step: chi^2/2 - m3/6 <= D(P1||P0)", sp.Le(KL_BELOW, KL(P1, P0)),
             KL_TAYLOR_BELOW, tight.t7_kl_below),
    _bracket("T7.kl_above", "one DP-SGD step: D(P1||P0) <= chi^2/2 - m3/6 + m4/3", sp.Le(KL(P1, P0), KL_ABOVE),
             KL_TAYLOR_ABOVE, tight.t7_kl_above),
)


def _kl_order(cid, title, scale, var, point, value, over, note):
    statement = sp.Eq(sp.Limit(scale * KL(P1, P0), var, point, "+" if point == 0 else "-"), value)
    return Claim(
        id=cid, title=title, source=SOURCE, statement=statement, parameters=PARAMS, assumptions=(GAME,),
        models=MODELS, notes=note,
        derivation=facts(below=UseClaim("T7.kl_below"), above=UseClaim("T7.kl_above"),
                         statement=Squeeze(statement, lower="below", upper="above", over={var: over.domain})),
    )


KL_ORDERS = (
    _kl_order("T7.kl_order_q", "D(P1||P0) / q^2 -> (exp(1/z^2) - 1) / 2 as q -> 0", 1 / q**2, q, 0,
              (sp.exp(1 / z**2) - 1) / 2, Q, "the KL itself is half the chi-square route's bound for small q"),
    _kl_order("T7.kl_order_z", "z^2 D(P1||P0) -> q^2 / 2 as z -> oo", z**2, z, sp.oo, q**2 / 2, Z,
              "the KL itself is q^2 / (2 z^2) for large noise: half the chi-square route's bound"),
)

T7 = Theorem(id="T7", title="DP-SGD: subsampling and composition bound the leakage", source=SOURCE,
             claims=(CHI2_CLAIM, KL_STEP, KL_STEP_LINEAR, COMPOSE) + ORDERS + BRACKETS + KL_ORDERS)
