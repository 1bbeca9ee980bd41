"""Every attack's numbers from one game: success, AUC and TPR at fixed FPRs, each with its interval.

The trials are split in two halves (first half: calibration, second: test).
A threshold an attack has to *choose* (the success-maximising one, or the
FPR-``alpha`` one) is chosen on the calibration half and counted on the test
half, so the reported rates are unbiased for the chosen test and their
Clopper-Pearson intervals are valid. The exact likelihood-ratio attack's
success uses its Bayes threshold ``ln((1 - pi) / pi)``, fixed in advance, on
all trials. AUC needs no threshold and uses all trials (DeLong interval).

>>> import numpy as np
>>> from mileak.numeric.game.membership_game import GameScores
>>> rng = np.random.default_rng(0); m = rng.uniform(size=4000) < 0.5
>>> g = GameScores("population", 0.5, m, {"loss": m + rng.normal(size=4000)}, np.zeros(4000), None, 4000)
>>> card = scorecard(g, fprs=(0.1,))
>>> 0.6 < card["loss"]["success"]["value"] < 0.75
True
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.game.metrics import (
    DEFAULT_LEVEL,
    auc_delong,
    best_threshold,
    check_fpr,
    check_level,
    roc_at_fpr,
    success_at_threshold,
)

DEFAULT_FPRS = (1e-1, 1e-2, 1e-3)
ROC_POINTS = 200


def roc_curve(pos, neg, points: int = ROC_POINTS):
    """Empirical ROC (all trials), thinned to about ``points`` points on a log-spaced FPR grid."""
    scores = np.concatenate([pos, neg])
    labels = np.concatenate([np.ones(len(pos), bool), np.zeros(len(neg), bool)])
    order = np.argsort(-scores, kind="stable")
    tpr = np.concatenate([[0.0], np.cumsum(labels[order]) / max(len(pos), 1)])
    fpr = np.concatenate([[0.0], np.cumsum(~labels[order]) / max(len(neg), 1)])
    grid = np.unique(np.concatenate([[0.0], np.geomspace(1.0 / max(len(neg), 1), 1.0, points)]))
    idx = np.minimum(np.searchsorted(fpr, grid, side="right") - 1, len(fpr) - 1)
    return fpr[idx].tolist(), tpr[idx].tolist()


def scorecard(game, fprs=DEFAULT_FPRS, level: float = DEFAULT_LEVEL) -> dict:
    level = check_level(level)
    fprs = tuple(check_fpr(a) for a in fprs)
    m = game.members
    half = game.trials // 2
    if m.sum() < 4 or (~m).sum() < 4:
        dropped = game.dropped
        if dropped and dropped >= game.trials:  # more trials would be dropped the same way: say why, not "raise"
            raise ValueError(f"{dropped} of {dropped + game.trials} games were dropped (a fit did not converge or a "
                             "score was not finite): the configuration is outside what float64 training resolves; "
                             "bring the data scale, lam or the noise nearer 1")
        raise ValueError(f"{game.trials} usable trials give too few members/non-members; raise trials")
    out = {}
    for name, s in game.scores.items():
        cal, test = slice(0, half), slice(half, None)
        if name == "exact_lr":
            threshold = np.log((1 - game.pi) / game.pi)
            success = success_at_threshold(s, m, threshold, level)
            success["threshold"] = "Bayes ln((1-pi)/pi), all trials"
        else:
            threshold = best_threshold(s[cal], m[cal])
            success = success_at_threshold(s[test], m[test], threshold, level)
            success["threshold"] = "chosen on the calibration half, counted on the test half"
        entry = {"success": success, "auc": auc_delong(s[m], s[~m], level)}
        entry["tpr_at_fpr"] = [roc_at_fpr(s[cal][m[cal]], s[cal][~m[cal]], s[test][m[test]], s[test][~m[test]], a, level)
                               for a in fprs]
        entry["roc"] = dict(zip(("fpr", "tpr"), roc_curve(s[m], s[~m])))
        out[name] = entry
    return out
