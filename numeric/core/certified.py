"""A certified number: a value with an absolute error bound.

The error is a bound from interval arithmetic (exact sums), or from the
quadrature error estimate combined with agreement at two precisions.

>>> import mpmath
>>> c = Certified(mpmath.mpf(2), mpmath.mpf("1e-31"), 30)
>>> c.contains(2)
True
>>> c.digits
31
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath

from mileak.numeric.core.precision import PrecisionError, working_precision


@dataclass(frozen=True)
class Certified:
    value: mpmath.mpf
    error: mpmath.mpf
    dps: int

    def __post_init__(self):
        if mpmath.isinf(self.value) and self.value > 0 and self.error == 0:
            return  # an exact +oo, e.g. the divergence between mutually singular laws
        if not mpmath.isfinite(self.value):
            raise PrecisionError(f"value {self.value} is not finite")
        if self.error < 0 or not mpmath.isfinite(self.error):
            raise PrecisionError(f"error bound {self.error} must be finite and >= 0")

    @classmethod
    def from_interval(cls, x, dps: int) -> Certified:
        with working_precision(dps + 30):
            lo, hi = mpmath.mpf(x.a), mpmath.mpf(x.b)
            mid = (lo + hi) / 2
            return cls(mid, max(hi - mid, mid - lo), dps)

    @classmethod
    def exact(cls, value, dps: int) -> Certified:
        return cls(mpmath.mpf(value), mpmath.mpf(0), dps)

    def interval(self):
        """The enclosure ``[value - error, value + error]`` as an ``mpmath.iv`` interval."""
        if mpmath.isinf(self.value):
            return mpmath.iv.mpf([mpmath.inf, mpmath.inf])
        with working_precision(self.dps + 20):
            lo, hi = self.value - self.error, self.value + self.error
        return mpmath.iv.mpf([lo, hi])

    def contains(self, x) -> bool:
        """Whether ``x`` lies in the enclosure (compared at ``dps + 30`` digits)."""
        with working_precision(self.dps + 30):
            return abs(mpmath.mpf(x) - self.value) <= self.error

    @property
    def digits(self) -> int:
        """Correct significant digits implied by the error bound (capped at ``dps + 20``)."""
        if self.error == 0:
            return self.dps + 20
        scale = abs(self.value) if self.value != 0 else mpmath.mpf(1)
        rel = self.error / scale
        return max(0, min(self.dps + 20, int(math.floor(-float(mpmath.log10(rel))))))

    def __float__(self):
        return float(self.value)

    def __str__(self):
        return f"{mpmath.nstr(self.value, self.dps)} ± {mpmath.nstr(self.error, 3)}"

    def as_dict(self) -> dict:
        return {"value": mpmath.nstr(self.value, self.dps + 5), "error": mpmath.nstr(self.error, 5),
                "digits": self.digits}
