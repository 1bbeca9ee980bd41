"""Family F1 (gaussian-mean) as a concrete membership game for numeric checks.

``E_z D(P1_z || P0)`` is computed by a certified quadrature over the record
``z ~ N(m, s^2)`` of ``p`` times the Gaussian KL of one coordinate, with the
release laws ``P1_z = N((z + (n-1) m)/(n(1+lam)), (n-1) s^2/(n^2 (1+lam)^2) + sigma^2)`` and
``P0 = N(m/(1+lam), s^2/(n (1+lam)^2) + sigma^2)``: an independent route to the
Gaussian-moment derivation of ``mileak.proofs.families.gaussian_mean``.

>>> import mpmath
>>> g = F1Game({"n": 10, "lam": 0.5, "sigma": 1, "s": 2, "p": 3, "m": 1})
>>> g.records
1
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.precision import working_precision
from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.measures.scenarios import Scenario
from mileak.proofs.definitions.quantities import KL
from mileak.proofs.families.gaussian_mean import GAUSSIAN_MEAN


class F1Game(Scenario):
    kind = "f1"

    def __init__(self, values: dict):
        GAUSSIAN_MEAN.validate(**{k: v for k, v in values.items()})
        with working_precision(80):
            self.params = {k: mpmath.mpf(v) for k, v in values.items()}

    def values(self, z=None):
        return dict(self.params)

    def expectation(self, node, values, dps):
        from mileak.proofs.definitions.laws import P0, P1

        if node != KL(P1, P0):
            raise ValueError(f"F1Game can only take E_z of D(P1 || P0), not of {node}")
        v = {**self.params, **values}
        n, lam, sigma, s, p, m = (mpmath.mpf(v[k]) for k in ("n", "lam", "sigma", "s", "p", "m"))

        def make():
            k = 1 / (n * (1 + lam))
            var1 = (n - 1) * s**2 * k**2 + sigma**2
            var0 = n * s**2 * k**2 + sigma**2
            mean0 = m / (1 + lam)
            # the constants of the KL and of the N(m, s^2) density, once per precision (not per node)
            log_ratio_minus_1, inv_var0 = mpmath.log(var0 / var1) - 1, 1 / var0
            scale, inv_2s2 = p / (2 * s * mpmath.sqrt(2 * mpmath.pi)), 1 / (2 * s * s)

            def f(z):
                mean1 = (z + (n - 1) * m) * k
                kl2 = log_ratio_minus_1 + (var1 + (mean1 - mean0) ** 2) * inv_var0  # 2 D(N1 || N0) per coordinate
                return scale * mpmath.exp(-(z - m) ** 2 * inv_2s2) * kl2

            return f

        return certified_quad(make, [-mpmath.inf, m - s, m, m + s, mpmath.inf], dps, what="F1 E_z KL")

    def describe(self):
        return {"kind": self.kind, **{k: mpmath.nstr(x, 17) for k, x in self.params.items()}}


class F1InformationGame(Scenario):
    """F1's exact ``rho_MI = phi(c^2)`` for a drawn dimension ``p`` and prior ``pi`` (model ``f1_mi``).

    ``F1MembershipInfo(c2)`` is computed by the cached variance-gamma rule of
    :mod:`mileak.numeric.families.gaussian_mean.information` (about 0.1 s per value at 30 digits, any ``p``).
    """

    kind = "f1_mi"

    def __init__(self, p: int, pi):
        self.p, self.pi = p, mpmath.mpf(pi)

    @classmethod
    def random(cls, rng):
        return cls(int(rng.integers(1, 9)), mpmath.mpf(int(rng.integers(5, 96))) / 100)

    def quantity(self, name, laws, z, dps):
        from mileak.numeric.families.gaussian_mean.information import f1_membership_information

        if name == "F1MembershipInfo":
            return f1_membership_information(self.pi, laws[0], self.p, dps=dps)
        return super().quantity(name, laws, z, dps)

    def describe(self):
        return {"kind": self.kind, "p": self.p, "pi": mpmath.nstr(self.pi, 17)}
