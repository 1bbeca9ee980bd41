"""F3 logistic regression: ERM solved to a certified tolerance.

``F_D(theta) = (1/n) sum_i log(1 + exp(-y_i x_i.theta)) + lam ||theta||^2 / 2``,
``y_i in {-1, +1}``, ``||x_i|| <= R``. ``F_D`` is ``lam``-strongly convex, so
for any ``theta`` the distance to the minimiser obeys

    ``||theta - theta_D|| <= ||grad F_D(theta)|| / lam``

(strong monotonicity of the gradient). :func:`logistic_fit` runs Newton's
method in float64 and then in ``mpmath`` at ``dps + 20`` digits until that
bound is below ``10^-(dps + 10)``; the bound (plus the rounding of the
gradient evaluation) is returned as the certified error. The data and ``lam`` enter the ``mpmath`` stage at
their exact values (a ``Fraction`` such as ``1/3`` rounded once at ``dps + 20`` digits, never through a
float), so the minimiser certified is the one of the data given. A fit that does not
reach the tolerance raises :class:`~mileak.numeric.core.precision.PrecisionError`.
This serves T5: ``||theta_D - theta_D'|| <= 2 L / (n lam)`` with ``L = R``.

>>> fit = logistic_fit([[0.5, 0.1], [-0.3, 0.4], [0.2, -0.6]], [1, -1, 1], lam=0.1)
>>> fit.error < 1e-40
True
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

from mileak.numeric.core.checks import check_finite, check_positive
from mileak.numeric.core.exact_input import datum_mpf
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps, working_precision


@dataclass(frozen=True)
class LogisticFit:
    theta: list  # mpf coordinates
    error: mpmath.mpf  # certified bound on ||theta - theta_D||
    iterations: int
    dps: int


def check_data(X, y, radius=None):
    """``X`` (n, p) finite, ``y`` in {-1, +1}, and ``||x_i|| <= radius`` when given."""
    from mileak.numeric.core.checks import check_array, check_labels

    X = check_array("X", X, 2)
    y = check_labels("y", y, (X.shape[0],))
    if radius is not None:
        norms = np.linalg.norm(X, axis=1)
        worst = int(np.argmax(norms))
        if norms[worst] > float(radius) * (1 + 1e-12):
            raise ValueError(f"row {worst} of X has ||x|| = {norms[worst]:.6g} > R = {float(radius):.6g}")
    return X, y


def _float_newton(X, y, lam, iters=100):
    n, p = X.shape
    theta = np.zeros(p)
    for _ in range(iters):
        m = y * (X @ theta)
        s = 0.5 * (1 - np.tanh(m / 2))  # sigmoid(-m), overflow-free
        grad = -(X * (y * s)[:, None]).mean(axis=0) + lam * theta
        if np.linalg.norm(grad) < 1e-15 * lam:
            break
        w = s * (1 - s)
        hess = (X * w[:, None]).T @ X / n + lam * np.eye(p)
        theta = theta - np.linalg.solve(hess, grad)
    return theta


def _gradient_and_hessian(X, y, lam, theta):
    n, p = len(X), len(theta)
    grad = [lam * t for t in theta]
    hess = mpmath.matrix(p, p)
    for i in range(p):
        hess[i, i] = lam
    for xi, yi in zip(X, y):
        m = yi * mpmath.fsum(a * b for a, b in zip(xi, theta))
        s = 1 / (1 + mpmath.exp(m))  # sigmoid(-m)
        for j in range(p):
            grad[j] -= yi * xi[j] * s / n
            for k in range(p):
                hess[j, k] += xi[j] * xi[k] * s * (1 - s) / n
    return grad, hess


def logistic_fit(X, y, lam, dps: int = DEFAULT_DPS, radius=None, max_iter: int = 40) -> LogisticFit:
    """Minimiser of ``F_D`` with a certified error below ``10^-(dps+10)``."""
    dps = validate_dps(dps)
    lam_m = check_positive("lam", lam)
    given = X
    X, y = check_data(X, y, radius)
    exact_rows = [list(row) for row in given] if isinstance(given, (list, tuple)) else None  # Fractions stay exact
    start = _float_newton(X, y, float(lam_m))
    target = mpmath.mpf(10) ** (-(dps + 10))
    with working_precision(dps + 20):
        lam_w = datum_mpf(lam)
        Xm = [[datum_mpf(v) for v in row] for row in (exact_rows if exact_rows is not None else X)]
        ym = [mpmath.mpf(float(v)) for v in y]
        theta = [mpmath.mpf(float(t)) for t in start]
        size = 1 + max((abs(v) for row in Xm for v in row), default=0)
        for it in range(1, max_iter + 1):
            grad, hess = _gradient_and_hessian(Xm, ym, lam_w, theta)
            gnorm = mpmath.sqrt(mpmath.fsum(g * g for g in grad))
            # the gradient's rounding (data and arithmetic at dps + 20 digits), moved into theta by 1 / lam
            rounding = mpmath.mpf(10) ** (-(dps + 17)) * (1 + max(abs(t) for t in theta)) * size / min(lam_w, 1)
            bound = gnorm / lam_w + rounding
            if bound < target:
                return LogisticFit([+t for t in theta], bound, it, dps)
            step = mpmath.lu_solve(hess, mpmath.matrix(grad))
            theta = [t - step[j] for j, t in enumerate(theta)]
    raise PrecisionError(f"logistic ERM did not reach ||theta - theta_D|| < 1e-{dps + 10} in {max_iter} Newton "
                         "steps; raise max_iter or lam")


def parameter_shift(fit1: LogisticFit, fit0: LogisticFit):
    """``||theta_D - theta_D'||`` as an ``mpmath.iv`` interval (the two certified errors added)."""
    with working_precision(max(fit1.dps, fit0.dps) + 20):
        d = mpmath.sqrt(mpmath.fsum((a - b) ** 2 for a, b in zip(fit1.theta, fit0.theta)))
        e = fit1.error + fit0.error
        return mpmath.iv.mpf([max(d - e, 0), d + e])


def check_radius(R):
    return check_finite("R", check_positive("R", R))
