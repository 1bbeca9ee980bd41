"""T5's local second-order form against the exact KL, and the bound growing with model capacity."""

import numpy as np

from mileak.numeric.families.logistic.local_form import capacity_table, local_vs_exact
from mileak.numeric.families.registry import plugin
from mileak.proofs.families import FAMILIES


def test_local_form_tends_to_the_exact_kl():
    rng = np.random.default_rng(0)
    fam = FAMILIES["logistic"]
    gaps = []
    for n in (10, 80, 640):
        d = plugin(fam).sample(rng, n + 1, p=2, R=1)
        c = local_vs_exact(d[: n - 1, :2], d[: n - 1, 2], (d[n - 1, :2], d[n - 1, 2]), (d[n, :2], d[n, 2]), 0.1, 1.0)
        assert c.exact < 2 / (n**2 * 0.1**2)  # below the T5 bound with L = R = 1, sigma = 1
        gaps.append(abs(float(c.ratio) - 1))
    assert gaps[2] < gaps[0] and gaps[2] < 0.01


def test_capacity_raises_the_bound_and_the_measured_kl_stays_below_it():
    rows = capacity_table([1, 3, 6], n=40, lam=0.2, sigma=1.0, trials=150, seed=2)
    bounds = [r["t5_bound"] for r in rows]
    assert bounds == sorted(bounds) and len(set(bounds)) == 3
    assert all(r["max_kl"] < r["t5_bound"] for r in rows)
