"""A certified upper bound of an expression over a box, by interval arithmetic and bisection (T5's ``L``).

``upper_bound(expr, box)`` returns an exact rational ``U >= sup expr`` over ``box`` (each symbol's interval, ends
possibly infinite), or ``None`` when no finite bound is found. Each box is enclosed by ``mpmath.iv`` (outward
rounding: every operation's interval contains every value of the operation on its arguments' intervals), so
the bound holds for every point, not only those sampled; it may be loose (the dependency problem), and
bisecting the finite coordinates of the box with the largest upper end tightens it. The work is counted in
enclosures (``MAX_ENCLOSURES``), never in seconds: the same bound on any machine.

It serves T5 where sympy cannot prove ``||grad loss||^2 <= c``: the sensitivity ``L = sup ||grad loss||``
(:mod:`mileak.numeric.verify.leakage`), over the data box and all of ``theta`` (a factor such as
``(1 + e^s)^-2`` stays in ``[0, 1]`` for every ``s``), or over the box where every minimiser lies.

>>> import sympy as sp
>>> x, t = sp.symbols("x t")
>>> upper_bound(x**2 * (1 + sp.exp(t * x)) ** -2, {x: (-2, 2), t: (-sp.oo, sp.oo)})
Fraction(4, 1)
>>> upper_bound(x * t, {x: (-1, 1), t: (-sp.oo, sp.oo)}) is None
True
"""

from __future__ import annotations

import heapq
from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.certified import mpf_fraction
from mileak.numeric.core.precision import working_precision
from mileak.numeric.measures.interval_ops import rational

MAX_ENCLOSURES = 1500  # boxes enclosed before the best bound so far is returned
RELATIVE_GAP = Fraction(1, 1000)  # stop once the bound is within 0.1% of a value attained at a point
_IV = mpmath.iv


class NotEnclosable(ValueError):
    """The expression uses an operation without an enclosure here."""


def _monotone(fn, x, increasing=True):
    """``fn`` on the interval ``x`` for a monotone ``fn`` given on point intervals (outward: ends are intervals)."""
    lo, hi = fn(_IV.mpf(x.a)), fn(_IV.mpf(x.b))
    return _IV.mpf([lo.a, hi.b]) if increasing else _IV.mpf([hi.a, lo.b])


def _cosh(x):
    at = lambda e: (_IV.exp(e) + _IV.exp(-e)) / 2  # noqa: E731 - a point's enclosure
    top = max(at(_IV.mpf(abs(x.a))).b, at(_IV.mpf(abs(x.b))).b)
    if x.a <= 0 <= x.b:
        return _IV.mpf([1, top])
    near = min(abs(x.a), abs(x.b))
    return _IV.mpf([at(_IV.mpf(near)).a, top])


_FUNCTIONS = {
    sp.exp: _IV.exp,
    sp.log: _IV.log,
    sp.cosh: _cosh,
    sp.sinh: lambda x: _monotone(lambda e: (_IV.exp(e) - _IV.exp(-e)) / 2, x),
    sp.tanh: lambda x: _monotone(lambda e: 1 - 2 / (_IV.exp(2 * e) + 1), x),
    sp.Abs: lambda x: _IV.mpf([0 if x.a <= 0 <= x.b else min(abs(x.a), abs(x.b)), max(abs(x.a), abs(x.b))]),
}


def enclose(expr, box: dict):
    """An ``mpmath.iv`` interval holding every value of ``expr`` with each symbol in its interval of ``box``."""
    if expr.is_Symbol:
        return box[expr]
    if expr.is_Rational:
        return _IV.mpf(int(expr.p)) / int(expr.q)
    if expr is sp.E:
        return _IV.e
    if expr is sp.pi:
        return _IV.pi
    if expr.is_Add:
        out = _IV.mpf(0)
        for a in expr.args:
            out = out + enclose(a, box)
        return out
    if expr.is_Mul:
        out = _IV.mpf(1)
        for a in expr.args:
            out = out * enclose(a, box)
        return out
    if expr.is_Pow:
        base, ex = enclose(expr.base, box), expr.exp
        if ex.is_Integer:
            n = int(ex)
            if n % 2 == 0 and base.a < 0 < base.b:  # an even power of an interval around 0 starts at 0
                magnitude = _IV.mpf([0, max(-base.a, base.b)])
                powered = magnitude ** abs(n)
            else:
                powered = base ** abs(n)
            return powered if n >= 0 else 1 / powered
        if ex.is_Rational and base.a > 0:  # a real root of a positive base
            return _IV.exp(enclose(ex, box) * _IV.log(base))
        if ex.is_Rational and base.a == 0:  # from 0: up to the top end's power, or unbounded for a negative power
            return _IV.mpf([0, _IV.exp(enclose(ex, box) * _IV.log(_IV.mpf(base.b))).b]) if ex > 0 else \
                _IV.mpf([0, "inf"])
        raise NotEnclosable(f"the power {expr}")
    fn = _FUNCTIONS.get(expr.func)
    if fn is None or len(expr.args) != 1:
        raise NotEnclosable(f"the operation {expr.func.__name__}")
    return fn(enclose(expr.args[0], box))


def _split(box: list, infinite_done: set):
    """The box (a list of ``(lo, hi)`` mpf ends) bisected at the middle of its widest finite coordinate; a coordinate
    infinite at both ends is split at 0 first. (A rounded middle is the end of both halves: they still cover.)"""
    for i, (lo, hi) in enumerate(box):
        if lo == -mpmath.inf and hi == mpmath.inf:
            return [box[:i] + [(lo, mpmath.mpf(0))] + box[i + 1:], box[:i] + [(mpmath.mpf(0), hi)] + box[i + 1:]]
    finite = [i for i, (lo, hi) in enumerate(box) if mpmath.isfinite(lo) and mpmath.isfinite(hi) and hi > lo]
    if not finite:
        return None
    i = max(finite, key=lambda j: (box[j][1] - box[j][0], -j))
    lo, hi = box[i]
    mid = (lo + hi) / 2
    return [box[:i] + [(lo, mid)] + box[i + 1:], box[:i] + [(mid, hi)] + box[i + 1:]]


def _end(value):
    """An interval holding the box end ``value`` (an int, a Fraction, a sympy Rational or an infinity): a rounded end
    is enclosed outward. Nothing else is taken (a string is never parsed)."""
    if value in (sp.oo, -sp.oo):
        return _IV.mpf(["inf", "inf"] if value == sp.oo else ["-inf", "-inf"])
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        value = sp.Rational(value.numerator, value.denominator)
    if not (isinstance(value, sp.Basic) and value.is_Rational):
        raise TypeError(f"a box end must be an exact number or an infinity, got {type(value).__name__} {value!r:.40}")
    return rational(int(value.p), int(value.q))


def upper_bound(expr, box: dict, values: dict | None = None) -> Fraction | None:
    """A rational ``U >= expr`` everywhere on ``box`` ``{symbol: (lo, hi)}`` (``values``: a symbol taking only the
    listed values), or ``None`` when no finite bound is found within ``MAX_ENCLOSURES`` enclosures."""
    if not isinstance(expr, sp.Basic):  # never sympify: a string would be evaluated
        raise TypeError(f"expr must be a sympy expression, got {type(expr).__name__}")
    values = {s: [v if isinstance(v, sp.Basic) else sp.Rational(v.numerator, v.denominator) for v in vs]
              for s, vs in (values or {}).items()}
    symbols = sorted(box, key=str)
    cases = [expr]
    for s, vs in values.items():
        cases = [c.xreplace({s: v}) for c in cases for v in vs]
    best = None
    with working_precision(34):  # 113 bits for the enclosures and the box ends
        ends = []
        for s in symbols:
            lo, hi = box[s]
            ends.append((mpmath.mpf(_end(lo).a), mpmath.mpf(_end(hi).b)))  # outward
        for case in cases:
            top = _case_bound(case, ends, symbols)
            if top is None:
                return None
            best = top if best is None else max(best, top)
    return best


def _case_bound(expr, box, symbols):
    count = 0
    point_value = sp.lambdify(symbols, expr, modules="math")

    def enclosed(b):
        nonlocal count
        count += 1
        try:
            value = enclose(expr, {s: _IV.mpf([lo, hi]) for s, (lo, hi) in zip(symbols, b)})
        except (NotEnclosable, ZeroDivisionError, ValueError):
            return mpmath.inf
        top = mpmath.mpf(value.b)
        return top if not mpmath.isnan(top) else mpmath.inf  # NaN: no bound

    def attained(b):  # a value at the box's middle, in floats: it only decides when to stop, never the bound
        mids = [float((lo + hi) / 2) if mpmath.isfinite(lo) and mpmath.isfinite(hi) else
                float(lo + 1) if mpmath.isfinite(lo) else float(hi - 1) if mpmath.isfinite(hi) else 0.0
                for lo, hi in b]
        try:
            value = float(point_value(*mids))
        except (OverflowError, ValueError, ZeroDivisionError, TypeError):
            return -mpmath.inf
        return value if value == value else -mpmath.inf

    heap = [(-enclosed(box), 0, box)]
    order, low = 1, attained(box)
    while count < MAX_ENCLOSURES:
        top, _, b = heap[0]
        top = -top
        if top == mpmath.inf and count > MAX_ENCLOSURES // 4:
            break
        if top != mpmath.inf and top - low <= abs(top) * float(RELATIVE_GAP):
            break
        parts = _split(b, set())
        if parts is None:
            break
        heapq.heappop(heap)
        for part in parts:
            heapq.heappush(heap, (-enclosed(part), order, part))
            order += 1
            low = max(low, attained(part))
    top = max(-h[0] for h in heap)
    if not mpmath.isfinite(top):
        return None
    return mpf_fraction(mpmath.mpf(top))  # the binary upper end, exactly (its sign too)
