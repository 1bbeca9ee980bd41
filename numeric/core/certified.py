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
from fractions import Fraction

import mpmath

from mileak.numeric.core.precision import PrecisionError, ball_midpoint, working_precision


@dataclass(frozen=True)
class Certified:
    value: mpmath.mpf
    error: mpmath.mpf
    dps: int

    def __post_init__(self):
        for field_name in ("value", "error"):
            given = getattr(self, field_name)
            if not isinstance(given, mpmath.mpf):  # a float or a Fraction here would hide where it was rounded
                raise TypeError(f"Certified {field_name} must be an mpmath.mpf formed at the working precision, got "
                                f"{type(given).__name__} {given!r:.40}; an exact number goes through Certified.exact")
        if mpmath.isinf(self.value) and self.value > 0 and self.error == 0:
            return  # an exact +oo, e.g. the divergence between mutually singular laws
        if not mpmath.isfinite(self.value):
            raise PrecisionError(f"value {self.value} is not finite")
        if self.error < 0 or not mpmath.isfinite(self.error):
            raise PrecisionError(f"error bound {self.error} must be finite and >= 0")

    @classmethod
    def from_ball(cls, ball, dps: int) -> Certified:
        """An Arb ball (python-flint) as a certified number: its midpoint read at ``dps + 30`` digits (an ``mpf``
        formed from Arb's midpoint rounds it to mpmath's precision, 53 bits outside a working precision: a value
        would keep 16 digits under its ball's 1e-68 radius), the rounding added to the radius."""
        if not ball.is_finite():
            raise PrecisionError(f"the ball {ball} is not finite; raise the precision")
        with working_precision(dps + 30):
            middle = ball_midpoint(ball)
            radius = mpmath.mpf(ball.rad()._mpf_) + abs(middle) * mpmath.mpf(2) ** (1 - mpmath.mp.prec)
            return cls(middle, radius, dps)

    @classmethod
    def from_interval(cls, x, dps: int) -> Certified:
        with working_precision(dps + 30):
            lo, hi = mpmath.mpf(x.a), mpmath.mpf(x.b)
            mid = (lo + hi) / 2
            return cls(mid, max(hi - mid, mid - lo), dps)

    def scaled(self, factor) -> Certified:
        """``factor`` (exact: an int, a Fraction or an ``mpf``) times this number, formed at ``dps + 30`` digits
        (at mpmath's default 15 the product would be rounded under a 1e-30 error bar); the roundings of the
        factor and of the product are added to the error."""
        with working_precision(self.dps + 30):
            f = mpmath.mpf(factor.numerator) / factor.denominator if isinstance(factor, Fraction) else mpmath.mpf(factor)
            product = f * self.value
            ulp = mpmath.mpf(2) ** (1 - mpmath.mp.prec)
            return Certified(product, abs(f) * self.error * (1 + ulp) + 2 * abs(product) * ulp, self.dps)

    def minus(self, other: Certified) -> Certified:
        """This number less ``other``, formed at ``dps + 30`` digits, the subtraction's rounding in the error."""
        with working_precision(max(self.dps, other.dps) + 30):
            difference = self.value - other.value
            ulp = mpmath.mpf(2) ** (1 - mpmath.mp.prec)
            return Certified(difference, (self.error + other.error) * (1 + ulp) + abs(difference) * ulp,
                             min(self.dps, other.dps))

    @classmethod
    def exact(cls, value, dps: int) -> Certified:
        """An exact number (an ``int``, a ``Fraction``, a sympy ``Integer`` or ``Rational``; anything else is refused
        by name) rounded once at ``dps + 30`` digits, its error the exact distance to the rounded value (0 for a
        dyadic such as 1/4): the digits shown are those of the exact value.

        >>> from fractions import Fraction
        >>> c = Certified.exact(Fraction(3, 100), 20)
        >>> c.contains(Fraction(3, 100)) and 0 < c.error < mpmath.mpf(10) ** -50
        True
        >>> Certified.exact(0.03, 20)
        Traceback (most recent call last):
        ...
        TypeError: Certified.exact takes an exact number (int, Fraction, sympy Integer or Rational), got float 0.03
        """
        exact = _exact_fraction(value)
        with working_precision(dps + 30):
            rounded = mpmath.mpf(exact.numerator) / exact.denominator
        distance = abs(mpf_fraction(rounded) - exact)
        with working_precision(dps + 30):
            error = mpmath.mpf(distance.numerator) / distance.denominator
            error = error * (1 + mpmath.mpf(2) ** (5 - mpmath.mp.prec))  # the division's own rounding, outward
        return cls(rounded, error, dps)

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
            if isinstance(x, Fraction):  # rounded once here; the comparison's margin is far below dps + 30 digits
                x = mpmath.mpf(x.numerator) / x.denominator
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


def mpf_fraction(x: mpmath.mpf) -> Fraction:
    """The exact rational value of a finite ``mpf`` (sign, mantissa and binary exponent; no rounding)."""
    sign, man, exp, _ = x._mpf_
    if not man:
        return Fraction(0)
    return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)


def _exact_fraction(value) -> Fraction:
    """``value`` as a Fraction when it is an exact number (int, Fraction, sympy Integer/Rational), else TypeError."""
    import sys

    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    sp = sys.modules.get("sympy")  # a sympy number exists only once sympy is loaded: no import here
    if sp is not None and isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    raise TypeError(f"Certified.exact takes an exact number (int, Fraction, sympy Integer or Rational), got "
                    f"{type(value).__name__} {value!r:.40}")


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
