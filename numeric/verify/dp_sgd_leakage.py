"""``mileak leakage dp-sgd``: the membership leakage of a DP-SGD training run from its configuration (T7).

Given the Poisson sampling rate ``q``, the noise multiplier ``z`` and the number of steps ``T``, each row is
labelled exact, certified, bound or comparison:

* the per-step KL of both games (add/remove, replace) and both directions, by certified quadrature
  (:mod:`mileak.numeric.dp.subsampled_gaussian`), and the chi-square bounds of T7.chi2 / T7.kl_step;
* ``rho_KL <= T D(P1||P0)`` (T7.compose; for the replace game's population adversary the replace pair
  bounds ``rho_KL`` by joint convexity), T1's membership-information bound, T2's success bounds and the TPR
  at each FPR from ``d(beta||alpha) <= rho_KL``;
* for comparison: the GDP central-limit ``mu = q sqrt(T (exp(1/z^2) - 1))`` (an approximation, not a bound)
  and, when dp_accounting is installed, its PLD accountant's ``eps`` at ``delta = 1e-5`` and TPR at each FPR
  (``min over eps of e^eps FPR + delta(eps)``, add/remove).
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.checks import check_int, check_probability, to_mpf
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.exact_input import exact_decimal
from mileak.numeric.core.normal import _quantile
from mileak.numeric.core.precision import DEFAULT_DPS, MAX_LEAKAGE_DPS, validate_dps, working_precision
from mileak.numeric.dp.accountant import pld_accountant, pld_tpr
from mileak.numeric.dp.convert import DEFAULT_FPRS
from mileak.numeric.dp.subsampled_gaussian import check_step, chi2_add_remove, chi2_replace, step_kl
from mileak.numeric.measures.hypothesis_testing import tpr_upper_bound
from mileak.numeric.measures.registered_bounds import t1_bounds
from mileak.numeric.measures.report_entries import entry, success_entries, upper

PARAMETERS = {  # name -> (domain, meaning): what `mileak leakage dp-sgd --list-params` prints
    "q": ("(0, 1]", "Poisson sampling rate (batch size / dataset size)"),
    "z": ("(0, oo)", "noise multiplier (noise standard deviation / clip norm)"),
    "steps": ("int in [1, 10000000]", "number of DP-SGD steps T"),
}
GAMES = {"add_remove": "add/remove", "replace": "replace"}


def check_configuration(values: dict) -> tuple:
    """``(q, z, steps)`` from ``values`` (exact numbers or text); every missing or unknown name said at once."""
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict with q, z and steps, got {type(values).__name__}")
    unknown = sorted(set(values) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"dp-sgd has no parameter {unknown[0]!r}; valid: {', '.join(PARAMETERS)}")
    missing = [k for k in PARAMETERS if k not in values]
    if missing:
        raise ValueError(f"dp-sgd is missing {len(missing)} parameter{'s' if len(missing) > 1 else ''}: "
                         + ", ".join(f"{k} in {PARAMETERS[k][0]} ({PARAMETERS[k][1]})" for k in missing))
    q, z = check_step(values["q"], values["z"])
    steps = values["steps"]
    steps = exact_decimal(steps, "steps") if isinstance(steps, str) else steps
    return q, z, check_int("steps", steps, 1, 10**7)


def dp_sgd_leakage(values: dict, pi=0.5, dps: int = DEFAULT_DPS, fprs=DEFAULT_FPRS, accountant: bool = True) -> dict:
    """The report of a DP-SGD configuration ``{"q", "z", "steps"}`` (see the module docstring)."""
    dps = validate_dps(dps, MAX_LEAKAGE_DPS, "mileak leakage's ceiling")
    check_probability("pi", pi)
    q, z, steps = check_configuration(values)
    levels = [(text, check_probability("fpr", exact_decimal(text, "fpr") if isinstance(text, str) else text))
              for text in fprs]
    rows = []
    chi2 = chi2_add_remove(q, z, dps)
    rows.append(entry("per-step chi^2(in||out), add/remove", chi2, "T7.chi2: q^2 (exp(1/z^2) - 1)", dps, "exact"))
    with working_precision(dps + 30):
        log_bound = two_precisions(lambda: mpmath.log1p(upper(chi2)), dps, what="log(1 + chi^2)")
    rows.append(entry("per-step KL bound log(1 + chi^2), add/remove", log_bound, "T7.kl_step (= the Renyi "
                      "divergence of order 2)", dps, "bound"))
    rows.append(entry("per-step chi^2(in||out), replace", chi2_replace(q, z, dps), "certified quadrature (no closed "
                      "form; antipodal pair)", dps, "exact"))
    if q != 1:  # the replace pair's out-density is at least (1-q) N(0, z^2): chi^2 <= 4 q^2 sinh(1/z^2) / (1 - q)
        def replace_bound():  # the inputs read at the working precision of each of the two runs
            qq, zz = to_mpf("q", q), to_mpf("z", z)
            return 4 * qq**2 * mpmath.sinh(1 / zz**2) / (1 - qq)

        rows.append(entry("per-step chi^2 bound 4 q^2 sinh(1/z^2)/(1 - q), replace", two_precisions(
            replace_bound, dps, what="chi^2 bound"),
            "int (p - r)^2 / r with r >= (1-q) N(0, z^2) and int N(1) N(-1) / N(0) = exp(-1/z^2)", dps, "bound"))
    composed = {}
    for game, label in GAMES.items():
        for direction, words in (("in_out", "D(in||out)"), ("out_in", "D(out||in)")):
            kl = step_kl(q, z, game, direction, dps)
            rows.append(entry(f"per-step KL {words}, {label}", kl, "certified quadrature of the step's pair", dps,
                              "exact"))
            if direction == "in_out":
                composed[game] = kl.scaled(steps)
    for game, label in GAMES.items():
        rho = composed[game]
        what = "T7.compose: steps x per-step KL" + ("" if game == "add_remove" else
                                                     " (replace pair; rho_KL of the paper's game by joint convexity)")
        rows.append(entry(f"rho_KL bound, {label}", rho, what, dps, "bound"))
        t1 = t1_bounds(pi, upper(rho), dps=dps)
        rows.append(entry(f"T1 bound on rho_MI (pi x rho_KL), {label}", t1["kl"], "T1.kl", dps, "bound"))
        rows += [{**e, "quantity": f"{e['quantity']}, {label}", "status": "bound"}
                 for e in success_entries(rho, pi, dps, "rho_KL")]
        for text, alpha in levels:
            rows.append(entry(f"TPR bound at FPR {text}, {label}", tpr_upper_bound(alpha, upper(rho), dps),
                              "T2.roc: largest beta with d(beta||alpha) <= rho_KL", dps, "bound"))
    rows += _comparisons(q, z, steps, levels, dps, accountant)
    return {"mechanism": "dp-sgd", "parameters": {"q": str(q), "z": str(z), "steps": steps},
            "pi": str(pi), "entries": rows}


def _comparisons(q, z, steps, levels, dps, accountant):
    """The GDP central-limit approximation, and dp_accounting's PLD accountant when it is installed."""
    rows = []
    with working_precision(dps + 30):
        qq, zz = to_mpf("q", q), to_mpf("z", z)
        mu = qq * mpmath.sqrt(steps * mpmath.expm1(1 / zz**2))
    for text, alpha in levels:
        tpr = two_precisions(lambda: mpmath.ncdf(_quantile(alpha) + mu), dps, abs_tol=1, what="gdp tpr")  # noqa: B023
        rows.append(entry(f"TPR at FPR {text}, GDP central limit mu = {mpmath.nstr(mu, 6)}", tpr,
                          "approximation (central limit in T), not a bound", dps, "comparison"))
    if not accountant:
        return rows
    for game, label in GAMES.items():
        pld = pld_accountant(float(q), float(z), steps, game)
        if pld is None:
            rows.append({"quantity": "PLD accountant", "value": None, "error": None, "status": "not available",
                         "source": "pip install dp-accounting for the exact trade-off"})
            return rows
        source = f"dp_accounting PLD accountant ({label}), float64"
        suffix = "" if game == "add_remove" else f", {label}"
        rows.append({"quantity": f"eps at delta = 1e-5 (PLD){suffix}", "value": f"{pld.get_epsilon(1e-5):.6g}",
                     "error": None, "status": "comparison", "source": source})
        for text, alpha in levels:
            rows.append({"quantity": f"TPR at FPR {text} (PLD trade-off){suffix}",
                         "value": f"{pld_tpr(pld, float(alpha)):.6g}", "error": None, "status": "comparison",
                         "source": source + ": min over eps of e^eps FPR + delta(eps)"})
    return rows


def dp_sgd_curves(values: dict, points: int = 30) -> dict:
    """The three trade-off curves of a run, for a plot: ``label -> (fprs, tprs, line style)``: the KL bound of
    each game (T7 + T2.roc), the PLD accountant's trade-off (add/remove, when installed) and the GDP central
    limit (an approximation)."""
    import numpy as np
    from scipy.stats import norm

    q, z, steps = check_configuration(values)
    fprs = np.geomspace(1e-4, 0.5, points)
    out = {}
    for game, label in GAMES.items():
        rho = upper(step_kl(q, z, game, dps=20).scaled(steps))
        out[f"KL bound (T7 + T2), {label}"] = (fprs, [float(tpr_upper_bound(mpmath.mpf(a), rho, 20).value) for a in fprs],
                                               "-" if game == "add_remove" else "-.")
    pld = pld_accountant(float(q), float(z), steps)
    if pld is not None:
        out["PLD exact trade-off (dp_accounting), add/remove"] = (fprs, [pld_tpr(pld, a) for a in fprs], "-")
    mu = float(q) * np.sqrt(steps * np.expm1(1 / float(z) ** 2))
    out[f"GDP central limit mu = {mu:.3g} (approximation)"] = (fprs, norm.cdf(norm.ppf(fprs) + mu), "--")
    return out
