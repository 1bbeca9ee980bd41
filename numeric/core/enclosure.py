"""Two certification routes: interval arithmetic, and agreement at two precisions.

``enclose(fn, dps)`` runs ``fn`` in ``mpmath.iv`` arithmetic (a rigorous
enclosure of exact sums and elementary functions). ``two_precisions(fn, dps)``
runs ``fn`` at ``dps + 10`` and ``dps + 20`` digits and reports the second
value; its error bound is the larger of the difference between the two runs
and the error estimate ``fn`` itself reports at the higher precision (e.g.
the quadrature estimate). The difference guards against an optimistic
estimate; the estimate against two runs that agree by accident.
Both raise :class:`~mileak.numeric.core.precision.PrecisionError` when the result does
not reach ``dps`` significant digits (or ``abs_tol`` when it is near 0).

>>> import mpmath
>>> c = enclose(lambda: mpmath.iv.log(mpmath.iv.mpf(2)), 30)
>>> with working_precision(60):
...     c.contains(mpmath.log(2))
True
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import GUARD_DPS, PrecisionError, working_precision

ADVICE = "raise dps (working precision) or use a log-space route"
QUADRATURE_ADVICE = ("raise the quadrature degree (maxdegree), split the interval where the integrand is not smooth, "
                     "or raise dps")


def _check(value, error, dps, abs_tol, what, advice=ADVICE):
    scale = max(abs(value), mpmath.mpf(abs_tol) if abs_tol is not None else mpmath.mpf(0))
    if scale == 0:
        if error == 0:
            return
        scale = mpmath.mpf(10) ** (-dps)  # value 0: demand an absolute error below 1e-dps^2-ish
    if error > scale * mpmath.mpf(10) ** (-dps):
        raise PrecisionError(
            f"{what}: error bound {mpmath.nstr(error, 3)} does not give {dps} digits of "
            f"{mpmath.nstr(value, 10)}; {advice}"
        )


def enclose(fn, dps: int, abs_tol=None, what: str = "interval evaluation") -> Certified:
    """Evaluate ``fn()`` (which uses ``mpmath.iv``) at ``dps + 10`` digits; certify ``dps`` digits."""
    with working_precision(dps + GUARD_DPS):
        x = fn()
        if not isinstance(x, mpmath.iv.mpf):
            x = mpmath.iv.mpf(x)
    if mpmath.isinf(x.a) and x.a == x.b:
        return Certified(mpmath.mpf(x.a), mpmath.mpf(0), dps)
    c = Certified.from_interval(x, dps)
    _check(c.value, c.error, dps, abs_tol, what)
    return c


def two_precisions(fn, dps: int, abs_tol=None, what: str = "computation", guard: int = 0, positive: bool = False,
                   advice: str = ADVICE) -> Certified:
    """``fn()`` returns a value or ``(value, error_estimate)``; run at two precisions and compare.

    ``guard`` adds working digits (for integrands that cancel) without demanding more result digits.
    ``positive``: the quantity is known to be > 0, so a result <= 0 is an underflow (or a sign lost to
    cancellation) and is refused, even when both precisions agree on it.
    """
    results = []
    for extra in (GUARD_DPS + guard, 2 * GUARD_DPS + guard):
        with working_precision(dps + extra):
            out = fn()
            value, est = out if isinstance(out, tuple) else (out, mpmath.mpf(0))
            results.append((+mpmath.mpf(value), abs(mpmath.mpf(est))))
    (v1, _), (v2, e2) = results
    if not (mpmath.isfinite(v1) and mpmath.isfinite(v2)):
        raise PrecisionError(f"{what}: non-finite result {v1}, {v2}; use a log-space route")
    if positive and (v1 <= 0 or v2 <= 0):
        raise PrecisionError(f"{what}: a positive quantity came out as {mpmath.nstr(v2, 5)} (underflow to 0, or its "
                             "digits cancelled); use a log-space route or raise dps")
    with working_precision(dps + 2 * GUARD_DPS + guard):
        error = max(abs(v1 - v2), e2) + abs(v2) * mpmath.mpf(10) ** (-(dps + 2 * GUARD_DPS + guard))
    _check(v2, error, dps, abs_tol, what, advice)
    return Certified(v2, error, dps)


RELATIVE_RETRIES = (0, 60, 340, 1000)  # extra working digits, tried in turn (h(1e-300) cancels 300 in ln(1 - pi))


def relatively_tight(certify, dps: int) -> Certified:
    """``certify(extra)`` (a :class:`Certified` formed with ``extra`` more working digits) with the fewest extra digits
    whose error is within ``10^-dps`` of its value; past the last retry, the last enclosure as it is (its error then
    says how few digits it has)."""
    for extra in RELATIVE_RETRIES:
        c = certify(extra)
        if c.error <= abs(c.value) * mpmath.mpf(10) ** -dps:
            break
    return c
