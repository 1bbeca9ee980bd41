"""A certificate that a point is within ``r`` of a strict local minimiser of ``F_D`` (interval arithmetic).

Given ``theta_hat`` where Newton stopped, and ``m > 0``:

* the Hessian of ``F_D`` is enclosed, in ``mpmath.iv`` interval arithmetic, over the box
  ``theta_hat +- rho`` (``rho = 4 G / m``, ``G`` an upper bound on ``||grad F_D(theta_hat)||``,
  itself enclosed in interval arithmetic); an interval Cholesky factorisation of that enclosure
  minus ``m I`` succeeds with positive pivots, so every symmetric matrix in it is positive
  definite (Alefeld & Mayer, *The Cholesky method for interval data*, 1993): ``F_D`` is
  ``m``-strongly convex on the ball ``B(theta_hat, rho)``;
* on that ball's sphere ``F(theta) >= F(theta_hat) - G rho + m rho^2 / 2 > F(theta_hat)`` (since
  ``rho > 2 G / m``), so ``F`` has a minimiser inside the ball, unique there, a strict local
  minimiser ``theta*``, and ``m ||theta* - theta_hat|| <= ||grad F(theta_hat)|| <= G``.

So the returned error ``G / m`` bounds ``||theta_hat - theta*||``. When ``F_D`` is convex (T5's
assumptions proved) the local minimiser is the global one. A stationary point whose Hessian is not
positive definite (a maximum or a saddle) gets no certificate: :class:`NotAMinimiser`.

>>> import mpmath
>>> from mileak.numeric.core.precision import working_precision
>>> with working_precision(30):
...     hess = lambda th: [[mpmath.iv.mpf(2)]]           # F = (theta - 1)^2
...     grad = lambda th: [2 * (th[0] - 1)]
...     err, m = certify_local_minimiser([mpmath.mpf("1.000000001")], grad, hess, mpmath.mpf(2))
>>> 1e-9 <= float(err) <= 2.0000001e-9, float(m)  # the true distance 1e-9, bounded by G / m
(True, 1.0)
"""

from __future__ import annotations

import mpmath


class NotAMinimiser(ValueError):
    """The point is not certified as a strict local minimiser (Hessian not positive definite there)."""


def _interval_cholesky_positive(h, m) -> bool:
    """Whether interval Cholesky of ``h - m I`` (``h`` a list of lists of ``iv.mpf``) succeeds with positive pivots."""
    k = len(h)
    low = [[mpmath.iv.mpf(0)] * k for _ in range(k)]
    for j in range(k):
        s = h[j][j] - m - sum((low[j][t] ** 2 for t in range(j)), mpmath.iv.mpf(0))
        if not s.a > 0:
            return False
        low[j][j] = mpmath.iv.sqrt(s)
        for i in range(j + 1, k):
            low[i][j] = (h[i][j] - sum((low[i][t] * low[j][t] for t in range(j)), mpmath.iv.mpf(0))) / low[j][j]
    return True


def certify_local_minimiser(theta, grad_iv, hess_iv, m_estimate):
    """``(error, m)``: ``||theta - theta*|| <= error`` for a strict local minimiser ``theta*`` (module doc).

    ``grad_iv(box)`` and ``hess_iv(box)`` enclose the gradient and Hessian of ``F_D`` over a box
    (a list of ``iv.mpf``); ``m_estimate`` is the Hessian's smallest eigenvalue at ``theta`` (a float
    estimate: the certificate uses half of it and checks it).
    """
    if not m_estimate > 0:
        raise NotAMinimiser(f"the Hessian of F_D at the stationary point has smallest eigenvalue "
                            f"{mpmath.nstr(m_estimate, 6)} <= 0: a maximum or a saddle, not a minimiser")
    m = m_estimate / 2
    point = [mpmath.iv.mpf(t) for t in theta]
    g = grad_iv(point)
    big_g = mpmath.sqrt(mpmath.fsum(mpmath.mpf(abs(gi).b) ** 2 for gi in g))
    big_g = mpmath.mpf(big_g) * (1 + mpmath.mpf(10) ** (-mpmath.mp.dps + 5))  # the sqrt and sum rounded upwards
    rho = 4 * big_g / m + mpmath.mpf(10) ** (-mpmath.mp.dps + 10)
    box = [mpmath.iv.mpf([t - rho, t + rho]) for t in theta]
    try:
        h = hess_iv(box)
        ok = _interval_cholesky_positive(h, mpmath.iv.mpf(m))
    except (TypeError, ValueError, ZeroDivisionError, AttributeError) as exc:
        raise NotAMinimiser(f"the Hessian could not be enclosed in interval arithmetic ({exc})") from None
    if not ok:
        raise NotAMinimiser(f"F_D is not certified {mpmath.nstr(m, 6)}-strongly convex within {mpmath.nstr(rho, 3)} "
                            "of the stationary point")
    return big_g / m, m
