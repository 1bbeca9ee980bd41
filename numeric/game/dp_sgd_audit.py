"""Audit DP-SGD by simulation: the all-iterates adversary with a worst-case gradient canary (T7).

The adversary of Nasr et al. (2021, 2023) sees every noisy gradient sum and knows every other example's
clipped gradient, so they cancel; what is left of step ``t`` is, in units of the clip norm ``C``,
``y_t = b_t + z eps_t`` with ``b_t ~ Bernoulli(q)`` when the canary (clipped gradient ``C e_1`` at every
step) is in the training set and ``b_t = 0`` when it is not (add/remove game), ``eps_t ~ N(0, 1)``. Its exact
log-likelihood ratio is ``sum_t log(1 - q + q exp((2 y_t - 1) / (2 z^2)))``: the optimal test of the
composed pair T7 bounds, so its ROC should come close to the PLD accountant's trade-off and must stay under
T7's KL bound (an exceedance is flagged as in ``mileak simulate``).

The final-model-only adversary (LiRA on the last iterate, which needs batched DP-SGD training) is not built.

>>> r = canary_audit("0.1", "1", 20, trials=2000, seed=0, accountant=False)
>>> r["exceeded"]
[]
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_int, check_seed
from mileak.numeric.dp.accountant import pld_accountant, pld_tpr
from mileak.numeric.dp.subsampled_gaussian import check_step, step_kl
from mileak.numeric.game.applicable_bounds import kl_bound
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


def canary_audit(q, z, steps: int, trials: int = 20000, seed: int = 0, fprs=DEFAULT_FPRS,
                 level: float = DEFAULT_LEVEL, accountant: bool = True, progress=None) -> dict:
    """Play ``trials`` membership games of the canary; its attack beside T7's bound and the PLD trade-off."""
    q, z = check_step(q, z)
    steps = check_int("steps", steps, 1, 10**7)
    trials = check_trials(trials)
    check_seed(seed)
    level, fprs = check_level(level), check_fprs(fprs)
    check_memory_of(trials, steps)
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


def check_memory_of(trials: int, steps: int) -> None:
    """One chunk of draws is bounded (``CHUNK_VALUES``); the per-game results are ``check_trials``'."""
    from mileak.numeric.core.checks import check_memory

    check_memory(f"steps={steps}", 3 * 8 * max(CHUNK_VALUES, steps), "lower steps")
