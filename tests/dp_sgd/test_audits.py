"""T7 (DP-SGD) in the game: the all-iterates canary audit, the batched DP-SGD trainer and the final-model
adversary, against T7's bound and the PLD trade-off."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.dp.subsampled_gaussian import step_kl

from ..cli_runs import refused


@pytest.mark.parametrize("q,z,steps", [("0.01", "1.1", 1000), ("0.1", "2", 100), ("0.5", "0.8", 4)])
def test_the_canary_audit_stays_under_t7_and_near_the_pld_trade_off(q, z, steps):
    from mileak.numeric.game.dp_sgd_audit import canary_audit

    r = canary_audit(q, z, steps, trials=20000, seed=1)
    assert r["exceeded"] == []  # no attack above the T7 bound beyond its interval
    for row in r["pld"]:  # the optimal test of the composed pair: its ROC is the exact trade-off, within MC error
        lo, hi = row["attack_tpr_interval"]
        assert lo <= row["pld_tpr_at_attack_fpr_high"]  # never above the exact trade-off beyond its intervals
        assert row["pld_tpr_at_attack_fpr"] <= hi * 1.5 + 2e-3  # and not far below it: the attack is optimal
    assert r["rho_kl_bound"] == pytest.approx(steps * float(step_kl(q, z).value), rel=1e-12)


def test_simulate_dp_sgd_prints_the_canary_report_and_refuses_bad_configurations(capsys):
    assert main(["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=2", "--param", "steps=50",
                 "--trials", "4000", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "all iterates, worst-case gradient canary" in out and "PLD allows" in out and "T7 KL bound" in out
    for params, words in ((["q=0.1", "z=2"], "missing steps"), (["q=2", "z=2", "steps=5"], "q=2 must be in (0, 1]"),
                          (["q=0.1", "z=2", "steps=5", "m=3"], "unknown ['m']")):
        argv = ["simulate", "dp-sgd", "--trials", "100"]
        for p in params:
            argv += ["--param", p]
        assert words in refused(argv, capsys)
    # the family game's options do not apply to the canary audit: refused, even at their default values
    for option in (["--shadows", "16"], ["--shadows", "4"], ["--jobs", "2"], ["--pi", "1/3"], ["--release", "exact"],
                   ["--adversary", "strong"], ["--calibration", "classic"]):
        argv = ["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=2", "--param", "steps=5", *option]
        assert f"{option[0]} applies to a family's membership game" in refused(argv, capsys)


def test_the_final_model_adversary_stays_under_t7_and_below_the_all_iterates_one():
    from mileak.numeric.game.dp_sgd_audit import canary_audit, final_model_audit

    q, z, steps = "0.05", "0.6", 100
    final = final_model_audit(q, z, steps, n=200, p=5, models=96, seed=3)
    assert final["exceeded"] == []
    every = canary_audit(q, z, steps, trials=20000, seed=3)
    best = max(a["success"]["value"] for a in final["attacks"].values())
    # seeing only the last iterate can not beat seeing them all (data processing), beyond the intervals
    assert best - every["attacks"]["exact_lr"]["success"]["value"] <= max(
        a["success"]["high"] - a["success"]["value"] for a in final["attacks"].values())


def test_the_batched_dp_sgd_trainer_matches_a_one_model_loop_with_the_same_draws():
    """The batched update, model by model, equals the plain per-example computation (clip, sum, noise)."""
    from mileak.numeric.families.logistic.dp_sgd import clipped_gradient_sum

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 4)), np.where(rng.uniform(size=50) < 0.5, -1.0, 1.0)
    theta = rng.normal(size=(3, 4))
    mask = rng.uniform(size=(3, 50)) < 0.3
    fast = clipped_gradient_sum(theta, X, y, mask, C=0.7)
    for b in range(3):
        grads = np.array([-y[i] / (1 + np.exp(y[i] * X[i] @ theta[b])) * X[i] for i in range(50)])
        clipped = np.array([g * min(1.0, 0.7 / np.linalg.norm(g)) for g in grads])
        assert np.allclose(fast[b], clipped[mask[b]].sum(axis=0), rtol=1e-12, atol=1e-12)


def test_sparse_poisson_batches_are_bernoulli_q_samples_and_both_paths_agree():
    from mileak.numeric.families.logistic.dp_sgd import (
        clipped_gradient_sum,
        poisson_batches,
        sparse_clipped_gradient_sum,
    )

    rng = np.random.default_rng(0)
    index, valid = poisson_batches(rng, 20000, 1000, 0.01)
    counts = valid.sum(axis=1)  # Binomial(1000, 0.01): mean 10, variance 9.9
    assert abs(counts.mean() - 10) < 5 * np.sqrt(9.9 / 20000) and abs(counts.var() / 9.9 - 1) < 0.05
    hits = np.bincount(index[valid], minlength=1000)  # every example equally likely
    assert abs(hits.std() / np.sqrt(20000 * 0.01 * 0.99) - 1) < 0.1
    assert all(len(set(r[v])) == v.sum() for r, v in zip(index[:500], valid[:500]))  # without replacement
    X, y = rng.normal(size=(300, 5)), np.where(rng.uniform(size=300) < 0.5, -1.0, 1.0)
    theta = rng.normal(size=(40, 5))
    index, valid = poisson_batches(rng, 40, 300, 0.02)
    mask = np.zeros((40, 300))
    for b in range(40):
        mask[b, index[b][valid[b]]] = 1.0
    xnorm = np.linalg.norm(X, axis=1)
    assert np.allclose(sparse_clipped_gradient_sum(theta, X, y, index, valid, 0.5, xnorm),
                       clipped_gradient_sum(theta, X, y, mask, 0.5, xnorm), rtol=1e-12, atol=1e-12)


def test_simulate_dp_sgd_with_n_also_trains_models_for_the_final_model_adversary(capsys):
    assert main(["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=1", "--param", "steps=30", "--param", "n=100",
                 "--param", "p=3", "--param", "models=32", "--trials", "2000", "--quiet", "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["final_model"]["models"] == 32 and out["final_model"]["exceeded"] == []
    assert out["all_iterates"]["rho_kl_bound"] == out["final_model"]["rho_kl_bound"]
