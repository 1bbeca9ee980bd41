"""F3 engine: batched Newton fits of L2-regularised logistic regression, with a convergence flag per model.

``theta_D = argmin (1/n) sum log(1 + exp(-y x.theta)) + lam ||theta||^2 / 2`` for
``B * k`` datasets ``D_rest + z_j`` at once, sharing the work on each ``D_rest``
(:func:`mileak.numeric.families.logistic.batched.fit_shared_rest`: a fit and a Hessian per rest set,
then chord steps for its ``k`` datasets; with one dataset per rest set, a Newton fit of each,
which is faster there). A model is converged when
``||grad F|| <= tol * lam``; by ``lam``-strong convexity its distance to the
exact minimiser is then at most ``tol`` (default ``1e-10``). Models that did not
converge are reported in the flag and the game drops their trials (and counts them).

LiRA's statistic is the logit-scaled confidence of Carlini et al. (2022):
``log(p / (1 - p))`` at ``p = P(y | x, theta)`` is the margin ``y x.theta``.

>>> import numpy as np
>>> e = LogisticEngine(n=30, lam=0.1, sigma=0.2, p=2, R=1.0)
>>> rng = np.random.default_rng(0)
>>> theta, ok = e.fit(e.draw_rest(rng, 4), e.records(rng, (4, 2)))
>>> theta.shape, bool(ok.all())
((4, 2, 2), True)
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.families.engine import Engine
from mileak.numeric.families.logistic.batched import fit_shared_rest
from mileak.proofs.families.logistic import LOGISTIC

from .sampler import sample

TOLERANCE = 1e-10
MAX_ITER = 50


class LogisticEngine(Engine):
    family = LOGISTIC
    sampler = staticmethod(sample)
    releases = ("exact", "output")

    def defaults(self):
        return {"p": 1, "R": 1.0, "beta_seed": 0}

    def draw_rest(self, rng, batch):
        return self.records(rng, (batch, self.n - 1))

    def fit(self, rest, extras):
        p = self.p
        return fit_shared_rest(rest[..., :p], rest[..., p], extras[..., :p], extras[..., p], float(self.values["lam"]),
                               TOLERANCE, MAX_ITER)

    def loss(self, theta, z):
        return np.logaddexp(0.0, -self.margin(theta, z))

    def margin(self, theta, z):
        return z[..., self.p] * np.sum(z[..., : self.p] * theta, -1)

    def statistic(self, theta, z):
        return self.margin(theta, z)
