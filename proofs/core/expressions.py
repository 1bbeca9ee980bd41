"""Strict conversion to sympy: sympy objects and real numbers only, never strings.

``sympify`` evaluates strings with Python's ``eval``; the symbolic layer never
calls it on its inputs. A user's expression must arrive as a sympy object (or
through the restricted parser of the user-family interface).

>>> as_expr(3)
3
>>> as_expr("__import__('os')")
Traceback (most recent call last):
...
TypeError: expr must be a sympy expression or a real number, got str (strings are not parsed here)
"""

from __future__ import annotations

import fractions
import math

import sympy as sp


def as_expr(value, name: str = "expr") -> sp.Basic:
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a sympy expression or a real number, got bool")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, fractions.Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name}={value!r} must be finite")
        return sp.Float(value)
    raise TypeError(f"{name} must be a sympy expression or a real number, got {type(value).__name__}"
                    " (strings are not parsed here)")
