"""Parameter declarations: a sympy symbol, its valid domain and typical range.

A domain is declared once here; validation (``Parameter.validate``), the
decision procedures of ``mileak.proofs.core.decide`` and the hypothesis strategies of
the tests all derive from it (DESIGN.md style rule 2).

>>> import sympy as sp
>>> pi = Parameter("pi", sp.Interval.open(0, 1), description="prior of membership")
>>> pi.validate(0.25)
0.25
>>> pi.validate(1.0)
Traceback (most recent call last):
...
ValueError: pi=1.0 must be in (0, 1)
"""

from __future__ import annotations

import fractions
import math
import numbers
from dataclasses import dataclass, field

import sympy as sp


def interval_text(interval: sp.Interval) -> str:
    """Human form of an interval, e.g. ``(0, 1)`` or ``[0, oo)``."""
    left = "(" if interval.left_open else "["
    right = ")" if interval.right_open else "]"
    return f"{left}{interval.left}, {interval.right}{right}"


def _symbol_assumptions(domain: sp.Interval) -> dict:
    lo = domain.left
    if lo.is_finite and lo >= 0:
        return {"positive": True} if (lo > 0 or domain.left_open) else {"nonnegative": True}
    return {"real": True}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter.

    ``source`` says where a numeric check takes its value: ``"domain"`` (sampled
    from ``typical``), or ``"scenario"`` (supplied by the concrete membership game,
    e.g. the prior ``pi`` or the rates of a test).
    """

    name: str
    domain: sp.Interval
    typical: sp.Interval | None = None
    description: str = ""
    source: str = "domain"
    latex: str | None = None
    integer: bool = False
    symbol: sp.Symbol = field(init=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.domain, sp.Interval):
            raise TypeError(f"domain of parameter {self.name!r} must be a sympy Interval")
        if self.source not in ("domain", "scenario"):
            raise ValueError(f"source={self.source!r} must be 'domain' or 'scenario'")
        typical = self.typical if self.typical is not None else self.domain
        object.__setattr__(self, "typical", typical)
        assumptions = _symbol_assumptions(self.domain)
        if self.integer:
            assumptions["integer"] = True
        sym = sp.Symbol(self.name, **assumptions)
        object.__setattr__(self, "symbol", sym)

    def validate(self, value):
        """Return ``value`` if it lies in the domain, else raise ``ValueError``.

        Accepts ints, floats, mpmath/sympy numbers; rejects bools, NaN, and
        non-finite values unless the domain reaches infinity.
        """
        if isinstance(value, bool) or not _is_real_number(value):
            raise TypeError(f"{self.name} must be a real number, got {type(value).__name__} {value!r}")
        fval = float(value)
        if math.isnan(fval):
            raise ValueError(f"{self.name}=nan must be in {interval_text(self.domain)}")
        if self.integer and fval != int(fval):
            raise ValueError(f"{self.name}={value!r} must be an integer in {interval_text(self.domain)}")
        if not self.contains(value):
            shown = str(value) if type(value).__name__ == "mpf" else repr(value)
            raise ValueError(f"{self.name}={shown} must be in {interval_text(self.domain)}")
        return value

    def contains(self, value) -> bool:
        d = self.domain
        if isinstance(value, fractions.Fraction):
            v = sp.Rational(value.numerator, value.denominator)
        elif type(value).__name__ == "mpf" and value == value and abs(value) != float("inf"):
            man, exp = int(value.man), int(value.exp)  # the exact binary value, not its 15-digit text
            v = sp.Integer(man) * sp.Integer(2) ** exp
        else:
            v = sp.Float(str(value), 60) if not isinstance(value, (int, sp.Rational)) else sp.Rational(value)
        if not v.is_finite:
            return False
        lo_ok = v > d.left if d.left_open else v >= d.left
        hi_ok = v < d.right if d.right_open else v <= d.right
        return bool(lo_ok) and bool(hi_ok)


def _is_real_number(value) -> bool:
    """Real scalars: Python/numpy reals, sympy real numbers, mpmath ``mpf``."""
    if isinstance(value, (str, bytes, complex)):
        return False
    if isinstance(value, numbers.Real):
        return True
    if isinstance(value, sp.Expr):
        return bool(value.is_number and value.is_real)
    if type(value).__name__ == "mpf":  # mpmath real, duck-typed: proofs imports no mpmath
        return True
    return False
