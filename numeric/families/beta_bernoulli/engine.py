"""F4's simulator engine: a dataset is summarised by its successes ``S``; the learner releases one posterior
sample ``theta_hat ~ Beta(a + S, b + n - S)``, ``(a, b) = (lam m0, lam (1 - m0))``.

Both adversaries have exact likelihood ratios: the strong one between two Beta densities, the population one
between the finite mixtures ``P1_z`` and ``P0`` (:mod:`.information`), and the neighbouring KL is closed form
(:func:`.counts.beta_kl`).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from mileak.numeric.families.engine import Engine
from mileak.proofs.families.beta_bernoulli import FAMILY

from .counts import beta_kl, prior_counts
from .sampler import DEFAULTS, sample


class BetaBernoulliEngine(Engine):
    family, sampler, releases = FAMILY, staticmethod(sample), ("posterior",)

    def defaults(self):
        return {k: float(v) for k, v in DEFAULTS.items()}

    def required(self, release):
        return ["n", "lam"]

    def _noise(self):
        return 1.0  # the Bayes posterior itself: no temperature

    def fit_operations(self) -> float:
        return float(self.n)

    def dataset_bytes(self) -> int:
        return 8 * (self.n + 8) * 3

    def _counts(self):
        return prior_counts(float(self.values["lam"]), float(self.values["m0"]))

    def draw_rest(self, rng, batch):
        return self.records(rng, (batch, self.n - 1))[..., 0].sum(axis=1)  # successes among the n - 1 others

    def fit(self, rest, extras):
        """The posterior mean ``(a + S) / (lam + n)`` as ``theta`` (``(B, k, 1)``); the release draws around it."""
        a, _ = self._counts()
        theta = ((a + self._successes(rest, extras)) / (float(self.values["lam"]) + self.n))[..., None]
        return theta, np.ones(theta.shape[:2], bool)

    def _successes(self, rest, extras):
        return rest[:, None] + extras[..., 0]

    def _posterior_release(self, rng, rest, extras, theta):
        a, b = self._counts()
        s = self._successes(rest, extras)
        return rng.beta(a + s, b + self.n - s)[..., None]

    def _posterior_llr(self, theta_hat, rest, extras, theta):
        a, b = self._counts()
        s1, s0 = self._successes(rest, extras).T
        t = np.clip(theta_hat[..., 0], 1e-300, 1 - 1e-16)
        return ((s1 - s0) * (np.log(t) - np.log1p(-t))
                - special.betaln(a + s1, b + self.n - s1) + special.betaln(a + s0, b + self.n - s0))

    def _posterior_kl(self, rest, extras, theta):
        a, b = self._counts()
        s1, s0 = self._successes(rest, extras).T
        return beta_kl(a + s1, b + self.n - s1, a + s0, b + self.n - s0)

    def population_llr(self, theta_hat, z):
        """``log p1_z(theta_hat) - log p0(theta_hat)``, the mixtures summed in log space."""
        a, b = self._counts()
        th = float(self.values["theta0"])
        t = np.clip(theta_hat[..., 0], 1e-300, 1 - 1e-16)[:, None]
        j = np.arange(self.n)
        log_bin = special.gammaln(self.n) - special.gammaln(j + 1) - special.gammaln(self.n - j) \
            + j * np.log(th) + (self.n - 1 - j) * np.log1p(-th)

        def log_p1(zv):
            alpha, beta = a + j + zv, b + self.n - 1 - j + 1 - zv
            return special.logsumexp(log_bin - special.betaln(alpha, beta) + (alpha - 1) * np.log(t)
                                     + (beta - 1) * np.log1p(-t), axis=-1)

        l1, l0 = log_p1(1), log_p1(0)
        log_p0 = np.logaddexp(np.log(th) + l1, np.log1p(-th) + l0)
        return np.where(z[..., 0] > 0.5, l1, l0) - log_p0

    def loss(self, theta, z):
        t = np.clip(theta[..., 0], 1e-300, 1 - 1e-16)
        return -(z[..., 0] * np.log(t) + (1 - z[..., 0]) * np.log1p(-t))

    def statistic(self, theta, z):
        """``theta`` towards the record: ``logit(theta)`` signed by the bit (membership pulls the sample its way)."""
        t = np.clip(theta[..., 0], 1e-300, 1 - 1e-16)
        return np.where(z[..., 0] > 0.5, 1.0, -1.0) * (np.log(t) - np.log1p(-t))
