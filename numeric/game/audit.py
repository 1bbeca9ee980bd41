"""``mileak audit DATASET``: LiRA against DP logistic regression on a real dataset, beside the bounds.

The population is the dataset's ``N`` rows. ``models`` models are trained, each
on a uniformly random half (``n = N // 2`` rows): L2-regularised logistic
regression (batched Newton, converged to ``||theta - theta_D|| <= 1e-10``),
released with output perturbation ``N(0, sigma^2 I)``, ``sigma`` calibrated to
``(eps, delta)``-DP for the replace-one sensitivity ``2R / (n lam)`` (T5.shift;
``eps = None``: no noise, the non-private baseline). Each model in turn is the
target and the others its shadows (Carlini et al. 2022): for every row, LiRA
fits Gaussians to the logit-scaled confidence ``y x.theta`` of the shadows that
did and did not train on it. A random half contains a given row with
probability 1/2 (``pi = 1/2``), and "in" vs "out" is a mixture of replace-one
neighbouring pairs (swap the row for a random outside row), so the T5 KL and
the GDP trade-off ``Phi(Phi^-1(alpha) + 2R/(n lam sigma))`` bound every
record's test and hence the pooled ROC. The (model, row) pairs share models, so
their Clopper-Pearson and DeLong intervals treat them as independent (nominal, too narrow, hence
conservative for the bound check); ``auc.model_bootstrap`` resamples whole models for an interval
that respects the clustering.
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_float, check_int, check_seed
from mileak.numeric.dp.gaussian_mechanism import analytic_sigma
from mileak.numeric.families.declared_lipschitz import finite_lipschitz
from mileak.numeric.families.registry import make_engine, plugins
from mileak.numeric.game.applicable_bounds import gdp_bound, kl_bound
from mileak.numeric.game.attacks import lira_score
from mileak.numeric.game.datasets import load
from mileak.numeric.game.exceedance import compare
from mileak.numeric.game.membership_game import GameScores
from mileak.numeric.game.metrics import DEFAULT_LEVEL, check_fprs, check_level
from mileak.numeric.game.run_size import RunSize, check_run_size
from mileak.numeric.game.scorecard import DEFAULT_FPRS, scorecard
from mileak.numeric.measures.sensitivity_bounds import t5_bound, t5_shift

TOLERANCE = 1e-10


MAX_MODELS = 4096


def _check(models, lam, eps, delta, seed):
    check_int("models", models, 8, MAX_MODELS)
    check_float("lam", lam, lo=0, lo_open=True)
    if eps is not None:
        check_float("eps", eps, lo=0, lo_open=True)
        check_float("delta", delta, 0, 1, lo_open=True, hi_open=True)
    check_seed(seed)


LIRA_OPERATIONS = 20  # per (target model, shadow model, row): the statistics' means, variances and the score


def audit_size(engine, models: int, rows: int) -> RunSize:
    """The audit's size (:mod:`mileak.numeric.game.run_size`): ``models`` fits, LiRA over every pair of models and
    every row (``20 models^2 rows``), and the training rows, released models and statistics held at once. Even
    the largest (digits, 4096 models) stays under 1e12 operations; its 3.6 GiB at once needs ``--yes``."""
    p, n = engine.p, engine.n
    operations = models * engine.fit_operations() + float(LIRA_OPERATIONS) * models * models * rows
    return RunSize(operations, 8.0 * models * (2 * n * (p + 1) + 3 * rows))


def audit_family():
    """The registered plug-in that trains on labelled real rows (``real_data``; F3 logistic in the catalogue)."""
    found = [plug for plug in plugins() if plug.real_data]
    if not found:
        raise ValueError("no registered family trains on real labelled data (a plug-in with real_data=True)")
    return found[0]


def audit(dataset: str, lam: float = 1e-2, eps: float | None = 1.0, delta: float = 1e-5, models: int = 64,
          R: float = 1.0, seed: int = 0, fprs=DEFAULT_FPRS, level: float = DEFAULT_LEVEL, progress=None,
          yes: bool = False) -> dict:
    """The audit's report; sized first (:func:`audit_size`; over the limits only with ``yes``)."""
    _check(models, lam, eps, delta, seed)
    level, fprs = check_level(level), check_fprs(fprs)
    X, y = load(dataset, R)
    N, p = X.shape
    n = N // 2
    plug = audit_family()
    L = finite_lipschitz(plug.family, {"R": R})
    if L is None:
        raise ValueError(f"family {plug.name!r} declares no finite gradient bound L: the audit needs one")
    sensitivity = float(t5_shift(n, lam, L, dps=20).value)  # replace-one sensitivity 2 L / (n lam) (T5.shift)
    sigma = float(analytic_sigma(eps, delta, sensitivity, dps=20).value) if eps is not None else 0.0
    engine = make_engine(plug.family, "output" if sigma else "exact",
                         {"n": n, "lam": lam, "p": p, "R": R, **({"sigma": sigma} if sigma else {})})
    check_run_size(audit_size(engine, models, N), yes, f"an audit of {models} models on {dataset}", "lower --models")
    rng = np.random.default_rng(seed)
    inside = np.zeros((models, N), bool)
    for k in range(models):
        inside[k, rng.permutation(N)[:n]] = True
    idx = np.stack([np.flatnonzero(row) for row in inside])
    rows_xy = np.concatenate([X, y[:, None]], axis=1)[idx]  # (models, n, p + 1): each model's training rows
    total = models + 4  # the fit, one LiRA pass per target model, the scorecard, two model bootstraps
    tick = (lambda done: progress(done, total)) if progress else (lambda done: None)
    tick(0)
    theta, ok = engine.fit(rows_xy[:, :-1], rows_xy[:, -1:])
    theta, ok = theta[:, 0], ok[:, 0]
    if not ok.all():
        raise ValueError(f"training does not converge for lam={lam}: {int((~ok).sum())} of {models} fits failed; raise lam")
    released = theta + sigma * rng.normal(size=theta.shape)
    tick(1)
    records = np.concatenate([X, y[:, None]], axis=1)
    phi = engine.statistic(released[:, None, :], records[None])  # (models, N): LiRA's per-record statistic
    scores, loss = np.empty((models, N)), -engine.loss(released[:, None, :], records[None])
    for t in range(models):
        others = np.arange(models) != t
        sh, ins = phi[others].T, inside[others].T  # (N, models - 1)
        scores[t] = lira_score(phi[t], sh, sh, ins, ~ins)
        tick(2 + t)
    members, lira, loss = inside.ravel(), scores.ravel(), loss.ravel()
    usable = ~np.isnan(lira)  # a row in fewer than 2 (or all but 1) of the shadows has no LiRA fit: dropped, counted
    order = rng.permutation(members.size)  # calibration/test halves by random pairs, not by model
    order = order[usable[order]]
    game = GameScores("population", 0.5, members[order], {"lira": lira[order], "loss": loss[order]},
                      np.zeros(order.size), None, int(order.size), dropped=int((~usable).sum()))
    card = scorecard(game, fprs, level)
    tick(models + 2)
    for k, (name, sc) in enumerate((("lira", scores), ("loss", loss.reshape(models, N)))):
        card[name]["auc"]["model_bootstrap"] = model_bootstrap_auc(sc, inside, level, rng)
        tick(models + 3 + k)
    bounds = []
    if sigma > 0:
        kl = float(t5_bound(n, lam, sigma, L, dps=30).value)
        bounds.append(kl_bound("T2 from T5", f"T5.kl with L = {L:g}", kl, "certified", ("population",),
                                "||x|| <= R (checked), lam-strong convexity, converged ERM", 0.5))
        bounds.append(gdp_bound(sensitivity / sigma, 0.5, "replace-one sensitivity 2L/(n lam) (T5.shift)"))
    rows = compare(card, bounds, 0.5)
    test_acc = _accuracy(theta, released, X, y, inside)
    return {"dataset": dataset, "rows": N, "features": p, "n": n, "lam": lam, "eps": eps, "delta": delta if eps else None,
            "R": R, "sensitivity": sensitivity, "sigma": sigma, "models": models, "seed": seed, "level": level,
            "fprs": list(fprs), "pairs": int(order.size), "dropped": game.dropped, "accuracy": test_acc, "attacks": card,
            "bounds": [{k: v for k, v in b.items() if not callable(v)} for b in bounds], "_bounds": bounds,
            "comparison": rows, "exceeded": [r for r in rows if r["exceeds"]],
            "family": plug.name, "release": "output" if sigma else "exact", "adversary": "population",
            "used_trials": int(order.size)}


def model_bootstrap_auc(scores, inside, level, rng, replicates: int = 200):
    """``AUC +- z sd*`` with ``sd*`` the spread of the pooled AUC when whole models are resampled (pairs of one
    model share its noise, which the pair-level DeLong interval ignores; this one respects the clustering)."""
    from mileak.numeric.game.metrics import auc_delong

    models = scores.shape[0]
    counts = np.stack([np.bincount(rng.integers(0, models, size=models), minlength=models) for _ in range(replicates)])
    values = weighted_aucs(scores, inside, counts)
    from scipy import stats

    ok = ~np.isnan(scores)
    centre = auc_delong(scores[ok & inside], scores[ok & ~inside], level)["auc"]
    half = float(stats.norm.ppf(0.5 + level / 2) * np.std(values, ddof=1))
    return [centre - half, centre + half]


def weighted_aucs(scores, inside, counts):
    """The pooled AUC of each resample, model ``k`` taken ``counts[r, k]`` times: one sort, then O(pairs) each.

    Equal to ``auc_delong``'s AUC on the replicated pairs (Mann-Whitney with ties counted 1/2): with
    tie groups ``g`` of the sorted scores, ``AUC = sum_g W+_g (W-_{<g} + W-_g / 2) / (W+ W-)``, where
    ``W+_g`` and ``W-_g`` are the member and non-member weights in group ``g``.
    """
    ok = ~np.isnan(scores)
    model_of = np.broadcast_to(np.arange(scores.shape[0])[:, None], scores.shape)[ok]
    flat, member = scores[ok], inside[ok]
    order = np.argsort(flat, kind="stable")
    _, group = np.unique(flat[order], return_inverse=True)
    model_sorted, member_sorted = model_of[order], member[order]
    out = []
    for c in counts:
        w = c[model_sorted].astype(float)
        pos = np.bincount(group, weights=w * member_sorted)
        neg = np.bincount(group, weights=w * ~member_sorted)
        below = np.cumsum(neg) - neg
        out.append(float(np.sum(pos * (below + neg / 2)) / (pos.sum() * neg.sum())))
    return out


def _accuracy(theta, released, X, y, inside):
    """Mean accuracy of the released models on the rows they did not train on (utility beside privacy)."""
    correct = (np.sign(released @ X.T) == y[None, :]) & ~inside
    return float(correct.sum() / (~inside).sum())
