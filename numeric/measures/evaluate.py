"""Evaluate a registered sympy statement on a concrete scenario, with certified enclosures.

The statement is read from the registry (never restated): elementary
operations run in ``mpmath.iv`` interval arithmetic, monotone special
functions (``erf``, ``erfinv``, ``LambertW``) are evaluated at the interval's
endpoints, and each abstract quantity (``KL``, ``TV``, ``I_z``, ...) is a
certified value from the scenario (its error bound becomes the interval's
radius). ``E_z`` is the weighted sum over the scenario's records.

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

import mpmath
import sympy as sp

from mileak.numeric.core.precision import DEFAULT_DPS, GUARD_DPS, mp_precision, working_precision
from mileak.proofs.core.decide import law_dependent_limits
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import AbstractQuantity, Expect

_IV = mpmath.iv


def _iv_const(x):
    if isinstance(x, sp.Integer):
        return _IV.mpf(int(x))
    if isinstance(x, sp.Rational):
        return _IV.mpf(int(x.p)) / int(x.q)
    if x is sp.pi:
        return _IV.pi
    if x is sp.E:
        return _IV.e
    if isinstance(x, sp.Float):
        return _IV.mpf(str(x))
    raise ValueError(f"cannot evaluate the constant {x!r}")


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
        if e.name not in values:
            raise ValueError(f"no value for the symbol {e.name}; supply it as a parameter")
        return _IV.mpf(values[e.name])
    args = [_eval(a, scenario, values, z, dps) for a in e.args]
    if isinstance(e, sp.Add):
        return sum(args[1:], args[0])
    if isinstance(e, sp.Mul):
        out = args[0]
        for a in args[1:]:
            out = out * a
        return out
    if isinstance(e, sp.Pow):
        base, ex = args
        p = e.exp
        if p == sp.Rational(1, 2):
            return _IV.sqrt(_real_root_base(base, e))
        if p == -sp.Rational(1, 2):
            return 1 / _IV.sqrt(base)
        if p.is_Integer:
            return base ** int(p)
        return _IV.exp(ex * _IV.log(base))
    if isinstance(e, sp.log):
        return _IV.log(args[0])
    if isinstance(e, sp.exp):
        return _IV.exp(args[0])
    if isinstance(e, sp.Abs):
        return abs(args[0])
    if isinstance(e, sp.Max):
        return _IV.mpf([max(a.a for a in args), max(a.b for a in args)])
    if isinstance(e, sp.Min):
        return _IV.mpf([min(a.a for a in args), min(a.b for a in args)])
    if isinstance(e, sp.erf):
        return _monotone(mpmath.erf, args[0])
    if isinstance(e, sp.erfinv):
        return _monotone(_erfinv, args[0])
    if isinstance(e, sp.LambertW) and len(e.args) == 1:
        return _monotone(mpmath.lambertw, args[0])
    raise ValueError(f"cannot evaluate {type(e).__name__} in {e}")


def _real_root_base(base, e):
    """The enclosure of a square root's base with its part below 0 cut off: the statements are real, so the exact
    base is ``>= 0`` and an enclosure ``[-1e-45, 1e-44]`` (``1 - exp(-KL)`` at ``KL = 1e-49``) still holds it in
    ``[0, 1e-44]``; an enclosure wholly below 0 is an error that names the expression."""
    if base.b < 0:
        raise ValueError(f"the square root {e} has a negative base {base} here: the statement is not real")
    if base.a < 0:
        return _IV.mpf([0, base.b])
    return base


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
