"""Argument checks for the float (numpy) layer: each error names the argument, its value and the valid range.

(:mod:`numeric.validation` does the same for the certified mpmath layer.)

>>> check_float("lam", 0.5, lo=0, lo_open=True)
0.5
>>> check_int("trials", 0, lo=1)
Traceback (most recent call last):
...
ValueError: trials=0 must be an int in [1, 100000000]
"""

from __future__ import annotations

import math
import numbers

import numpy as np

MAX_TRIALS = 10**8  # a count above this would not finish: refused rather than left to hang
MAX_COUNT = 10**8


def _interval(lo, hi, lo_open, hi_open):
    left = "(" if lo_open or lo is None else "["
    right = ")" if hi_open or hi is None else "]"
    return f"{left}{'-oo' if lo is None else lo}, {'oo' if hi is None else hi}{right}"


def check_float(name: str, value, lo=None, hi=None, lo_open=False, hi_open=False, allow_inf=False) -> float:
    """A real number (not bool/str/complex/None) in the interval, as a float; NaN and infinities refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}")
    x = float(value)
    where = _interval(lo, hi, lo_open, hi_open)
    if math.isnan(x) or (math.isinf(x) and not (allow_inf and x > 0)):
        raise ValueError(f"{name}={value!r} must be a finite number in {where}")
    if lo is not None and (x < lo or (lo_open and x == lo)):
        raise ValueError(f"{name}={value!r} must be in {where}")
    if hi is not None and (x > hi or (hi_open and x == hi)):
        raise ValueError(f"{name}={value!r} must be in {where}")
    return x


def check_int(name: str, value, lo=None, hi=MAX_COUNT) -> int:
    """An int (numpy ints too; not bool, not float) in ``[lo, hi]``."""
    if isinstance(value, numbers.Rational) and not isinstance(value, numbers.Integral) and value.denominator == 1:
        value = int(value)  # an exact integer read from text (Fraction(10, 1))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r:.60}")
    v = int(value)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError(f"{name}={v} must be an int in [{'-oo' if lo is None else lo}, {'oo' if hi is None else hi}]")
    return v


def check_seed(value, name: str = "seed") -> int:
    return check_int(name, value, 0, 2**63 - 1)


def check_choice(name: str, value, options) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name}={value!r:.60} must be one of {', '.join(map(str, options))}")
    return value


def check_array(name: str, value, ndim: int, min_size: int = 1, finite: bool = True) -> np.ndarray:
    """A float array with ``ndim`` dimensions, each of length ``>= min_size``, finite entries."""
    if value is None or isinstance(value, (str, bytes, numbers.Number)):
        raise TypeError(f"{name} must be an array with {ndim} dimension(s), got {type(value).__name__} {value!r:.60}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a rectangular array of real numbers") from None
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if any(s < min_size for s in arr.shape):
        raise ValueError(f"{name} must have at least {min_size} entries along each axis, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def check_labels(name: str, value, shape) -> np.ndarray:
    """Labels in ``{-1, +1}`` with the given shape."""
    arr = check_array(name, value, len(shape))
    if arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    if not np.all(np.isin(arr, (-1.0, 1.0))):
        raise ValueError(f"{name} must take values in {{-1, +1}}")
    return arr
