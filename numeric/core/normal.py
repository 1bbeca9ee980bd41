"""Standard normal CDF and quantile at high precision, in log space for tiny tails.

``Phi(x) = erfc(-x / sqrt 2) / 2`` never underflows in mpmath (its exponent
range is unbounded), so ``normal_quantile`` solves ``log Phi(x) = log a`` by a
safeguarded Newton iteration; it works for ``a`` down to ``1e-300`` and below.

>>> import mpmath
>>> mpmath.nstr(normal_quantile(0.975), 12)
'1.95996398454'
>>> mpmath.nstr(normal_quantile(1e-300), 12)
'-37.0470962994'
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_finite, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps


def normal_cdf(x, dps: int = DEFAULT_DPS) -> Certified:
    """``Phi(x)``."""
    dps = validate_dps(dps)
    x = check_finite("x", x)
    return two_precisions(lambda: mpmath.erfc(-x / mpmath.sqrt(2)) / 2, dps, what="normal_cdf", positive=True)


def _log_cdf(x):
    return mpmath.log(mpmath.erfc(-x / mpmath.sqrt(2)) / 2)


def _quantile(a):
    """Newton on ``log Phi(x) - log a`` (monotone, concave), bracketed by bisection."""
    if not 0 < a < 1:  # the bracket search below would never end
        raise ValueError(f"a={a} must be in (0, 1)")
    la = mpmath.log(a)
    lo, hi = mpmath.mpf(-50), mpmath.mpf(50)
    while _log_cdf(lo) > la:
        lo *= 2
    while _log_cdf(hi) < la:
        hi *= 2
    x = (lo + hi) / 2
    tol = mpmath.mpf(10) ** (-mpmath.mp.dps + 2)
    for _ in range(400):
        g = _log_cdf(x) - la
        if abs(g) < tol:
            return x
        if g > 0:
            hi = x
        else:
            lo = x
        if hi - lo < tol * (1 + abs(x)):
            return (lo + hi) / 2
        deriv = mpmath.npdf(x) / (mpmath.erfc(-x / mpmath.sqrt(2)) / 2)
        step = x - g / deriv
        x = step if lo < step < hi else (lo + hi) / 2
    raise PrecisionError(f"normal_quantile: root find stalled at a={mpmath.nstr(a, 5)}; raise dps")


def normal_quantile(a, dps: int = DEFAULT_DPS):
    """``Phi^-1(a)`` for ``a`` in (0, 1); returns an ``mpf`` certified to ``dps`` digits."""
    return normal_quantile_certified(a, dps).value


def normal_quantile_certified(a, dps: int = DEFAULT_DPS) -> Certified:
    dps = validate_dps(dps)
    a = check_probability("a", a)
    return two_precisions(lambda: _quantile(a), dps, abs_tol=1, what="normal_quantile")
