"""The elementary operations of a registered statement, on ``mpmath.iv`` intervals (certified enclosures).

One table, :data:`OPERATIONS`, maps an operation's name to its enclosure; both walkers use it: the sympy walker
of :mod:`mileak.numeric.measures.evaluate` (names read off sympy's classes) and the walker of a statement kept
without sympy (:mod:`mileak.numeric.measures.lowered`). Elementary operations run in ``mpmath.iv`` interval
arithmetic; monotone special functions (``erf``, ``erfinv``, ``LambertW``) are evaluated at the interval's
endpoints and widened by a few ulps; a power is exact for an integer exponent, a square root cuts the part of
its base below 0 that rounding put there (the statements are real).

>>> import mpmath
>>> x = power(mpmath.iv.mpf(4), mpmath.iv.mpf(0.5), Fraction(1, 2), "sqrt(4)")
>>> float(x.a), float(x.b)
(2.0, 2.0)
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.precision import mp_precision

_IV = mpmath.iv


def rational(p: int, q: int = 1):
    """The enclosure of ``p / q``."""
    return _IV.mpf(p) if q == 1 else _IV.mpf(p) / q


CONSTANTS = {"pi": lambda: _IV.pi, "e": lambda: _IV.e}


def decimal(text: str):
    """The enclosure of a decimal constant written in a statement (a sympy ``Float``)."""
    return _IV.mpf(text)


def symbol_value(name: str, values: dict):
    """The enclosure of a parameter's given value."""
    if name not in values:
        raise ValueError(f"no value for the symbol {name}; supply it as a parameter")
    return _IV.mpf(values[name])


def _monotone(fn, x, increasing=True):
    """Enclose ``fn`` over the interval ``x`` by its endpoints, widened by a few ulps."""
    with mp_precision(mpmath.iv.dps + 10):
        lo, hi = fn(mpmath.mpf(x.a)), fn(mpmath.mpf(x.b))
        if not increasing:
            lo, hi = hi, lo
        pad = mpmath.mpf(10) ** (-(mpmath.iv.dps + 5))
        lo, hi = mpmath.re(lo), mpmath.re(hi)
        return _IV.mpf([lo - pad * (1 + abs(lo)), hi + pad * (1 + abs(hi))])


def _erfinv(y):
    """``erfinv`` accurate near ``+-1``: there ``erf`` cancels, so use the log-space normal quantile.

    ``erfinv(y) = Phi^-1((1 + y) / 2) / sqrt(2)``; ``1 + y`` (or ``1 - y``) is exact for an ``mpf`` endpoint.
    """
    from mileak.numeric.core.normal import _quantile

    if abs(y) <= mpmath.mpf(1) / 2 or abs(y) >= 1:  # at +-1 (an endpoint rounded onto it): +-oo, as mpmath
        return mpmath.erfinv(y)
    with mp_precision(mpmath.mp.dps + 10):
        if y < 0:
            return _quantile((1 + y) / 2) / mpmath.sqrt(2)
        return -_quantile((1 - y) / 2) / mpmath.sqrt(2)


def _real_root_base(base, text):
    """The enclosure of a square root's base with its part below 0 cut off: the statements are real, so the exact
    base is ``>= 0`` and an enclosure ``[-1e-45, 1e-44]`` (``1 - exp(-KL)`` at ``KL = 1e-49``) still holds it in
    ``[0, 1e-44]``; an enclosure wholly below 0 is an error that names the expression."""
    if base.b < 0:
        raise ValueError(f"the square root {text} has a negative base {base} here: the statement is not real")
    if base.a < 0:
        return _IV.mpf([0, base.b])
    return base


def power(base, ex, exact: Fraction | None, text: str):
    """``base ** ex``; ``exact`` is the exponent when it is a rational number (``text`` names the power)."""
    if exact == Fraction(1, 2):
        return _IV.sqrt(_real_root_base(base, text))
    if exact == Fraction(-1, 2):
        return 1 / _IV.sqrt(base)
    if exact is not None and exact.denominator == 1:
        return base ** int(exact)
    return _IV.exp(ex * _IV.log(base))


def _positive(x, name: str):
    """``x`` itself when it lies in ``(0, oo)``, where ``name`` is monotone; anything else is refused."""
    if not x.a > 0:
        raise ValueError(f"cannot enclose {name} over {x}: it is monotone only on (0, oo)")
    return x


def _add(*args):
    return sum(args[1:], args[0])


def _mul(*args):
    out = args[0]
    for a in args[1:]:
        out = out * a
    return out


OPERATIONS = {
    "add": _add,
    "mul": _mul,
    "log": _IV.log,
    "exp": _IV.exp,
    "abs": abs,
    "max": lambda *args: _IV.mpf([max(a.a for a in args), max(a.b for a in args)]),
    "min": lambda *args: _IV.mpf([min(a.a for a in args), min(a.b for a in args)]),
    "erf": lambda x: _monotone(mpmath.erf, x),
    "erfinv": lambda x: _monotone(_erfinv, x),
    "lambertw": lambda x: _monotone(mpmath.lambertw, x),
    "digamma": lambda x: _monotone(mpmath.digamma, _positive(x, "digamma")),  # increasing on (0, oo)
    "trigamma": lambda x: _monotone(lambda t: mpmath.polygamma(1, t), _positive(x, "trigamma"), increasing=False),
}
