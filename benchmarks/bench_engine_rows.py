"""Shadow training near the hardware: mileak's engines against straightforward numpy, with GFLOP/s and the share
of a GEMM peak measured in the same process, BLAS pinned to one thread.

    python benchmarks/bench_engine_rows.py [--repeat 5] [--quick]

Seven rows (``p = 30``, ``n = 500``, ``lam = 0.01``), the same datasets for both sides of each row:

* ridge with ``k`` = 2, 64 and 4096 models per rest set: mileak's ``rest_from_records`` (one batched Gram of
  ``[X | y]``) and ``fit`` (Sherman-Morrison per record) against a loop over rest sets that does, per rest set,
  ``A = X'X + n lam I``, ``b = X'y``, ``A^-1``, ``W = x A^-1`` and the same update (vectorised over the ``k``);
* ridge on independent datasets (one model per ``n``-record dataset): one batched Gram and solve against a
  loop of ``np.linalg.solve(X'X + n lam I, X'y)``;
* logistic with 1, 2 and 64 per rest set: ``fit_shared_rest`` against ``fit_batch`` on the full datasets
  (batched Newton, one Hessian per model and step, nothing shared). At 1 per rest set ``fit_shared_rest``
  takes that route itself (``CHORD_FROM = 2``), so the row shows what the choice by ``k`` saves: the ratio
  stays near 1 instead of the chord route's 0.5.

GFLOP/s counts the Gram ``2 (p+1)^2 m`` per rest set (``m`` its records) and ``2 p^2`` per model, the flops any
method must spend; the share is against ``A @ B`` (1500 x 1500, float64, one thread) timed in this process. Each
figure is the best of 3 timings; ``--repeat`` runs the whole table again and prints each ratio's spread
(max/min - 1), which should stay below 20%.

Then the batch over processes: ``play`` of a ridge game (``p = 30``, ``n = 500``, 16 LiRA shadows per target)
with ``jobs = 1`` and ``jobs = 2`` (the same scores: each chunk has its own stream of the seed), after a
warm-up that starts the workers; the ratio is the speed-up on this machine's cores.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

sys.path.insert(0, ".")
from mileak.numeric.families.engine import one_blas_thread  # noqa: E402
from mileak.numeric.families.logistic.batched import fit_batch, fit_shared_rest  # noqa: E402
from mileak.numeric.families.ridge.engine import RidgeEngine  # noqa: E402

N, P, LAM = 500, 30, 0.01


def best_time(fn, rounds=3):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def gemm_peak(size=1500):
    rng = np.random.default_rng(0)
    a, b = rng.random((size, size)), rng.random((size, size))
    a @ b
    return 2 * size**3 / best_time(lambda: a @ b) / 1e9


def gram_rate(batch, m, p=P):
    """GFLOP/s of the bare batched Gram ``Z'Z`` (``Z`` of shape ``(batch, m, p + 1)``, one ``np.matmul``): the
    floor of any ridge fit on these shapes, measured on the same shape and batch as the row it judges."""
    data = np.random.default_rng(5).random((batch, m, p + 1))
    return batch * 2 * (p + 1) ** 2 * m / best_time(lambda: np.matmul(data.swapaxes(1, 2), data)) / 1e9


GRAM_SHAPES = {"ridge, 2 per rest set": N - 1, "ridge, independent datasets": N}  # rows judged by the bare Gram


def ridge_baseline(records, extras, n=N, lam=LAM):
    p = P
    out = np.empty(extras.shape[:2] + (p,))
    for i in range(records.shape[0]):
        X, y = records[i, :, :p], records[i, :, p]
        A = X.T @ X
        A[np.diag_indices(p)] += n * lam
        Ainv = np.linalg.inv(A)
        u = Ainv @ (X.T @ y)
        x, yk = extras[i, :, :p], extras[i, :, p]
        W = x @ Ainv
        xw, xu = np.sum(x * W, 1), x @ u
        out[i] = u + yk[:, None] * W - W * ((xu + yk * xw) / (1 + xw))[:, None]
    return out


def ridge_row(k, batch):
    engine = RidgeEngine(n=N, p=P, lam=LAM, release="exact")
    rng = np.random.default_rng(0)
    rest, extras = engine.records(rng, (batch, N - 1)), engine.records(rng, (batch, k))
    mine = best_time(lambda: engine.fit(engine.rest_from_records(rest), extras))
    base = best_time(lambda: ridge_baseline(rest, extras))
    theta, _ = engine.fit(engine.rest_from_records(rest), extras)
    assert np.allclose(theta, ridge_baseline(rest, extras), rtol=1e-9, atol=1e-12)
    flops = batch * (2 * (P + 1) ** 2 * (N - 1) + 2 * P * P * k)
    return batch * k, mine, base, flops


def ridge_independent_row(batch):
    engine = RidgeEngine(n=N, p=P, lam=LAM, release="exact")
    data = engine.records(np.random.default_rng(1), (batch, N))  # one full n-record dataset per model

    def baseline():
        out = np.empty((batch, P))
        for i in range(batch):
            X, y = data[i, :, :P], data[i, :, P]
            out[i] = np.linalg.solve(X.T @ X + N * LAM * np.eye(P), X.T @ y)
        return out

    mine = best_time(lambda: engine.rest_from_records(data).u)
    base = best_time(baseline)
    assert np.allclose(engine.rest_from_records(data).u, baseline(), rtol=1e-9, atol=1e-12)
    return batch, mine, base, batch * (2 * (P + 1) ** 2 * N + 2 * P * P)


def logistic_row(k, batch, tol=1e-6):
    from mileak.numeric.families.logistic.sampler import sample

    rng = np.random.default_rng(2)
    rest = sample(rng, batch * (N - 1), p=P, R=1.0).reshape(batch, N - 1, P + 1)
    extras = sample(rng, batch * k, p=P, R=1.0).reshape(batch, k, P + 1)
    full = np.concatenate([np.repeat(rest[:, None], k, 1), extras[:, :, None]], 2).reshape(batch * k, N, P + 1)
    mine = best_time(lambda: fit_shared_rest(rest[..., :P], rest[..., P], extras[..., :P], extras[..., P], LAM, tol))
    base = best_time(lambda: fit_batch(full[..., :P], full[..., P], LAM, tol))
    a, _ = fit_shared_rest(rest[..., :P], rest[..., P], extras[..., :P], extras[..., P], LAM, tol)
    b, _ = fit_batch(full[..., :P], full[..., P], LAM, tol)
    assert np.max(np.abs(a.reshape(-1, P) - b)) < 1e-5
    return batch * k, mine, base, batch * (2 * (P + 1) ** 2 * (N - 1) + 2 * P * P * k)


def jobs_row(quick, jobs=2):
    """``(games, seconds with 1 job, seconds with jobs)`` for a ridge game; the scores must be equal."""
    from mileak.numeric.game.membership_game import play

    engine = RidgeEngine(n=N, p=P, lam=LAM, sigma=0.5, release="output")
    games = 2000 if quick else 6000
    play(engine, 200, seed=1, shadows=16, jobs=jobs)  # start the workers (joblib keeps them)
    one = best_time(lambda: play(engine, games, seed=0, shadows=16), rounds=1)
    many = best_time(lambda: play(engine, games, seed=0, shadows=16, jobs=jobs), rounds=1)
    a, b = play(engine, 500, seed=2, shadows=16), play(engine, 500, seed=2, shadows=16, jobs=jobs)
    assert all(np.array_equal(a.scores[k], b.scores[k]) for k in a.scores)
    return games, one, many


def table(quick):
    s = 1 if quick else 2
    rows = [
        ("ridge, 2 per rest set", ridge_row(2, 500 * s)),
        ("ridge, 64 per rest set", ridge_row(64, 32 * s)),
        ("ridge, 4096 per rest set", ridge_row(4096, 2 * s)),
        ("ridge, independent datasets", ridge_independent_row(500 * s)),
        ("logistic, 1 per rest set", logistic_row(1, 200 * s)),
        ("logistic, 2 per rest set", logistic_row(2, 200 * s)),
        ("logistic, 64 per rest set", logistic_row(64, 4 * s)),
    ]
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="run the table this many times; print each ratio's spread")
    ap.add_argument("--quick", action="store_true", help="half the batches")
    args = ap.parse_args(argv)
    ratios = {}
    with one_blas_thread():
        for run in range(args.repeat):
            peak = gemm_peak()
            print(f"run {run + 1}: 1-thread GEMM peak {peak:.1f} GFLOP/s")
            print(f"  {'engine':30s} {'mileak':>12s} {'numpy':>12s} {'ratio':>7s} {'GFLOP/s':>8s} {'of peak':>8s}")
            grams = []
            for name, (models, mine, base, flops) in table(args.quick):
                gflops = flops / mine / 1e9
                ratios.setdefault(name, []).append(base / mine)
                print(f"  {name:30s} {models / mine:10.0f}/s {models / base:10.0f}/s {base / mine:6.2f}x "
                      f"{gflops:8.1f} {100 * gflops / peak:7.0f}%")
                if name in GRAM_SHAPES:
                    grams.append((name, gflops, gram_rate(500 * (1 if args.quick else 2), GRAM_SHAPES[name])))
            for name, gflops, gram in grams:
                print(f"  {name}: {gflops:.1f} GFLOP/s against the bare batched Gram of the same shape and batch "
                      f"{gram:.1f} GFLOP/s: {100 * gflops / gram:.0f}% (target 85%)")
    games, one, many = jobs_row(args.quick)
    print(f"  play (ridge, 16 shadows, {games} games): 1 job {one:.2f} s, 2 jobs {many:.2f} s: {one / many:.2f}x")
    if args.repeat > 1:
        print("spread of each ratio over the runs (max/min - 1):")
        for name, values in ratios.items():
            print(f"  {name:30s} {100 * (max(values) / min(values) - 1):5.1f}%")


if __name__ == "__main__":
    main()
