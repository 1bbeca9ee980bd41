"""T5's local (second-order) form and a family of growing capacity, for F3 logistic regression.

Local form (docs/theory.md D3/T5): with ``H`` the Hessian of ``F_D = (1/n) sum loss + lam g``
at ``theta_D``,

    ``D ~ ||s(z, z')||^2 / (2 n^2 sigma^2)``,  ``s = H^{-1} (grad loss(theta_D; z) - grad loss(theta_D; z'))``,

the first-order expansion of ``theta_D - theta_D'`` (one Newton step from
``theta_D`` on ``F_D'``). :func:`local_vs_exact` returns both, the exact KL from
certified ERM solves.

Capacity: :func:`capacity_table` fits logistic regression on polynomial
features ``x = (1, u, ..., u^k) / sqrt(k + 1) * R_k`` of ``u in [-1, 1]`` with
``R_k = sqrt(k + 1)`` (so ``||x|| <= R_k``, hence ``L = R_k`` grows with the degree
``k``), and reports the T5 bound with the measured mean neighbouring KL.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

from mileak.numeric.core.precision import DEFAULT_DPS, working_precision
from mileak.numeric.families.logistic.batched import fit_batch
from mileak.numeric.families.logistic.solve import _gradient_and_hessian, logistic_fit, parameter_shift
from mileak.numeric.measures.sensitivity_bounds import t5_bound


@dataclass
class LocalComparison:
    n: int
    exact: mpmath.mpf
    local: mpmath.mpf

    @property
    def ratio(self):
        return self.local / self.exact


def local_vs_exact(X, y, z, z_prime, lam, sigma, dps: int = DEFAULT_DPS) -> LocalComparison:
    """Exact ``D(N(theta_D, sigma^2) || N(theta_D', sigma^2))`` and its local form, ``D = rest + z``."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    (xz, yz), (xp, yp) = z, z_prime
    X1, y1 = np.vstack([X, xz]), np.append(y, yz)
    X0, y0 = np.vstack([X, xp]), np.append(y, yp)
    n = len(y1)
    f1, f0 = logistic_fit(X1, y1, lam, dps=dps), logistic_fit(X0, y0, lam, dps=dps)
    shift = parameter_shift(f1, f0)
    with working_precision(dps + 20):
        sigma = mpmath.mpf(sigma)
        exact = mpmath.mpf(shift.mid) ** 2 / (2 * sigma**2)
        theta = f1.theta
        rows = lambda A: [[mpmath.mpf(float(v)) for v in r] for r in np.atleast_2d(A)]  # noqa: E731
        _, hess = _gradient_and_hessian(rows(X1), [mpmath.mpf(float(v)) for v in y1], mpmath.mpf(lam), theta)
        # one record, no regulariser, n = 1: the gradient of loss(theta_D; z) itself
        gz = _gradient_and_hessian(rows(xz), [mpmath.mpf(float(yz))], 0, theta)[0]
        gp = _gradient_and_hessian(rows(xp), [mpmath.mpf(float(yp))], 0, theta)[0]
        g = [a - b for a, b in zip(gz, gp)]
        sv = mpmath.lu_solve(hess, mpmath.matrix(g))
        local = mpmath.fsum(v**2 for v in sv) / (2 * n**2 * sigma**2)
        return LocalComparison(n, +exact, +local)


def polynomial_features(u, degree: int) -> np.ndarray:
    """``(1, u, ..., u^k)`` for ``u in [-1, 1]``: norm at most ``sqrt(k + 1)``."""
    u = np.asarray(u, float)
    return np.stack([u**j for j in range(degree + 1)], axis=-1)


def capacity_table(degrees, n=50, lam=0.1, sigma=1.0, trials=400, seed=0):
    """Rows ``(degree, L, T5 bound, mean exact neighbouring KL)`` for logistic regression on polynomial features."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in degrees:
        u = rng.uniform(-1, 1, size=(trials, n + 1))
        X = polynomial_features(u, k)
        yv = np.where(rng.uniform(size=(trials, n + 1)) < 1 / (1 + np.exp(-3 * np.sin(3 * u))), 1.0, -1.0)
        t1, ok1 = fit_batch(X[:, :n], yv[:, :n], lam)
        X0, y0 = X[:, :n].copy(), yv[:, :n].copy()
        X0[:, -1], y0[:, -1] = X[:, n], yv[:, n]
        t0, ok0 = fit_batch(X0, y0, lam)
        if not (ok1.all() and ok0.all()):
            raise ArithmeticError(f"logistic fits did not converge at degree {k}; raise lam")
        kl = np.sum((t1 - t0) ** 2, axis=1) / (2 * sigma**2)
        L = np.sqrt(k + 1.0)
        rows.append({"degree": k, "L": L, "t5_bound": float(t5_bound(n, lam, sigma, L, dps=20).value),
                     "mean_kl": float(kl.mean()), "max_kl": float(kl.max())})
    return rows
