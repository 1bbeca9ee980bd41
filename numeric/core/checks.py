"""Argument checks, one module for every layer: each error names the parameter, its value and the valid range.

The float (numpy) layer (``check_float``, ``check_int``, ``check_seed``, ``check_choice``,
``check_array``, ``check_labels``) returns Python/numpy values:

>>> check_float("lam", 0.5, lo=0, lo_open=True)
0.5
>>> check_int("trials", 0, lo=1)
Traceback (most recent call last):
...
ValueError: trials=0 must be an int in [1, 100000000]

The certified (mpmath) layer (``check_probability``, ``check_positive``, ...) returns ``mpf``:

>>> check_probability("pi", 0.5, open_interval=True)
mpf('0.5')
>>> check_probability("pi", 1.0, open_interval=True)
Traceback (most recent call last):
...
ValueError: pi=1.0 must be in (0, 1)
"""

from __future__ import annotations

import fractions
import math
import numbers

import mpmath
import numpy as np

from mileak.numeric.core.precision import working_precision

MAX_TRIALS = 10**8  # a count above this would not finish: refused rather than left to hang
MAX_COUNT = 10**8
MEMORY_LIMIT_BYTES = 4 * 2**30  # a run whose arrays would need more is refused before it starts


def check_memory(what: str, needed_bytes: float, hint: str = "") -> None:
    """Refuse work whose arrays need more than ``MEMORY_LIMIT_BYTES``, saying how much, before it starts.

    >>> check_memory("trials=100000000", 7.5 * 2**30, "lower --trials")
    Traceback (most recent call last):
    ...
    ValueError: trials=100000000 needs about 7.5 GiB of memory; the limit is 4 GiB (lower --trials)
    """
    if needed_bytes > MEMORY_LIMIT_BYTES:
        raise ValueError(f"{what} needs about {needed_bytes / 2**30:.1f} GiB of memory; the limit is "
                          f"{MEMORY_LIMIT_BYTES // 2**30} GiB" + (f" ({hint})" if hint else ""))


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


def to_mpf(name: str, value):
    """Convert a real scalar to ``mpf`` exactly (integers of any size, floats binary-exact); reject others."""
    if isinstance(value, bool) or isinstance(value, (str, bytes, complex)) or value is None:
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if isinstance(value, mpmath.mpf):
        x = value
    elif isinstance(value, fractions.Fraction):  # rounded once, 100+ digits: exact for every later use
        with working_precision(max(mpmath.mp.dps, 80) + 20):
            x = mpmath.mpf(value.numerator) / value.denominator
    elif isinstance(value, numbers.Integral):  # exactly, at as many digits as it has (not rounded to 53 bits)
        with working_precision(max(mpmath.mp.dps, len(str(abs(int(value)))) + 5)):
            x = mpmath.mpf(int(value))
    elif isinstance(value, numbers.Real):
        from mileak.numeric.core.exact_input import note_binary_float

        if isinstance(value, float):
            note_binary_float(name, value)
        try:
            x = mpmath.mpf(value)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a real number, got {value!r}") from None
    elif hasattr(value, "is_real") and getattr(value, "is_number", False) and value.is_real:
        x = mpmath.mpf(str(value.evalf(mpmath.mp.dps + 20)))
    else:
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if mpmath.isnan(x):
        raise ValueError(f"{name}=nan is not a number")
    return x


def check_finite(name: str, value):
    x = to_mpf(name, value)
    if not mpmath.isfinite(x):
        raise ValueError(f"{name}={value!r} must be finite")
    return x


def check_positive(name: str, value, allow_zero: bool = False):
    x = check_finite(name, value)
    if x < 0 or (x == 0 and not allow_zero):
        rng = "[0, oo)" if allow_zero else "(0, oo)"
        raise ValueError(f"{name}={value!r} must be in {rng}")
    return x


def check_probability(name: str, value, open_interval: bool = True):
    x = check_finite(name, value)
    if open_interval and not 0 < x < 1:
        raise ValueError(f"{name}={value!r} must be in (0, 1)")
    if not open_interval and not 0 <= x <= 1:
        raise ValueError(f"{name}={value!r} must be in [0, 1]")
    return x


def check_probability_vector(name: str, values, positive: bool = False, tol: float = 1e-12):
    """A probability vector: entries in [0, 1] (``(0, 1]`` if ``positive``), summing to 1 within ``tol``."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of probabilities, got {type(values).__name__}")
    try:
        shape = getattr(values, "shape", None)
        if shape is not None and len(shape) != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {shape}")
    except TypeError:  # pragma: no cover
        pass
    if len(values) == 0:
        raise ValueError(f"{name} must be non-empty")
    out = [check_finite(f"{name}[{i}]", v) for i, v in enumerate(values)]
    for i, v in enumerate(out):
        if v < 0 or (positive and v == 0):
            rng = "(0, 1]" if positive else "[0, 1]"
            raise ValueError(f"{name}[{i}]={values[i]!r} must be in {rng}")
    total = mpmath.fsum(out)
    if abs(total - 1) > tol:
        raise ValueError(f"{name} sums to {mpmath.nstr(total, 17)}; it must sum to 1 (within {tol})")
    return out


def check_real_sequence(name: str, values, min_length: int = 1):
    """A one-dimensional sequence of finite reals, as ``mpf`` (each entry checked and named)."""
    if values is None or isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of real numbers, got {type(values).__name__} {values!r:.60}")
    if len(values) < min_length:
        raise ValueError(f"{name} must have at least {min_length} entries, got {len(values)}")
    return [check_finite(f"{name}[{i}]", v) for i, v in enumerate(values)]


def check_same_length(name_a, a, name_b, b):
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}")
