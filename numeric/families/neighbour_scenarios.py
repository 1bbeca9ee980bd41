"""Neighbouring-dataset games on which T5 is checked numerically (strong adversary).

* :class:`LogisticNeighbours` (``f3_strong``): F3 with ``R = L``; ``D_rest``
  (``n - 1`` records), ``z`` and ``z'`` drawn from the family's sampler; both
  ERMs solved by :func:`numeric.logistic.logistic_fit` with a certified error,
  so ``||theta_D - theta_D'||`` is an interval of width ``< 10^-(dps+9)``.
* :class:`BoundedRidgeNeighbours` (``f2_bounded``): F2 on bounded data,
  ``||x|| <= 1`` and ``|y| <= R_y``. Then ``||theta_D'|| <= R_y / sqrt(lam)``
  (compare ``F_D'`` at ``theta_D'`` and at 0), so on the ball where minimisers
  live ``||grad loss|| <= R_y (1 + 1/sqrt(lam))``; the scenario sets
  ``R_y = L / (1 + 1/sqrt(lam))`` so that this bound is the claim's ``L``.
  ERM is exact (rational arithmetic).

Both release ``N(theta_D, sigma^2 I)``: ``MeanShift(P1, P0) = ||theta_D - theta_D'||``
and ``KL(P1, P0) = ||theta_D - theta_D'||^2 / (2 sigma^2)`` (Gaussian KL of equal covariances).

>>> import numpy as np
>>> g = LogisticNeighbours.random(np.random.default_rng(0), {"n": 5, "lam": 0.5, "sigma": 1, "L": 1})
>>> g.shift.b < 2 * 1 / (5 * 0.5)
True
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import DEFAULT_DPS, working_precision
from mileak.numeric.families.logistic.solve import logistic_fit, parameter_shift
from mileak.numeric.families.ridge.solve import ridge_solution
from mileak.numeric.measures.scenarios import Scenario
from mileak.proofs.families.logistic import LOGISTIC
from mileak.proofs.families.ridge import RIDGE

_IV = mpmath.iv


def mpf_fraction(x) -> Fraction:
    """The exact rational value of a finite ``mpf``."""
    x = mpmath.mpf(x)
    if not mpmath.isfinite(x):
        raise ValueError(f"{x} is not finite")
    man, exp = x.man, x.exp
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


class _Neighbours(Scenario):
    records = 1

    def __init__(self, params: dict, shift, p: int):
        self.params, self.shift, self.p = params, shift, p

    def values(self, z=None):
        return dict(self.params)

    def quantity(self, name, laws, z, dps):
        if laws != ((1, 0), (0, 1)):
            return super().quantity(name, laws, z, dps)
        with working_precision(dps + 30):
            if name == "MeanShift":
                return Certified.from_interval(self.shift, dps)
            if name == "KL":
                sigma = _IV.mpf(self.params["sigma"])
                return Certified.from_interval(self.shift**2 / (2 * sigma**2), dps)
        return super().quantity(name, laws, z, dps)

    def describe(self):
        return {"kind": self.kind, "p": self.p, **{k: mpmath.nstr(v, 17) for k, v in self.params.items()},
                "shift": mpmath.nstr(self.shift.mid, 20)}


def classic_sigma_for(params: dict):
    """T6's calibration ``sigma = (2L/(n lam)) sqrt(2 ln(1.25/delta)) / eps`` at 60 digits."""
    with mpmath.workdps(60):
        sensitivity = 2 * params["L"] / (params["n"] * params["lam"])
        return sensitivity * mpmath.sqrt(2 * mpmath.log(mpmath.mpf(5) / (4 * params["delta"]))) / params["eps"]


class LogisticNeighbours(_Neighbours):
    """``f3_strong``; as ``f3_dp`` (no ``sigma`` given) the noise is T6's classical calibration."""

    kind = "f3_strong"

    @classmethod
    def random(cls, rng, sampled: dict, dps: int = DEFAULT_DPS):
        params = {k: mpmath.mpf(v) for k, v in sampled.items()}
        if "sigma" not in params:
            params["sigma"] = classic_sigma_for(params)
        n, p = int(params["n"]), int(rng.integers(1, 4))
        R = float(params["L"])
        LOGISTIC.validate(n=n, lam=float(params["lam"]), sigma=float(params["sigma"]), R=R, p=p)
        data = LOGISTIC.sample(rng, n + 1, p=p, R=R, beta_seed=int(rng.integers(1000)))
        X, y = data[:, :p], data[:, p]
        rest = slice(0, n - 1)
        X1, y1 = np.vstack([X[rest], X[n - 1]]), np.append(y[rest], y[n - 1])
        X0, y0 = np.vstack([X[rest], X[n]]), np.append(y[rest], y[n])
        lam = float(params["lam"])
        fit1 = logistic_fit(X1, y1, lam, dps=dps, radius=R)
        fit0 = logistic_fit(X0, y0, lam, dps=dps, radius=R)
        return cls(params, parameter_shift(fit1, fit0), p)


class BoundedRidgeNeighbours(_Neighbours):
    kind = "f2_bounded"

    @classmethod
    def random(cls, rng, sampled: dict, dps: int = DEFAULT_DPS):
        params = {k: mpmath.mpf(v) for k, v in sampled.items()}
        n, p = int(params["n"]), int(rng.integers(1, 4))
        RIDGE.validate(n=n, lam=float(params["lam"]), sigma=float(params["sigma"]), p=p)
        with mpmath.workdps(40):
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
