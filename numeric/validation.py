"""Argument validation: every error names the parameter, its value and the valid range.

>>> check_probability("pi", 0.5, open_interval=True)
mpf('0.5')
>>> check_probability("pi", 1.0, open_interval=True)
Traceback (most recent call last):
...
ValueError: pi=1.0 must be in (0, 1)
"""

from __future__ import annotations

import fractions
import numbers

import mpmath


def to_mpf(name: str, value):
    """Convert a real scalar to ``mpf`` exactly (floats are binary-exact); reject others."""
    if isinstance(value, bool) or isinstance(value, (str, bytes, complex)) or value is None:
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if isinstance(value, mpmath.mpf):
        x = value
    elif isinstance(value, fractions.Fraction):  # rounded once, 100+ digits: exact for every later use
        with mpmath.workdps(max(mpmath.mp.dps, 80) + 20):
            x = mpmath.mpf(value.numerator) / value.denominator
    elif isinstance(value, numbers.Real):
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
