"""Text for the terminal: the over-parameterisation path (LiRA AUC and TPR along lam, paired steps)."""

from __future__ import annotations


def path_text(r: dict) -> str:
    regime = "p > n" if r["p"] > r["n"] else "p <= n"
    pct = f"{100 * r['level']:g}%"
    out = [f"ridge, exact release, population adversary ({r['attack']}), p = {r['p']}, n = {r['n']} ({regime}), "
           f"{r['trials']} paired trials, {pct} intervals"]
    out.append(f"  {'lam':>8} {'AUC':>8} {'TPR@' + format(r['fpr'], 'g'):>10} {'(FPR)':>8}")
    for pt in r["points"]:
        out.append(f"  {pt['lam']:>8g} {pt['auc']['auc']:>8.4f} {pt['tpr']['value']:>10.4f} {pt['fpr']['value']:>8.4f}")
    for st in r["steps"]:
        a, t = st["auc"], st["tpr"]
        out.append(f"  lam {st['from']:g} -> {st['to']:g}: AUC {a['difference']:+.4f} [{a['low']:+.4f}, {a['high']:+.4f}] "
                   f"{a['verdict']}; TPR {t['difference']:+.4f} [{t['low']:+.4f}, {t['high']:+.4f}] {t['verdict']}")
    return "\n".join(out)
