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

from mileak.numeric.core.checks import check_array, check_float, check_int, check_labels


def _check_settings(lam, tol, max_iter):
    lam = check_float("lam", lam, lo=0, lo_open=True)
    tol = check_float("tol", tol, lo=0, lo_open=True)
    check_int("max_iter", max_iter, 1, 10**4)
    return lam, tol


def fit_batch(X, y, lam: float, tol: float = 1e-10, max_iter: int = 60, theta0=None):
    """``(theta (B, p), converged (B,))``; ``||theta - theta_D|| <= tol`` where converged.

    ``theta0`` (``(p,)`` or ``(B, p)``) warm-starts every model (datasets from one
    population have nearby minimisers, so Newton then needs a few steps). Only
    the models not yet converged are stepped (the active set shrinks).
    """
    X = check_array("X", X, 3)
    y = check_labels("y", y, X.shape[:2])
    lam, tol = _check_settings(lam, tol, max_iter)
    B, n, p = X.shape
    theta = np.zeros((B, p)) if theta0 is None else np.broadcast_to(np.asarray(theta0, float), (B, p)).copy()
    done = np.zeros(B, bool)
    active = np.arange(B)
    eye = lam * np.eye(p)
    for _ in range(max_iter + 1):
        # the data of the active models: a view while all are active (a fancy index copies the whole batch)
        Xa, ya = (X, y) if active.size == B else (X[active], y[active])
        ta = theta[active]
        m = ya * np.matmul(Xa, ta[:, :, None])[..., 0]
        s = 0.5 * (1 - np.tanh(m / 2))  # sigmoid(-m)
        grad = -np.matmul((ya * s)[:, None, :], Xa)[:, 0] / n + lam * ta
        ok = np.linalg.norm(grad, axis=1) <= tol * lam
        done[active[ok]] = True
        keep = ~ok
        if not keep.any() or _ == max_iter:
            break
        if not keep.all():
            Xa, s, grad, ta = Xa[keep], s[keep], grad[keep], ta[keep]
        w = s * (1 - s)
        hess = np.matmul(Xa.swapaxes(1, 2), Xa * (w / n)[..., None]) + eye
        theta[active[keep]] = ta - np.linalg.solve(hess, grad[..., None])[..., 0]
        active = active[keep]
    return theta, done


CHORD_FROM = 2  # extras per rest set from which the shared fit and chord steps pay (benchmarks/bench_engine_rows.py)


def fit_shared_rest(Xr, yr, Xe, ye, lam: float, tol: float = 1e-10, max_iter: int = 60):
    """Fits on ``D_rest[b] + (Xe[b, j], ye[b, j])`` for ``k`` extras per rest set, sharing the work on ``D_rest``.

    The route is chosen by ``k``: below ``CHORD_FROM`` (one model per rest set) nothing is shared, so each
    full dataset gets its own Newton fit (:func:`fit_batch`, a Hessian per model and step); measured at
    ``p = 30``, ``n = 500``, ``tol = 1e-10``: 1,800 against 950 models/s for the chord route at ``k = 1``,
    and 2,040 (chord) against 1,930 at ``k = 2``, 5,800 against 2,000 at ``k = 4``.

    With ``n = n_rest + 1`` and ``F_j(theta) = (1/n) sum_{D_rest + z_j} log(1 + e^{-y x.theta}) + lam ||theta||^2 / 2``:
    Newton on the rest set alone gives ``theta_r`` and ``H = (1/n) X_r' W X_r + lam I`` at ``theta_r``;
    then every ``theta_j`` (started at ``theta_r``) takes chord steps
    ``theta_j <- theta_j - H^-1 grad F_j(theta_j)``. ``H`` differs from the exact Hessian of ``F_j``
    by one record's term and the small move ``theta_j - theta_r`` (both ``O(1/n)``), so the
    contraction is fast, and each step for all ``k`` extras is two matrix products with
    the shared ``X_r`` (compute-bound). A model is converged when ``||grad F_j|| <= tol * lam``
    (so ``||theta_j - theta_D|| <= tol`` by strong convexity, however it was reached);
    the rest fall back to :func:`fit_batch` and stay flagged if that fails too.

    Returns ``(theta (B, k, p), converged (B, k))``.
    """
    Xr, Xe = check_array("Xr", Xr, 3), check_array("Xe", Xe, 3)
    if Xe.shape[0] != Xr.shape[0] or Xe.shape[2] != Xr.shape[2]:
        raise ValueError(f"Xe must be (B, k, p) with Xr's B and p; got Xr {Xr.shape} and Xe {Xe.shape}")
    yr, ye = check_labels("yr", yr, Xr.shape[:2]), check_labels("ye", ye, Xe.shape[:2])
    lam, tol = _check_settings(lam, tol, max_iter)
    B, m, p = Xr.shape
    k, n = Xe.shape[1], m + 1
    if k < CHORD_FROM:
        return _fit_full(Xr, yr, Xe, ye, lam, tol, max_iter)
    start, _ = fit_batch(Xr[:1], yr[:1], lam, 1e-6, max_iter)
    theta_r, _ = fit_batch(Xr, yr, lam * n / m, 1e-6, max_iter, theta0=start[0])  # a warm start only
    mr = yr * np.matmul(Xr, theta_r[:, :, None])[..., 0]
    sr = 0.5 * (1 - np.tanh(mr / 2))
    H = np.matmul(Xr.swapaxes(1, 2) * (sr * (1 - sr))[:, None, :], Xr) / n + lam * np.eye(p)
    Hinv = np.linalg.inv(H)
    hx = np.matmul(Xe, Hinv)  # H^-1 x_j (B, k, p)
    xhx = np.sum(Xe * hx, -1)
    theta = np.repeat(theta_r[:, None, :], k, axis=1)  # (B, k, p)
    done = np.zeros((B, k), bool)
    yX = yr[:, :, None] * Xr  # (B, m, p)
    for step_index in range(max_iter):
        if step_index == 0:  # every theta_j starts at theta_r: the rest set's term is shared
            grad = np.repeat(-np.matmul(sr[:, None, :], yX), k, axis=1)
        else:
            margins = np.matmul(yX, theta.swapaxes(1, 2))  # (B, m, k)
            s = 1 / (1 + np.exp(np.minimum(margins, 700)))  # sigmoid(-margin); exp cannot overflow
            grad = -np.matmul(s.swapaxes(1, 2), yX)  # (B, k, p)
        me = ye * np.sum(Xe * theta, -1)
        se = 0.5 * (1 - np.tanh(me / 2))
        grad = (grad - (ye * se)[..., None] * Xe) / n + lam * theta
        done = np.linalg.norm(grad, axis=-1) <= tol * lam
        if done.all():
            break
        # (H + c x x')^-1 g by Sherman-Morrison: the record's own Hessian term, c = s (1 - s) / n
        step = np.matmul(grad, Hinv)  # H^-1 g for each j (H symmetric)
        c = se * (1 - se) / n
        step -= hx * (c * np.sum(Xe * step, -1) / (1 + c * xhx))[..., None]
        theta = np.where(done[..., None], theta, theta - step)
    if not done.all():
        bi, ji = np.nonzero(~done)
        X = np.concatenate([Xr[bi], Xe[bi, ji][:, None]], axis=1)
        y = np.concatenate([yr[bi], ye[bi, ji][:, None]], axis=1)
        t, ok = fit_batch(X, y, lam, tol, max_iter, theta0=theta[bi, ji])
        theta[bi, ji], done[bi, ji] = t, ok
    return theta, done


def _fit_full(Xr, yr, Xe, ye, lam, tol, max_iter):
    """Every dataset ``D_rest[b] + z_bj`` fitted on its own by batched Newton: the route for ``k < CHORD_FROM``."""
    B, m, p = Xr.shape
    k = Xe.shape[1]
    X, y = np.empty((B, k, m + 1, p)), np.empty((B, k, m + 1))  # one pass over the data, no intermediate copies
    X[:, :, :m], X[:, :, m], y[:, :, :m], y[:, :, m] = Xr[:, None], Xe, yr[:, None], ye
    X, y = X.reshape(B * k, m + 1, p), y.reshape(B * k, m + 1)
    theta, ok = fit_batch(X, y, lam, tol, max_iter)  # a warm start measured no faster here
    return theta.reshape(B, k, p), ok.reshape(B, k)
