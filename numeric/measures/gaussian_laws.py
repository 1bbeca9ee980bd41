"""Univariate Gaussian laws and two-component mixtures: divergences by certified quadrature.

A law is a mixture ``sum_k w_k N(mean_k, sd_k^2)`` given as a tuple of
``(weight, mean, sd)``; a pure Gaussian has one component. Closed forms are
used where they exist (KL of two pure Gaussians); everything else is a
one-dimensional integral split at the points where the integrand has kinks
(``p1 = p0`` crossings, roots of a quadratic in ``x``) and at the means.

* ``kl(A, B) = int a ln(a / b)``
* ``tv(A, B) = (1/2) int |a - b|``
* ``bayes_success(pi, P1, P0) = int max(pi p1, (1-pi) p0)`` (T2)
* ``mutual_information(pi, P1, P0) = pi D(P1||Pbar) + (1-pi) D(P0||Pbar)`` (D1),
  integrand in ``log1p``/``expm1`` form so small leakage keeps its digits.

>>> import mpmath
>>> P1, P0 = ((1, 1, 1),), ((1, 0, 1),)
>>> mpmath.nstr(kl(P1, P0).value, 10)
'0.5'
"""

from __future__ import annotations

import math

import mpmath

from mileak.numeric.core import elementary
from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_finite, check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.precision import (
    DEFAULT_DPS,
    PrecisionError,
    arb_precision,
    ball_midpoint,
    in_arb,
    validate_dps,
    working_precision,
)
from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.measures.llr_information import arb_information_integrand, information_ball


def normal(mean, sd, name="law"):
    """A pure Gaussian law ``N(mean, sd^2)``."""
    return ((1, check_finite(f"{name}.mean", mean), check_positive(f"{name}.sd", sd)),)


def _check_law(name, law):
    shape_ok = isinstance(law, (tuple, list)) and law and all(isinstance(c, (tuple, list)) and len(c) == 3 for c in law)
    if not shape_ok:
        raise TypeError(f"{name} must be a non-empty tuple of (weight, mean, sd) components (see normal()), "
                        f"got {law!r:.60}")
    total, out = 0, []
    for i, (w, m, s) in enumerate(law):  # each as an mpf (a Fraction or an exact decimal string too)
        w = check_positive(f"{name}[{i}].weight", w, allow_zero=True)
        m = check_finite(f"{name}[{i}].mean", m)
        s = check_positive(f"{name}[{i}].sd", s)
        total += w
        if w != 0:
            out.append((w, m, s))
    if abs(total - 1) > mpmath.mpf("1e-12"):
        raise ValueError(f"{name} weights sum to {mpmath.nstr(total, 15)}; they must sum to 1")
    return tuple(out)


def _pure_pair(what, law_1, law_0):
    a, b = _check_law("law_1", law_1), _check_law("law_0", law_0)
    if len(a) != 1 or len(b) != 1:
        raise ValueError(f"{what} needs two pure Gaussian laws (one component each)")
    return a, b


def _log_density(law):
    """``x -> log sum_k w_k N(x; m_k, s_k^2)`` by log-sum-exp (never underflows).

    Each component's constants (``log w - log s - log(2 pi)/2`` and ``1/(2 s^2)``) are computed once,
    at the working precision of the call (the integrand factories run inside it), not per point:
    the quadrature evaluates the density hundreds of thousands of times.
    """
    half_log_2pi = mpmath.log(2 * mpmath.pi) / 2
    comps = [(mpmath.log(w) - mpmath.log(s) - half_log_2pi, m, 1 / (2 * s * s)) for w, m, s in law]
    if len(comps) == 1:
        ((c, m, k),) = comps
        return lambda x: c - (x - m) ** 2 * k

    def log_density(x):
        terms = [c - (x - m) ** 2 * k for c, m, k in comps]
        top = max(terms)
        return top + mpmath.log(mpmath.fsum(mpmath.exp(t - top) for t in terms))

    return log_density


def _arb_law(law):
    """Arb constants ``(log w - log s - log(2 pi)/2, m, 1/(2 s^2))`` of each component, at Arb's current
    precision (call inside :func:`arb_precision`)."""
    import flint

    half_log_2pi = (2 * flint.arb.pi()).log() / 2
    return [(flint.arb(w).log() - flint.arb(s).log() - half_log_2pi, flint.arb(m), 1 / (2 * flint.arb(s) ** 2))
            for w, m, s in law]


def _arb_pdf(parts, X):
    """The mixture's density at the Arb ball ``X`` (no underflow: Arb's exponents are unbounded)."""
    total = 0
    for c, m, k in parts:
        total += (c - (X - m) ** 2 * k).exp()
    return total


def _arb_integrand(laws, ball, mpmath_route, extra=()):
    """An integrand evaluated in Arb at the current mpmath precision plus 16 bits, 2-4x faster per node than
    mpmath: ``ball(X, pdfs, *constants)`` gets the laws' densities at ``X`` as balls; a ball that is not finite
    takes ``mpmath_route()``'s integrand at that node. Build it inside the precision the quadrature runs at."""
    import flint

    bits = mpmath.mp.prec + 16
    with arb_precision(bits):
        parts = [_arb_law(law) for law in laws]
        constants = [flint.arb(c) for c in extra]

    def at(x):
        X = flint.arb(x)
        return ball(X, [_arb_pdf(p, X) for p in parts], *constants)

    return _midpoint_or_fallback(bits, at, mpmath_route)


def _midpoint_or_fallback(bits, ball, mpmath_route):
    """``x ->`` the midpoint of ``ball(x)`` at ``bits`` bits, or, where that ball is not finite, the value of the
    integrand ``mpmath_route()`` (built once, when first needed).

    A midpoint is good only to its ball's radius: where the integrand cancels (laws ``1e-60`` apart), Arb keeps
    the midpoint of a ball whose radius dwarfs it, and two working precisions can agree on the same wrong
    midpoint. So each node's radius is kept, and ``f.radius_at(x)`` (the radius at a node, computed if not yet
    seen) lets :func:`~mileak.numeric.core.quadrature.certified_quad` add the rule's sum of radii to the error.
    A node taken by the mpmath route is counted as good to its working precision."""
    fallback = []
    radii = {}

    def f(x):
        value = in_arb(bits, ball, x)
        if not value.is_finite():
            if not fallback:
                fallback.append(mpmath_route())
            out = fallback[0](x)
            radii[x] = abs(out) * mpmath.mpf(2) ** (8 - mpmath.mp.prec)
            return out
        radii[x] = mpmath.mpf(value.rad()._mpf_)
        return ball_midpoint(value)

    def radius_at(x):
        if x not in radii:
            f(x)
        return radii[x]

    f.radius_at = radius_at
    return f


def _breakpoints(*laws, extra=()):
    pts = [-mpmath.inf, mpmath.inf]
    for law in laws:
        for _, m, s in law:
            pts += [m, m - 8 * s, m + 8 * s]
    return pts + list(extra)


def _crossings(w1, law1, w0, law0):
    """Real roots of ``w1 p1(x) = w0 p0(x)`` for pure Gaussians (a quadratic in x), at the working precision,
    without the roots where both densities are below ``10^-(dps + 20)`` of their peaks (a kink there moves the
    integral by less than its last digit, and a breakpoint at ``1e24``, as when two means differ by ``1e-25``,
    only stretches an interval the quadrature then cannot resolve)."""
    return [x for x in _all_crossings(w1, law1, w0, law0) if _near(x, law1 + law0)]


def _near(x, law):
    reach = mpmath.sqrt(2 * mpmath.log(10) * (mpmath.mp.dps + 20))  # exp(-reach^2 / 2) = 10^-(dps + 20)
    return any(abs(x - m) <= reach * s for _, m, s in law)


def _all_crossings(w1, law1, w0, law0):
    if len(law1) != 1 or len(law0) != 1:
        return []
    (_, m1, s1), (_, m0, s0) = law1[0], law0[0]
    a = 1 / (2 * s0**2) - 1 / (2 * s1**2)
    b = m1 / s1**2 - m0 / s0**2
    c = mpmath.log(w1 / w0) - mpmath.log(s1 / s0) - m1**2 / (2 * s1**2) + m0**2 / (2 * s0**2)
    if a == 0:
        return [-c / b] if b != 0 else []
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    r = mpmath.sqrt(disc)
    return [(-b - r) / (2 * a), (-b + r) / (2 * a)]


def kl(law_a, law_b, dps: int = DEFAULT_DPS) -> Certified:
    """``D(A||B)`` between Gaussian mixtures; closed form for two pure Gaussians."""
    dps = validate_dps(dps)
    a, b = _check_law("law_a", law_a), _check_law("law_b", law_b)
    if len(a) == 1 and len(b) == 1:
        (_, ma, sa), (_, mb, sb) = a[0], b[0]

        def closed():
            # log(sb/sa) + (sa^2 - sb^2)/(2 sb^2) = (u - log1p(u))/2 with u = (sa - sb)(sa + sb)/sb^2, formed
            # without cancellation (at -log2|u| more bits), plus (ma - mb)^2/(2 sb^2): two terms >= 0, so the
            # value keeps its relative digits however close the laws are (KL = 1e-49 at means 1e-25 apart)
            u = (sa - sb) * (sa + sb) / sb**2
            spread = elementary.cancelling(u, lambda v: v - elementary.log1p(v)) / 2
            return spread + (ma - mb) ** 2 / (2 * sb**2)

        return two_precisions(closed, dps, what="gaussian kl")

    comps = sorted({(m, s) for _, m, s in a + b})
    with working_precision(max(mpmath.mp.dps, dps) + 80):  # the weights' sums exact (not at the caller's 15 digits)
        wa = [sum((w for w, m, s in a if (m, s) == c), mpmath.mpf(0)) for c in comps]
        wb = [sum((w for w, m, s in b if (m, s) == c), mpmath.mpf(0)) for c in comps]

    def make():
        return _arb_mixture_kl_integrand(comps, wa, wb, mpmath_route=make_mpmath)

    def make_mpmath():
        # log(a/b): log1p((a - b)/b) with a - b = sum (wa_k - wb_k) N_k where a ~ b (no cancellation),
        # the log-space difference log a - log b elsewhere (no overflow or log1p(-1))
        dw = [x - y for x, y in zip(wa, wb)]
        densities = [_log_density(((1, m, s),)) for m, s in comps]

        def f(x):
            logs = [d(x) for d in densities]
            top = max(logs)
            dens = [mpmath.exp(v - top) for v in logs]  # scaled by exp(-top)
            pa = mpmath.fsum(w * d for w, d in zip(wa, dens))
            if pa == 0:
                return mpmath.mpf(0)
            pb = mpmath.fsum(w * d for w, d in zip(wb, dens))
            diff = mpmath.fsum(w * d for w, d in zip(dw, dens))
            ratio = elementary.log1p(diff / pb) if abs(diff) < pb / 2 else mpmath.log(pa) - mpmath.log(pb)
            return mpmath.exp(top) * pa * ratio

        return f

    return _with_guard(make, _breakpoints(a, b), dps, "mixture kl")


def _arb_mixture_kl_integrand(comps, wa, wb, mpmath_route):
    """``a log(a/b)`` at ``x`` for the mixtures ``a = sum wa_k N_k``, ``b = sum wb_k N_k`` in Arb at the current
    precision plus 16 bits (3x faster than mpmath per node): ``log(a/b) = log1p(d/b)`` with
    ``d = sum (wa_k - wb_k) N_k`` formed without cancellation, Arb's exponent range needing no rescaling. A
    non-finite ball (``d/b`` near ``-1`` beyond the working precision) takes ``mpmath_route()``'s value there."""
    import flint

    bits = mpmath.mp.prec + 16
    with arb_precision(bits):
        half_log_2pi = flint.arb.pi().log() / 2 + flint.arb(2).log() / 2
        parts = [(flint.arb(m), -flint.arb(s).log() - half_log_2pi, 1 / (2 * flint.arb(s) ** 2)) for m, s in comps]
        ws = [(flint.arb(x), flint.arb(y), flint.arb(x) - flint.arb(y)) for x, y in zip(wa, wb)]

    def ball(x):
        ax = flint.arb(x)
        pa = pb = diff = 0
        for (m, c, k), (w_a, w_b, w_d) in zip(parts, ws):
            density = (c - (ax - m) ** 2 * k).exp()
            pa, pb, diff = pa + w_a * density, pb + w_b * density, diff + w_d * density
        return pa * (diff / pb).log1p()

    return _midpoint_or_fallback(bits, ball, mpmath_route)


def tv(law_1, law_0, dps: int = DEFAULT_DPS) -> Certified:
    """``TV(P1, P0)`` of two pure Gaussians, split at the density crossings."""
    dps = validate_dps(dps)
    a, b = _pure_pair("tv", law_1, law_0)

    def make_mpmath():
        la, lb = _log_density(a), _log_density(b)
        return lambda x: abs(mpmath.exp(la(x)) - mpmath.exp(lb(x))) / 2

    def make():
        return _arb_integrand((a, b), lambda X, p: abs(p[0] - p[1]) / 2, make_mpmath)

    # the kinks (density crossings) computed inside each working precision, not once at the caller's
    return certified_quad(make, lambda: _breakpoints(a, b, extra=_crossings(1, a, 1, b)), dps, abs_tol=1,
                          what="gaussian tv")


def bayes_success(pi, law_1, law_0, dps: int = DEFAULT_DPS) -> Certified:
    """``max_psi P[psi = M] = int max(pi p1, (1-pi) p0)`` for pure Gaussians."""
    dps = validate_dps(dps)
    pi = check_probability("pi", pi)
    a, b = _pure_pair("bayes_success", law_1, law_0)

    def make_mpmath():
        la, lb = _log_density(a), _log_density(b)
        return lambda x: max(pi * mpmath.exp(la(x)), (1 - pi) * mpmath.exp(lb(x)))

    def make():
        pi_w = mpmath.mpf(pi)
        return _arb_integrand((a, b), lambda X, p, w1, w0: (w1 * p[0]).max(w0 * p[1]), make_mpmath,
                              extra=(pi_w, 1 - pi_w))

    def pts():  # the kinks computed at the working precision
        return _breakpoints(a, b, extra=_crossings(pi, a, 1 - pi, b))

    return certified_quad(make, pts, dps, abs_tol=1, what="gaussian bayes success")


def mutual_information(pi, law_1, law_0, dps: int = DEFAULT_DPS) -> Certified:
    """``I(theta; M) = pi D(P1||Pbar) + (1-pi) D(P0||Pbar)`` for Gaussian mixtures (1-D)."""
    dps = validate_dps(dps)
    pi = check_probability("pi", pi)
    a, b = _check_law("law_1", law_1), _check_law("law_0", law_0)

    def make_mpmath():
        log_a, log_b = _log_density(a), _log_density(b)
        pi_w = mpmath.mpf(pi)
        g = arb_information_integrand(pi_w, 1 - pi_w)

        def f(x):
            la = log_a(x)
            return mpmath.exp(la) * g(la - log_b(x))

        return f

    pure = len(a) == 1 and len(b) == 1
    if pure and a[0][1:] == b[0][1:]:
        return Certified.exact(0, dps)  # the same law: the release says nothing of membership

    def make():  # p1 g(L), the densities and g in one Arb ball
        pi_w = mpmath.mpf(pi)
        if pure:  # L a quadratic with exact coefficients: relatively accurate however close the laws
            with arb_precision(mpmath.mp.prec + 16):  # the bits _arb_integrand evaluates at
                llr = _pure_log_ratio(a[0], b[0])
            return _arb_integrand((a,), lambda X, p, w1, w0: p[0] * information_ball(w1, w0, llr(X)),
                                  make_mpmath, extra=(pi_w, 1 - pi_w))
        return _arb_integrand((a, b), lambda X, p, w1, w0: p[0] * information_ball(w1, w0, (p[0] / p[1]).log()),
                              make_mpmath, extra=(pi_w, 1 - pi_w))

    # the two terms of g are O(L) and cancel to O(L^2) when the laws nearly coincide: the working precision
    # starts that many digits higher (pure laws), and a precision failure retries with more (the result is still
    # certified to dps digits)
    start = _cancelled_digits(a[0], b[0]) if pure else 0
    return _with_guard(make, _breakpoints(a, b), dps, "gaussian mutual information", start=start)


def _pure_log_ratio(law_1, law_0):
    """``X -> L(X) = log p1(X) - log p0(X) = A X^2 + B X + C`` for two Gaussians, on Arb balls, with

    ``A = (s1^2 - s0^2) / (2 s0^2 s1^2)``, ``B = m1/s1^2 - m0/s0^2``, ``C = log(s0/s1) + m0^2/(2 s0^2) - m1^2/(2 s1^2)``

    formed from the laws' exact values, so each is small when the laws are close (no difference of two O(1)
    log-densities, whose rounding would swamp an L of 1e-60). Build it inside :func:`arb_precision`."""
    import flint

    from mileak.numeric.core.certified import mpf_fraction

    (_, m1, s1), (_, m0, s0) = law_1, law_0
    m1, s1, m0, s0 = (mpf_fraction(v) for v in (m1, s1, m0, s0))
    coef_a = (s1 * s1 - s0 * s0) / (2 * s0 * s0 * s1 * s1)
    coef_b = m1 / (s1 * s1) - m0 / (s0 * s0)
    rational_c = m0 * m0 / (2 * s0 * s0) - m1 * m1 / (2 * s1 * s1)

    def ball(q):
        return flint.arb(q.numerator) / q.denominator

    log_c = ball((s0 - s1) / s1).log1p() + ball(rational_c)
    coef_a, coef_b = ball(coef_a), ball(coef_b)
    return lambda X: (coef_a * X + coef_b) * X + log_c


def _cancelled_digits(law_1, law_0) -> int:
    """About ``log10(1/r)`` for laws ``r`` apart (means and sds relative to the sd): the digits g's two terms
    cancel, added to the working precision from the start."""
    (_, m1, s1), (_, m0, s0) = law_1, law_0
    r = (abs(m1 - m0) + abs(s1 - s0)) / min(s1, s0)
    return 0 if r >= 1 else int(mpmath.ceil(-mpmath.log10(r)))


def _with_guard(make, points, dps, what, start: int = 0):
    """``certified_quad`` with ``start`` guard digits, retried with 20 and 40 more when the integrand cancels.

    Near-coincident laws make the terms ``O(r)`` cancel to an ``O(r^2)`` result; ``start`` (pure laws:
    :func:`_cancelled_digits`) and the retries keep the requested ``dps`` result digits (certified) and only
    raise the working precision, and the integrand is scaled by ``r^2`` for mpmath's error estimate. Where
    that is not enough (mixtures ``1e-60`` apart, whose density ratio is rounded before its log is taken) the
    value is certified to ``10^-dps`` absolute (stated by its error bar, which holds the rule's sum of Arb
    radii), or :class:`PrecisionError` is raised.
    """
    scale = -int(2 * start * math.log2(10))  # the result is about r^2 = 10^(-2 start): as a power of two
    for guard in (start, start + 20):
        try:
            return certified_quad(make, points, dps, abs_tol=None, what=what, guard=guard, scale_bits=scale)
        except PrecisionError:
            pass
    # at 40 guard digits one run serves both tests: 10^-dps relative passes the absolute test too (same value)
    return certified_quad(make, points, dps, abs_tol=1, what=what, guard=start + 40, scale_bits=scale)
