"""A neighbouring-dataset game on which T5 is checked numerically (strong adversary, output release).

A scenario holds a certified ``||theta_D - theta_D'||`` for one draw of ``D_rest``, ``z``, ``z'``;
the release is ``N(theta_D, sigma^2 I)``, so ``MeanShift(P1, P0) = ||theta_D - theta_D'||`` and
``KL(P1, P0) = ||theta_D - theta_D'||^2 / (2 sigma^2)`` (Gaussian KL of equal covariances).
Families subclass it (``random(rng, sampled)`` draws and solves); ``classic_sigma_for`` gives
T6's calibration from T5.shift's sensitivity and the classic Gaussian mechanism (one source each).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import working_precision
from mileak.numeric.dp.gaussian_mechanism import classic_sigma
from mileak.numeric.measures.scenarios import Scenario
from mileak.numeric.measures.sensitivity_bounds import t5_shift

_IV = mpmath.iv


def mpf_fraction(x) -> Fraction:
    """The exact rational value of a finite ``mpf``."""
    x = mpmath.mpf(x)
    if not mpmath.isfinite(x):
        raise ValueError(f"{x} is not finite")
    man, exp = x.man, x.exp
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


class NeighbourScenario(Scenario):
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


def scenario_params(sampled: dict) -> dict:
    """The sampled values as ``mpf``; without ``sigma`` (a T6 check) the noise is :func:`classic_sigma_for`."""
    params = {k: mpmath.mpf(v) for k, v in sampled.items()}
    if "sigma" not in params:
        params["sigma"] = classic_sigma_for(params)
    return params


def classic_sigma_for(params: dict):
    """T6's calibration ``sigma = Delta sqrt(2 ln(1.25/delta)) / eps`` with ``Delta = 2L/(n lam)`` (T5.shift), 50 digits."""
    sensitivity = t5_shift(int(params["n"]), params["lam"], params["L"], dps=50).value
    return classic_sigma(params["eps"], params["delta"], sensitivity, dps=50).value


class LinearExtremal(NeighbourScenario):
    """T5's tight case: ``loss = -theta z`` with ``|z| <= L``, ``g = theta^2 / 2``, ``z = L`` against ``z' = -L``.

    ``theta_D = (S + z) / (n lam)`` with ``S`` the sum of the ``n - 1`` other records (uniform on
    ``[-L, L]``), so ``||theta_D - theta_D'|| = 2 L / (n lam)``: T5.shift and T5.kl hold with
    equality, and a strengthened bound is falsified here (docs/theory.md, T5's sharpness). As
    ``linear_extremal_dp`` (no ``sigma`` given) the noise is T6's classical calibration, where
    T6.kl holds with equality.

    >>> import numpy as np
    >>> g = LinearExtremal.random(np.random.default_rng(0), {"n": 5, "lam": 0.5, "sigma": 1, "L": 1})
    >>> abs(float(g.shift.mid) - 2 * 1 / (5 * 0.5)) < 1e-15, float(g.shift.delta) < 1e-50
    (True, True)
    """

    kind = "linear_extremal"

    @classmethod
    def random(cls, rng, sampled: dict):
        params = scenario_params(sampled)
        n, lam, big_l = int(params["n"]), params["lam"], params["L"]
        with working_precision(60):
            rest = sum((_IV.mpf(big_l) * _IV.mpf(float(u)) for u in rng.uniform(-1, 1, n - 1)), _IV.mpf(0))
            scale = _IV.mpf(n) * _IV.mpf(lam)
            shift = abs((rest + _IV.mpf(big_l)) / scale - (rest - _IV.mpf(big_l)) / scale)
        return cls(params, shift, 1)
