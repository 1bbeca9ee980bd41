"""F3's population: ``x`` uniform in the ball of radius ``R``, ``y = +-1`` with ``P(y = 1) = 1 / (1 + e^{-x.beta})``."""

from __future__ import annotations

import numpy as np


def true_coefficients(p: int, beta_seed: int = 0) -> np.ndarray:
    """``beta ~ N(0, 4 I_p / p)`` drawn from ``beta_seed`` (the same for every call)."""
    return np.random.default_rng(int(beta_seed)).normal(0.0, 2.0 / np.sqrt(p), size=int(p))


def sample(rng, size, p=1, R=1.0, beta_seed=0, **_):
    """Records as rows ``[x_1..x_p, y]``: ``x`` uniform in the ball of radius ``R``, ``y = +-1``."""
    p = int(p)
    g = rng.normal(size=(size, p))
    radius = float(R) * rng.uniform(size=size) ** (1.0 / p)
    X = g / np.linalg.norm(g, axis=1)[:, None] * radius[:, None]
    prob = 1.0 / (1.0 + np.exp(-X @ true_coefficients(p, beta_seed)))
    yv = np.where(rng.uniform(size=size) < prob, 1.0, -1.0)
    return np.column_stack([X, yv])
