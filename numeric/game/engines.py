"""The engine for each catalogue family, and construction from CLI-style parameters.

>>> make_engine("ridge", "output", {"n": 10, "lam": 0.1, "sigma": 1.0}).describe()
'ridge (output release; p=1, s=1.0, beta_seed=0, n=10, lam=0.1, sigma=1.0)'
"""

from __future__ import annotations

from .gaussian_mean_engine import GaussianMeanEngine
from .logistic_engine import LogisticEngine
from .ridge_engine import RidgeEngine

ENGINES = {"gaussian-mean": GaussianMeanEngine, "ridge": RidgeEngine, "logistic": LogisticEngine}


def make_engine(family: str, release: str, values: dict):
    if family not in ENGINES:
        raise ValueError(f"family={family!r} has no simulator engine; choose one of {', '.join(ENGINES)}")
    return ENGINES[family](release=release, **values)
