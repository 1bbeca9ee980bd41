"""The KL of a law near another lies between Taylor polynomials in the density difference (T7's orders).

With ``d = p - r`` and ``int d = 0``, ``D(P||R) = int p log(p/r) = int r F(d/r)`` for
``F(t) = (1 + t) log(1 + t) - t`` (the added ``int d`` is zero), and ``t = d/r >= -1`` since ``p >= 0``.
On ``t >= -1``:

* ``F(t) >= t^2/2 - t^3/6``: ``g = F - t^2/2 + t^3/6`` has ``g(0) = g'(0) = 0`` and ``g'' = t^2/(1+t) >= 0``
  (convex with a stationary zero);
* ``F(t) <= t^2/2 - t^3/6 + t^4/3``: ``g = t^2/2 - t^3/6 + t^4/3 - F`` has ``g(0) = g'(0) = 0`` and ``g'' >= 0``
  on ``[-3/4, oo)`` (so ``g >= 0`` there), and ``g'' <= 0`` on ``[-1, -3/4]`` with ``g(-1) = 0`` and
  ``g(-3/4) >= 0`` (a concave function above its chord).

Integrating against ``r`` gives ``D >= int d^2/r / 2 - int d^3/r^2 / 6`` and
``D <= int d^2/r / 2 - int d^3/r^2 / 6 + int d^4/r^3 / 3``. Every fact about ``g`` above (its values,
slopes and second-derivative signs), ``int d = 0`` and ``p >= 0`` are side conditions decided by sympy;
the two calculus facts (convex with a stationary zero, concave above its chord) and the integration are cited.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative, Zero
from mileak.proofs.lemmas.analysis import OnDomain
from mileak.proofs.lemmas.lemma import Lemma

_t = sp.Symbol("t", real=True)
_F = (1 + _t) * sp.log(1 + _t) - _t
BELOW = _t**2 / 2 - _t**3 / 6
ABOVE = BELOW + _t**4 / 3
_KINK = sp.Rational(-3, 4)  # where the upper remainder's second derivative changes sign


def kl_integral(p, r, x) -> sp.Integral:
    """``int p log(p/r) dx`` over the real line: ``D(P||R)`` written with densities."""
    return sp.Integral(p * sp.log(p / r), (x, -sp.oo, sp.oo))


def moment_integral(p, r, x, k: int) -> sp.Integral:
    """``int (p - r)^k / r^(k-1) dx = E_R (p/r - 1)^k`` (``k = 2``: the chi-square divergence)."""
    return sp.Integral((p - r) ** k / r ** (k - 1), (x, -sp.oo, sp.oo))


def _on(expr, interval):
    return OnDomain(Nonnegative(expr), {_t: interval})


def _stationary_zero(g):
    """``g(0) = 0`` and ``g'(0) = 0``."""
    return Zero(g.subs(_t, 0)), Zero(sp.diff(g, _t).subs(_t, 0))


def _common(p, r, x):
    """``int (p - r) dx = 0`` and ``p >= 0`` on the line (so ``t = (p - r)/r >= -1``)."""
    return Zero(sp.Integral(p - r, (x, -sp.oo, sp.oo))), OnDomain(Nonnegative(p), {x: sp.S.Reals})


def _below(p, r, x):
    g = _F - BELOW
    fact = sp.Ge(kl_integral(p, r, x), moment_integral(p, r, x, 2) / 2 - moment_integral(p, r, x, 3) / 6)
    return fact, _common(p, r, x) + _stationary_zero(g) + (_on(sp.diff(g, _t, 2), sp.Interval.Lopen(-1, sp.oo)),)


def _above(p, r, x):
    g = ABOVE - _F
    second = sp.cancel(sp.diff(g, _t, 2))
    fact = sp.Le(kl_integral(p, r, x), moment_integral(p, r, x, 2) / 2 - moment_integral(p, r, x, 3) / 6
                 + moment_integral(p, r, x, 4) / 3)
    at_minus_one = sp.limit(g, _t, -1, "+")  # (1 + t) log(1 + t) -> 0
    return fact, _common(p, r, x) + _stationary_zero(g) + (
        _on(second, sp.Interval(_KINK, sp.oo)),
        _on(-second, sp.Interval.Lopen(-1, _KINK)),
        Zero(at_minus_one),
        Nonnegative(g.subs(_t, _KINK)),
    )


KL_TAYLOR_BELOW = Lemma(
    "KL above its second-order Taylor polynomial",
    "D(P||R) = int r F((p - r)/r), F(t) = (1+t) log(1+t) - t, when int (p - r) = 0; F(t) >= t^2/2 - t^3/6 on "
    "t >= -1 (a convex function with a stationary zero is non-negative; Rudin, Principles of Mathematical "
    "Analysis (1976), Thm 5.10-5.11); integrated against r",
    "D(P||R) >= int (p-r)^2/r / 2 - int (p-r)^3/r^2 / 6",
    _below,
)

KL_TAYLOR_ABOVE = Lemma(
    "KL below its Taylor polynomial with a quartic remainder",
    "D(P||R) = int r F((p - r)/r) as above; F(t) <= t^2/2 - t^3/6 + t^4/3 on t >= -1 (convex with a stationary "
    "zero on [-3/4, oo); concave above its chord on [-1, -3/4], Boyd & Vandenberghe (2004), section 3.1.1); "
    "integrated against r",
    "D(P||R) <= int (p-r)^2/r / 2 - int (p-r)^3/r^2 / 6 + int (p-r)^4/r^3 / 3",
    _above,
)
