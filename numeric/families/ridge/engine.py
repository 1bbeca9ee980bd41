"""F2 engine: batched ridge fits that share ``D_rest`` (one solve, then a rank-one update per record).

With ``A = X_rest' X_rest + n lam I`` and ``b = X_rest' y_rest`` (one batched
solve ``A [u, w_1..w_k] = [b, x_1..x_k]`` per rest set) the fit on
``D_rest + (x_j, y_j)`` is, by Sherman-Morrison,

``theta_j = u + y_j w_j - w_j (x_j.u + y_j x_j.w_j) / (1 + x_j.w_j)``.

Posterior release ``N(theta_j, tau^2 A_j^{-1})``, ``A_j = A + x_j x_j'``, with
``A_j^{-1} = A^{-1} - w_j w_j' / (1 + x_j.w_j)``. The strong adversary's exact
quantities use the matrix determinant lemma ``ln det A_j = ln det A + ln(1 + x_j.w_j)``:

* ``llr = ln(1 + x1.w1)/2 - ln(1 + x0.w0)/2 - [q(A1, t1) - q(A0, t0)] / (2 tau^2)``,
  ``q(A, t) = (theta_hat - t)' A (theta_hat - t)``;
* ``D = (tr(A0 A1^-1) - p + (t1 - t0)' A0 (t1 - t0) / tau^2 + ln det A1 - ln det A0) / 2``, with
  ``tr(A0 A1^-1) = p + x0.w0 - (x1.w0)^2 / (1 + x1.w1) - x1.w1 / (1 + x1.w1)``.

These are checked against :mod:`mileak.numeric.families.ridge.solve` (exact rational solves) in the tests.

>>> import numpy as np
>>> e = RidgeEngine(n=20, lam=0.1, sigma=0.5, p=3, release="output")
>>> rng = np.random.default_rng(1)
>>> rest = e.draw_rest(rng, 2); z = e.records(rng, (2, 2))
>>> theta, ok = e.fit(rest, z)
>>> X = np.concatenate([rest.X[0], z[0, :1, :3]]); y = np.concatenate([rest.y[0], z[0, :1, 3]])
>>> bool(np.allclose(theta[0, 0], np.linalg.solve(X.T @ X + 20 * 0.1 * np.eye(3), X.T @ y)))
True
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.families.engine import Engine
from mileak.proofs.families.ridge import RIDGE

from .sampler import sample

INVERSE_FROM = 16  # records per rest set from which A^-1 x_j comes from one inverse and a GEMM


class RidgeRest:
    """The shared work on ``D_rest``: ``A = X'X + n lam I`` and ``b = X'y``; ``u = A^-1 b`` is solved once, when
    first needed, together with the records' ``A^-1 x_j`` where a fit asks for both (one LAPACK call per rest
    set instead of two: at ``p = 30`` the calls' overhead is a third of a ridge game's time)."""

    def __init__(self, X, y, A, b):
        self.X, self.y, self.A, self.b = X, y, A, b  # (B, n-1, p), (B, n-1), (B, p, p), (B, p)
        self._u = None

    @property
    def u(self) -> np.ndarray:
        """``A^-1 b``, ``(B, p)``."""
        if self._u is None:
            self._u = np.linalg.solve(self.A, self.b[..., None])[..., 0]
        return self._u


class RidgeEngine(Engine):
    family = RIDGE
    sampler = staticmethod(sample)
    releases = ("exact", "output", "posterior")

    def defaults(self):
        return {"p": 1, "s": 1.0, "beta_seed": 0}

    def fit_operations(self) -> float:
        """One linear solve: the Gram ``X'X`` over ``n`` records and its factorisation, ``n p^2 + p^3 / 3``."""
        return float(self.n * self.p * self.p + self.p**3 / 3)

    def draw_rest(self, rng, batch):
        return self.rest_from_records(self.records(rng, (batch, self.n - 1)))

    def rest_from_records(self, data):
        """The shared work on ``D_rest`` given as records ``(B, n-1, p+1)`` (features, then the label): one
        batched Gram ``Z'Z`` of ``Z = [X | y]`` holds both ``X'X`` and ``X'y`` (one BLAS call, not two passes)."""
        gram = np.matmul(data.swapaxes(1, 2), data)
        return self._rest(data[..., : self.p], data[..., self.p], gram[:, : self.p, : self.p], gram[:, : self.p, self.p])

    def rest_from_data(self, X, y):
        """The shared work on ``D_rest`` (``X (B, n-1, p)``, ``y (B, n-1)``): ``A`` and ``u = A^-1 X'y``."""
        Xt = X.swapaxes(1, 2)
        return self._rest(X, y, np.matmul(Xt, X), np.matmul(Xt, y[..., None])[..., 0])

    def _rest(self, X, y, A, b):
        A = np.array(A)  # its own buffer: the ridge term is added in place
        A[:, np.arange(self.p), np.arange(self.p)] += self.n * float(self.values["lam"])
        if float(self.values["lam"]) == 0 and np.any(np.linalg.eigvalsh(A)[:, 0] <= 0):
            raise ValueError("lam=0 needs X'X invertible: use lam > 0 or n - 1 > p")
        return RidgeRest(X, y, A, np.asarray(b))

    def _w(self, rest, extras):
        """``w_j = A^-1 x_j`` for the ``k`` records of each rest set: solves for a few records; from
        ``INVERSE_FROM`` records on, one inverse and a GEMM ``x A^-1`` (``A`` symmetric), 5-7x faster at
        ``k = 4096``."""
        x = extras[..., : self.p]
        if x.shape[1] >= INVERSE_FROM:
            inverse = np.linalg.inv(rest.A)
            w = np.matmul(x, inverse)
            if rest._u is None:
                rest._u = np.matmul(inverse, rest.b[..., None])[..., 0]
        elif rest._u is None:  # u and every A^-1 x_j from one solve with k + 1 right-hand sides
            both = np.linalg.solve(rest.A, np.concatenate([rest.b[..., None], x.swapaxes(1, 2)], axis=2))
            rest._u, w = both[..., 0], both[..., 1:].swapaxes(1, 2)
        else:
            w = np.linalg.solve(rest.A, x.swapaxes(1, 2)).swapaxes(1, 2)  # (B, k, p) = A^-1 x_j
        return x, extras[..., self.p], w

    def fit(self, rest, extras):
        """``theta_j = u + w_j (y_j - x_j.u) / (1 + x_j.w_j)`` (the module's update, its two ``w_j`` terms
        gathered: two passes over the ``(B, k, p)`` arrays, the dot products by BLAS and ``einsum``)."""
        x, y, w = self._w(rest, extras)
        xu = np.matmul(x, rest.u[..., None])[..., 0]
        xw = np.einsum("bkp,bkp->bk", x, w)
        theta = w * ((y - xu) / (1 + xw))[..., None]
        theta += rest.u[:, None, :]
        return theta, np.ones(theta.shape[:2], bool)

    def _posterior_release(self, rng, rest, extras, theta):
        x, _, w = self._w(rest, extras)
        xw = np.sum(x * w, -1)
        cov = np.linalg.inv(rest.A)[:, None] - w[..., :, None] * w[..., None, :] / (1 + xw)[..., None, None]
        chol = np.linalg.cholesky(cov)
        return theta + self.noise * np.einsum("bkpq,bkq->bkp", chol, rng.normal(size=theta.shape))

    def _precision_terms(self, rest, extras, theta):
        x, _, w = self._w(rest, extras)
        xw = np.sum(x * w, -1)  # (B, 2)
        return x, w, xw

    def _posterior_llr(self, theta_hat, rest, extras, theta):
        x, w, xw = self._precision_terms(rest, extras, theta)
        out = 0.5 * (np.log1p(xw[:, 0]) - np.log1p(xw[:, 1]))
        for j, sign in ((0, -1), (1, 1)):
            d = theta_hat - theta[:, j]
            q = np.einsum("bp,bpq,bq->b", d, rest.A, d) + np.sum(x[:, j] * d, -1) ** 2
            out = out + sign * q / (2 * self.noise**2)
        return out

    def _posterior_kl(self, rest, extras, theta):
        x, w, xw = self._precision_terms(rest, extras, theta)
        x1w0 = np.sum(x[:, 1] * w[:, 0], -1)  # x1' A^-1 x0 with rows: x[:, 0] = x1 (member), x[:, 1] = x0
        trace_minus_p = xw[:, 1] - x1w0**2 / (1 + xw[:, 0]) - xw[:, 0] / (1 + xw[:, 0])
        d = theta[:, 0] - theta[:, 1]
        quad = np.einsum("bp,bpq,bq->b", d, rest.A, d) + np.sum(x[:, 1] * d, -1) ** 2
        return 0.5 * (trace_minus_p + quad / self.noise**2 + np.log1p(xw[:, 0]) - np.log1p(xw[:, 1]))

    def loss(self, theta, z):
        return (z[..., self.p] - np.sum(z[..., : self.p] * theta, -1)) ** 2 / 2

    def statistic(self, theta, z):
        """The signed residual ``y - x.theta`` (linear in ``theta``); membership shrinks it towards 0."""
        return z[..., self.p] - np.sum(z[..., : self.p] * theta, -1)
