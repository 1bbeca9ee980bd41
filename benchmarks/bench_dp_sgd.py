"""DP-SGD model-steps per second: mileak's batched trainer vs a loop of one model at a time, in one process.

The same code path run model by model (the straightforward baseline: per-example gradients as an
``(n, p)`` array, clipped row by row, summed) against the batched trainer
(:mod:`mileak.numeric.families.logistic.dp_sgd`: two GEMMs per step for all models). Reported as a ratio
and as the extrapolated time of issue 16's target, 1,000 models x 1,000 steps at ``n = 1,000``, ``p = 30``
(target: under 60 s on 2 cores).

    python benchmarks/bench_dp_sgd.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

sys.path.insert(0, ".")
from mileak.numeric.families.logistic.dp_sgd import train  # noqa: E402
from mileak.numeric.families.logistic.sampler import sample  # noqa: E402


def baseline(X, y, q, z, steps, rng, C=1.0, lr=0.5):
    """One model: per-example gradients ``(n, p)``, each clipped, the sampled ones summed, noise added."""
    theta = np.zeros(X.shape[1])
    for _ in range(steps):
        mask = rng.random(X.shape[0]) < q
        grads = (-y / (1 + np.exp(y * (X @ theta))))[:, None] * X
        norms = np.linalg.norm(grads, axis=1)
        grads *= np.minimum(1.0, C / np.maximum(norms, 1e-300))[:, None]
        theta -= lr * (grads[mask].sum(axis=0) + z * C * rng.normal(size=X.shape[1])) / (q * X.shape[0])
    return theta


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 models x 100 steps (seconds)")
    a = ap.parse_args()
    models, steps, n, p, q, z = (100, 100, 1000, 30, 0.01, 1.1) if a.quick else (1000, 1000, 1000, 30, 0.01, 1.1)
    rng = np.random.default_rng(0)
    data = sample(rng, n, p=p)
    X, y = data[:, :-1], data[:, -1]
    train(X, y, np.zeros(4, bool), None, q, z, 5, rng)  # warm-up
    t = time.perf_counter()
    train(X, y, np.zeros(models, bool), None, q, z, steps, rng)
    fast = time.perf_counter() - t
    loops = 5
    t = time.perf_counter()
    for _ in range(loops):
        baseline(X, y, q, z, steps, rng)
    slow = (time.perf_counter() - t) / loops * models
    print(f"DP-SGD logistic, {models} models x {steps} steps, n = {n}, p = {p}, q = {q}: batched {fast:.1f} s, "
          f"one model at a time {slow:.1f} s (extrapolated from {loops}): {slow / fast:.1f}x")
    per = fast / (models * steps)
    print(f"target 1000 models x 1000 steps: {per * 1e6:.1f} s extrapolated (target < 60 s)")


if __name__ == "__main__":
    main()
