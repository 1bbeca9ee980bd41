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

    def scaled(self, factor) -> Certified:
        """``factor`` (exact: an int, a Fraction or an ``mpf``) times this number, formed at ``dps + 30`` digits
        (at mpmath's default 15 the product would be rounded under a 1e-30 error bar)."""
        from fractions import Fraction

        with working_precision(self.dps + 30):
            f = mpmath.mpf(factor.numerator) / factor.denominator if isinstance(factor, Fraction) else mpmath.mpf(factor)
            return Certified(f * self.value, abs(f) * self.error, self.dps)

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
        value, error = shown(self.value, self.error, self.dps)
        return f"{value} ± {error}"

    def as_dict(self) -> dict:
        value, error = shown(self.value, self.error, self.dps + 5, error_digits=5)
        return {"value": value, "error": error, "digits": self.digits}


def round_up(x, digits: int = 3) -> str:
    """``x >= 0`` as decimal text with ``digits`` significant digits, rounded *up* (an error bound stays a bound).

    >>> round_up(mpmath.mpf("5.3612e-42"))
    '5.37e-42'
    >>> round_up(0)
    '0'
    """
    x = mpmath.mpf(x)
    if x == 0:
        return "0"
    if x < 0 or not mpmath.isfinite(x):
        raise ValueError(f"round_up: {x} is not a finite number >= 0")
    with working_precision(max(mpmath.mp.dps, 30) + 10):
        exponent = int(mpmath.floor(mpmath.log10(x)))
        q = int(mpmath.ceil(x / mpmath.mpf(10) ** (exponent - digits + 1) * (1 + mpmath.mpf(10) ** -25)))
    if q >= 10**digits:  # 9.995 -> 10.0: one more decade
        q, exponent = -(-q // 10), exponent + 1
    while q < 10 ** (digits - 1):  # log10 rounded up to the next decade
        q, exponent = q * 10, exponent - 1
    text = str(q)
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    return f"{mantissa}e{exponent}"


def shown(value, error, digits: int, error_digits: int = 3) -> tuple[str, str]:
    """``(value text, error text)``: ``value`` to ``digits`` significant digits, and an error that covers them.

    The printed error is the certified ``error`` plus the rounding ``|printed - value|``, rounded up: the
    true quantity lies within it of the *printed* number, not only of the unrounded one.

    >>> shown(mpmath.mpf(1) / 3, mpmath.mpf("1e-40"), 5)
    ('0.33333', '3.34e-6')
    """
    with working_precision(max(mpmath.mp.dps, digits) + 40):
        value, error = +mpmath.mpf(value), mpmath.mpf(error)
        text = mpmath.nstr(value, digits)
        if mpmath.isinf(value):
            return text, round_up(error, error_digits)
        printed = mpmath.mpf(text)
        rounding = abs(printed - value)
        margin = abs(value) * mpmath.mpf(10) ** -(max(mpmath.mp.dps, digits) + 30)  # the subtraction's own rounding
        total = error + rounding + (margin if rounding else 0)
    return text, round_up(total, error_digits)
