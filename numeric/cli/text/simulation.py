"""Text for the terminal: ``mileak simulate``: attacks, bounds, gap ratios and exceedances."""

from __future__ import annotations

import math


def _fmt(x, digits=4):
    if x is None:
        return "-"
    return "inf" if x is None or (isinstance(x, float) and math.isinf(x)) else f"{x:.{digits}g}"


def _tpr_cell(t) -> str:
    """The TPR at the nominal FPR when the realised FPR's interval contains it; otherwise named with the
    realised FPR it was measured at."""
    tpr = format(t["tpr"]["value"], ".4g")
    return tpr if t.get("at_nominal", True) else f"{tpr} at FPR {t['fpr']['value']:.2g}"


def gap_text(name: str, row: dict) -> str:
    """The tightest bound against the attack, worded so that no number can be read as an exceedance."""
    if math.isinf(row["gap_ratio"]):
        return (f"  room under the bound, {name}: no measured advantage (success <= max(pi, 1 - pi)); tightest "
                f"success bound {row['bound']}")
    if row["gap_ratio"] >= 1:
        return (f"  room under the bound, {name}: the tightest success bound ({row['bound']}) allows "
                f"{_fmt(row['gap_ratio'], 3)}x the attack's measured advantage")
    return (f"  room under the bound, {name}: none; the measured advantage is {_fmt(1 / row['gap_ratio'], 3)}x what "
            f"the tightest bound ({row['bound']}) allows, within the intervals (the bound is reached, not exceeded)")


def simulate_text(r: dict) -> str:
    pct = f"{100 * r['level']:g}%"
    lines = [f"mileak simulate: {r['family']} ({r['release']} release), {r['adversary']} adversary, "
             f"{r['used_trials']} trials ({r['dropped']} dropped: did not converge), seed {r['seed']}, pi = {r['pi']}, "
             f"{pct} intervals" + (f", LiRA with {r['shadows']} shadow models per target" if r["shadows"] else "")]
    shown = (f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}" for k, v in r["values"].items())
    lines.append("  parameters: " + ", ".join(shown))
    for text in r.get("unproved_assumptions", []):
        lines.append(f"  assumption of the fits' certificate, unproved: {text}")
    if r["dp"]:
        d = r["dp"]
        lines.append(f"  DP: ({d['eps']:g}, {d['delta']:g}) {d['calibration']} calibration, sensitivity {d['sensitivity']:.6g}, "
                     f"sigma {d['sigma']:.6g}")
    head = f"  {'attack':10}{'success [' + pct + ' CI]':28}{'AUC [CI]':26}"
    head += "".join(f"{'TPR@' + format(a, 'g'):24}" for a in r["fprs"])
    lines += ["", head]
    for name, e in r["attacks"].items():
        s, a = e["success"], e["auc"]
        row = f"  {name:10}{s['value']:.4f} [{s['low']:.4f}, {s['high']:.4f}]      "
        row += f"{a['auc']:.4f} [{a['low']:.4f}, {a['high']:.4f}]    "
        row += "".join(f"{_tpr_cell(t):24}" for t in e["tpr_at_fpr"])
        lines.append(row)
    if any(not t.get("at_nominal", True) for e in r["attacks"].values() for t in e["tpr_at_fpr"]):
        lines.append("  (a TPR marked 'at FPR x' is at the realised FPR x: the nominal level lies outside its "
                     f"{pct} interval)")
    lines += ["", f"  {'bound':34}{'success':>9}{'AUC':>8}  {'status':12} source"]
    for b in r["bounds"]:
        kl = f" (KL {_fmt(b['kl'])})" if b.get("kl") is not None else ""
        lines.append(f"  {b['name'][:34]:34}{b['success']:>9.4f}{_fmt(b['auc']):>8}  {b['status']:12} {b['source']}{kl}")
    tight = {}
    for row in r["comparison"]:
        best = tight.get(row["attack"])
        if best is None or row["success_bound"] < best["success_bound"]:
            tight[row["attack"]] = row
    lines.append("")
    for name, row in tight.items():
        lines.append(gap_text(name, row))
    if r["exceeded"]:
        lines.append("")
        for row in r["exceeded"]:
            lines.append(f"  !!! {row['attack']} EXCEEDS '{row['bound']}': {'; '.join(row['exceeds'])}")
            lines.append(f"      a bug or a falsified theorem: look at the assumption: {row['look_at']}")
    else:
        lines.append("  check: no attack exceeds any bound beyond its interval")
    return "\n".join(lines)


def canary_audit_text(r: dict) -> str:
    """``mileak simulate dp-sgd``: the canary adversary's scorecard beside T7, then the PLD comparison."""
    body = simulate_text({**r, "family": "dp-sgd", "release": "noisy gradient sums", "used_trials": r["trials"],
                          "dropped": 0, "pi": 0.5, "shadows": 0, "dp": None,
                          "values": {"q": r["q"], "z": r["z"], "steps": r["steps"]}})
    lines = body.splitlines()
    games = (f"{r['models']} models trained by DP-SGD on n = {r['n']}, p = {r['p']} (lr {r['lr']:g}, clip {r['C']:g})"
             if "models" in r else f"{r['trials']} games")
    lines[0] = (f"mileak simulate dp-sgd: {r['adversary']} (add/remove game), {games}, seed {r['seed']}, "
                f"{100 * r['level']:g}% intervals; rho_KL bound (T7) {r['rho_kl_bound']:.6g}")
    for row in r.get("pld", []):
        lines.append(f"  vs the PLD accountant's exact trade-off: at FPR {row['attack_fpr']:.3g} (nominal {row['fpr']:g}) "
                     f"the attack's TPR {row['attack_tpr']:.4g} [{row['attack_tpr_interval'][0]:.4g}, "
                     f"{row['attack_tpr_interval'][1]:.4g}], the PLD allows {row['pld_tpr_at_attack_fpr']:.4g} "
                     f"({row['pld_tpr_at_attack_fpr_high']:.4g} at the FPR's upper limit)")
    return "\n".join(lines)
