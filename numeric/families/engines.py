"""The engine for each catalogue family, and construction from CLI-style parameters.

>>> make_engine("ridge", "output", {"n": 10, "lam": 0.1, "sigma": 1.0}).describe()
'ridge (output release; p=1, s=1.0, beta_seed=0, n=10, lam=0.1, sigma=1.0)'
"""

from __future__ import annotations

from mileak.numeric.families.gaussian_mean.engine import GaussianMeanEngine
from mileak.numeric.families.logistic.engine import LogisticEngine
from mileak.numeric.families.ridge.engine import RidgeEngine

ENGINES = {"gaussian-mean": GaussianMeanEngine, "ridge": RidgeEngine, "logistic": LogisticEngine}


def make_engine(family: str, release: str, values: dict):
    if not isinstance(family, str) or family not in ENGINES:
        raise ValueError(f"family={family!r:.40} has no simulator engine; choose one of {', '.join(ENGINES)}")
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise TypeError(f"values must be a dict of family parameters, got {type(values).__name__} {values!r:.60}")
    return ENGINES[family](release=release, **values)
