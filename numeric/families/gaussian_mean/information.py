"""Exact membership information of family F1 (gaussian-mean) by a one-dimensional integral.

F1 (docs/theory.md section 4): per coordinate the game is "``(u, t)`` bivariate normal
with correlation ``c`` versus independent", ``c^2 = s^2 / (n (n sigma^2 (1+lam)^2 + s^2))``,
over ``p`` independent coordinates. With ``a = (u+t)/sqrt 2``, ``b = (u-t)/sqrt 2``
the log-likelihood ratio is

``Lambda = -(p/2) ln(1 - c^2) + W``,  ``W = c A / (2(1+c)) - c B / (2(1-c))``,

``A = sum a_j^2``, ``B = sum b_j^2``. Under ``M = 0``, ``A, B ~ chi^2_p`` so
``W = alpha X - beta Y`` with ``alpha = c/(2(1+c))``, ``beta = c/(2(1-c))``; under
``M = 1``, ``W = (c/2)(X - Y)``. A difference of two independent gammas of shape
``k = p/2`` and rates ``r1, r2`` has the variance-gamma density

``f(w) = (r1 r2)^k / (Gamma(k) sqrt(pi)) (|w| / (r1 + r2))^(k - 1/2) e^((r2 - r1) w / 2) K_(k-1/2)((r1 + r2)|w| / 2)``,

so ``rho_MI = pi E_1[-ln(pi + (1-pi) e^-Lambda)] + (1-pi) E_0[-ln(pi e^Lambda + 1 - pi)]``
is a single certified quadrature in ``w`` for any ``p``. ``rho_KL = -(p/2) ln(1 - c^2)``.
At ``c^2 = 1`` (``n = 1``, ``sigma = 0``) the laws are mutually singular: ``rho_MI = h(pi)``.

Cost: :func:`f1_membership_information` uses the cached rules of
:mod:`mileak.numeric.families.gaussian_mean.variance_gamma_rule` (Bessel values from Arb, computed once per
``p`` and precision): the exp-sinh rule below ``p = 64`` (and for ``c^2 > 1/2``), the trapezoidal rule on
the line from ``p = 64`` to ``10,000``. Warm: 0.01-0.13 s for ``p >= 100`` at ``c^2 <= 1/2``, at most 0.6 s
(``p = 64``, ``c^2 = 0.93``, the exp-sinh rule); cold, up to about 9 s at ``p`` in the thousands (the Bessel values of order
``p/2``). :func:`f1_membership_information_quad` is the reference route by ``mpmath.quad`` (about 1 s for
even ``p`` up to about 100, minutes for odd ``p``).

>>> import mpmath
>>> small = f1_membership_information(0.5, mpmath.mpf("1e-6"), 2)
>>> mpmath.nstr(small.value / (0.5 * f1_kl_leakage(mpmath.mpf("1e-6"), 2).value), 6)
'0.5'
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps, working_precision
from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.measures.llr_information import arb_information_integrand


def f1_correlation_squared(n, lam, sigma, s):
    """``c^2 = s^2 / (n (n sigma^2 (1+lam)^2 + s^2))`` for F1 (exact in the arithmetic of the arguments)."""
    n_value = check_positive("n", n)
    if n_value < 1 or n_value != int(n_value):
        raise ValueError(f"n={n!r} must be an integer >= 1")
    check_positive("lam", lam, allow_zero=True)
    check_positive("sigma", sigma, allow_zero=True)
    check_positive("s", s)
    return s**2 / (n * (n * sigma**2 * (1 + lam) ** 2 + s**2))


def _check_c2(c2):
    c2 = check_positive("c2", c2)
    if c2 > 1:
        raise ValueError(f"c2={c2} must be in (0, 1]")
    return c2


MAX_RULE_DIMENSION = 10_000  # tested to p = 10,000 (the rule, or the Bhattacharyya bracket where it is narrower)
RULE_MAX_LEVEL = 11  # the exp-sinh rule's finest step 2^-11 (for p < 64, or c^2 > 1/2)
LINE_RULE_MAX_C2 = 0.5  # the trapezoidal rule on the line (p >= 64) up to c^2 = 1/2: its tails reach e^(c|v|) / ...


def _check_dimension(p, upper=None):
    if isinstance(p, bool) or not isinstance(p, int) or p < 1 or (upper is not None and p > upper):
        raise ValueError(f"p={p!r} must be an int in [1, {upper or 'oo'}]")
    return p


def f1_kl_leakage(c2, p, dps: int = DEFAULT_DPS) -> Certified:
    """``rho_KL = -(p/2) ln(1 - c^2)`` (``+oo`` at ``c^2 = 1``)."""
    dps, p, c2 = validate_dps(dps), _check_dimension(p), _check_c2(c2)
    if c2 == 1:
        return Certified(mpmath.inf, mpmath.mpf(0), dps)
    return two_precisions(lambda: -p * mpmath.log1p(-c2) / 2, dps, what="f1 rho_KL")


def _log_vg_density(w, k, r1, r2):
    """log of the variance-gamma density of ``X' - Y'`` (gammas of shape k, rates r1, r2)."""
    aw = abs(w)
    return (k * mpmath.log(r1 * r2) - mpmath.loggamma(k) - mpmath.log(mpmath.pi) / 2
            + (k - mpmath.mpf(1) / 2) * (mpmath.log(aw) - mpmath.log(r1 + r2))
            + (r2 - r1) * w / 2 + mpmath.log(mpmath.besselk(k - mpmath.mpf(1) / 2, (r1 + r2) * aw / 2)))


def f1_membership_information(pi, c2, p, dps: int = DEFAULT_DPS) -> Certified:
    """Exact ``rho_MI`` of F1 at correlation ``c^2`` in ``p`` dimensions with prior ``pi`` (the fast route).

    ``rho_MI = E_1[pi g1(Lambda) + (1 - pi) e^-Lambda g0(Lambda)]`` with ``Lambda = shift + c V``,
    ``g1 = -log1p((1-pi) expm1(-Lambda))``, ``g0 = -log1p(pi expm1(Lambda))`` (``E_0 f = E_1 e^-Lambda f``),
    by the cached variance-gamma rule of :mod:`mileak.numeric.families.gaussian_mean.variance_gamma_rule`. The integrand
    decays like ``exp(-v)`` for ``v -> +oo`` and ``exp(-(1 - c)|v|)`` for ``v -> -oo``.
    """
    from mileak.numeric.families.gaussian_mean.variance_gamma_rule import (
        LINE_RULE_FROM,
        expectation,
        line_expectation,
    )

    dps, p, c2 = validate_dps(dps), _check_dimension(p, MAX_RULE_DIMENSION), _check_c2(c2)
    pi = check_probability("pi", pi)
    if c2 == 1:
        return two_precisions(lambda: -pi * mpmath.log(pi) - (1 - pi) * mpmath.log1p(-pi), dps, abs_tol=1,
                              what="f1 rho_MI at c^2 = 1")
    separated = _separated_laws(pi, c2, p, dps)
    if separated is not None:
        return separated
    # the terms are O(c), the result O(c^2): guard digits, in steps of 5 so the node cache is shared
    guard = 5 * int(mpmath.ceil((max(0, -mpmath.log10(c2)) / 2 + 1) / 5))
    with working_precision(dps + 20 + guard):
        c = mpmath.sqrt(c2)
        shift = -p * mpmath.log1p(-c2) / 2
        pi_w = mpmath.mpf(pi)
        q = 1 - pi_w  # exact: computed at the high precision
        integrand = arb_information_integrand(pi_w, q)

    def g(v):
        return integrand(shift + c * v)

    if p >= LINE_RULE_FROM and c2 <= LINE_RULE_MAX_C2:
        # g's logarithms branch at Im Lambda = +-pi: analytic for |Im v| < pi / c; O(|v| e^(c |v|)) for v -> -oo
        return line_expectation(g, p, dps, rate_pos=0, rate_neg=c, strip=mpmath.pi / c, guard=guard)
    return expectation(g, p, dps, decay_pos=1, decay_neg=1 - c, guard=guard, max_level=RULE_MAX_LEVEL)


def _separated_laws(pi, c2, p, dps):
    """``rho_MI`` from ``h(pi) - 2 ln 2 sqrt(pi (1-pi)) BC^p <= rho_MI <= h(pi)`` when that bracket is narrower
    than ``10^-(dps+2) h(pi)`` (well-separated laws: large ``p`` or ``c^2``, where the rule needs ever finer steps),
    else ``None``.

    ``h(pi) - rho_MI = H(M | theta) = E h(posterior)``, and ``h(x) <= 2 ln 2 sqrt(x (1-x))`` (Lin 1991, IEEE Trans.
    Inf. Theory 37, 145-151, in bits: ``H(x) <= 2 sqrt(x(1-x))``) gives ``E h(posterior) <= 2 ln 2 sqrt(pi (1-pi))
    int sqrt(p1 p0)``. Per coordinate the laws are ``N(0, [[1, c], [c, 1]])`` and ``N(0, I)``, whose Bhattacharyya
    coefficient is ``|S1|^(1/4) |S0|^(1/4) / |(S1 + S0)/2|^(1/2) = (1 - c^2)^(1/4) / (1 - c^2/4)^(1/2)``.
    """
    with working_precision(dps + 20):
        pi_w, c2_w = mpmath.mpf(pi), mpmath.mpf(c2)
        log_bc = p * (mpmath.log1p(-c2_w) / 4 - mpmath.log1p(-c2_w / 4) / 2)
        width = 2 * mpmath.log(2) * mpmath.sqrt(pi_w * (1 - pi_w)) * mpmath.exp(log_bc)
        h = -pi_w * mpmath.log(pi_w) - (1 - pi_w) * mpmath.log1p(-pi_w)
        if width > h * mpmath.mpf(10) ** (-(dps + 2)):
            return None
        rounding = h * mpmath.mpf(10) ** (-(dps + 15))
        return Certified(h - width / 2, width / 2 + rounding, dps)


def f1_membership_information_quad(pi, c2, p, dps: int = DEFAULT_DPS) -> Certified:
    """The same ``rho_MI`` by ``mpmath.quad`` over the variance-gamma density of ``W`` (the reference route).

    Slow for odd ``p`` (integer-order Bessel ``K`` in mpmath: minutes at 30 digits); used to cross-check.
    """
    dps, p, c2 = validate_dps(dps), _check_dimension(p), _check_c2(c2)
    pi = check_probability("pi", pi)
    if c2 == 1:
        return two_precisions(lambda: -pi * mpmath.log(pi) - (1 - pi) * mpmath.log1p(-pi), dps, abs_tol=1,
                              what="f1 rho_MI at c^2 = 1")

    def make():
        c = mpmath.sqrt(c2)
        k = mpmath.mpf(p) / 2
        shift = -p * mpmath.log1p(-c2) / 2
        rates1 = (1 / c, 1 / c)
        rates0 = ((1 + c) / c, (1 - c) / c)

        def f(w):
            if w == 0:
                return mpmath.mpf(0)
            lam = shift + w
            t1 = pi * mpmath.exp(_log_vg_density(w, k, *rates1)) * -mpmath.log1p((1 - pi) * mpmath.expm1(-lam))
            t0 = (1 - pi) * mpmath.exp(_log_vg_density(w, k, *rates0)) * -mpmath.log1p(pi * mpmath.expm1(lam))
            return t1 + t0

        return f

    c = mpmath.sqrt(c2)
    scale = c * (1 + p)
    pts = [-mpmath.inf, -40 * scale, -scale, 0, scale, 40 * scale, mpmath.inf]
    return certified_quad(make, pts, dps, what="f1 membership information")
