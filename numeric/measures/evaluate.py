"""Evaluate a registered sympy statement on a concrete scenario, with certified enclosures.

The statement is read from the registry (never restated): elementary
operations are the enclosures of :mod:`mileak.numeric.measures.interval_ops`
(``mpmath.iv`` arithmetic; monotone special functions at the interval's
endpoints), and each abstract quantity (``KL``, ``TV``, ``I_z``, ...) is a
certified value from the scenario (its error bound becomes the interval's
radius). ``E_z`` is the weighted sum over the scenario's records. :func:`lower` writes an
elementary statement as a JSON tree that :mod:`mileak.numeric.measures.lowered`
evaluates by the same operations without sympy.

>>> import sympy as sp
>>> from mileak.proofs.definitions.quantities import KL
>>> from mileak.proofs.definitions.laws import P1, P0
>>> from mileak.numeric.measures.scenarios import FiniteGame
>>> g = FiniteGame(0.5, [1], [[0.5, 0.5]], [0.25, 0.75], [[1, 0]])
>>> x = evaluate(2 * KL(P1, P0), g, {}, z=0)
>>> abs(float(x.a) - 0.2876820724517809) < 1e-15 and float(x.b - x.a) < 1e-35
True
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.precision import DEFAULT_DPS, GUARD_DPS, mp_precision, working_precision
from mileak.numeric.measures.interval_ops import CONSTANTS, OPERATIONS, decimal, power, rational, symbol_value
from mileak.proofs.core.decide import law_dependent_limits
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import AbstractQuantity, Expect

_IV = mpmath.iv


def _iv_const(x):
    if isinstance(x, sp.Rational):
        return rational(int(x.p), int(x.q))
    if x is sp.pi or x is sp.E:
        return CONSTANTS[_CONSTANT_NAMES[x]]()
    if isinstance(x, sp.Float):
        return decimal(str(x))
    raise ValueError(f"cannot evaluate the constant {x!r}")


_CONSTANT_NAMES = {sp.pi: "pi", sp.E: "e"}
_OPERATION_NAMES = {sp.Add: "add", sp.Mul: "mul", sp.log: "log", sp.exp: "exp", sp.Abs: "abs", sp.Max: "max",
                    sp.Min: "min", sp.erf: "erf", sp.erfinv: "erfinv", sp.digamma: "digamma"}


def _operation(e) -> str:
    """The name of ``e``'s operation in :data:`~mileak.numeric.measures.interval_ops.OPERATIONS`."""
    name = _OPERATION_NAMES.get(type(e))  # by class; a subclass (rare) by isinstance, as before
    if name is None:
        name = next((n for cls, n in _OPERATION_NAMES.items() if isinstance(e, cls)), None)
    if name is None and isinstance(e, sp.LambertW) and len(e.args) == 1:
        name = "lambertw"
    if name is None and isinstance(e, sp.polygamma) and e.args[0] in (0, 1):
        name = "trigamma" if e.args[0] == 1 else "digamma"
    if name is None:
        raise ValueError(f"cannot evaluate {type(e).__name__} in {e}")
    return name


def _operands(e):
    """The arguments an operation is applied to (``polygamma(k, x)``: ``x`` alone, its order named by the
    operation)."""
    return e.args[1:] if isinstance(e, sp.polygamma) else e.args


def _exact_exponent(p):
    return Fraction(int(p.p), int(p.q)) if p.is_Rational else None


def _law_coefficients(expr, values, scenario, z):
    expr = sp.expand(expr)
    c1, c0 = expr.coeff(P1), expr.coeff(P0)
    if sp.expand(expr - c1 * P1 - c0 * P0) != 0 or (c1.free_symbols | c0.free_symbols) & {P1, P0}:
        raise ValueError(f"{expr} is not a mixture of the laws P1, P0")
    return tuple(_scalar_arg(c, scenario, values, z) for c in (c1, c0))


def midpoint(x):
    """Midpoint of an ``mpmath.iv`` interval, exact at ``iv.dps + 20`` digits."""
    with mp_precision(mpmath.iv.dps + 20):
        return (mpmath.mpf(x.a) + mpmath.mpf(x.b)) / 2


def _scalar_arg(arg, scenario, values, z):
    return midpoint(_eval(arg, scenario, values, z))


def _quantity(node, scenario, values, z, dps):
    name = type(node).__name__
    args = []
    for a in node.args:
        if a.free_symbols & {P1, P0}:
            args.append(_law_coefficients(a, values, scenario, z))
        else:
            args.append(_scalar_arg(a, scenario, values, z))
    if z is None:
        raise ValueError(f"{node} depends on the record z; wrap it in E_z or evaluate per record")
    return scenario.quantity(name, tuple(args), z, dps).interval()


def _eval(e, scenario, values, z, dps=DEFAULT_DPS):
    if isinstance(e, Expect) and hasattr(scenario, "expectation"):
        return scenario.expectation(e.args[0], values, dps).interval()  # a continuous record law
    if isinstance(e, Expect):
        total = _IV.mpf(0)
        for r in range(scenario.records):
            total += _IV.mpf(scenario.weight(r)) * _eval(e.args[0], scenario, {**values, **scenario.values(r)}, r, dps)
        return total
    if isinstance(e, AbstractQuantity):
        return _quantity(e, scenario, values, z, dps)
    if isinstance(e, sp.Limit) and law_dependent_limits(e):  # sympy would hold the laws fixed
        if not hasattr(scenario, "limit"):
            raise ValueError(f"scenario {scenario.kind} cannot evaluate the limit {e} of a quantity of the laws")
        return scenario.limit(e, values, dps).interval()
    if isinstance(e, (sp.Limit, sp.Derivative, sp.Subs)):
        return _eval(_done(e), scenario, values, z, dps)
    if e.is_Number or e in (sp.pi, sp.E):
        return _iv_const(e)
    if e.is_Symbol:
        return symbol_value(e.name, values)
    args = [_eval(a, scenario, values, z, dps) for a in _operands(e)]
    if isinstance(e, sp.Pow):
        return power(*args, _exact_exponent(e.exp), str(e))
    return OPERATIONS[_operation(e)](*args)


@functools.lru_cache(maxsize=512)
def _done(e):
    """``e.doit()`` of a limit, derivative or substitution, symbolic in every parameter: done once per
    expression (a claim's check evaluates it at each of its points; sympy's limit takes about 0.1 s)."""
    done = e.doit()
    if done.has(sp.Limit, sp.Derivative, sp.Subs):
        raise ValueError(f"sympy cannot evaluate {e}")
    return done


def evaluate(expr, scenario, values: dict, z=None, dps: int = DEFAULT_DPS, guard: int = 0):
    """Enclosure (an ``mpmath.iv`` interval at ``dps + 10 + guard`` digits) of ``expr`` on ``scenario``.

    ``guard`` raises the interval arithmetic's precision only (an ill-conditioned expression such as
    ``erfinv(2 alpha - 1)`` at ``alpha = 1e-27`` loses 27 digits); each quantity is still certified at ``dps``."""
    with working_precision(dps + GUARD_DPS + guard):
        vals = {**scenario.values(z), **values}
        return _eval(as_expr(expr), scenario, vals, z, dps)


def lower(expr) -> list:
    """``expr`` (elementary: numbers, symbols and :data:`OPERATIONS`) as a JSON-ready tree that
    :func:`mileak.numeric.measures.lowered.evaluate_lowered` evaluates without sympy, by the same operations."""
    e = as_expr(expr)
    if e.is_Number or e in _CONSTANT_NAMES:
        if isinstance(e, sp.Rational):
            return ["num", int(e.p), int(e.q)]
        if e in _CONSTANT_NAMES:
            return ["const", _CONSTANT_NAMES[e]]
        if isinstance(e, sp.Float):
            return ["float", str(e)]
        raise ValueError(f"cannot evaluate the constant {e!r}")
    if e.is_Symbol:
        return ["sym", e.name]
    if isinstance(e, sp.Pow):
        exact = _exact_exponent(e.exp)
        return ["pow", lower(e.base), lower(e.exp), None if exact is None else str(exact), str(e)]
    return [_operation(e), *(lower(a) for a in _operands(e))]
