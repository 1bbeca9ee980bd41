"""Bound curves for plots and AUC bounds (float64; the reported points use the certified routines).

* ``kl_tpr_bound(alpha, K)``: T2(b) ``max {beta : d(beta || alpha) <= K}`` by Brent's
  method on ``[alpha, 1]`` (``d(.||alpha)`` increases there); ``1`` once ``K >= -ln(alpha)``.
* ``kl_auc_bound(K) = int_0^1 kl_tpr_bound(alpha, K) d alpha``: every threshold of a
  score is a test obeying T2(b), so a score's ROC lies under the curve and its
  AUC under the integral (adaptive quadrature, error ``< 1e-9``, far below any
  Monte Carlo interval it is compared with).
* ``gaussian_tradeoff(alpha, mu) = Phi(Phi^-1(alpha) + mu)`` and its AUC ``Phi(mu / sqrt 2)``.
* ``pooled_gaussian_roc(mu_i)``: the optimal test of the strong adversary when the
  release is ``N(theta_D, sigma^2 I)``: ``log LR ~ N(+-mu_i^2 / 2, mu_i^2)`` given the
  trial, pooled over trials: ``FPR(t) = mean Phi((-mu^2/2 - t)/mu)``,
  ``TPR(t) = mean Phi((mu^2/2 - t)/mu)``.

>>> round(kl_tpr_bound(0.05, 0.0), 12)
0.05
>>> round(kl_auc_bound(0.0), 6)
0.5
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize, special, stats

from mileak.numeric.core.checks import check_float


def binary_kl(beta, alpha):
    return special.xlogy(beta, beta / alpha) + special.xlogy(1 - beta, (1 - beta) / (1 - alpha))


def kl_tpr_bound(alpha: float, kl: float) -> float:
    """``+oo`` is a valid ``kl`` (mutually singular laws): then every TPR is allowed and the bound is 1."""
    alpha = check_float("alpha", alpha, 0, 1, lo_open=True, hi_open=True)
    kl = check_float("kl", kl, lo=0, allow_inf=True)
    if kl == 0:
        return float(alpha)
    if kl >= -np.log(alpha):
        return 1.0
    f = lambda b: binary_kl(b, alpha) - kl  # noqa: E731
    if f(1 - 1e-16) <= 0:
        return 1.0
    return float(optimize.brentq(f, alpha, 1 - 1e-16, xtol=1e-15, rtol=1e-14))


def kl_auc_bound(kl: float) -> float:
    kl = check_float("kl", kl, lo=0, allow_inf=True)
    if kl == math.inf:
        return 1.0
    value, _ = integrate.quad(lambda a: kl_tpr_bound(a, kl), 0, 1, points=[min(0.5, np.exp(-kl))],
                              limit=200, epsabs=1e-10)
    return float(min(1.0, value))


def gaussian_tradeoff(alpha, mu):
    return stats.norm.cdf(stats.norm.ppf(alpha) + mu)


def gaussian_auc(mu: float) -> float:
    return float(stats.norm.cdf(mu / np.sqrt(2)))


class PooledGaussianROC:
    """The pooled ROC of the exact likelihood-ratio test for per-trial distances ``mu_i``."""

    MAX_TRIALS = 2000  # the curve is a Monte Carlo estimate; the first MAX_TRIALS trials are used
    MAX_MU = 1e3  # past about 80 the float64 rates are already 0 and 1; an infinite mu (sigma = 1e-300) gave NaN

    def __init__(self, mu):
        self.all_mu = np.clip(np.nan_to_num(np.asarray(mu, float), nan=self.MAX_MU), 1e-12, self.MAX_MU)
        self.mu = self.all_mu[: self.MAX_TRIALS]  # for the curve and the AUC (Monte Carlo on a subsample)

    def rates(self, t, mu=None):
        mu = self.mu if mu is None else mu
        return float(np.mean(stats.norm.cdf((-mu**2 / 2 - t) / mu))), float(np.mean(stats.norm.cdf((mu**2 / 2 - t) / mu)))

    def tpr(self, alpha: float) -> float:
        if not 0 < alpha < 1:
            raise ValueError(f"alpha={alpha!r} must be in (0, 1)")
        hi = float(np.max(self.mu**2)) / 2 + 40 * float(np.max(self.mu)) + 1
        t = optimize.brentq(lambda t: self.rates(t)[0] - alpha, -hi, hi, xtol=1e-12)
        return self.rates(t)[1]

    def success(self, pi: float) -> float:
        fpr, tpr = self.rates(np.log((1 - pi) / pi), self.all_mu)
        return pi * tpr + (1 - pi) * (1 - fpr)

    def auc(self) -> float:
        """``P(LLR_member > LLR_nonmember)`` over independent trials ``i, j``:
        ``mean_ij Phi((mu_i^2 + mu_j^2) / (2 sqrt(mu_i^2 + mu_j^2)))``."""
        s2 = self.mu[:, None] ** 2 + self.mu[None, :] ** 2
        return float(np.mean(stats.norm.cdf(np.sqrt(s2) / 2)))
