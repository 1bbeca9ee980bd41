"""Attack metrics with confidence intervals: success (Clopper-Pearson), AUC (DeLong), TPR at FPR.

* ``clopper_pearson(k, n, level)``: the exact binomial interval
  ``[B(a/2; k, n-k+1), B(1-a/2; k+1, n-k)]`` (``B`` the beta quantile).
* ``auc_delong(pos, neg, level)``: the Mann-Whitney AUC (ties count 1/2) with
  DeLong's variance ``S10/m + S01/n`` from the placement values, and a normal
  interval (cut to ``[0, 1]``: the AUC cannot leave it).
* ``roc_at_fpr(cal, test, alpha)``: the threshold is the ``(1 - alpha)``
  empirical quantile of the calibration half's non-member scores; TPR and the
  *realised* FPR are then counted on the held-out half, each with its
  Clopper-Pearson interval (so the nominal ``alpha`` is a target, the realised
  FPR is the measurement).

>>> lo, hi = clopper_pearson(50, 100, 0.95)
>>> round(lo, 4), round(hi, 4)
(0.3983, 0.6017)
>>> auc_delong([1, 2, 3], [0, 0.5, 1.0], 0.95)["auc"]
0.9444444444444444
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from mileak.numeric.core.checks import MAX_COUNT, check_array, check_float, check_int

DEFAULT_LEVEL = 0.999


def check_level(level):
    return check_float("level", level, 0, 1, lo_open=True, hi_open=True)


def check_fpr(alpha, name="FPR level"):
    return check_float(name, alpha, 0, 1, lo_open=True, hi_open=True)


def check_fprs(fprs):
    if fprs is None or isinstance(fprs, (str, bytes)) or not hasattr(fprs, "__iter__"):
        raise TypeError(f"fprs must be a sequence of FPR levels in (0, 1), got {fprs!r:.60}")
    fprs = tuple(check_fpr(a, "fprs: FPR level") for a in fprs)
    if not fprs:
        raise ValueError("fprs must name at least one FPR level in (0, 1)")
    return fprs


def check_scores(name, scores, min_size=1):
    """Attack scores: 1-D, real, no NaN (+-inf allowed: the exact release's likelihood ratio)."""
    arr = check_array(name, scores, 1, min_size=min_size, finite=False)
    if np.isnan(arr).any():
        raise ValueError(f"{name}: attack scores contain NaN")
    return arr


def clopper_pearson(k: int, n: int, level: float = DEFAULT_LEVEL):
    """Exact two-sided interval for a binomial proportion ``k / n``."""
    level = check_level(level)
    n = check_int("n", n, 1, MAX_COUNT)
    k = check_int("k", k, 0, n)
    a = 1 - level
    lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def proportion(k: int, n: int, level: float = DEFAULT_LEVEL) -> dict:
    lo, hi = clopper_pearson(k, n, level)
    return {"value": k / n, "low": lo, "high": hi, "count": int(k), "trials": int(n)}


def _finite_scores(both):
    """+-inf scores (exact release) rank correctly once mapped to finite extremes."""
    both = np.asarray(both, float)
    if np.isnan(both).any():
        raise ValueError("attack scores contain NaN")
    finite = both[np.isfinite(both)]
    big = (np.abs(finite).max() if finite.size else 0.0) + 1.0
    return np.clip(both, -2 * big, 2 * big)


def _placements(pos, neg):
    """DeLong's placement values ``(V10 (m,), V01 (n,), auc)`` from midranks."""
    m = len(pos)
    both = _finite_scores(np.concatenate([pos, neg]))
    ranks = stats.rankdata(both)
    rp, rn = ranks[:m], ranks[m:]
    n = both.size - m
    auc = (rp.sum() - m * (m + 1) / 2) / (m * n)
    v10 = (rp - stats.rankdata(both[:m])) / n
    v01 = 1 - (rn - stats.rankdata(both[m:])) / m
    return v10, v01, float(auc)


def auc_difference(pos_a, neg_a, pos_b, neg_b, level: float = DEFAULT_LEVEL) -> dict:
    """``AUC_b - AUC_a`` for two scores of the *same* trials (paired DeLong: the covariance is used)."""
    level = check_level(level)
    if len(pos_a) != len(pos_b) or len(neg_a) != len(neg_b) or min(len(pos_a), len(neg_a)) < 2:
        raise ValueError("paired AUC difference needs the same members and non-members (at least 2 each) for both scores")
    a10, a01, auc_a = _placements(pos_a, neg_a)
    b10, b01, auc_b = _placements(pos_b, neg_b)
    se = float(np.sqrt(np.var(b10 - a10, ddof=1) / len(a10) + np.var(b01 - a01, ddof=1) / len(a01)))
    z = float(stats.norm.ppf(0.5 + level / 2))
    d = auc_b - auc_a
    return {"difference": d, "low": d - z * se, "high": d + z * se, "se": se, "auc_a": auc_a, "auc_b": auc_b}


def auc_delong(pos, neg, level: float = DEFAULT_LEVEL) -> dict:
    """AUC = P(score_member > score_nonmember) + P(=)/2 with DeLong's interval."""
    level = check_level(level)
    pos, neg = check_scores("pos (member scores)", pos, 2), check_scores("neg (non-member scores)", neg, 2)
    m, n = pos.size, neg.size
    v10, v01, auc = _placements(pos, neg)
    se = float(np.sqrt(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n))
    z = float(stats.norm.ppf(0.5 + level / 2))
    return {"auc": float(auc), "low": max(0.0, auc - z * se), "high": min(1.0, auc + z * se), "se": se}


def roc_at_fpr(cal_pos, cal_neg, test_pos, test_neg, alpha: float, level: float = DEFAULT_LEVEL) -> dict:
    """TPR at nominal FPR ``alpha``: threshold from the calibration half, counts on the held-out half."""
    alpha = check_fpr(alpha, "alpha (FPR level)")
    level = check_level(level)
    cal_pos = check_scores("cal_pos (calibration member scores)", cal_pos)
    cal_neg = np.sort(check_scores("cal_neg (calibration non-member scores)", cal_neg))
    test_pos = check_scores("test_pos (test member scores)", test_pos)
    test_neg = check_scores("test_neg (test non-member scores)", test_neg)
    # smallest threshold whose calibration FPR (scores > t) is <= alpha
    allowed = int(np.floor(alpha * cal_neg.size))
    threshold = cal_neg[cal_neg.size - allowed - 1] if allowed < cal_neg.size else -np.inf
    tp = int(np.sum(np.asarray(test_pos) > threshold))
    fp = int(np.sum(np.asarray(test_neg) > threshold))
    fpr = proportion(fp, len(test_neg), level)
    return {
        "nominal_fpr": alpha,
        "tpr": proportion(tp, len(test_pos), level),
        "fpr": fpr,
        "resolvable": allowed >= 1,  # with fewer than 1/alpha calibration non-members the level is not resolved
        "at_nominal": fpr["low"] <= alpha <= fpr["high"],  # else the TPR is reported at the realised FPR only
    }


def success_at_threshold(scores, members, threshold, level: float = DEFAULT_LEVEL) -> dict:
    """``P[psi = M]`` for the test ``psi = [score > threshold]``, Clopper-Pearson interval."""
    guess = np.asarray(scores) > threshold
    correct = int(np.sum(guess == np.asarray(members, bool)))
    return proportion(correct, len(guess), level)


def best_threshold(scores, members):
    """The threshold maximising the empirical success ``P[psi = M]`` (used on the calibration half only)."""
    scores, members = np.asarray(scores, float), np.asarray(members, bool)
    order = np.argsort(-scores, kind="stable")
    s, mm = scores[order], members[order]
    # guessing "member" for the top j scores: correct = members among top j + non-members below
    correct = np.concatenate([[0], np.cumsum(mm)]) + np.concatenate([[np.sum(~mm)], np.sum(~mm) - np.cumsum(~mm)])
    valid = np.concatenate([[True], s[:-1] > s[1:], [True]])  # cut only between distinct scores
    j = int(np.argmax(np.where(valid, correct, -1)))
    if j == 0:
        return np.inf
    if j == len(s):
        return -np.inf
    return (s[j - 1] + s[j]) / 2 if np.isfinite(s[j - 1] + s[j]) else s[j]
