"""Bundled scikit-learn datasets (no download) as labelled rows with ``||x|| <= R``.

Features are standardised (mean 0, unit variance per column; constant columns
dropped), then every row is divided by the largest row norm and multiplied by
``R``, so ``max ||x_i|| = R (1 - 1e-12)``: rounding cannot push a row outside (checked).
Labels are ``+-1``.

* ``breast-cancer``: 569 rows, 30 features, malignant (-1) / benign (+1);
* ``digits``: 1797 rows, 64 pixel features (61 non-constant), binarised ``digit >= 5`` (+1);
* ``wine``: 178 rows, 13 features, class 0 (+1) against classes 1 and 2 (-1).

>>> X, y = load("breast-cancer")
>>> X.shape, bool(np.linalg.norm(X, axis=1).max() <= 1.0), sorted(set(y.tolist()))
((569, 30), True, [-1.0, 1.0])
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_choice, check_float

DATASETS = ("breast-cancer", "digits", "wine")


def _raw(name):
    from sklearn import datasets as sk

    if name == "breast-cancer":
        X, y = sk.load_breast_cancer(return_X_y=True)
        return X, np.where(y == 1, 1.0, -1.0)
    if name == "digits":
        X, y = sk.load_digits(return_X_y=True)
        return X, np.where(y >= 5, 1.0, -1.0)
    if name == "wine":
        X, y = sk.load_wine(return_X_y=True)
        return X, np.where(y == 0, 1.0, -1.0)
    raise ValueError(f"dataset={name!r} must be one of {', '.join(DATASETS)}")


def load(name: str, R: float = 1.0):
    """``(X (N, p), y (N,))`` with ``||x|| <= R`` and ``y`` in ``{-1, +1}``."""
    R = check_float("R", R, lo=0, lo_open=True)
    check_choice("dataset", name, DATASETS)
    X, y = _raw(name)
    sd = X.std(axis=0)
    X = (X[:, sd > 0] - X[:, sd > 0].mean(axis=0)) / sd[sd > 0]
    X = X / np.linalg.norm(X, axis=1).max() * (R * (1 - 1e-12))  # a hair inside the ball: rounding cannot leave it
    return check_rows(X, y, R)


def check_rows(X, y, R: float):
    """Refuse data that breaks the assumptions of the bounds: ``||x_i|| <= R`` and ``y_i = +-1``."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] < 4:
        raise ValueError(f"data must be X (N, p) and y (N,) with N >= 4; got {X.shape} and {y.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("data X has non-finite entries")
    norms = np.linalg.norm(X, axis=1)
    bad = np.flatnonzero(norms > R)
    if bad.size:
        raise ValueError(f"rows violate ||x|| <= R = {R}: {bad.size} rows, e.g. row {bad[0]} has norm {norms[bad[0]]:.6g}")
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("labels y must be -1 or +1")
    return X, y
