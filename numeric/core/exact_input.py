"""Exact numbers in: a value becomes an ``mpf`` from its exact rational value, never via a binary double.

>>> import mpmath
>>> from fractions import Fraction
>>> mpmath.nstr(exact_mpf(Fraction(1, 10), 30), 35)
'0.1'
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from fractions import Fraction

import mpmath

from mileak.numeric.core.precision import DEFAULT_DPS, working_precision

_FLOAT_NOTED = [False]

MAX_DECIMAL_EXPONENT = 300  # |e| in 1e-300: beyond it a number is refused before it is expanded
MAX_NUMBER_TEXT = 400  # characters of one number's text (digits of a 30-digit input fit many times over)
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")


def exact_decimal(text: str, name: str = "value") -> Fraction:
    """The exact rational value of number text: an integer, a decimal (``0.1``, ``1e-3``) or ``a/b``.

    The text is checked before it is expanded: at most ``MAX_NUMBER_TEXT`` characters and a decimal
    exponent of at most ``MAX_DECIMAL_EXPONENT`` in size (``1e-1000000000`` would build a billion-digit
    integer), so a hostile value fails in microseconds with an error naming ``name``.

    >>> exact_decimal("0.1"), exact_decimal("-3/4"), exact_decimal("2e3")
    (Fraction(1, 10), Fraction(-3, 4), Fraction(2000, 1))
    >>> exact_decimal("1e-1000000000", "--delta")
    Traceback (most recent call last):
    ...
    ValueError: --delta='1e-1000000000' has a decimal exponent beyond +-300; give a magnitude in [1e-300, 1e300] or 0
    """
    if not isinstance(text, str):
        raise TypeError(f"{name} must be number text, got {type(text).__name__} {text!r:.60}")
    t = text.strip()
    example = "(e.g. 3, 0.1, 1e-3 or 3/10)"
    if len(t) > MAX_NUMBER_TEXT:
        raise ValueError(f"{name} is {len(t)} characters long; a number has at most {MAX_NUMBER_TEXT}")
    parts = t.split("/")
    if len(parts) > 2 or not all(_DECIMAL.fullmatch(part.strip()) for part in parts):
        raise ValueError(f"{name}={text!r:.60} must be a number {example}")
    for part in parts:
        exponent = _DECIMAL.fullmatch(part.strip()).group(2)
        if exponent is not None and abs(int(exponent)) > MAX_DECIMAL_EXPONENT:
            raise ValueError(f"{name}={text!r:.60} has a decimal exponent beyond +-{MAX_DECIMAL_EXPONENT}; "
                             f"give a magnitude in [1e-{MAX_DECIMAL_EXPONENT}, 1e{MAX_DECIMAL_EXPONENT}] or 0")
    numerator, denominator = (Fraction(part.strip()) for part in (parts if len(parts) == 2 else [parts[0], "1"]))
    if denominator == 0:
        raise ValueError(f"{name}={text!r:.60} divides by zero")
    return numerator / denominator


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
    if _from_float_layer():
        return  # mileak's own floats (e.g. an engine's float64 parameters) are not the user's input
    _FLOAT_NOTED[0] = True
    exact = mpmath.nstr(mpmath.mpf(float(value)), 40)
    warnings.warn(f"{name}={float(value)!r} is a binary float, taken at its exact value {exact}...; pass "
                  f"Fraction('{float(value)!r}') for the decimal (said once)", UserWarning,
                  stacklevel=_first_frame_outside("mileak")[1])


_FLOAT_LAYERS = ("mileak.numeric.families", "mileak.numeric.game")  # float64 engines: their floats are their own


def _from_float_layer() -> bool:
    """Whether a float64 layer of mileak (an engine, the simulator) is among the callers between the user and
    here, e.g. the simulator's bound curves calling a certified measure at a float FPR."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("mileak"):
        if frame.f_globals["__name__"].startswith(_FLOAT_LAYERS):
            return True
        frame = frame.f_back
    return False


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
        sp = sys.modules.get("sympy")  # a sympy number exists only once sympy is loaded: no import here
        if sp is not None and isinstance(v, sp.Basic):
            return mpmath.mpf(str(sp.N(v, dps + 30)))
        return mpmath.mpf(v)


def datum_mpf(v) -> mpmath.mpf:
    """A datum (a record's entry, a regularisation weight) as an ``mpf`` at the current precision, from its exact
    value: a ``Fraction`` rounded once, at this precision (never through a float); ints, floats (numpy's too)
    and ``mpf`` exactly. No float warning: arrays of data are binary by construction.

    >>> from fractions import Fraction
    >>> with working_precision(40):
    ...     mpmath.nstr(datum_mpf(Fraction(1, 3)), 35)
    '0.33333333333333333333333333333333333'
    """
    if isinstance(v, Fraction):
        return mpmath.mpf(v.numerator) / v.denominator
    if isinstance(v, mpmath.mpf):
        return +v
    if isinstance(v, numbers.Integral):  # numpy's integers too, at every digit
        return mpmath.mpf(int(v))
    if isinstance(v, numbers.Real):  # Python's and numpy's binary floats: exact
        return mpmath.mpf(float(v))
    raise TypeError(f"a datum must be a real number, got {type(v).__name__} {v!r:.40}")
