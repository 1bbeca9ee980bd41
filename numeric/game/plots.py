"""ROC plots (log-log) of every attack with the bound curves overlaid, written as PNG, PDF or SVG (by suffix).

>>> import os, tempfile
>>> from mileak.numeric.game.simulate import simulate
>>> r = simulate("gaussian-mean", {"n": 5, "sigma": 0.5}, trials=400, shadows=0, keep_bounds=True)
>>> path = os.path.join(tempfile.mkdtemp(), "roc.png"); roc_plot(r, path); os.path.getsize(path) > 0
True
"""

from __future__ import annotations

import os

import numpy as np

from mileak.numeric.core.atomic import PLOT_FORMATS, check_target, write_atomic

CURVE_FPRS = np.geomspace(1e-4, 1 - 1e-9, 60)


def save_figure(fig, path):
    """Atomically, in the format the suffix names (.png, .pdf or .svg)."""
    path = check_target(path, "plot", stdout_ok=False)
    fmt = PLOT_FORMATS[os.path.splitext(path)[1].lower()]
    write_atomic(path, lambda fh: fig.savefig(fh, dpi=110, format=fmt), "plot")


WORDS = {  # bound names of the reports -> what a practitioner calls them (legends)
    "T2 from T5": "KL bound from the sensitivity (T5)",
    "T2 from rho_KL": "KL bound from the exact leakage rho_KL (T2)",
    "T2 from mean neighbour KL": "KL bound from the mean neighbour KL (Monte Carlo)",
    "T2a from mean neighbour TV": "TV bound from the mean neighbour TV (Monte Carlo)",
    "Gaussian trade-off (MC estimate)": "best strong-adversary test (Gaussian trade-off, Monte Carlo estimate)",
    "GDP trade-off at Delta/sigma": "Gaussian DP trade-off (mu = sensitivity/sigma)",
}


def bound_words(name: str) -> str:
    """A bound's legend text: practitioner's words for the known names, the name itself otherwise."""
    return WORDS.get(name, name)


def _parameters_text(values: dict) -> str:
    return ", ".join(f"{k} = {v:.4g}" if isinstance(v, float) else f"{k} = {v}" for k, v in values.items())


def roc_plot(report: dict, path: str, title: str | None = None):
    """Empirical ROC of each attack (all trials) and each bound's TPR(FPR) curve; saved atomically."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    for name, e in report["attacks"].items():
        fpr, tpr = np.asarray(e["roc"]["fpr"]), np.asarray(e["roc"]["tpr"])
        ok = fpr > 0
        ax.step(fpr[ok], tpr[ok], where="post", lw=1.6, label=f"{name} (AUC {e['auc']['auc']:.3f})")
    for b in report.get("_bounds", []):
        if b.get("curve") is None:
            continue
        ys = np.array([b["curve"](a) for a in CURVE_FPRS])
        ax.plot(CURVE_FPRS, ys, ls="--", lw=1.2, label=bound_words(b["name"]))
    ax.plot(CURVE_FPRS, CURVE_FPRS, color="grey", lw=0.8, ls=":", label="chance")
    ax.set(xscale="log", yscale="log", xlim=(1e-4, 1), ylim=(1e-4, 1.05), xlabel="false-positive rate",
           ylabel="true-positive rate")
    ax.set_title(title or f"{report['family']} ({report['release']} release), {report['adversary']} adversary, "
                 f"{report['used_trials']} trials\n{_parameters_text(report.get('values', {}))}", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)


def sweep_plot(summary: dict, path: str, max_lines: int = 6):
    """Attack success (best attack, with intervals) and the tightest success bound vs each swept parameter."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(summary["config"]["grid"])
    fig, axes = plt.subplots(1, len(names), figsize=(5.2 * len(names), 4.2), squeeze=False)
    for ax, name in zip(axes[0], names):
        others = [k for k in names if k != name]
        groups = {}
        for p in summary["points"]:
            groups.setdefault(tuple(p["point"][k] for k in others), []).append(p)
        for j, (key, pts) in enumerate(list(groups.items())[:max_lines]):
            pts = sorted(pts, key=lambda q: q["point"][name])
            x = [q["point"][name] for q in pts]
            y = np.array([q["success"] for q in pts])
            low, high = [q["success_low"] for q in pts], [q["success_high"] for q in pts]
            label = ", ".join(f"{k}={v:g}" for k, v in zip(others, key))
            suffix = f" ({label})" if label else ""
            (line,) = ax.plot(x, y, marker="o", ms=3, lw=1.4, label=f"best attack{suffix}")
            ax.fill_between(x, low, high, color=line.get_color(), alpha=0.18, lw=0)  # its confidence band
            bounds = [q["success_bound"] for q in pts]
            if all(b is not None for b in bounds):
                ax.plot(x, bounds, ls="--", color=line.get_color(), lw=1, label=f"tightest bound{suffix}")
        xs = [p["point"][name] for p in summary["points"]]
        if min(xs) > 0 and max(xs) / min(xs) > 10:
            ax.set_xscale("log")
        ax.set(xlabel=name, ylabel="membership success P[psi = M]")
        ax.legend(fontsize=6)
    config = summary["config"]
    level = config["options"].get("level", 0.999)
    fixed = _parameters_text(config.get("fixed", {}))
    fig.suptitle(f"{config['family']}: best attack's success (band: {100 * level:g}% interval) vs the tightest "
                 f"bound; {config['trials']} trials per point" + (f"; {fixed}" if fixed else ""), fontsize=9)
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)


def tradeoff_plot(curves: dict, path: str, title: str):
    """Trade-off curves TPR(FPR) on log-log axes: ``curves`` maps a legend label to ``(fprs, tprs, style)``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    for label, (fprs, tprs, style) in curves.items():
        ax.plot(fprs, tprs, style, lw=1.4, label=label)
    ax.plot(CURVE_FPRS, CURVE_FPRS, color="grey", lw=0.8, ls=":", label="chance")
    ax.set(xscale="log", yscale="log", xlim=(1e-4, 1), ylim=(1e-4, 1.05), xlabel="false-positive rate",
           ylabel="true-positive rate")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)
