"""Audit DP-SGD by simulation: the all-iterates adversary with a worst-case gradient canary (T7).

The adversary of Nasr et al. (2021, 2023) sees every noisy gradient sum and knows every other example's
clipped gradient, so they cancel; what is left of step ``t`` is, in units of the clip norm ``C``,
``y_t = b_t + z eps_t`` with ``b_t ~ Bernoulli(q)`` when the canary (clipped gradient ``C e_1`` at every
step) is in the training set and ``b_t = 0`` when it is not (add/remove game), ``eps_t ~ N(0, 1)``. Its exact
log-likelihood ratio is ``sum_t log(1 - q + q exp((2 y_t - 1) / (2 z^2)))``: the optimal test of the
composed pair T7 bounds, so its ROC should come close to the PLD accountant's trade-off and must stay under
T7's KL bound (an exceedance is flagged as in ``mileak simulate``).

:func:`final_model_audit` is the weaker adversary who sees only the last iterate: it trains ``models`` models
by batched DP-SGD (the family plug-in's ``dp_sgd`` trainer) on one fixed dataset, half of them with an
outlier canary record, and runs LiRA on the canary's margin with the other models as shadows.

>>> r = canary_audit("0.1", "1", 20, trials=2000, seed=0, accountant=False)
>>> r["exceeded"]
[]
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_int, check_memory, check_seed
from mileak.numeric.dp.accountant import pld_accountant, pld_tpr
from mileak.numeric.dp.subsampled_gaussian import check_step, step_kl
from mileak.numeric.game.applicable_bounds import kl_bound
from mileak.numeric.game.attacks import lira_score
from mileak.numeric.game.exceedance import compare
from mileak.numeric.game.membership_game import GameScores, check_trials
from mileak.numeric.game.metrics import DEFAULT_LEVEL, check_fprs, check_level
from mileak.numeric.game.scorecard import DEFAULT_FPRS, scorecard

CHUNK_VALUES = 2**22  # noise draws per chunk (32 MiB of float64)


def canary_scores(q: float, z: float, steps: int, members, rng, progress=None) -> np.ndarray:
    """The all-iterates adversary's exact log-likelihood ratio of each game (chunked over games)."""
    trials = members.size
    out = np.empty(trials)
    chunk = max(1, CHUNK_VALUES // steps)
    for start in range(0, trials, chunk):
        m = members[start:start + chunk]
        sampled = (rng.uniform(size=(m.size, steps)) < q) & m[:, None]
        y = sampled + z * rng.normal(size=(m.size, steps))
        out[start:start + m.size] = np.log1p(q * np.expm1((2 * y - 1) / (2 * z * z))).sum(axis=1)
        if progress is not None:
            progress(min(start + chunk, trials), trials)
    return out


CANARY_OPERATIONS = 40  # per game and step: two draws, a comparison, expm1, log1p, a sum (run_size's count)
STEP_OPERATIONS = 4  # per model, step, record and coordinate: the margin, the clipped gradient, the update


def canary_audit(q, z, steps: int, trials: int = 20000, seed: int = 0, fprs=DEFAULT_FPRS,
                 level: float = DEFAULT_LEVEL, accountant: bool = True, progress=None, yes: bool = False) -> dict:
    """Play ``trials`` membership games of the canary; its attack beside T7's bound and the PLD trade-off. Sized
    first (:mod:`mileak.numeric.game.run_size`: ``40 trials steps`` operations; over the limits only with ``yes``)."""
    from mileak.numeric.game.run_size import RunSize, check_run_size

    q, z = check_step(q, z)
    steps = check_int("steps", steps, 1, 10**7)
    trials = check_trials(trials)
    check_seed(seed)
    level, fprs = check_level(level), check_fprs(fprs)
    check_memory(f"steps={steps}", 3 * 8 * max(CHUNK_VALUES, steps), "lower steps")  # one chunk of draws
    check_run_size(RunSize(float(CANARY_OPERATIONS) * trials * steps, 3.0 * 8 * max(CHUNK_VALUES, steps)), yes,
                   f"{trials} canary games of {steps} steps", "lower --trials or steps")
    qf, zf = float(q), float(z)
    rng = np.random.default_rng(seed)
    members = rng.uniform(size=trials) < 0.5
    scores = canary_scores(qf, zf, steps, members, rng, progress)
    game = GameScores("all-iterates canary", 0.5, members, {"exact_lr": scores}, np.zeros(trials), None, trials)
    card = scorecard(game, fprs, level)
    rho = steps * float(step_kl(q, z, dps=20).value)
    bounds = [kl_bound("T7 KL bound", f"T7.compose: steps x per-step KL = {rho:.6g}, then T2", rho, "certified",
                       ("population", "strong"), "the one-dimensional reduction of a clipped step (add/remove)", 0.5)]
    rows = compare(card, bounds, 0.5)
    report = {"mechanism": "dp-sgd", "adversary": "all iterates, worst-case gradient canary", "q": str(q), "z": str(z),
              "steps": steps, "trials": trials, "seed": seed, "level": level, "fprs": list(fprs), "attacks": card,
              "bounds": [{k: v for k, v in b.items() if not callable(v)} for b in bounds], "comparison": rows,
              "exceeded": [r for r in rows if r["exceeds"]], "rho_kl_bound": rho}
    pld = pld_accountant(qf, zf, steps) if accountant else None
    if pld is not None:
        report["pld"] = [{"fpr": a, "pld_tpr": pld_tpr(pld, a), "attack_tpr": t["tpr"]["value"],
                          "attack_tpr_interval": [t["tpr"]["low"], t["tpr"]["high"]], "attack_fpr": t["fpr"]["value"],
                          "pld_tpr_at_attack_fpr": pld_tpr(pld, t["fpr"]["value"]),
                          "pld_tpr_at_attack_fpr_high": pld_tpr(pld, t["fpr"]["high"])}  # as compare() takes bounds
                         for a, t in zip(fprs, card["exact_lr"]["tpr_at_fpr"])]
    return report


def final_model_audit(q, z, steps: int, n: int = 1000, p: int = 30, models: int = 256, lr: float = 0.5,
                      C: float = 1.0, family: str = "logistic", seed: int = 0, fprs=DEFAULT_FPRS,
                      level: float = DEFAULT_LEVEL, progress=None, yes: bool = False) -> dict:
    """LiRA on the final model of DP-SGD against an outlier canary, beside T7's bound (see the module docstring).
    Sized first: ``4 models steps n p`` operations (over the limits only with ``yes``)."""
    from mileak.numeric.families.registry import plugin

    q, z = check_step(q, z)
    steps = check_int("steps", steps, 1, 10**5)
    n, p = check_int("n", n, 2, 10**5), check_int("p", p, 1, 1000)
    models = check_int("models", models, 8, 10**4)
    check_seed(seed)
    level, fprs = check_level(level), check_fprs(fprs)
    plug = plugin(family)
    if plug.dp_sgd is None:
        raise ValueError(f"family {plug.name!r} has no batched DP-SGD trainer")
    check_memory(f"models={models}, n={n}", 8 * 6 * models * n, "lower models or n")
    check_final_model_size(steps, n, p, models, yes)
    rng = np.random.default_rng(seed)
    data = plug.sample(rng, n - 1, p=p)
    X, y = data[:, :-1], data[:, -1]
    canary_x = np.zeros(p)
    canary_x[0] = 1.0
    canary = (canary_x, -1.0)  # a point of norm 1 labelled against its neighbours' majority: an outlier
    members = np.zeros(models, bool)
    members[rng.permutation(models)[: models // 2]] = True
    theta = plug.dp_sgd(X, y, members, canary, float(q), float(z), steps, rng, C=C, lr=lr, progress=progress)
    phi = canary[1] * theta @ canary_x  # the canary's margin: larger when it was trained on
    scores = _loo_lira(phi, members)
    order = rng.permutation(models)  # calibration/test halves by random models
    game = GameScores("final model", 0.5, members[order], {"lira": scores[order], "margin": phi[order]},
                      np.zeros(models), None, models)
    card = scorecard(game, fprs, level)
    rho = steps * float(step_kl(q, z, dps=20).value)
    bounds = [kl_bound("T7 KL bound", f"T7.compose: steps x per-step KL = {rho:.6g}, then T2", rho, "certified",
                       ("population", "strong"), "the one-dimensional reduction of a clipped step (add/remove)", 0.5)]
    rows = compare(card, bounds, 0.5)
    return {"mechanism": "dp-sgd", "adversary": "final model only, LiRA on an outlier canary", "q": str(q),
            "z": str(z), "steps": steps, "n": n, "p": p, "models": models, "lr": lr, "C": C, "trials": models,
            "seed": seed, "level": level, "fprs": list(fprs), "attacks": card,
            "bounds": [{k: v for k, v in b.items() if not callable(v)} for b in bounds], "comparison": rows,
            "exceeded": [r for r in rows if r["exceeds"]], "rho_kl_bound": rho}


def check_final_model_size(steps: int, n: int = 1000, p: int = 30, models: int = 256, yes: bool = False):
    """:func:`final_model_audit`'s size, ``4 models steps n p`` operations and ``48 models n`` bytes, checked
    (:mod:`mileak.numeric.game.run_size`); a caller running the canary first checks this before it."""
    from mileak.numeric.game.run_size import RunSize, check_run_size

    return check_run_size(RunSize(float(STEP_OPERATIONS) * models * steps * n * p, 8.0 * 6 * models * n), yes,
                          f"{models} DP-SGD models of {steps} steps on n={n}, p={p}", "lower models, steps, n or p")


def _loo_lira(phi, members):
    """LiRA's Gaussian log-likelihood ratio of each model's statistic, every other model its in/out shadow
    (:func:`~mileak.numeric.game.attacks.lira_score` with a leave-one-out mask)."""
    others = ~np.eye(phi.size, dtype=bool)
    shadows = np.broadcast_to(phi, (phi.size, phi.size))
    return lira_score(phi, shadows, shadows, others & members[None, :], others & ~members[None, :])
