"""Certified one- and two-dimensional quadrature.

``certified_quad(make_integrand, points, dps)`` integrates at ``dps + 10`` and
``dps + 20`` digits (``mpmath.quad`` with ``error=True``); the error bound is
the larger of the higher-precision run's error estimate and the difference
between the two results. A quadrature that does not reach ``dps`` digits raises
:class:`~mileak.numeric.core.precision.PrecisionError` instead of returning a value.

>>> import mpmath
>>> from mileak.numeric.core.precision import working_precision
>>> c = certified_quad(lambda: (lambda x: mpmath.exp(-x * x)), [-mpmath.inf, 0, mpmath.inf], 30)
>>> with working_precision(60):
...     c.contains(mpmath.sqrt(mpmath.pi))
True
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.enclosure import QUADRATURE_ADVICE, two_precisions


def _exact_mpf(p):
    if isinstance(p, Fraction):
        return mpmath.mpf(p.numerator) / p.denominator
    return mpmath.mpf(p)


def _sorted_points(points):
    points = [_exact_mpf(p) for p in points]
    finite = sorted({p for p in points if mpmath.isfinite(p)})
    lo = [-mpmath.inf] if any(mpmath.isinf(p) and p < 0 for p in points) else []
    hi = [mpmath.inf] if any(mpmath.isinf(p) and p > 0 for p in points) else []
    return lo + finite + hi


def evaluation_error(f, rule_points, opts=None):
    """How far the rule's sum can be from the sum of the true integrand values: ``sum_i |w_i| r_i`` over the
    nodes, ``r_i`` the radius of the Arb ball whose midpoint ``f`` returned there (``f.radius_at``), itself
    formed by the same rule on the kept radii; 0 for an integrand evaluated at the working precision.

    Without it, an integrand that cancels beyond the working precision (two laws ``1e-60`` apart, whose
    ``O(1e-121)`` information is the difference of ``O(1e-60)`` terms) returns the same wrong midpoints at both
    precisions, and their agreement certified a wrong value under a small error bar."""
    radius_at = getattr(f, "radius_at", None)
    if radius_at is None:
        return mpmath.mpf(0)
    return abs(mpmath.quad(radius_at, *rule_points, **(opts or {})))


def certified_quad(make_integrand, points, dps: int, abs_tol=None, what="quadrature", points2=None,
                   guard: int = 0, maxdegree: int | None = None, positive: bool = False,
                   scale_bits: int = 0) -> Certified:
    """Integrate ``make_integrand()`` over the breakpoints ``points`` (and ``points2`` for 2-D).

    Give breakpoints exactly (int, ``Fraction``, decimal string): they are converted inside each working
    precision. A breakpoint rounded once at 15 digits sits 1e-17 off the integrand's kink; both precisions
    then agree on a value wrong by ~1e-34, which no agreement test can see. Breakpoints that are computed
    (the crossings of two densities) are given as ``points``, a callable returning the list: it is called
    inside each working precision.

    ``guard`` adds working digits (see :func:`mileak.numeric.core.enclosure.two_precisions`); ``maxdegree`` is
    mpmath's quadrature degree (its default when ``None``). A quadrature whose error estimate or
    whose two precisions do not give ``dps`` digits raises ``PrecisionError`` that says to raise
    the degree, split the interval, or raise ``dps``.

    ``scale_bits``: the integral is about ``2^scale_bits`` (a value of ``1e-162`` is ``2^-538``). mpmath's error
    estimate is not scale-free (it mixes absolute and relative terms): on an integrand of ``1e-162`` it stays at
    ``10%`` of the value at any degree. The integrand is then divided by that power of two (exactly) and the
    result multiplied back.
    """
    opts = {} if maxdegree is None else {"maxdegree": maxdegree}

    def run():
        f = make_integrand()  # built inside the precision context, so its constants are exact there
        pts = _sorted_points(points() if callable(points) else points)
        rule_points = (pts,) if points2 is None else (pts, _sorted_points(points2))
        unit = f if not scale_bits else (lambda *x: mpmath.ldexp(f(*x), -scale_bits))
        value, err = mpmath.quad(unit, *rule_points, error=True, **opts)
        err = mpmath.ldexp(err, scale_bits) + evaluation_error(f, rule_points, opts)
        return mpmath.ldexp(value, scale_bits), err

    return two_precisions(run, dps, abs_tol=abs_tol, what=what, guard=guard, positive=positive,
                          advice=QUADRATURE_ADVICE)
