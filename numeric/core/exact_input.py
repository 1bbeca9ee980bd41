"""Exact numbers in: a value becomes an ``mpf`` from its exact rational value, never via a binary double.

>>> import mpmath
>>> from fractions import Fraction
>>> mpmath.nstr(exact_mpf(Fraction(1, 10), 30), 35)
'0.1'
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.precision import DEFAULT_DPS, working_precision

_FLOAT_NOTED = [False]


def note_binary_float(name: str, value) -> None:
    """Say once per process that a Python float is taken at its exact binary value (not its decimal text).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     _FLOAT_NOTED[0] = False
    ...     note_binary_float("lam", 0.1); note_binary_float("lam", 0.1)
    >>> len(seen), "0.1000000000000000055511151231257827" in str(seen[0].message)
    (1, True)
    """
    import warnings

    if _FLOAT_NOTED[0] or not math.isfinite(float(value)) or Fraction(float(value)) == Fraction(repr(float(value))):
        return  # said already, or the double is exactly its decimal (0.5, 3.0, 0.25)
    layer, _ = _first_frame_outside("mileak.numeric.core")
    if layer is not None and layer.f_globals.get("__name__", "").startswith(_FLOAT_LAYERS):
        return  # mileak's own floats (e.g. an engine's float64 parameters) are not the user's input
    _FLOAT_NOTED[0] = True
    exact = mpmath.nstr(mpmath.mpf(float(value)), 40)
    warnings.warn(f"{name}={float(value)!r} is a binary float, taken at its exact value {exact}...; pass "
                  f"Fraction('{float(value)!r}') for the decimal (said once)", UserWarning,
                  stacklevel=_first_frame_outside("mileak")[1])


_FLOAT_LAYERS = ("mileak.numeric.families", "mileak.numeric.game")  # float64 engines: their floats are their own


def _first_frame_outside(prefix: str):
    """``(frame, stack level for warnings.warn)`` of the nearest caller of ``note_binary_float`` whose module
    is not under ``prefix``: the float's origin (``mileak.numeric.core`` skipped), or the user (``mileak``)."""
    level, frame = 2, sys._getframe(2)  # frame i is warnings.warn stacklevel i from note_binary_float
    while frame is not None and frame.f_globals.get("__name__", "").startswith(prefix):
        frame, level = frame.f_back, level + 1
    return frame, level


def exact_mpf(v, dps=DEFAULT_DPS, name: str = "value"):
    """``v`` as an ``mpf`` at ``dps + 30`` digits: Fractions and decimal text exactly; a float at its exact binary value."""
    with working_precision(dps + 30):
        if isinstance(v, Fraction):
            return mpmath.mpf(v.numerator) / v.denominator
        if isinstance(v, float):
            note_binary_float(name, v)
            return mpmath.mpf(float(v))  # exact: every double is a dyadic rational
        if isinstance(v, sp.Basic):
            return mpmath.mpf(str(sp.N(v, dps + 30)))
        return mpmath.mpf(v)
