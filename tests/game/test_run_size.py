"""A run is sized from its configuration before any training, and refused above the limits unless asked."""

import subprocess
import sys

import pytest

from mileak.numeric.families.registry import make_engine
from mileak.numeric.game import run_size
from mileak.numeric.game.membership_game import chunk_sizes


@pytest.mark.parametrize(("family", "values", "per_fit"), [
    ("ridge", {"n": 30, "lam": 0.1, "sigma": 0.5, "p": 40}, lambda n, p: n * p * p + p**3 / 3),
    ("logistic", {"n": 50, "lam": 1, "sigma": 1, "p": 20}, lambda n, p: 10 * (n * p * p + p**3 / 3)),
    ("gaussian-mean", {"n": 20, "lam": 0, "sigma": 0.5, "p": 8, "s": 1}, lambda n, p: n * p),
])
def test_the_size_is_the_fits_count_times_the_models_a_game_trains(family, values, per_fit):
    engine = make_engine(family, "output", values)
    size = run_size.game_run_size(engine, trials=300, shadows=8)
    assert size.operations == pytest.approx(300 * (2 + 8) * per_fit(values["n"], values["p"]))
    assert size.peak_bytes == chunk_sizes(engine, 300, 8)[0] * 10 * engine.dataset_bytes()


def test_the_limits_refuse_without_yes_and_the_hard_memory_limit_always():
    big = run_size.RunSize(run_size.WORK_LIMIT * 3, 2**20)
    with pytest.raises(ValueError, match=r"about 3e\+12 floating-point operations .* pass --yes"):
        run_size.check_run_size(big, False, "this run", "lower --trials")
    assert run_size.check_run_size(big, True, "this run", "lower --trials") is big
    huge = run_size.RunSize(1.0, run_size.HARD_MEMORY_LIMIT + 1)
    with pytest.raises(ValueError, match="over the 16 GiB a run may hold"):
        run_size.check_run_size(huge, True, "this run", "lower p")
    small = run_size.RunSize(run_size.WORK_LIMIT, run_size.MEMORY_LIMIT)
    assert run_size.check_run_size(small, False, "this run", "lower p") is small


@pytest.mark.parametrize(("argv", "said"), [
    (["simulate", "ridge", "--param", "n=2", "--param", "lam=0.1", "--param", "sigma=1", "--param", "p=5000",
      "--trials", "2000"], "over the 16 GiB a run may hold"),  # had estimated 24 h and 3.4 GiB, deaf to Ctrl-C
    (["simulate", "logistic", "--param", "p=1000", "--param", "n=50", "--param", "lam=1", "--param", "sigma=1",
      "--trials", "200"], "pass --yes to run it"),  # had run over 120 s
    (["simulate", "dp-sgd", "--param", "q=1/100", "--param", "z=1", "--param", "steps=10000000", "--trials", "20000"],
     "pass --yes to run it"),  # 20000 canary games of 1e7 steps: 8e12 operations
    (["simulate", "dp-sgd", "--param", "q=1/100", "--param", "z=1", "--param", "steps=100000", "--param", "n=100000",
      "--param", "p=1000", "--param", "models=64", "--trials", "100"], "DP-SGD models"),
], ids=["ridge-p5000", "logistic-p1000", "canary-1e7-steps", "dp-sgd-final-model"])
def test_an_oversized_simulate_is_refused_at_once_with_its_estimate(argv, said, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mileak.numeric.cli", *argv], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and said in proc.stderr and "floating-point operations" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_sweep_is_sized_over_its_whole_grid_before_any_point_is_written(tmp_path):
    from mileak.numeric.game.sweep import sweep

    out = tmp_path / "out"
    grid = {"p": [200, 300, 400, 500]}
    with pytest.raises(ValueError, match="the grid's first .* point.* pass --yes"):
        sweep("logistic", grid, {"n": 50, "lam": 1, "sigma": 1}, str(out), trials=500, shadows=16)
    assert not out.exists() or not any(out.rglob("*.json"))


def test_an_audit_is_sized_from_its_models_and_dataset(tmp_path):
    """The audit counts its fits and its LiRA pairs; the largest (digits, 4096 models: 3.6 GiB at once) needs
    --yes, a usual one is far inside the limits."""
    from mileak.numeric.game.audit import LIRA_OPERATIONS, audit_size

    engine = make_engine("logistic", "exact", {"n": 898, "lam": 0.01, "p": 64, "R": 1.0})
    size = audit_size(engine, 4096, 1797)
    assert size.operations == pytest.approx(4096 * 10 * (898 * 64**2 + 64**3 / 3) + LIRA_OPERATIONS * 4096**2 * 1797)
    assert size.peak_bytes == 8 * 4096 * (2 * 898 * 65 + 3 * 1797)
    proc = subprocess.run([sys.executable, "-m", "mileak.numeric.cli", "audit", "digits", "--models", "4096"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2 and "an audit of 4096 models on digits needs" in proc.stderr
    assert "pass --yes to run it" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
