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


def certified_quad(make_integrand, points, dps: int, abs_tol=None, what="quadrature", points2=None,
                   guard: int = 0, maxdegree: int | None = None, positive: bool = False) -> Certified:
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
    """
    opts = {} if maxdegree is None else {"maxdegree": maxdegree}

    def run():
        f = make_integrand()  # built inside the precision context, so its constants are exact there
        pts = _sorted_points(points() if callable(points) else points)
        if points2 is None:
            value, err = mpmath.quad(f, pts, error=True, **opts)
        else:
            value, err = mpmath.quad(f, pts, _sorted_points(points2), error=True, **opts)
        return value, err

    return two_precisions(run, dps, abs_tol=abs_tol, what=what, guard=guard, positive=positive,
                          advice=QUADRATURE_ADVICE)
