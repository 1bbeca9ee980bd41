"""Compare each attack with each bound: flag an attack whose lower confidence limit exceeds a bound.

For success and AUC the comparison is ``low > bound``. For TPR at a nominal
FPR the bound is taken at the *upper* limit of the realised FPR (a bound on
TPR rises with FPR), so the check is ``tpr.low > bound(fpr.high)``. An
exceedance is either a bug or a falsified theorem; the report prints the
bound's assumption to look at. The gap ratio is bound advantage over empirical
advantage, advantage = success - max(pi, 1 - pi) (``inf`` when the attack has none).
"""

from __future__ import annotations

import math


def _gap(bound_success, emp_success, pi):
    base = max(pi, 1 - pi)
    emp = emp_success - base
    return (bound_success - base) / emp if emp > 0 else math.inf


def compare(card: dict, bounds: list, pi: float) -> list:
    rows = []
    for attack, entry in card.items():
        s = entry["success"]
        for b in bounds:
            row = {"attack": attack, "bound": b["name"], "success_bound": b["success"],
                   "success": s["value"], "success_low": s["low"], "gap_ratio": _gap(b["success"], s["value"], pi),
                   "exceeds": []}
            if s["low"] > b["success"]:
                row["exceeds"].append(f"success {s['low']:.4f} (lower limit) > {b['success']:.4f}")
            if b.get("auc") is not None and entry["auc"]["low"] > b["auc"]:
                row["exceeds"].append(f"AUC {entry['auc']['low']:.4f} (lower limit) > {b['auc']:.4f}")
            if b.get("tpr") is not None:
                row["tpr_bounds"] = []
                for t in entry["tpr_at_fpr"]:
                    at = min(max(t["fpr"]["high"], 1e-300), 1 - 1e-16)
                    value = b["tpr"](at)
                    row["tpr_bounds"].append({"nominal_fpr": t["nominal_fpr"], "at_fpr": at, "bound": value})
                    if t["tpr"]["low"] > value:
                        row["exceeds"].append(f"TPR {t['tpr']['low']:.4g} at FPR <= {at:.3g} > {value:.4g}")
            if row["exceeds"]:
                row["look_at"] = b["assumption"]
            rows.append(row)
    return rows
