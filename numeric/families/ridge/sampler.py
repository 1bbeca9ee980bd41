"""F2's population: ``x ~ N(0, I_p)``, ``y = x.beta + N(0, s^2)``, ``beta ~ N(0, I_p / p)`` drawn once from ``beta_seed``."""

from __future__ import annotations

import numpy as np


def true_coefficients(p: int, beta_seed: int = 0) -> np.ndarray:
    """``beta ~ N(0, I_p / p)`` drawn from ``beta_seed`` (the same for every call)."""
    return np.random.default_rng(int(beta_seed)).normal(0.0, 1.0 / np.sqrt(p), size=int(p))


def sample(rng, size, p=1, s=1.0, beta_seed=0, **_):
    """Records ``(x, y)`` as rows ``[x_1..x_p, y]`` of an array ``(size, p + 1)``."""
    p = int(p)
    X = rng.normal(size=(size, p))
    yv = X @ true_coefficients(p, beta_seed) + rng.normal(0.0, float(s), size=size)
    return np.column_stack([X, yv])
