"""F1 engine: ``theta_D = sum(D) / (n (1 + lam))`` in closed form, for any number of models.

``D_rest`` enters only through its sum, which is drawn exactly from its law
``N((n-1) m, (n-1) s^2 I_p)``: no per-record sampling, so a million models cost
a few million normal draws. The population adversary's likelihood ratio is
exact (docs/theory.md F1): given ``z``, ``theta_hat`` is Gaussian under both
hypotheses, with means ``(z + (n-1) m) / (n (1+lam))`` and ``m / (1+lam)`` and
per-coordinate variances ``v1 = (n-1) a + sigma^2`` and ``v0 = n a + sigma^2``,
``a = s^2 / (n^2 (1+lam)^2)``; so

``log LR = sum_i [ -(t_i - mu1_i)^2 / (2 v1) + (t_i - mu0)^2 / (2 v0) ] - (p/2) ln(v1 / v0)``.

>>> import numpy as np
>>> e = GaussianMeanEngine(n=10, lam=0.5, sigma=0.1, s=1.0, p=2)
>>> rest = e.draw_rest(np.random.default_rng(0), 3)
>>> theta, ok = e.fit(rest, np.zeros((3, 1, 2)))
>>> bool(np.allclose(theta[:, 0], rest / 15)) and bool(ok.all())
True
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.families.engine import Engine
from mileak.proofs.families.gaussian_mean import GAUSSIAN_MEAN

from .sampler import DEFAULTS, sample


class GaussianMeanEngine(Engine):
    family = GAUSSIAN_MEAN
    sampler = staticmethod(sample)
    releases = ("exact", "output")

    def fit_operations(self) -> float:
        """The mean of ``n`` records in ``p`` dimensions: ``n p``."""
        return float(self.n * self.p)

    def defaults(self):
        return {k: (int(v) if k == "p" else float(v)) for k, v in DEFAULTS.items()}

    def _noise(self):
        return float(self.values["sigma"]) if self.release_kind == "output" else 0.0

    def chunk_size(self):
        return max(1, (64 * 2**20) // (8 * 4 * self.p))

    def draw_rest(self, rng, batch):
        m, s, k = float(self.values["m"]), float(self.values["s"]), self.n - 1
        return k * m + np.sqrt(k) * s * rng.normal(size=(batch, self.p))

    def fit(self, rest, extras):
        scale = self.n * (1 + float(self.values["lam"]))
        theta = (rest[:, None, :] + extras) / scale
        return theta, np.ones(theta.shape[:2], bool)

    def population_llr(self, theta_hat, z):
        n, lam, s, m = self.n, float(self.values["lam"]), float(self.values["s"]), float(self.values["m"])
        a = s**2 / (n**2 * (1 + lam) ** 2)
        v1, v0 = (n - 1) * a + self.noise**2, n * a + self.noise**2
        mu1 = (z + (n - 1) * m) / (n * (1 + lam))
        mu0 = m / (1 + lam)
        q1 = np.sum((theta_hat - mu1) ** 2, axis=-1) / (2 * v1)
        q0 = np.sum((theta_hat - mu0) ** 2, axis=-1) / (2 * v0)
        return q0 - q1 - self.p / 2 * np.log(v1 / v0)

    def loss(self, theta, z):
        return np.sum((theta - z) ** 2, axis=-1) / 2

    def statistic(self, theta, z):
        """The projection ``theta . u`` on ``u = (z - m) / ||z - m||``: membership pulls ``theta`` towards ``z``."""
        u = z - float(self.values["m"])
        norm = np.linalg.norm(u, axis=-1, keepdims=True)
        return np.sum(theta * u / np.where(norm > 0, norm, 1.0), axis=-1)
