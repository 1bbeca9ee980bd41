"""The benchmark suite: what users wait for, timed by pytest-benchmark and compared with the previous saved run.

    python benchmarks/run_suite.py            # run, save under benchmarks/.results, compare with the last run

Commands are timed in fresh interpreters (imports included); library calls in this process. Absolute times
depend on the machine: read the comparison against the previous run on the same machine (a regression is a
ratio, not a number), and the ratio benchmarks (``bench_*.py``) for speed against baselines.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

SMALL_COMMANDS = {
    "help": ["--help"],
    "convert": ["convert", "--eps", "1", "--delta", "1e-5"],
    "leakage": ["leakage", "gaussian-mean", "--param", "n=20", "--param", "sigma=1/2", "--param", "p=2"],
    "derive": ["derive", "T1.kl"],
    "families": ["families"],
}


def test_verify(benchmark, mileak, warm_env):
    """``mileak verify`` (ci profile, all claims, warm proof cache, 2 jobs)."""
    benchmark.pedantic(mileak, args=("verify", "--quiet"), kwargs={"env": warm_env}, rounds=1, iterations=1)


@pytest.mark.parametrize("name", list(SMALL_COMMANDS))
def test_small_command(benchmark, mileak, warm_env, name):
    benchmark.pedantic(mileak, args=tuple(SMALL_COMMANDS[name]), kwargs={"env": warm_env}, rounds=5, iterations=1)


@pytest.mark.parametrize(("p", "c2"), [(10, Fraction(1, 2)), (1000, Fraction(1, 20)), (10_000, Fraction(1, 50))],
                         ids=["p=10,c2=1/2", "p=1000,c2=1/20", "p=10000,c2=1/50"])
def test_rho_mi_warm(benchmark, p, c2):
    """F1's exact rho_MI at 30 certified digits, node densities cached (the first call fills the cache)."""
    from mileak.numeric.families.gaussian_mean.information import f1_membership_information

    f1_membership_information(Fraction(1, 2), c2, p)
    benchmark.pedantic(f1_membership_information, args=(Fraction(1, 2), c2, p), rounds=3, iterations=1)


def test_rho_mi_cold(benchmark):
    from mileak.numeric.families.gaussian_mean.information import f1_membership_information
    from mileak.numeric.families.gaussian_mean.variance_gamma_rule import clear_cache

    benchmark.pedantic(f1_membership_information, args=(Fraction(1, 2), Fraction(1, 20), 300), setup=clear_cache,
                       rounds=2, iterations=1)


@pytest.mark.parametrize("k", [2, 64], ids=["2 per rest set", "64 per rest set"])
def test_shadow_training_ridge(benchmark, k):
    """Ridge (p = 30, n = 500): rest sets' Grams and the k models per rest set, one BLAS thread."""
    from mileak.numeric.families.engine import one_blas_thread
    from mileak.numeric.families.ridge.engine import RidgeEngine

    engine = RidgeEngine(n=500, p=30, lam=0.01, release="exact")
    rng = np.random.default_rng(0)
    batch = 1000 // k
    rest, extras = engine.records(rng, (batch, 499)), engine.records(rng, (batch, k))
    with one_blas_thread():
        benchmark.pedantic(lambda: engine.fit(engine.rest_from_records(rest), extras), rounds=5, iterations=1)


def test_shadow_training_logistic(benchmark):
    """Logistic (p = 30, n = 500), 64 models per rest set, shared-rest Newton, one BLAS thread."""
    from mileak.numeric.families.engine import one_blas_thread
    from mileak.numeric.families.logistic.batched import fit_shared_rest
    from mileak.numeric.families.logistic.sampler import sample

    rng = np.random.default_rng(2)
    rest = sample(rng, 4 * 499, p=30, R=1.0).reshape(4, 499, 31)
    extras = sample(rng, 4 * 64, p=30, R=1.0).reshape(4, 64, 31)
    with one_blas_thread():
        benchmark.pedantic(fit_shared_rest, args=(rest[..., :30], rest[..., 30], extras[..., :30], extras[..., 30],
                                                  0.01, 1e-6), rounds=5, iterations=1)


def test_audit(benchmark, mileak, warm_env):
    """``mileak audit breast-cancer --models 256`` (shadow models on real data, bootstrap intervals)."""
    benchmark.pedantic(mileak, args=("audit", "breast-cancer", "--models", "256"), kwargs={"env": warm_env},
                       rounds=1, iterations=1)


def test_sweep(benchmark, mileak, warm_env, tmp_path):
    """``mileak sweep``: a 2 x 2 ridge grid, 2 jobs, into a fresh folder each round."""
    rounds = iter(range(100))

    def setup():
        return (), {"cwd": tmp_path, "env": warm_env, "out": f"sweep{next(rounds)}"}

    def sweep(cwd, env, out):
        mileak("sweep", "ridge", "--grid", "n=10,40", "--grid", "lam=0.01,1", "--param", "sigma=0.5", "--trials", "4000",
            "--out", out, "--jobs", "2", "--quiet", cwd=cwd, env=env)

    benchmark.pedantic(sweep, setup=setup, rounds=1, iterations=1)
