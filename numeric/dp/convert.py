"""Convert between leakage and privacy measures of the Gaussian mechanism (``mileak convert``).

Every input is first turned into the Gaussian-DP parameter ``mu = Delta / sigma`` of a Gaussian
mechanism with L2 sensitivity ``Delta``; every output is then read off ``mu``:

===================  ======================================================  ==========
input                ``mu``                                                  exact?
===================  ======================================================  ==========
``sigma``            ``Delta / sigma``                                       exact
``eps, delta``       ``Delta / sigma_analytic(eps, delta)`` (Balle-Wang)     exact
``mu``               itself                                                  exact
``kl``               ``sqrt(2 kl)`` (KL of two ``N(., sigma^2 I)`` at distance ``Delta``)  exact
``advantage``        ``2 Phi^-1((1 + adv) / 2)`` (TV of the two Gaussians)    exact
``tpr`` at ``fpr``   ``Phi^-1(tpr) - Phi^-1(fpr)`` (the Gaussian trade-off)   exact
===================  ======================================================  ==========

Outputs: ``sigma``, ``mu``, ``eps`` at ``delta`` (analytic), ``kl = mu^2 / 2``, the exact advantage
``2 Phi(mu/2) - 1`` and success ``(1 + adv) / 2`` at ``pi = 1/2``, TPR at the FPRs, and the Pinsker
and Bretagnolle-Huber *bounds* on the advantage from ``kl`` (labelled as bounds: they hold for any
mechanism with that KL, and are not attained by the Gaussian one). With ``eps < 1`` also the classic
calibration, for comparison. Each value carries its certified error.

>>> out = convert(eps=1, delta=1e-5, sensitivity=1)
>>> out["values"]["sigma"]["value"][:20]
'3.730631634815941813'
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import Certified, shown
from mileak.numeric.core.checks import check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.exact_input import exact_decimal
from mileak.numeric.core.normal import _quantile
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps, working_precision
from mileak.numeric.dp.gaussian_mechanism import analytic_eps, analytic_sigma, classic_sigma

SOURCES = ("sigma", "eps", "mu", "kl", "advantage", "tpr")
DEFAULT_FPRS = ("0.1", "0.01", "0.001")


def _mu_from(source, given, sensitivity, dps):
    if source == "sigma":
        s = check_positive("sigma", given["sigma"])
        return two_precisions(lambda: sensitivity / s, dps), "mu = Delta / sigma"
    if source == "eps":
        sig = analytic_sigma(given["eps"], given["delta"], sensitivity, dps + 5)
        with working_precision(dps + 30):
            mu = sensitivity / sig.value
            return Certified(mu, mu * sig.error / sig.value * 2, dps), "analytic Gaussian mechanism (Balle & Wang 2018)"
    if source == "mu":
        mu = check_positive("mu", given["mu"])
        if isinstance(mu, mpmath.mpf):  # an mpf is exact as given
            return Certified(mu, mpmath.mpf(0), dps), "given"
        return Certified.exact(Fraction(mu) if isinstance(mu, float) else mu, dps), "given"
    if source == "kl":
        kl = check_positive("kl", given["kl"])
        return two_precisions(lambda: mpmath.sqrt(2 * kl), dps), "mu = sqrt(2 kl) (equal-covariance Gaussians)"
    if source == "advantage":
        adv = check_probability("advantage", given["advantage"])
        raw = given["advantage"]
        exact = isinstance(raw, (Fraction, int)) and not isinstance(raw, bool)  # 1 - adv exactly (0.99..9, 44 nines)

        def mu_of_advantage():
            if adv < 0.5:  # sqrt(2) erfinv(adv): full relative precision down to adv = 1e-300
                return 2 * mpmath.sqrt(2) * mpmath.erfinv(adv)
            tail = (mpmath.mpf((1 - raw).numerator) / (1 - raw).denominator) / 2 if exact else (1 - adv) / 2
            return -2 * _quantile(tail)  # Phi^-1((1 + adv)/2) = -Phi^-1((1 - adv)/2), the tail kept exact
        return two_precisions(mu_of_advantage, dps), "mu = 2 Phi^-1((1 + adv)/2)"
    tpr, fpr = check_probability("tpr", given["tpr"]), check_probability("fpr", given["fpr"])
    if tpr <= fpr:
        raise ValueError(f"tpr={given['tpr']} must exceed fpr={given['fpr']} (a test no better than chance has mu = 0)")
    return two_precisions(lambda: _quantile(tpr) - _quantile(fpr), dps), "mu = Phi^-1(tpr) - Phi^-1(fpr)"


def _show(c: Certified, dps, kind="exact"):
    value, error = shown(c.value, c.error, dps)
    return {"value": value, "error": error, "kind": kind}


def convert(sensitivity=1, sigma=None, eps=None, delta=None, mu=None, kl=None, advantage=None, tpr=None, fpr=None,
            fprs=DEFAULT_FPRS, dps: int = DEFAULT_DPS) -> dict:
    """All measures from exactly one of: ``sigma``; ``eps`` with ``delta``; ``mu``; ``kl``; ``advantage``;
    ``tpr`` with ``fpr``."""
    dps = validate_dps(dps)
    if fprs is None or isinstance(fprs, (str, bytes)) or not hasattr(fprs, "__iter__"):
        raise TypeError(f"fprs must be a sequence of FPR levels in (0, 1), got {fprs!r:.60}")
    fprs = [(a, check_probability(f"fprs[{i}]", exact_decimal(a, f"fprs[{i}]") if isinstance(a, str) else a))
            for i, a in enumerate(fprs)]  # decimal text exactly ('0.01' is 1/100, not mpmath's 15-digit reading)
    d = check_positive("sensitivity", sensitivity)
    given = {"sigma": sigma, "eps": eps, "mu": mu, "kl": kl, "advantage": advantage, "tpr": tpr}
    chosen = [k for k, v in given.items() if v is not None]
    if len(chosen) != 1:
        raise ValueError(f"give exactly one of sigma, eps (with delta), mu, kl, advantage, tpr (with fpr); got "
                         f"{chosen or 'none'}")
    source = chosen[0]
    if source == "eps" and delta is None:
        raise ValueError("eps needs delta (in (0, 1))")
    if source == "tpr" and fpr is None:
        raise ValueError("tpr needs fpr (in (0, 1))")
    if fpr is not None and source != "tpr":
        raise ValueError("fpr is the FPR of a given tpr; pass fprs=[...] (mileak convert: --fpr without --tpr) to "
                         "choose the FPR levels reported")
    delta_out = check_probability("delta", delta if delta is not None else Fraction(1, 10**5))  # exact default
    mu_c, how = _mu_from(source, {**given, "delta": delta_out, "fpr": fpr}, d, dps)
    m = mu_c.value
    with working_precision(dps + 20):
        rel = mu_c.error / m if m else mpmath.mpf(0)
    values = {"mu": _show(mu_c, dps)}
    values["sigma"] = _show(two_precisions(lambda: d / m, dps, what="sigma"), dps)
    values["kl"] = _show(two_precisions(lambda: m * m / 2, dps, what="kl"), dps)
    adv = two_precisions(lambda: mpmath.erf(m / (2 * mpmath.sqrt(2))), dps, abs_tol=1, what="advantage")
    values["advantage"] = _show(adv, dps)
    values["success_at_pi_half"] = _show(two_precisions(lambda: (1 + mpmath.erf(m / (2 * mpmath.sqrt(2)))) / 2, dps,
                                                        abs_tol=1), dps)
    values["advantage_pinsker_bound"] = _show(two_precisions(lambda: min(1, m / 2), dps, abs_tol=1), dps, "bound")
    values["advantage_bh_bound"] = _show(two_precisions(lambda: mpmath.sqrt(-mpmath.expm1(-m * m / 2)), dps,
                                                        abs_tol=1), dps, "bound")
    with working_precision(dps + 30):
        multiplier = 1 / m  # the noise multiplier sigma / Delta = 1 / mu, at full precision
    values[f"eps_at_delta={mpmath.nstr(delta_out, 6)}"] = _show(analytic_eps(delta_out, multiplier, dps), dps)
    for a, alpha in fprs:
        values[f"tpr_at_fpr={a}"] = _show(two_precisions(lambda: mpmath.ncdf(_quantile(alpha) + m), dps, abs_tol=1),
                                          dps)
    notes = []
    if source == "eps":
        e_c, d_c = check_positive("eps", eps), delta_out
        for a, alpha in fprs:  # any (eps, delta)-DP mechanism, not only the Gaussian one (Kairouz et al. 2015)
            values[f"tpr_bound_any_dp_at_fpr={a}"] = _show(two_precisions(
                lambda: min(1, mpmath.exp(e_c) * alpha + d_c, 1 - mpmath.exp(-e_c) * (1 - d_c - alpha)),  # noqa: B023
                dps, abs_tol=1), dps, "bound, any (eps, delta)-DP mechanism")
        notes.append("the Gaussian rows read (eps, delta) as one Gaussian mechanism: that is not a bound for a "
                     "composed mechanism such as DP-SGD; for a DP-SGD run use mileak leakage dp-sgd --param q=.. "
                     "--param z=.. --param steps=.. (the tpr_bound_any_dp rows hold for any (eps, delta)-DP mechanism)")
    if source == "eps" and eps < 1:
        values["sigma_classic"] = _show(classic_sigma(eps, delta_out, d, dps), dps, "classic calibration (valid: eps < 1)")
    # the input's own uncertainty (from a root find) propagates: mu's relative error scales every output
    return {"input": {k: str(v) for k, v in {**given, "delta": delta, "fpr": fpr}.items() if v is not None},
            "sensitivity": str(sensitivity), "calibration": how, "dps": dps, "mu_relative_error": mpmath.nstr(rel, 3),
            "values": values, "notes": notes}
