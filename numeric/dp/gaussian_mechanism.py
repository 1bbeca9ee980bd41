"""Gaussian mechanisms at high precision: classic and analytic calibration, privacy curve, GDP.

For a release ``theta + N(0, sigma^2 I)`` with L2 sensitivity ``Delta``, write ``mu = Delta / sigma``
(the Gaussian-DP parameter). Balle & Wang (2018, Thm 8): the mechanism is ``(eps, delta)``-DP iff

    ``delta >= delta(eps; mu) = Phi(mu/2 - eps/mu) - e^eps Phi(-mu/2 - eps/mu)``.

``log_delta`` evaluates it in log space (``log Phi`` by ``erfc``, which never underflows in mpmath,
and ``log1p(-exp(.))`` for the difference), so ``delta`` down to ``1e-300`` and ``eps`` up to 50
are fine. ``analytic_sigma`` solves ``delta(eps; Delta/sigma) = delta`` by a safeguarded
(bisection + secant) root find in ``log mu``; the result is certified by the sign of the curve
at both ends of the final bracket, recomputed 20 digits higher. The classic calibration
``sigma = Delta sqrt(2 ln(1.25/delta)) / eps`` (Dwork & Roth 2014, Thm A.1) is valid for
``0 < eps < 1``.

>>> import mpmath
>>> mpmath.nstr(analytic_sigma(1, 1e-5).value, 20)
'3.7306316348159418139'
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps, working_precision

CALIBRATIONS = ("analytic", "classic")  # the analytic (Balle & Wang 2018) and the classic (eps < 1) sigma


def privacy_request(values: dict, declared=()) -> tuple[dict, dict | None]:
    """``(values without eps and delta, {"eps": .., "delta": ..} or None)``: an ``(eps, delta)``-DP output
    perturbation asked for among a family's parameter values (names in ``declared`` are the family's own), checked:
    both or neither, not with ``sigma``, ``eps > 0`` and ``0 < delta < 1``."""
    asked = {k: values[k] for k in ("eps", "delta") if k in values and k not in declared}
    if not asked:
        return values, None
    if len(asked) == 1:
        raise ValueError("eps and delta must be given together (an (eps, delta)-DP output perturbation)")
    if "sigma" in values:
        raise ValueError("give either sigma or (eps, delta), not both: the noise is calibrated from (eps, delta)")
    check_positive("eps", asked["eps"])
    check_probability("delta", asked["delta"])
    return {k: v for k, v in values.items() if k not in asked}, asked


def _log_ncdf(x):
    return mpmath.log(mpmath.erfc(-x / mpmath.sqrt(2)) / 2)


def log_delta(eps, mu):
    """``log delta(eps; mu)`` at the working precision (``-oo`` when the curve is 0)."""
    a, b = mu / 2 - eps / mu, -mu / 2 - eps / mu
    la = _log_ncdf(a)
    r = eps + _log_ncdf(b) - la
    if r >= 0:
        return mpmath.ninf
    if r < -2 * mpmath.mp.prec:  # log(1 - e^r) is within e^r < 2^-(2 prec) of 0 (mpmath's exp would overflow)
        return la
    return la + mpmath.log(-mpmath.expm1(r))


def _check_eps(eps, upper=None):
    eps = check_positive("eps", eps)
    if upper is not None and eps >= upper:
        raise ValueError(f"eps={eps} must be in (0, {upper}) for the classic calibration")
    return eps


def privacy_delta(eps, noise_multiplier, dps: int = DEFAULT_DPS) -> Certified:
    """The exact ``delta(eps)`` of the Gaussian mechanism with ``sigma / Delta = noise_multiplier``."""
    dps = validate_dps(dps)
    eps = check_positive("eps", eps, allow_zero=True)
    z = check_positive("noise_multiplier", noise_multiplier)
    return two_precisions(lambda: mpmath.exp(log_delta(eps, 1 / mpmath.mpf(z))), dps, abs_tol=1e-300,
                          what="Gaussian privacy curve", positive=True)


def classic_sigma(eps, delta, sensitivity=1, dps: int = DEFAULT_DPS, enforce_region: bool = True) -> Certified:
    """``Delta sqrt(2 ln(1.25/delta)) / eps``; ``0 < eps < 1`` unless ``enforce_region=False``."""
    dps = validate_dps(dps)
    eps = _check_eps(eps, 1 if enforce_region else None)
    delta = check_probability("delta", delta)
    d = check_positive("sensitivity", sensitivity)
    return two_precisions(lambda: d * mpmath.sqrt(2 * mpmath.log(mpmath.mpf(5) / (4 * delta))) / eps, dps,
                          what="classic Gaussian sigma")


def _solve_log_mu(eps, log_target, tol):
    """``u = log mu`` with ``log_delta(eps, e^u) = log_target``; ``log_delta`` increases in ``u``."""
    g = lambda u: log_delta(eps, mpmath.exp(u)) - log_target  # noqa: E731
    lo, hi = mpmath.mpf(-1), mpmath.mpf(1)
    while g(lo) > 0:
        lo -= 2 * (1 - lo)
        if lo < -10**6:
            raise PrecisionError("analytic calibration: no lower bracket")
    while g(hi) < 0:
        hi += 2 * (1 + hi)
        if hi > 10**6:
            raise PrecisionError("analytic calibration: no upper bracket")
    glo, ghi = g(lo), g(hi)
    for _ in range(2000):
        if hi - lo < tol:
            return lo, hi
        u = lo - glo * (hi - lo) / (ghi - glo) if mpmath.isfinite(glo) and mpmath.isfinite(ghi) else (lo + hi) / 2
        if not lo < u < hi or (u - lo) < (hi - lo) / 64 or (hi - u) < (hi - lo) / 64:
            u = (lo + hi) / 2  # safeguard: bisect when the secant step stalls at an end
        gu = g(u)
        if gu > 0:
            hi, ghi = u, gu
        else:
            lo, glo = u, gu
    raise PrecisionError("analytic calibration: root find stalled; raise dps")


def cancelled_digits(eps) -> int:
    """The digits ``log delta(eps; mu)`` loses to cancellation at large ``eps``: its exponent
    ``eps + log Phi(-mu/2 - eps/mu) - log Phi(mu/2 - eps/mu)`` subtracts terms of size ``eps`` (``eps = 1e300``:
    300 digits; at 50 working digits its sign was noise and the calibration "not certified")."""
    eps = mpmath.mpf(eps)
    return 0 if eps <= 1 else int(mpmath.ceil(mpmath.log10(eps))) + 2


def analytic_sigma(eps, delta, sensitivity=1, dps: int = DEFAULT_DPS) -> Certified:
    """The smallest ``sigma`` with ``(eps, delta)``-DP (Balle & Wang 2018), certified to ``dps`` digits."""
    dps = validate_dps(dps)
    eps = _check_eps(eps)
    delta = check_probability("delta", delta)
    d = check_positive("sensitivity", sensitivity)
    extra = cancelled_digits(eps)
    with working_precision(dps + 20 + extra):
        log_target = mpmath.log(delta)
        lo, hi = _solve_log_mu(eps, log_target, mpmath.mpf(10) ** (-(dps + 8)))
    with working_precision(dps + 40 + extra):  # certify: the curve changes sign across the bracket, widened past the noise
        pad = mpmath.mpf(10) ** (-(dps + 6))
        lo, hi = lo - pad, hi + pad
        if not (log_delta(eps, mpmath.exp(lo)) <= log_target <= log_delta(eps, mpmath.exp(hi))):
            raise PrecisionError("analytic calibration: bracket not certified; raise dps")
        s_hi, s_lo = d / mpmath.exp(lo), d / mpmath.exp(hi)  # sigma = Delta / mu decreases in mu
        mid = (s_hi + s_lo) / 2
        return Certified(mid, (s_hi - s_lo) / 2 + abs(mid) * mpmath.mpf(10) ** (-(dps + 35)), dps)


def _eps_bracket(g, mu, log_target, dps: int):
    """``(lo, hi)`` with ``g(lo) > 0 >= g(hi)``, ``hi - lo <= 10^-(dps+8) max(1, hi)``: ``g(eps) = log delta(eps; mu) -
    log delta`` is decreasing. ``hi`` starts at ``mu^2/2 + mu t``, ``t = sqrt(2 log(1/delta))``, where
    ``delta(eps) <= Phi(-t) < delta`` (one evaluation, not a doubling from 1: ``mu = 1e300`` had taken 2000);
    Newton steps from it, with ``d log delta / d eps = -e^(eps + log Phi(b) - log delta)``, close in on the root,
    and the bracket is then checked by the signs of ``g`` at its ends (bisection where a check fails)."""
    tol = mpmath.mpf(10) ** (-(dps + 8))
    lo, hi = mpmath.mpf(0), mu * mu / 2 + mu * mpmath.sqrt(-2 * log_target) + 1
    while g(hi) > 0:  # not expected (the bound above), kept as the guarantee
        lo, hi = hi, 2 * hi
    x = hi
    for _ in range(60):  # Newton from the right: g is convex in eps there, so the iterates stay right of the root
        gx = g(x)
        if gx == mpmath.ninf:
            break
        slope = -mpmath.exp(x + _log_ncdf(-mu / 2 - x / mu) - log_delta(x, mu))
        if not slope < 0:
            break
        step = gx / slope
        if not lo < x - step <= hi:  # a step out of the bracket: Newton has nothing to say here
            break
        x = x - step
        if abs(step) <= tol * max(1, abs(x)) / 4:
            break
    width = tol * max(1, abs(x)) / 2
    if lo < x - width and g(x - width) > 0 and g(x + width) <= 0:
        return x - width, x + width
    for _ in range(4000):  # the certified fallback
        if hi - lo < tol * max(1, hi):
            break
        m = (lo + hi) / 2
        if g(m) > 0:
            lo = m
        else:
            hi = m
    return lo, hi


def analytic_eps(delta, noise_multiplier, dps: int = DEFAULT_DPS) -> Certified:
    """The smallest ``eps`` with ``delta(eps; 1/noise_multiplier) <= delta`` (0 if already ``(0, delta)``-DP)."""
    dps = validate_dps(dps)
    delta = check_probability("delta", delta)
    z = check_positive("noise_multiplier", noise_multiplier)
    with working_precision(dps + 20 + cancelled_digits(1 / (z * z))):  # eps is about mu^2 / 2
        mu = 1 / z
        log_target = mpmath.log(delta)
        if log_delta(mpmath.mpf(0), mu) <= log_target:
            return Certified.exact(0, dps)
        g = lambda e: log_delta(e, mu) - log_target  # noqa: E731 - decreasing in eps
        lo, hi = _eps_bracket(g, mu, log_target, dps)
        mid = (lo + hi) / 2
        return Certified(mid, (hi - lo) / 2 + mid * mpmath.mpf(10) ** (-(dps + 15)), dps)
