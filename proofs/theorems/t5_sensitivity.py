"""T5 (sensitivity): leakage of output perturbation is bounded through the sensitivity ``L``.

Assume ``loss(.; z)`` convex and differentiable with ``||grad loss|| <= L``,
``g`` 1-strongly convex, and release ``N(theta_D, sigma^2 I)``. Write
``F_D = (1/n) sum loss + lam g`` (``lam``-strongly convex) and
``d = ||theta_D - theta_D'||`` for neighbouring ``D = D_rest + z``,
``D' = D_rest + z'``. Derivation (each step checked by ``mileak.proofs.core``):

1. strong monotonicity: ``<grad F_D(theta_D') - grad F_D(theta_D), theta_D' - theta_D> >= lam d^2``;
2. ``grad F_D(theta_D) = 0`` and ``grad F_D'(theta_D') = 0`` give
   ``grad F_D(theta_D') = (grad loss(theta_D'; z) - grad loss(theta_D'; z')) / n``;
3. Cauchy-Schwarz and the triangle inequality: ``lam d^2 <= d (2 L / n)``, so
   ``d <= 2 L / (n lam)``;
4. the Gaussian KL ``d^2 / (2 sigma^2) <= 2 L^2 / (n^2 lam^2 sigma^2)``.

The bound falls in ``n`` and ``lam`` (T3, T4 hold for it) and grows with ``L``.
Numerically checked on F3 logistic regression (``L = R``), ERM solved to a
certified tolerance, and on F2 ridge restricted to bounded data.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.steps import Cite, Combine, Define, Hypothesis, UseClaim, facts
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, MeanShift
from mileak.proofs.lemmas.convexity import CAUCHY_SCHWARZ, GAUSSIAN_SHIFT_KL, NORM_TRIANGLE, STRONG_MONOTONICITY
from mileak.proofs.theorems import sharpness as tight

SOURCE = "Farokhi & Kaafar (2020), leakage grows with the sensitivity; docs/theory.md T5"
_pos = sp.Interval.open(0, sp.oo)
N = Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(2, 40), integer=True, description="training-set size")
LAM = Parameter("lam", _pos, typical=sp.Interval(sp.Rational(1, 20), 2), description="regularisation weight")
SIGMA = Parameter("sigma", _pos, typical=sp.Interval(sp.Rational(1, 5), 3), description="output-noise sd")
L = Parameter("L", _pos, typical=sp.Interval(sp.Rational(1, 2), 3), description="gradient bound sup ||grad loss||")


def _aux(name, domain, description):
    return Parameter(name, domain, description=description, source="scenario")


D = _aux("d", _pos, "||theta_D - theta_D'|| (the case d = 0 is trivial)")
INNER = _aux("ip", sp.Interval(-sp.oo, sp.oo), "<grad F_D(theta_D') - grad F_D(theta_D), theta_D' - theta_D>")
G = _aux("G", sp.Interval(0, sp.oo), "||grad F_D(theta_D')||")
NG = _aux("N_g", sp.Interval(0, sp.oo), "||grad loss(theta_D'; z) - grad loss(theta_D'; z')||")
GZ = _aux("g_z", sp.Interval(0, sp.oo), "||grad loss(theta_D'; z)||")
GZP = _aux("g_zp", sp.Interval(0, sp.oo), "||grad loss(theta_D'; z')||")
n, lam, sigma, Lsym = N.symbol, LAM.symbol, SIGMA.symbol, L.symbol
d, ip, g, ng, gz, gzp = (q.symbol for q in (D, INNER, G, NG, GZ, GZP))
AUX = (D, INNER, G, NG, GZ, GZP)
PARAMS = (N, LAM, SIGMA, L)

SHIFT_BOUND = 2 * Lsym / (n * lam)
KL_BOUND = 2 * Lsym**2 / (n**2 * lam**2 * sigma**2)
ASSUMPTIONS = ("loss(.; z) convex and differentiable in theta", "||grad loss(theta; z)|| <= L for all theta, z",
               "g 1-strongly convex, so F_D is lam-strongly convex", "output perturbation N(0, sigma^2 I)",
               "neighbouring datasets D = D_rest + z, D' = D_rest + z' of size n")
MODELS = ("f3_strong", "f2_bounded", "linear_extremal")  # the last is where T5 is attained (its tight point)

_HYP = (sp.Le(gz, Lsym), sp.Le(gzp, Lsym))

SHIFT = Claim(
    id="T5.shift", sharpness=tight.t5_shift, title="||theta_D - theta_D'|| <= 2 L / (n lam)", source=SOURCE,
    statement=sp.Le(MeanShift(P1, P0), SHIFT_BOUND, evaluate=False),
    parameters=PARAMS + AUX, hypotheses=_HYP, assumptions=ASSUMPTIONS, models=MODELS,
    derivation=facts(
        distance=Define(sp.Eq(MeanShift(P1, P0), d), "d names ||theta_D - theta_D'||"),
        monotone=Cite(STRONG_MONOTONICITY, {"inner": ip, "mu": lam, "distance": d}, note="F_D is lam-strongly convex"),
        cauchy_schwarz=Cite(CAUCHY_SCHWARZ, {"inner": ip, "norm_u": g, "norm_v": d}),
        first_order=Define(sp.Eq(g, ng / n), "first-order conditions: grad F_D(theta_D) = grad F_D'(theta_D') = 0 "
                           "and F_D = F_D' + (loss(.; z) - loss(.; z')) / n"),
        triangle=Cite(NORM_TRIANGLE, {"norm_difference": ng, "norm_u": gz, "norm_v": gzp}),
        bounded_at_z=Hypothesis(_HYP[0], note="bounded gradient at z"),
        bounded_at_z_prime=Hypothesis(_HYP[1], note="bounded gradient at z'"),
        distance_bound=Combine(sp.Le(d, SHIFT_BOUND),
                               weights={"monotone": 1 / (lam * d), "cauchy_schwarz": 1 / (lam * d),
                                        "triangle": 1 / (n * lam), "bounded_at_z": 1 / (n * lam),
                                        "bounded_at_z_prime": 1 / (n * lam)},
                               substitute=("first_order",), note="divide lam d^2 <= d (2L/n) by lam d > 0"),
        statement=Combine(sp.Le(MeanShift(P1, P0), SHIFT_BOUND, evaluate=False), weights={"distance_bound": 1},
                          substitute=("distance",)),
    ),
)

KL_CLAIM = Claim(
    id="T5.kl", sharpness=tight.t5_kl, title="D(q(.|D) || q(.|D')) <= 2 L^2 / (n^2 lam^2 sigma^2)", source=SOURCE,
    statement=sp.Le(KL(P1, P0), KL_BOUND, evaluate=False),
    parameters=PARAMS + (D,), assumptions=ASSUMPTIONS, models=MODELS,
    derivation=facts(
        distance=Define(sp.Eq(MeanShift(P1, P0), d), "d names ||theta_D - theta_D'||"),
        gaussian_kl=Cite(GAUSSIAN_SHIFT_KL, {"P": P1, "Q": P0, "distance": d, "sigma": sigma}),
        shift=UseClaim("T5.shift"),
        distance_bound=Combine(sp.Le(d, SHIFT_BOUND), weights={"shift": 1}, substitute=("distance",)),
        statement=Combine(sp.Le(KL(P1, P0), SHIFT_BOUND**2 / (2 * sigma**2), evaluate=False),
                          weights={"distance_bound": (d + SHIFT_BOUND) / (2 * sigma**2)}, substitute=("gaussian_kl",),
                          note="square the distance bound (both sides positive)"),
    ),
    notes="By joint convexity of KL the same bound holds for the population rho_KL = E_z D(P1_z || P0).",
)


def _sign_claim(cid, title, statement, sharpness):
    return Claim(id=cid, sharpness=sharpness, title=title, source=SOURCE, statement=statement, parameters=PARAMS,
                 models=("parameters",), derivation=(Combine(statement, note="sign decided by sympy"),))


T5 = Theorem(id="T5", title="sensitivity bounds the leakage of output perturbation", source=SOURCE, claims=(
    SHIFT, KL_CLAIM,
    _sign_claim("T5.falls_in_n", "the T5 bound falls in n (T3 holds for it)",
                sp.Le(sp.diff(KL_BOUND, n), 0, evaluate=False), tight.vanishing("n", sp.oo)),
    _sign_claim("T5.falls_in_lam", "the T5 bound falls in lam (T4 holds for it)",
                sp.Le(sp.diff(KL_BOUND, lam), 0, evaluate=False), tight.vanishing("lam", sp.oo)),
    _sign_claim("T5.grows_with_L", "the T5 bound grows with the sensitivity L (more complex model, more leakage)",
                sp.Le(0, sp.diff(KL_BOUND, Lsym), evaluate=False), tight.vanishing("n", sp.oo)),
))
