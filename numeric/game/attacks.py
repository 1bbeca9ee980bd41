"""Membership attacks: each maps what the adversary sees to a score (higher means "member").

* **exact likelihood ratio** (Neyman-Pearson optimal): ``log p(view | M=1) / p(view | M=0)``
  where the output law is known in closed form: the strong adversary under every
  release (:meth:`Engine.strong_llr`), the population adversary for F1
  (:meth:`Engine.population_llr`). Its Bayes test ``llr > ln((1 - pi) / pi)``
  needs no calibration.
* **LiRA-style** (Carlini et al. 2022, online variant): for the target record ``z``
  train shadow models on fresh population data with ``z`` ("in") and without it
  ("out"), fit ``N(mu_in, s_in^2)`` and ``N(mu_out, s_out^2)`` to the per-record
  statistic ``phi(theta, z)`` (:meth:`Engine.statistic`) and score
  ``log N(phi; mu_in, s_in) - log N(phi; mu_out, s_out)``. With fewer than
  ``PER_TARGET_VARIANCE_MIN`` shadows per side the variances are pooled over targets
  (Carlini's "fixed variance" variant).
* **loss threshold** (Yeom et al. 2018): ``-loss(theta_hat; z)``.

>>> import numpy as np
>>> s = lira_score(np.array([1.0]), np.array([[0.9, 1.1, 1.0]]), np.array([[0.0, 0.1, -0.1]]))
>>> bool(s[0] > 0)
True
"""

from __future__ import annotations

import numpy as np

PER_TARGET_VARIANCE_MIN = 16
ATTACKS = ("exact_lr", "lira", "loss")


def _masked_moments(values, mask):
    count = mask.sum(axis=1)
    mean = np.where(count > 0, np.sum(np.where(mask, values, 0.0), 1) / np.maximum(count, 1), np.nan)
    dev = np.where(mask, values - mean[:, None], 0.0)
    var = np.sum(dev**2, 1) / np.maximum(count - 1, 1)
    return mean, var, count


def lira_score(phi, stats_in, stats_out, ok_in=None, ok_out=None):
    """LiRA's Gaussian log-likelihood ratio per target; NaN where a side has fewer than 2 usable shadows."""
    ok_in = np.ones(stats_in.shape, bool) if ok_in is None else ok_in
    ok_out = np.ones(stats_out.shape, bool) if ok_out is None else ok_out
    mu_in, var_in, c_in = _masked_moments(stats_in, ok_in)
    mu_out, var_out, c_out = _masked_moments(stats_out, ok_out)
    usable = (c_in >= 2) & (c_out >= 2)
    if min(stats_in.shape[1], stats_out.shape[1]) < PER_TARGET_VARIANCE_MIN:
        pooled_in = np.nanmean(np.where(usable, var_in, np.nan)) if usable.any() else np.nan
        pooled_out = np.nanmean(np.where(usable, var_out, np.nan)) if usable.any() else np.nan
        var_in, var_out = np.full_like(var_in, pooled_in), np.full_like(var_out, pooled_out)
    tiny = np.finfo(float).tiny
    var_in, var_out = np.maximum(var_in, tiny), np.maximum(var_out, tiny)
    score = (-(phi - mu_in) ** 2 / (2 * var_in) - 0.5 * np.log(var_in)
             + (phi - mu_out) ** 2 / (2 * var_out) + 0.5 * np.log(var_out))
    return np.where(usable, score, np.nan)


SHADOW_GROUP = 16  # targets whose shadow models share their rest sets


def lira_shadow_statistics(engine, rng, z, shadows: int, group: int = SHADOW_GROUP):
    """``(phi_in, phi_out, ok_in, ok_out)``, each ``(c, shadows // 2)``: released shadow models with / without ``z``.

    Targets are taken in groups of ``group``; each group draws ``shadows // 2`` fresh
    rest sets ``D_r`` and trains, on each, ``D_r + z_j`` ("in" for target ``j``) and
    ``D_r + z''_j`` (``z''_j`` a fresh population record: "out"), so one piece of work on
    ``D_r`` (a factorisation for ridge, a fit and Hessian for logistic regression)
    serves ``2 * group`` models. Each shadow model is trained on ``n`` i.i.d. population
    records, as the target's are; shadows of different targets in a group share ``D_r``
    (as LiRA's shadow models share their training sets).
    """
    c, half = z.shape[0], shadows // 2
    groups = -(-c // group)
    padded = np.concatenate([z, np.repeat(z[-1:], groups * group - c, axis=0)]) if groups * group > c else z
    zg = padded.reshape(groups, group, -1)
    rest = engine.draw_rest(rng, groups * half)
    fresh = engine.records(rng, (groups * half, group))
    z_rep = np.repeat(zg, half, axis=0)  # (groups * half, group, width)
    extras = np.concatenate([z_rep, fresh], axis=1)  # (groups * half, 2 group, width)
    theta, ok = engine.fit(rest, extras)
    released = engine.release(rng, rest, extras, theta)
    targets = np.concatenate([z_rep, z_rep], axis=1)
    phi = engine.statistic(released, targets)  # (groups * half, 2 group)
    phi = phi.reshape(groups, half, 2, group).transpose(0, 3, 1, 2).reshape(groups * group, half, 2)[:c]
    ok = ok.reshape(groups, half, 2, group).transpose(0, 3, 1, 2).reshape(groups * group, half, 2)[:c]
    return phi[..., 0], phi[..., 1], ok[..., 0], ok[..., 1]
