"""``f2_bounded``: F2 on bounded data, neighbouring datasets for T5's numeric check, ERM exact.

``||x|| <= 1`` and ``|y| <= R_y``. Then ``||theta_D'|| <= R_y / sqrt(lam)`` (compare ``F_D'``
at ``theta_D'`` and at 0), so on the ball where minimisers live
``||grad loss|| <= R_y (1 + 1/sqrt(lam))``; the scenario sets ``R_y = L / (1 + 1/sqrt(lam))``
so that this bound is the claim's ``L``. ERM is exact (rational arithmetic).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np

from mileak.numeric.core.precision import DEFAULT_DPS, working_precision
from mileak.numeric.families.neighbour_scenario import NeighbourScenario, mpf_fraction
from mileak.proofs.families.ridge import RIDGE

from .solve import ridge_solution

_IV = mpmath.iv


class BoundedRidgeNeighbours(NeighbourScenario):
    kind = "f2_bounded"

    @classmethod
    def random(cls, rng, sampled: dict, dps: int = DEFAULT_DPS):
        params = {k: mpmath.mpf(v) for k, v in sampled.items()}
        n, p = int(params["n"]), int(rng.integers(1, 4))
        RIDGE.validate(n=n, lam=float(params["lam"]), sigma=float(params["sigma"]), p=p)
        with working_precision(40):
            ry = params["L"] / (1 + 1 / mpmath.sqrt(params["lam"]))
        g = rng.normal(size=(n + 1, p))
        X = g / np.linalg.norm(g, axis=1)[:, None] * rng.uniform(size=(n + 1, 1)) ** (1 / p)
        y = float(ry) * np.tanh(X @ rng.normal(size=p) + rng.normal(size=n + 1))
        y = np.clip(y, -float(ry), float(ry))
        lam = mpf_fraction(params["lam"])
        rest = list(range(n - 1))
        m1 = ridge_solution(X[rest + [n - 1]].tolist(), y[rest + [n - 1]].tolist(), lam)
        m0 = ridge_solution(X[rest + [n]].tolist(), y[rest + [n]].tolist(), lam)
        sq = sum(((a - b) ** 2 for a, b in zip(m1, m0)), Fraction(0))
        with working_precision(dps + 30):
            shift = _IV.sqrt(_IV.mpf(sq.numerator) / sq.denominator)
        return cls(params, shift, p)
