"""Batched Newton for L2-regularised logistic regression (many datasets at once, float64).

For ``B`` datasets ``X`` (B, n, p), ``y`` (B, n) in {-1, +1}: Newton steps on
``F(theta) = (1/n) sum log(1 + exp(-y x.theta)) + lam ||theta||^2 / 2`` for all
of them together. A model is converged when ``||grad F|| <= tol * lam``, which
by ``lam``-strong convexity means ``||theta - theta_D|| <= tol``; models that
do not converge in ``max_iter`` steps are reported in ``converged`` (never
silently used: callers must check it).

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(4, 20, 2)) / 2; y = np.sign(rng.normal(size=(4, 20)))
>>> theta, ok = fit_batch(X, y, 0.1)
>>> bool(ok.all())
True
"""

from __future__ import annotations

import numpy as np


def fit_batch(X, y, lam: float, tol: float = 1e-10, max_iter: int = 60):
    """``(theta (B, p), converged (B,))``; ``||theta - theta_D|| <= tol`` where converged."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.ndim != 3 or y.shape != X.shape[:2]:
        raise ValueError(f"X must be (B, n, p) and y (B, n); got {X.shape} and {y.shape}")
    if not lam > 0:
        raise ValueError(f"lam={lam!r} must be in (0, oo)")
    B, n, p = X.shape
    theta = np.zeros((B, p))
    eye = np.eye(p)
    done = np.zeros(B, bool)
    for _ in range(max_iter):
        m = y * np.einsum("bnp,bp->bn", X, theta)
        s = 0.5 * (1 - np.tanh(m / 2))  # sigmoid(-m)
        grad = -np.einsum("bnp,bn->bp", X, y * s) / n + lam * theta
        done = np.linalg.norm(grad, axis=1) <= tol * lam
        if done.all():
            break
        w = s * (1 - s)
        hess = np.einsum("bnp,bn,bnq->bpq", X, w, X) / n + lam * eye
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        theta = np.where(done[:, None], theta, theta - step)
    return theta, done
