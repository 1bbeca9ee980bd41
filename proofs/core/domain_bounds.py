"""A parameter's domain as exact rational bounds, and the check of a value against it, without sympy.

A :class:`~mileak.proofs.core.parameters.Parameter` declares its domain as a sympy ``Interval``; a family's
parameters have rational (or infinite) ends, which :class:`DomainBounds` holds as ``Fraction`` (``None``
for an infinite end). :meth:`DomainBounds.validate` is *the* check of a value (``Parameter.validate`` calls it),
so a command that reads the bounds from a kept catalogue (``mileak leakage``, which imports no sympy when warm)
refuses exactly what the symbolic layer refuses, with the same message.

The comparison is exact: a ``Fraction`` or an int as given, an ``mpf`` by its binary value, a float by its
shortest decimal text (``0.1`` is ``1/10``, as typed); a sympy number is compared by sympy (only then is sympy
imported, and it is loaded already).

>>> b = DomainBounds.parse(["0", "1", True, True, False])
>>> b.text()
'(0, 1)'
>>> b.validate("pi", 0.25)
0.25
>>> b.validate("pi", 1.0)
Traceback (most recent call last):
...
ValueError: pi=1.0 must be in (0, 1)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction


def _end(x: Fraction | None, sign: str) -> str:
    return f"{sign}oo" if x is None else str(x)


@dataclass(frozen=True)
class DomainBounds:
    """``lo < x < hi`` (or ``<=`` at a closed end); ``None`` is an infinite end; ``integer`` asks for an integer.

    An end is a ``Fraction``, or a sympy number where the declared end is irrational (compared by sympy; such
    bounds cannot be kept as JSON)."""

    lo: Fraction | None
    hi: Fraction | None
    left_open: bool
    right_open: bool
    integer: bool = False

    def text(self) -> str:
        """Human form, e.g. ``(0, 1)`` or ``[1, oo)``."""
        left, right = "(" if self.left_open else "[", ")" if self.right_open else "]"
        return f"{left}{_end(self.lo, '-')}, {_end(self.hi, '')}{right}"

    def as_json(self) -> list:
        if _is_sympy(self.lo) or _is_sympy(self.hi):
            raise ValueError(f"the domain {self.text()} has an irrational end: it is not kept as JSON")
        return [None if self.lo is None else str(self.lo), None if self.hi is None else str(self.hi),
                self.left_open, self.right_open, self.integer]

    @classmethod
    def parse(cls, item) -> DomainBounds:
        """The bounds from :meth:`as_json` (a kept catalogue); anything else is a ``ValueError``."""
        lo, hi, left_open, right_open, integer = item
        if not all(isinstance(f, bool) for f in (left_open, right_open, integer)):
            raise ValueError(f"not domain bounds: {item!r:.80}")
        return cls(None if lo is None else Fraction(lo), None if hi is None else Fraction(hi), left_open, right_open,
                   integer)

    def contains(self, value) -> bool:
        """``value`` (a real number, not NaN) lies in the domain; an infinite value never does. Exact: in
        ``Fraction`` arithmetic, or in sympy's where the value or an end is a sympy number (e.g. T2's ``D*``)."""
        symbolic = _is_sympy(value) or _is_sympy(self.lo) or _is_sympy(self.hi)
        if _is_sympy(value):
            if not value.is_finite:
                return False
            v = value
        else:
            v = exact_real(value)
            if v is None:
                return False
            v = _as_sympy(v) if symbolic else v
        lo, hi = (_as_sympy(x) if symbolic and x is not None else x for x in (self.lo, self.hi))
        lo_ok = lo is None or bool(v > lo if self.left_open else v >= lo)
        hi_ok = hi is None or bool(v < hi if self.right_open else v <= hi)
        return lo_ok and hi_ok

    def validate(self, name: str, value):
        """Return ``value`` if it lies in the domain, else raise ``ValueError`` (``TypeError`` for a non-number).

        Accepts ints, floats, ``Fraction``, mpmath/numpy/sympy reals; rejects bools, NaN, and non-finite values.
        """
        if isinstance(value, bool) or not is_real_number(value):
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
        if _is_nan(value):
            raise ValueError(f"{name}=nan must be in {self.text()}")
        if self.integer and not _is_integer(value):
            raise ValueError(f"{name}={_shown(value)} must be an integer in {self.text()}")
        if not self.contains(value):
            raise ValueError(f"{name}={_shown(value)} must be in {self.text()}")
        return value


def _as_sympy(end):
    """A declared end in sympy: a ``Fraction`` as its exact ``Rational``, a sympy number as it is (never parsed)."""
    import sympy as sp

    return sp.Rational(end.numerator, end.denominator) if isinstance(end, Fraction) else end


def _shown(value) -> str:
    """A value as a user wrote it: ``5/2`` for a ``Fraction`` (the command line's exact numbers), an ``mpf``'s
    digits, else its ``repr``."""
    return str(value) if isinstance(value, Fraction) or type(value).__name__ == "mpf" else repr(value)


def _is_sympy(value) -> bool:
    return type(value).__module__.startswith("sympy")


def _is_nan(value) -> bool:
    return not isinstance(value, numbers.Rational) and not _is_sympy(value) and math.isnan(float(value))


def _is_integer(value) -> bool:
    if isinstance(value, numbers.Rational):
        return value.denominator == 1
    if _is_sympy(value):
        return not value.is_finite or bool(value.is_integer)
    f = float(value)
    return math.isinf(f) or f == int(f)  # an infinite value is refused by the range check, with the domain


def is_real_number(value) -> bool:
    """Real scalars: Python/numpy reals, ``Fraction``, sympy real numbers, mpmath ``mpf`` (duck-typed)."""
    if isinstance(value, (str, bytes, complex)):
        return False
    if isinstance(value, numbers.Real):
        return True
    if _is_sympy(value):
        return bool(getattr(value, "is_number", False) and value.is_real)
    return type(value).__name__ == "mpf"  # proofs imports no mpmath


def exact_real(value) -> Fraction | None:
    """The exact value of a finite real (``None`` for an infinite one): see the module's note on floats."""
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if type(value).__name__ == "mpf":
        if value != value or abs(value) == float("inf"):
            return None
        man, exp = int(value.man), int(value.exp)  # the exact binary value, not its 15-digit text
        return Fraction(man) * Fraction(2) ** exp
    f = float(value)
    if math.isinf(f):
        return None
    return Fraction(str(value))


def check_declared(family: str, declared: dict, values: dict) -> dict:
    """Check each of ``values`` against its parameter's bounds in ``declared`` (name -> :class:`DomainBounds`);
    a name the family does not declare is an error that lists the declared ones."""
    for name, value in values.items():
        if name not in declared:
            raise ValueError(f"family {family} has no parameter {name!r}; valid: {', '.join(declared)}")
        declared[name].validate(name, value)
    return values
