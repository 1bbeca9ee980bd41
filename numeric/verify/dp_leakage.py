"""Membership leakage of an ``(eps, delta)``-DP output perturbation, from the privacy parameters alone.

The question "I trained with ``n``, ``lam`` and released with ``(eps, delta)``-DP noise: what is my
leakage?" answered in one call (``mileak leakage FAMILY --param eps=.. --param delta=..``):

* the sensitivity ``Delta = 2 L / (n lam)`` of the minimiser (``T5.shift``, ``L`` the family's proved
  gradient bound), and the noise ``sigma = Delta z`` with ``z`` the noise multiplier of the calibration
  (analytic, Balle & Wang 2018, by default; or classic, ``sqrt(2 ln(1.25/delta))/eps``, valid for ``eps < 1``);
* the KL bound ``rho_KL <= Delta^2 / (2 sigma^2) = mu^2 / 2`` with ``mu = 1/z`` (``T5.kl``; it does not
  depend on ``Delta``, so the certified value comes from ``z`` alone);
* ``rho_MI <= pi rho_KL`` and ``<= h(pi)`` (``T1.kl``, ``T1.entropy``); the success bounds (``T2``);
* TPR bounds at each FPR from the Gaussian-DP trade-off ``TPR <= Phi(Phi^-1(FPR) + mu)``: each neighbouring
  pair is ``mu``-GDP, and the trade-off is concave in FPR, so a population test (a mixture of pairs) obeys it too.

Every number is evaluated at the upper end of ``mu``'s certified interval, so each bound stays a bound.
See docs/theory.md (T1, T2, T5, T6).
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_choice, check_positive, check_probability
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.normal import _quantile
from mileak.numeric.core.precision import working_precision
from mileak.numeric.dp.convert import DEFAULT_FPRS
from mileak.numeric.dp.gaussian_mechanism import CALIBRATIONS, analytic_sigma, classic_sigma
from mileak.numeric.measures.registered_bounds import t1_bounds
from mileak.numeric.measures.report_entries import entry, success_entries, upper
from mileak.numeric.measures.sensitivity_bounds import t5_shift


def noise_multiplier(eps, delta, calibration: str, dps: int) -> Certified:
    """``z = sigma / Delta`` of the chosen calibration (certified)."""
    check_choice("calibration", calibration, CALIBRATIONS)
    route = analytic_sigma if calibration == "analytic" else classic_sigma
    return route(eps, delta, 1, dps + 5)


def dp_entries(n, lam, L, eps, delta, pi, dps: int, how: str, status: str = "certified",
               calibration: str = "analytic", fprs=DEFAULT_FPRS) -> list[dict]:
    """The report rows of an ``(eps, delta)``-DP output perturbation of a minimiser with gradient bound ``L``."""
    check_positive("eps", eps)
    check_probability("delta", delta)
    z = noise_multiplier(eps, delta, calibration, dps)
    shift = t5_shift(n, lam, L, dps)
    with working_precision(dps + 30):
        mu_lo, mu_up = 1 / (z.value + z.error), 1 / (z.value - z.error)  # mu = 1/z over z's interval
        product = shift.value * z.value
        rounding = abs(product) * mpmath.mpf(2) ** (1 - mpmath.mp.prec)  # the product's own rounding
        sigma = Certified(product, shift.error * z.value + z.error * shift.value + shift.error * z.error + rounding,
                          dps)
        mu = _span(mu_lo, mu_up, dps)
        kl = _span(mu_lo * mu_lo / 2, mu_up * mu_up / 2, dps)
    named = {"analytic": "analytic calibration (Balle & Wang 2018)",
             "classic": "classic calibration sqrt(2 ln(1.25/delta))/eps (valid: eps < 1)"}[calibration]
    rows = [entry("sensitivity 2L/(n lam)", shift, f"T5.shift with {how}", dps, status),
            entry(f"sigma of the ({eps}, {delta})-DP noise", sigma, named, dps, status),
            entry("mu = 1/noise multiplier (Gaussian DP)", mu, named, dps, status),
            entry("T5 bound on rho_KL (= mu^2/2)", kl, f"T5.kl with {how}, sigma as above", dps, status)]
    t1 = t1_bounds(pi, upper(kl), dps=dps)
    rows += [entry("T1 bound on rho_MI (pi x KL bound)", t1["kl"], "T1.kl", dps, status),
             entry("T1 bound on rho_MI (entropy h(pi))", t1["entropy"], "T1.entropy", dps, status)]
    rows += [{**e, "status": status} for e in success_entries(kl, pi, dps, "the T5 bound")]
    for text in fprs:
        alpha = check_probability("fpr", _exact_level(text))
        tpr = two_precisions(lambda: mpmath.ncdf(_quantile(alpha) + mu_up), dps, abs_tol=1, what="tpr")
        rows.append(entry(f"TPR bound at FPR {text}", tpr, "Gaussian DP trade-off Phi(Phi^-1(FPR) + mu), any "
                          "membership test", dps, status))
    return rows


def _span(lo, hi, dps: int) -> Certified:
    """The midpoint of ``[lo, hi]`` with half its width as the error (outward by a last-digit margin)."""
    mid = (lo + hi) / 2
    return Certified(mid, (hi - lo) / 2 + abs(mid) * mpmath.mpf(10) ** (-(dps + 25)), dps)


def _exact_level(text):
    from mileak.numeric.core.exact_input import exact_decimal

    return exact_decimal(text, "fpr") if isinstance(text, str) else text
