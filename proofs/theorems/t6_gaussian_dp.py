"""T6 (Gaussian differential privacy): the classical Gaussian mechanism bounds the KL leakage.

With ``Delta = 2 L / (n lam)`` (T5.shift) and the classical calibration
``sigma = Delta sqrt(2 ln(1.25/delta)) / eps`` (Dwork & Roth 2014, Thm A.1, valid for
``0 < eps < 1``), T5.kl gives

    ``D(q(.|D) || q(.|D')) <= 2 L^2 / (n^2 lam^2 sigma^2) = eps^2 / (4 ln(1.25/delta))``,

independent of ``n``, ``lam`` and ``L``: derived here by substituting the calibration into
the registered T5.kl (``UseClaim`` with a substitution), not typed in. Then the orders, each a
limit computed by sympy:

* the KL bound is ``Theta(eps^2)`` as ``eps -> 0`` and ``Theta(1 / log(1/delta))`` as ``delta -> 0``:
  it falls as ``eps^2 / log(1/delta)``, *faster* than the paper's rate;
* the Pinsker advantage ``sqrt(rho_KL / 2)``, the Bretagnolle-Huber bound ``sqrt(1 - e^-rho_KL)`` and
  the exact Gaussian advantage ``2 Phi(mu/2) - 1`` (``mu = Delta / sigma``) are ``Theta(eps)`` and
  ``Theta(log^{-1/2}(1/delta))``: they fall as ``eps / log^{1/2}(1/delta)``, the reciprocal of the
  paper's ``O(log^{1/2}(1/delta) / eps)`` noise factor: *the paper's rate*.

For a release that already has its own Gaussian spread ``sigma0`` (posterior sampling, F2), adding
``N(0, sigma^2)`` divides the KL of two equal-covariance releases by ``(sigma0^2 + sigma^2) / sigma0^2``.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.steps import Combine, UseClaim, facts
from mileak.proofs.definitions.divergences import kl_gaussian
from mileak.proofs.definitions.hypothesis_testing import Phi
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL
from mileak.proofs.definitions.rules import Identity
from mileak.proofs.theorems import sharpness as tight
from mileak.proofs.theorems import t5_sensitivity as t5

SOURCE = "Farokhi & Kaafar (2020), leakage under (eps, delta)-DP Gaussian noise; docs/theory.md T6"
EPS = Parameter("eps", sp.Interval.open(0, 1), typical=sp.Interval(sp.Rational(1, 100), sp.Rational(99, 100)),
                description="privacy parameter epsilon (classical calibration: 0 < eps < 1)")
DELTA = Parameter("delta", sp.Interval.open(0, 1), typical=sp.Interval(sp.Rational(1, 10**12), sp.Rational(1, 10)),
                  description="privacy parameter delta")
eps, delta = EPS.symbol, DELTA.symbol
LOG = sp.log(sp.Rational(5, 4) / delta)
SENSITIVITY = 2 * t5.Lsym / (t5.n * t5.lam)
SIGMA_CLASSIC = SENSITIVITY * sp.sqrt(2 * LOG) / eps
KL_BOUND = eps**2 / (4 * LOG)
MU = SENSITIVITY / SIGMA_CLASSIC  # Gaussian-DP parameter of the calibrated mechanism
PINSKER = sp.sqrt(KL_BOUND / 2)
BH = sp.sqrt(1 - sp.exp(-KL_BOUND))
GAUSS_ADV = 2 * Phi(MU / 2) - 1
PARAMS = (t5.N, t5.LAM, t5.L, EPS, DELTA)

KL_CLAIM = Claim(
    id="T6.kl", sharpness=tight.t6_kl, title="classical Gaussian mechanism: D <= eps^2 / (4 ln(1.25/delta))", source=SOURCE,
    statement=sp.Le(KL(P1, P0), KL_BOUND, evaluate=False),
    parameters=PARAMS, assumptions=t5.ASSUMPTIONS[:3] + ("sigma = Delta sqrt(2 ln(1.25/delta)) / eps, "
                                                        "Delta = 2L/(n lam)", "0 < eps < 1, 0 < delta < 1"),
    models=("f3_dp", "linear_extremal_dp"),  # the second attains the bound (its tight point)
    derivation=facts(
        t5_kl=UseClaim("T5.kl", subs={t5.sigma: SIGMA_CLASSIC}, note="T5.kl at the classical sigma"),
        statement=Combine(sp.Le(KL(P1, P0), KL_BOUND, evaluate=False), weights={"t5_kl": 1},
                          note="2 L^2 / (n^2 lam^2 sigma^2) simplifies to eps^2 / (4 ln(1.25/delta))"),
    ),
    notes="independent of n, lam and L",
)


_T = sp.Symbol("t", positive=True)


def _limit_claim(cid, title, expr, var, limit, params, note):
    """``lim expr = limit`` as ``var -> 0+``; for ``delta`` written ``delta = e^-t``, ``t -> oo``.

    (sympy's ``limit`` in ``delta -> 0+`` of ``erf(c / sqrt(log(5/(4 delta)))) sqrt(log(1/delta))``
    returns ``oo``, which the checker reports UNPROVED; the same limit in ``t`` is computed correctly.)
    """
    if var == delta:
        in_t = sp.expand_log(expr.xreplace({delta: sp.exp(-_T)}), force=True)  # log(5 e^t / 4) = t + log(5/4)
        statement = sp.Eq(sp.Limit(in_t, _T, sp.oo), limit)
    else:
        statement = sp.Eq(sp.Limit(expr, var, 0, "+"), limit)
    return Claim(id=cid, title=title, source=SOURCE, statement=statement, parameters=params, models=("parameters",),
                 derivation=(Combine(statement, note="limit computed by sympy"),), notes=note)


_E = (EPS,)
_D = (DELTA,)
_LOG1 = sp.log(1 / delta)
ORDERS = (
    _limit_claim("T6.kl_order_eps", "KL bound / eps^2 -> 1 / (4 ln(1.25/delta)) as eps -> 0",
                 KL_BOUND / eps**2, eps, 1 / (4 * LOG), _E + _D, "KL bound = Theta(eps^2): faster than the paper's rate"),
    _limit_claim("T6.kl_order_delta", "KL bound * ln(1/delta) -> eps^2 / 4 as delta -> 0",
                 KL_BOUND * _LOG1, delta, eps**2 / 4, _E + _D,
                 "KL bound = Theta(1/log(1/delta)): falls as eps^2/log(1/delta), faster than the paper's rate"),
    _limit_claim("T6.pinsker_order_eps", "Pinsker advantage / eps -> 1 / (2 sqrt(2 ln(1.25/delta)))",
                 PINSKER / eps, eps, 1 / (2 * sp.sqrt(2 * LOG)), _E + _D, "Pinsker advantage = Theta(eps): the paper's rate"),
    _limit_claim("T6.pinsker_order_delta", "Pinsker advantage * sqrt(ln(1/delta)) -> eps / (2 sqrt 2)",
                 PINSKER * sp.sqrt(_LOG1), delta, eps / (2 * sp.sqrt(2)), _E + _D,
                 "Pinsker advantage = Theta(eps / log^{1/2}(1/delta)): exactly the paper's rate"),
    _limit_claim("T6.bh_order_delta", "Bretagnolle-Huber bound * sqrt(ln(1/delta)) -> eps / 2",
                 BH * sp.sqrt(_LOG1), delta, eps / 2, _E + _D,
                 "BH bound = Theta(eps / log^{1/2}(1/delta)): the paper's rate"),
    _limit_claim("T6.gauss_adv_order_eps", "exact Gaussian advantage / eps -> 1 / (2 sqrt(pi ln(1.25/delta)))",
                 GAUSS_ADV / eps, eps, 1 / (2 * sp.sqrt(sp.pi * LOG)), _E + _D,
                 "exact advantage 2 Phi(mu/2) - 1 = Theta(eps): the paper's rate"),
    _limit_claim("T6.gauss_adv_order_delta", "exact Gaussian advantage * sqrt(ln(1/delta)) -> eps / (2 sqrt(pi))",
                 GAUSS_ADV * sp.sqrt(_LOG1), delta, eps / (2 * sp.sqrt(sp.pi)), _E + _D,
                 "exact advantage = Theta(eps / log^{1/2}(1/delta)): exactly the paper's rate"),
)

S0 = Parameter("sigma0", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
               description="the release's own standard deviation (posterior sampling)")
SIG = Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
                description="added output-noise standard deviation")
_M = (Parameter("m1", sp.Interval(-sp.oo, sp.oo), typical=sp.Interval(-3, 3), description="centre under D"),
      Parameter("m0", sp.Interval(-sp.oo, sp.oo), typical=sp.Interval(-3, 3), description="centre under D'"))
_s0, _sig = S0.symbol, SIG.symbol
_m1, _m0 = _M[0].symbol, _M[1].symbol
_before = kl_gaussian([_m1], [[_s0**2]], [_m0], [[_s0**2]])  # the definition as it is: no simplify at import
_after = kl_gaussian([_m1], [[_s0**2 + _sig**2]], [_m0], [[_s0**2 + _sig**2]])
_reduction = sp.Eq(_before, (_s0**2 + _sig**2) / _s0**2 * _after, evaluate=False)
REDUCTION = Claim(
    id="T6.posterior_reduction", title="own spread sigma0: added noise divides the KL by (sigma0^2 + sigma^2)/sigma0^2",
    source=SOURCE, statement=_reduction, parameters=(S0, SIG) + _M, models=("parameters",),
    derivation=(Identity(_reduction, note="Gaussian KL of equal variances, before and after adding N(0, sigma^2)"),),
)

T6 = Theorem(id="T6", title="Gaussian differential privacy bounds the leakage", source=SOURCE,
             claims=(KL_CLAIM,) + ORDERS + (REDUCTION,))

RATES = {c.id: c.notes for c in ORDERS}
