"""Tan et al. (2022): does more regularisation raise membership vulnerability when ``p > n``?

Run on the family whose plug-in declares this path (``exact_release_path``; F2 ridge in the catalogue),
or on any family with an engine and an exact release passed as ``family``.

With the exact (noise-free) ridge release the neighbouring KL is infinite, so
the question is asked of an attack under population sampling (docs/theory.md F2):
LiRA's AUC, advantage and TPR at a low FPR along a path of ``lam``. Every
``lam`` plays the *same* trials (same seed: the data draws do not depend on
``lam``), so adjacent points are compared paired: AUC by paired DeLong, TPR at
the FPR level by the per-member difference of the two tests' decisions on the
test half (thresholds chosen on the calibration half), each with a normal
interval at ``level``. A rise whose whole interval is above 0 is a confirmed
population-level counterexample to T4 for that metric (outside T4's assumptions:
T4 is proved for F1 and for the T5 bound, not for ridge's attack metrics).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from mileak.numeric.core.checks import check_choice, check_float, check_seed
from mileak.numeric.families.registry import make_engine, plugin, plugins
from mileak.numeric.game.membership_game import check_shadows, check_trials, play
from mileak.numeric.game.metrics import DEFAULT_LEVEL, auc_delong, auc_difference, check_fpr, check_level, roc_at_fpr

DEFAULT_LAMS = (1e-3, 1e-2, 1e-1, 1.0, 10.0)
SETTINGS = ({"p": 20, "n": 10}, {"p": 11, "n": 10}, {"p": 5, "n": 50})  # p > n (twice), p < n


def _tpr_decisions(scores, members, half, alpha):
    cal_neg = np.sort(scores[:half][~members[:half]])
    allowed = int(np.floor(alpha * cal_neg.size))
    t = cal_neg[cal_neg.size - allowed - 1] if allowed < cal_neg.size else -np.inf
    test_members = scores[half:][members[half:]]
    return (test_members > t).astype(float), t


def _paired_mean(d, level):
    z = float(stats.norm.ppf(0.5 + level / 2))
    se = float(np.std(d, ddof=1) / np.sqrt(d.size)) if d.size > 1 else float("inf")
    m = float(np.mean(d))
    return {"difference": m, "low": m - z * se, "high": m + z * se}


def _verdict(c):
    return "rises" if c["low"] > 0 else "falls" if c["high"] < 0 else "inconclusive"


def path_family(claim: str = "T4"):
    """The registered family whose plug-in declares the exact-release attack path for ``claim``."""
    found = [plug for plug in plugins() if plug.exact_release_path == claim]
    if not found:
        raise ValueError(f"no registered family declares an exact-release attack path for {claim}")
    return found[0]


def lambda_path(p: int, n: int, lams=DEFAULT_LAMS, trials: int = 20000, seed: int = 0, shadows: int = 16,
                s: float = 1.0, fpr: float = 1e-2, level: float = DEFAULT_LEVEL, attack: str = "lira", progress=None,
                family=None) -> dict:
    """LiRA (or ``loss``) metrics along ``lams`` for one ``(p, n)``, with paired comparisons of neighbours.

    ``s`` is passed to families that declare it (label noise); ``family`` defaults to :func:`path_family`.
    """
    level, fpr = check_level(level), check_fpr(fpr, "fpr")
    if lams is None or isinstance(lams, (str, bytes)) or not hasattr(lams, "__iter__"):
        raise TypeError(f"lams must be a sequence of regularisation weights, got {lams!r:.60}")
    lams = [check_float(f"lams[{i}]", x, lo=0, lo_open=True) for i, x in enumerate(lams)]
    if len(lams) < 2 or sorted(set(lams)) != lams:
        raise ValueError(f"lams={lams!r} must be at least two increasing values in (0, oo)")
    check_choice("attack", attack, ("lira", "loss"))
    if attack == "lira" and check_shadows(shadows) < 4:
        raise ValueError(f"shadows={shadows!r} must be an even int >= 4 for the LiRA attack")
    check_trials(trials), check_seed(seed), check_float("s", s, lo=0, lo_open=True)
    plug = path_family() if family is None else plugin(family)
    extra = {"s": s} if "s" in {q.name for q in plug.family.parameters} else {}
    games = []
    for i, lam in enumerate(lams):
        engine = make_engine(plug.family, "exact", {"n": n, "p": p, "lam": lam, **extra})
        games.append(play(engine, trials, seed=seed, shadows=shadows))
        if progress:
            progress(i + 1, len(lams))
    if any(g.trials != games[0].trials or not np.array_equal(g.members, games[0].members) for g in games):
        raise ValueError("the games along the path are not paired (dropped trials differ); raise trials or shadows")
    m, half = games[0].members, games[0].trials // 2
    points, steps = [], []
    for lam, g in zip(lams, games):
        sc = g.scores[attack]
        rate = roc_at_fpr(sc[:half][m[:half]], sc[:half][~m[:half]], sc[half:][m[half:]], sc[half:][~m[half:]], fpr, level)
        points.append({"lam": lam, "auc": auc_delong(sc[m], sc[~m], level), "tpr": rate["tpr"], "fpr": rate["fpr"]})
    for (la, ga), (lb, gb) in zip(zip(lams, games), zip(lams[1:], games[1:])):
        sa, sb = ga.scores[attack], gb.scores[attack]
        dauc = auc_difference(sa[m], sa[~m], sb[m], sb[~m], level)
        da, _ = _tpr_decisions(sa, m, half, fpr)
        db, _ = _tpr_decisions(sb, m, half, fpr)
        dtpr = _paired_mean(db - da, level)
        steps.append({"from": la, "to": lb, "auc": {**dauc, "verdict": _verdict(dauc)},
                      "tpr": {**dtpr, "verdict": _verdict(dtpr)}})
    return {"family": plug.name, "p": p, "n": n, "s": s, "attack": attack, "fpr": fpr, "trials": trials, "seed": seed,
            "shadows": shadows, "level": level, "points": points, "steps": steps,
            "confirmed_rises": [st for st in steps if "rises" in (st["auc"]["verdict"], st["tpr"]["verdict"])]}


def tan_experiment(settings=SETTINGS, **kw) -> list[dict]:
    return [lambda_path(st["p"], st["n"], **kw) for st in settings]
