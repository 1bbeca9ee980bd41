"""T3 (training-set size): leakage is non-increasing in ``n`` (docs/theory.md T3).

Proved here for family F1's ``rho_KL`` (derivative sign decided by sympy on
``n > 1``, which covers every integer ``n >= 2``), for its ``c^2`` (on which
the exact ``rho_MI`` depends), and its order: ``(p/2) ln(n/(n-1)) ~ p/(2n)``
without output noise, ``~ p s^2 / (2 n^2 sigma^2 (1+lam)^2)`` with it.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.steps import Cite, Combine
from mileak.proofs.families import gaussian_mean as f1
from mileak.proofs.lemmas.garbling import GARBLING
from mileak.proofs.theorems import sharpness as tight

SOURCE = "Farokhi & Kaafar (2020), leakage falls with the training-set size; docs/theory.md T3"
PARAMS = (f1.N, f1.LAM, f1.SIGMA, f1.S, f1.P)
N_REAL = Parameter("n", sp.Interval.open(1, sp.oo), typical=sp.Interval(2, 200),
                   description="training-set size (real relaxation; covers every integer n >= 2)")
SIGMA_POS = Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
                      description="output-noise standard deviation (positive)")
_n = N_REAL.symbol
RHO = f1.rho_kl_theory().xreplace({f1.n: _n})
C2 = f1.correlation_squared().xreplace({f1.n: _n})
_REAL_PARAMS = (N_REAL, f1.LAM, f1.SIGMA, f1.S, f1.P)


def _sign_claim(cid, title, expr):
    statement = sp.Le(expr, 0, evaluate=False)
    return Claim(id=cid, sharpness=tight.vanishing("n", sp.oo),
                 title=title, source=SOURCE, statement=statement, parameters=_REAL_PARAMS,
                 models=("parameters",), derivation=(Combine(statement, note="sign decided by sympy"),))


F1_KL = _sign_claim("T3.f1_kl", "F1: d rho_KL / dn <= 0", sp.diff(RHO, _n))
F1_C2 = _sign_claim("T3.f1_c2", "F1: d c^2 / dn <= 0 (so the exact rho_MI, a function of c^2, is too)", sp.diff(C2, _n))

_order0 = sp.Limit(_n * RHO.subs(f1.sigma, 0), _n, sp.oo)
F1_ORDER_NOISELESS = Claim(
    id="T3.f1_order_noiseless",
    title="F1, sigma = 0: n rho_KL -> p/2 (rho_KL ~ p/(2n))",
    source=SOURCE,
    statement=sp.Eq(_order0, f1.p / 2),
    parameters=(f1.LAM, f1.S, f1.P),
    models=("parameters",),
    derivation=(Combine(sp.Eq(_order0, f1.p / 2), note="limit computed by sympy"),),
)

_sig = SIGMA_POS.symbol
_order1 = sp.Limit(_n**2 * RHO.xreplace({f1.sigma: _sig}), _n, sp.oo)
_rate1 = f1.p * f1.s**2 / (2 * _sig**2 * (1 + f1.lam) ** 2)
F1_ORDER_NOISY = Claim(
    id="T3.f1_order_noisy",
    title="F1, sigma > 0: n^2 rho_KL -> p s^2 / (2 sigma^2 (1+lam)^2)",
    source=SOURCE,
    statement=sp.Eq(_order1, _rate1),
    parameters=(f1.LAM, SIGMA_POS, f1.S, f1.P),
    models=("parameters",),
    derivation=(Combine(sp.Eq(_order1, _rate1), note="limit computed by sympy"),),
)

STEP = Parameter("h", sp.Interval(0, sp.oo), typical=sp.Interval(0, 20),
                 description="increase of the parameter (n -> n + h, or lam -> lam + h)")


def garbling_claim(cid, title, symbol, params, source=SOURCE):
    """``rho_MI(c^2 at symbol + h) <= rho_MI(c^2 at symbol)``: c^2 falls, then Blackwell garbling."""
    after = C2.xreplace({symbol: symbol + STEP.symbol})
    statement = sp.Le(f1.F1MembershipInfo(after), f1.F1MembershipInfo(C2), evaluate=False)
    return Claim(id=cid, sharpness=tight.at_boundary("h", 0),
                 title=title, source=source, statement=statement,
                 parameters=params, models=("f1_mi",),
                 derivation=(Cite(GARBLING, {"phi": f1.F1MembershipInfo, "a": after, "b": C2},
                                  note="c^2 does not rise, so the experiment after is a garbling of the one before"),),
                 notes="numerically checked with rho_MI from the certified variance-gamma rule, p drawn in 1..8")


F1_MI = garbling_claim("T3.f1_mi", "F1: the exact rho_MI does not rise when n grows (garbling)", _n,
                       (N_REAL, STEP, f1.LAM, f1.SIGMA, f1.S))

T3 = Theorem(id="T3", title="leakage falls with the training-set size", source=SOURCE,
             claims=(F1_KL, F1_C2, F1_MI, F1_ORDER_NOISELESS, F1_ORDER_NOISY))
