"""``mileak falsify --grid``: the phase diagram as one map per ``p`` (rows ``lam``, columns ``n``) and its
boundaries."""

from __future__ import annotations

MARK = {"rises": "R", "falls": ".", "inconclusive": "?"}
MISS = {"neighbour_averaged": "0.001", "paper_rho_kl": "0.002", "paper_rho_mi": "0.002"}  # 99.8%: two 99.9% sides
NAMES = {"neighbour_averaged": "neighbour-averaged KL E D(q(.|D_rest+z) || q(.|D_rest+z'))",
         "paper_rho_kl": "the paper's rho_KL = E_z D(P1_z || P0) (nested Monte Carlo)",
         "paper_rho_mi": "the paper's rho_MI at pi = 1/2 (nested Monte Carlo)"}


def phase_text(result: dict) -> str:
    c = result["config"]
    budget = ", ".join(f"{k} {v}" for k, v in c["budget"].items())
    out = [f"{c['claim']} on {c['family']} ({c['release']} release): {NAMES[c['quantity']]}, {c['step']}",
           f"each cell a paired test ({budget}; wrong with probability <= {MISS[c['quantity']]} per cell): R rises "
           "(the claim fails), . falls, ? inconclusive (budget spent)"]
    cells = result["cells"]
    for p in sorted({x["p"] for x in cells}):
        mine = [x for x in cells if x["p"] == p]
        ns = sorted({x["n"] for x in mine})
        width = max(4, *(len(f"{n / p:.3g}") + 1 for n in ns))
        out.append(f"p = {p}")
        out.append("  " + f"{'n':>11}" + "".join(f"{n:>{width}}" for n in ns))
        out.append("  " + f"{'n/p':>11}" + "".join(f"{n / p:>{width}.3g}" for n in ns))
        for lam in sorted({x["lam"] for x in mine}):
            row = {x["n"]: x for x in mine if x["lam"] == lam}
            out.append("  " + f"{'lam=' + format(lam, 'g'):>11}" + "".join(f"{MARK[row[n]['verdict']]:>{width}}"
                                                                         for n in ns))
    out.append("boundary (largest n/p seen to rise, smallest larger n/p seen to fall):")
    predicted = {x["lam"]: x["ratio"] for x in (result.get("predicted") or {}).get("at_grid", [])}
    for b in result["boundaries"]:
        if b["last_rise"] is None:
            where = "never seen to rise"
        else:
            where = f"rises up to n/p = {b['last_rise']:.3g}, " + (
                f"falls from {b['first_fall']:.3g}" if b["first_fall"] is not None else "not seen to fall above it")
        limit = ""
        if b["lam"] in predicted:
            r = predicted[b["lam"]]
            limit = "; the limit predicts " + ("no rise at n/p >= 0.001" if r is None else f"rises below n/p = {r:.3g}")
        out.append(f"  p = {b['p']}, lam = {b['lam']:g}: {where} ({b['rises']}/{b['cells']} cells rise){limit}")
    open_cells = [x for x in cells if x["verdict"] == "inconclusive"]
    for x in open_cells:
        spent = f"{x['trials']} paired draws" if "trials" in x else f"{x['outer']} outer, {x['inner']} inner draws"
        out.append(f"  inconclusive at p = {x['p']}, n = {x['n']}, lam = {x['lam']:g}: budget of {spent} spent, "
                   f"interval [{x['low']:.3g}, {x['high']:.3g}]")
    if result.get("predicted"):
        out.append(f"  (limit: {result['predicted']['label']}, docs/theory.md F2)")
    k = result["counts"]
    out.append(f"cells: {k['rises']} rise, {k['falls']} fall, {k['inconclusive']} inconclusive; "
               f"{result['resumed']} of {len(cells)} read from {result['folder']}")
    return "\n".join(out)
