"""Text for the terminal: ``mileak sweep``: one line per grid point."""

from __future__ import annotations


def sweep_text(r: dict) -> str:
    cfg = r["config"]
    out = [f"mileak sweep {cfg['family']}: {len(r['points'])} points ({r['resumed']} already done, resumed), "
           f"{cfg['trials']} trials each, seed {cfg['seed']}, folder {r['folder']}"]
    names = list(cfg["grid"])
    out.append("  " + "".join(f"{k:>10}" for k in names) + f"{'attack':>10}{'success':>10}{'AUC':>8}{'bound':>9}"
               f"{'mean KL':>11}  flags")
    for p in r["points"]:
        sb = f"{p['success_bound']:.4f}" if p["success_bound"] is not None else "-"
        flag = "EXCEEDS A BOUND" if p["exceeded"] else ""
        out.append("  " + "".join(f"{p['point'][k]:>10g}" for k in names) + f"{p['best_attack']:>10}{p['success']:>10.4f}"
                   f"{p['auc']:>8.4f}{sb:>9}{p['mean_neighbour_kl']:>11.4g}  {flag}")
    return "\n".join(out)
