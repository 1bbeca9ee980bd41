"""The scenario on which ``F4.neighbour_kl`` is checked: ``P1 = Beta(A + 1, B)``, ``P0 = Beta(A, B + 1)``, their KL
by certified quadrature of the two densities, never by the closed form under test."""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import mpf_fraction
from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.measures.scenarios import Scenario


class BetaNeighbours(Scenario):
    kind = "beta_neighbours"

    def __init__(self, a, b):
        self.a, self.b = (mpf_fraction(v) if isinstance(v, mpmath.mpf) else Fraction(v) for v in (a, b))

    def quantity(self, name, laws, record, dps):
        if name != "KL" or tuple(laws[:2]) != ((1, 0), (0, 1)):
            return super().quantity(name, laws, record, dps)

        def make():
            a = mpmath.mpf(self.a.numerator) / self.a.denominator
            b = mpmath.mpf(self.b.numerator) / self.b.denominator
            log_ratio_const = mpmath.log(mpmath.beta(a, b + 1)) - mpmath.log(mpmath.beta(a + 1, b))
            log_b1 = mpmath.log(mpmath.beta(a + 1, b))

            def f(t):  # p1 ln(p1/p0), p1 = t^A (1-t)^(B-1) / B(A+1, B), p1/p0 = t/(1-t) * B(A, B+1)/B(A+1, B)
                lt, l1t = mpmath.log(t), mpmath.log1p(-t)
                p1 = mpmath.exp(a * lt + (b - 1) * l1t - log_b1)
                return p1 * (lt - l1t + log_ratio_const)

            return f

        return certified_quad(make, [0, Fraction(1, 2), 1], dps, what="Beta neighbours KL", positive=True)

    def describe(self):
        return {"kind": self.kind, "A": str(self.a), "B": str(self.b)}
