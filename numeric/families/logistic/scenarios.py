"""``f3_strong`` / ``f3_dp``: F3 neighbouring datasets for T5's numeric check, ERM certified at 30+ digits.

F3 with ``R = L``; ``D_rest`` (``n - 1`` records), ``z`` and ``z'`` drawn from the family's sampler;
both ERMs solved by :func:`.solve.logistic_fit` with a certified error, so ``||theta_D - theta_D'||``
is an interval of width ``< 10^-(dps+9)``. As ``f3_dp`` (no ``sigma`` given) the noise is T6's
classical calibration.

>>> import numpy as np
>>> g = LogisticNeighbours.random(np.random.default_rng(0), {"n": 5, "lam": 0.5, "sigma": 1, "L": 1})
>>> g.shift.b < 2 * 1 / (5 * 0.5)
True
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.precision import DEFAULT_DPS
from mileak.numeric.families.neighbour_scenario import NeighbourScenario, scenario_params
from mileak.proofs.families.logistic import LOGISTIC

from .sampler import sample
from .solve import logistic_fit, parameter_shift


class LogisticNeighbours(NeighbourScenario):
    """``f3_strong``; as ``f3_dp`` (no ``sigma`` given) the noise is T6's classical calibration."""

    kind = "f3_strong"

    @classmethod
    def random(cls, rng, sampled: dict, dps: int = DEFAULT_DPS):
        params = scenario_params(sampled)
        n, p = int(params["n"]), int(rng.integers(1, 4))
        R = float(params["L"])
        LOGISTIC.validate(n=n, lam=float(params["lam"]), sigma=float(params["sigma"]), R=R, p=p)
        data = sample(rng, n + 1, p=p, R=R, beta_seed=int(rng.integers(1000)))
        X, y = data[:, :p], data[:, p]
        rest = slice(0, n - 1)
        X1, y1 = np.vstack([X[rest], X[n - 1]]), np.append(y[rest], y[n - 1])
        X0, y0 = np.vstack([X[rest], X[n]]), np.append(y[rest], y[n])
        lam = float(params["lam"])
        fit1 = logistic_fit(X1, y1, lam, dps=dps, radius=R)
        fit0 = logistic_fit(X0, y0, lam, dps=dps, radius=R)
        return cls(params, parameter_shift(fit1, fit0), p)
