"""A phase diagram's plot: one panel per ``p`` over ``(n/p, lam)`` (log axes), each cell marked by its verdict,
and the boundary where the claim starts to hold; written as PNG, PDF or SVG (by suffix), atomically.

An ``overlay`` (label -> ``(lams, ratios)``) draws curves on every panel, e.g. a boundary predicted in the
proportional limit.
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.game.plots import save_figure

STYLE = {"rises": ("^", "tab:red", "rises (claim fails)"), "falls": ("v", "tab:blue", "falls"),
         "inconclusive": ("o", "tab:grey", "inconclusive (budget spent)")}


def boundary_curve(boundaries: list[dict], p: int):
    """``(lams, ratios)`` of the drawn boundary at ``p``: between the largest rising ``n/p`` and the smallest
    larger falling one (their geometric mean), for each ``lam`` with both."""
    pts = [(b["lam"], float(np.sqrt(b["last_rise"] * b["first_fall"])))
           for b in boundaries if b["p"] == p and b["last_rise"] is not None and b["first_fall"] is not None]
    return [lam for lam, _ in pts], [r for _, r in pts]


def phase_plot(result: dict, path: str, overlay: dict | None = None):
    """The plot (module docstring); the result's own ``predicted`` boundary is overlaid with ``overlay``. Drawn on a
    bare ``Figure`` (no pyplot), so a notebook's backend and open figures are left alone."""
    from matplotlib.figure import Figure

    cells, config = result["cells"], result["config"]
    overlay = dict(overlay or {})
    predicted = result.get("predicted")
    if predicted:
        kept = [x for x in predicted["curve"] if x["ratio"] is not None]
        overlay[predicted["label"]] = ([x["lam"] for x in kept], [x["ratio"] for x in kept])
    ps = sorted({c["p"] for c in cells})
    fig = Figure(figsize=(4.4 * len(ps), 4.0))
    axes = fig.subplots(1, len(ps), squeeze=False, sharey=True)
    for ax, p in zip(axes[0], ps):
        mine = [c for c in cells if c["p"] == p]
        for verdict, (marker, colour, label) in STYLE.items():
            pts = [c for c in mine if c["verdict"] == verdict]
            if pts:
                ax.scatter([c["ratio"] for c in pts], [c["lam"] for c in pts], marker=marker, color=colour, s=36,
                           label=label, zorder=3)
        lams, ratios = boundary_curve(result["boundaries"], p)
        if lams:
            ax.plot(ratios, lams, color="black", lw=1.4, marker="|", ms=10, label="boundary (simulated)", zorder=2)
        for j, (label, (xs_lam, xs_ratio)) in enumerate(overlay.items()):
            ax.plot(xs_ratio, xs_lam, ls="--", lw=1.2, color=f"C{j + 2}", label=label, zorder=1)
        ratios_all = [c["ratio"] for c in mine]
        ax.set(xscale="log", yscale="log", xlabel="n / p", title=f"p = {p}",
               xlim=(min(ratios_all) / 1.4, max(ratios_all) * 1.4))
        ax.grid(True, which="major", lw=0.3, alpha=0.5)
    axes[0][0].set_ylabel("lam")
    labels = {}
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            labels.setdefault(label, handle)
    fig.legend(list(labels.values()), list(labels), loc="lower center", ncol=min(len(labels), 5), fontsize=8)
    fig.suptitle(f"{config['claim']} on {config['family']} ({config['release']} release), {config['quantity']}: "
                 f"{config['step']}; " + ", ".join(f"{k} {v}" for k, v in config["budget"].items()), fontsize=9)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    save_figure(fig, path)
