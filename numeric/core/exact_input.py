"""Exact numbers in: a value becomes an ``mpf`` from its exact rational value, never via a binary double.

>>> import mpmath
>>> from fractions import Fraction
>>> mpmath.nstr(exact_mpf(Fraction(1, 10), 30), 35)
'0.1'
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.precision import DEFAULT_DPS, working_precision


def exact_mpf(v, dps=DEFAULT_DPS):
    """``v`` as an ``mpf`` at ``dps + 30`` digits: Fractions exactly, decimal floats by their text, not binary."""
    with working_precision(dps + 30):
        if isinstance(v, Fraction):
            return mpmath.mpf(v.numerator) / v.denominator
        if isinstance(v, float):
            return mpmath.mpf(repr(float(v)))  # the shortest decimal of the double (numpy floats too)
        if isinstance(v, sp.Basic):
            return mpmath.mpf(str(sp.N(v, dps + 30)))
        return mpmath.mpf(v)
