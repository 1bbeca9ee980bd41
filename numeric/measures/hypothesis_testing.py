"""Numeric side of T2: success bounds (capped at 1), the ROC/TPR bound, exact Gaussian TV/ROC.

* success bounds: see :mod:`mileak.numeric.measures.registered_bounds` (read from the registry)
* ``tpr_upper_bound(alpha, D)``: the largest ``beta`` with ``d(beta || alpha) <= D``,
  found by a bisection/secant search on ``y = logit(beta)`` so that ``1 - beta``
  keeps its digits; works for ``alpha`` down to ``1e-300``.
* ``gaussian_tv(mu) = 2 Phi(mu/2) - 1``; ``gaussian_tpr(alpha, mu) = Phi(Phi^-1(alpha) + mu)``.
* ``pinsker_bh_crossover() = 2 + W(-2 e^-2)``.

>>> import mpmath
>>> mpmath.nstr(pinsker_bh_crossover().value, 10)
'1.59362426'
>>> mpmath.nstr(tpr_upper_bound(0.05, 0.0).value, 10)
'0.05'
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.normal import _quantile
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps


def _binary_kl_logit(y, alpha):
    """``d(beta || alpha)`` at ``beta = 1 / (1 + e^-y)``, with ``1 - beta`` computed as ``1 / (1 + e^y)``."""
    beta = 1 / (1 + mpmath.exp(-y))
    one_minus = 1 / (1 + mpmath.exp(y))
    out = beta * (mpmath.log(beta) - mpmath.log(alpha))
    return out + one_minus * (mpmath.log(one_minus) - mpmath.log1p(-alpha))


def _tpr_bound(alpha, D):
    if D == 0:
        return alpha
    if D >= -mpmath.log(alpha):  # d(1 || alpha) = -log(alpha): every beta is allowed
        return mpmath.mpf(1)
    lo = mpmath.log(alpha) - mpmath.log1p(-alpha)  # logit(alpha): d = 0
    hi = lo + 1
    while _binary_kl_logit(hi, alpha) <= D:
        hi = lo + 2 * (hi - lo)
        if hi > 10**6:
            return mpmath.mpf(1)
    tol = mpmath.mpf(10) ** (-mpmath.mp.dps + 3)
    last = None
    for _ in range(4000):
        fl, fh = _binary_kl_logit(lo, alpha) - D, _binary_kl_logit(hi, alpha) - D
        mid = (lo + hi) / 2
        secant = lo - fl * (hi - lo) / (fh - fl) if fh != fl else mid
        # a secant step, unless it would move the same end twice running (regula falsi stalls there)
        x = secant if lo < secant < hi and (hi - lo) < 1 and last != "repeat" else mid
        side = "lo" if _binary_kl_logit(x, alpha) <= D else "hi"
        last = "repeat" if side == last else side
        if side == "lo":
            lo = x
        else:
            hi = x
        if abs(hi - lo) < tol * (1 + abs(lo)):
            return 1 / (1 + mpmath.exp(-lo))
    raise PrecisionError("tpr_upper_bound: root find stalled; raise dps")


def tpr_upper_bound(alpha, kl, dps: int = DEFAULT_DPS) -> Certified:
    """T2(b): the largest TPR ``beta`` a test at FPR ``alpha`` can have when ``D(P1||P0) <= kl``."""
    dps = validate_dps(dps)
    alpha = check_probability("alpha", alpha)
    kl = check_positive("kl", kl, allow_zero=True)
    # near beta = alpha, d(beta || alpha) ~ kl is a difference of O(1) logarithms: guard the digits that cancel
    guard = 0 if kl == 0 or kl >= 1 else int(-mpmath.log10(kl)) + 5
    return two_precisions(lambda: _tpr_bound(alpha, kl), dps, abs_tol=1, what="tpr_upper_bound", guard=guard)


def gaussian_tv(mu, dps: int = DEFAULT_DPS) -> Certified:
    """Exact TV of equal-covariance Gaussians at Mahalanobis distance ``mu``: ``2 Phi(mu/2) - 1``."""
    dps = validate_dps(dps)
    mu = check_positive("mu", mu, allow_zero=True)
    return two_precisions(lambda: mpmath.erf(mu / (2 * mpmath.sqrt(2))), dps, abs_tol=1, what="gaussian_tv",
                          positive=mu > 0)


def gaussian_tpr(alpha, mu, dps: int = DEFAULT_DPS) -> Certified:
    """Exact optimal TPR at FPR ``alpha``: ``Phi(Phi^-1(alpha) + mu)``."""
    dps = validate_dps(dps)
    alpha = check_probability("alpha", alpha)
    mu = check_positive("mu", mu, allow_zero=True)
    return two_precisions(lambda: mpmath.ncdf(_quantile(alpha) + mu), dps, abs_tol=1, what="gaussian_tpr")


def pinsker_bh_crossover(dps: int = DEFAULT_DPS) -> Certified:
    """``D* = 2 + W(-2 e^-2)``: Pinsker is the tighter bound exactly for ``D <= D*``."""
    dps = validate_dps(dps)
    return two_precisions(lambda: 2 + mpmath.re(mpmath.lambertw(-2 * mpmath.exp(-2))), dps, what="crossover")
