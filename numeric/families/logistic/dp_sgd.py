"""Batched DP-SGD for logistic regression: many models at once, each its own Poisson batches and noise (T7).

One step for every model ``b``: sample each example with probability ``q`` (Poisson), take its gradient
``g_i = -y_i sigma(-y_i theta_b . x_i) x_i``, clip it to norm ``C`` (``g_i min(1, C / ||g_i||)``; the gradient
is a scalar times ``x_i``, so its norm is ``|coef_i| ||x_i||``), add ``N(0, z^2 C^2 I)`` to the sum and step
``theta_b -= lr (sum + noise) / (q n) + lr lam theta_b``. At ``q >= 0.05`` two GEMMs per step over every example
carry the work (float32 Poisson masks); below it only the sampled examples are touched, drawn as the positions
of a Bernoulli(q) process (geometric gaps): about ``q n`` per model and step.

>>> import numpy as np
>>> X = np.eye(3); y = np.array([1.0, -1.0, 1.0])
>>> theta = train(X, y, np.zeros((4, 3), bool), None, q=0.5, z=1.0, steps=5, rng=np.random.default_rng(0))
>>> theta.shape
(4, 3)
"""

from __future__ import annotations

import numpy as np


def clipped_gradient_sum(theta, X, y, mask, C, xnorm=None):
    """``sum_i mask_bi clip_C(grad loss(theta_b; x_i, y_i))`` for every model ``b``: ``(models, p)``."""
    xnorm = np.linalg.norm(X, axis=1) if xnorm is None else xnorm
    margins = (theta @ X.T) * y  # (models, n)
    coef = -y / (1.0 + np.exp(np.clip(margins, -700, 700)))  # d loss / d (theta . x) = -y sigma(-y theta.x)
    scale = np.minimum(1.0, C / np.maximum(np.abs(coef) * xnorm, 1e-300))
    return (mask * coef * scale) @ X


DENSE_ABOVE_Q = 0.05  # below it, only the sampled examples are touched (about q n per model and step)


def poisson_batches(rng, models: int, n: int, q: float):
    """``(index (models, m), valid (models, m))``: each model's Poisson sample of ``range(n)`` at rate ``q``,
    drawn as the positions of a Bernoulli(q) process (geometric gaps), so its cost is ``models x q n``."""
    m = int(np.ceil(n * q + 8 * np.sqrt(n * q) + 16))
    while True:
        positions = np.cumsum(rng.geometric(q, size=(models, m)), axis=1) - 1
        if np.all(positions[:, -1] >= n):  # every model's process has passed n (else draw more)
            return np.minimum(positions, n - 1), positions < n
        m *= 2


def sparse_clipped_gradient_sum(theta, X, y, index, valid, C, xnorm):
    """:func:`clipped_gradient_sum` over the sampled examples only (``index``, ``valid`` from poisson_batches)."""
    Xs = X[index]  # (models, m, p)
    margins = np.einsum("bmp,bp->bm", Xs, theta) * y[index]
    coef = -y[index] / (1.0 + np.exp(np.clip(margins, -700, 700)))
    scale = np.minimum(1.0, C / np.maximum(np.abs(coef) * xnorm[index], 1e-300))
    return np.einsum("bm,bmp->bp", np.where(valid, coef * scale, 0.0), Xs)


def train(X, y, members, canary, q: float, z: float, steps: int, rng, C: float = 1.0, lr: float = 0.5,
          lam: float = 0.0, progress=None):
    """Final parameters ``(models, p)`` of DP-SGD on ``X, y`` (plus ``canary = (x, y)`` for the models with
    ``members[b]``), ``steps`` steps from ``theta = 0``."""
    models, p = members.shape[0], X.shape[1]
    n = X.shape[0] + (canary is not None)
    theta = np.zeros((models, p))
    if canary is not None:
        xc, yc = np.asarray(canary[0], float), float(canary[1])
    xnorm = np.linalg.norm(X, axis=1)
    for t in range(steps):
        if q >= DENSE_ABOVE_Q:
            mask = rng.random((models, X.shape[0]), dtype=np.float32) < q
            total = clipped_gradient_sum(theta, X, y, mask, C, xnorm)
        else:
            index, valid = poisson_batches(rng, models, X.shape[0], q)
            total = sparse_clipped_gradient_sum(theta, X, y, index, valid, C, xnorm)
        if canary is not None:
            in_batch = members & (rng.random(models, dtype=np.float32) < q)
            total += clipped_gradient_sum(theta, xc[None, :], np.array([yc]), in_batch[:, None], C)
        total += z * C * rng.normal(size=(models, p))
        theta -= lr * total / (q * n) + lr * lam * theta
        if progress is not None and (t + 1) % max(1, steps // 20) == 0:
            progress(t + 1, steps)
    return theta
