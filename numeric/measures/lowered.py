"""Evaluate a statement kept as a JSON tree (:func:`mileak.numeric.measures.evaluate.lower`), without sympy.

A registered right-hand side whose abstract quantities are replaced by named numbers (T1's and T2's bounds in
terms of ``rho_KL``) is elementary; lowered once, it is evaluated here by the very enclosures the sympy walker
uses (:data:`mileak.numeric.measures.interval_ops.OPERATIONS`), so ``mileak leakage`` need not import sympy.

A tree is ``["num", p, q]``, ``["float", text]``, ``["const", "pi" | "e"]``, ``["sym", name]``,
``["pow", base, exponent, "p/q" or None, text]`` or ``[operation, *arguments]``; anything else is refused.

>>> x = evaluate_lowered(["mul", ["num", 1, 2], ["log", ["sym", "t"]]], {"t": 4}, dps=20)
>>> abs(float(x.a) - 0.6931471805599453) < 1e-15
True
"""

from __future__ import annotations

from fractions import Fraction

from mileak.numeric.core.precision import DEFAULT_DPS, GUARD_DPS, working_precision
from mileak.numeric.measures.interval_ops import CONSTANTS, OPERATIONS, decimal, power, rational, symbol_value


def well_formed(tree) -> bool:
    """``tree`` has the shape of a lowered statement (a kept file's tree is checked before it is used)."""
    if not isinstance(tree, list) or not tree:
        return False
    kind, args = tree[0], tree[1:]
    if kind == "num":
        return len(args) == 2 and all(isinstance(a, int) and not isinstance(a, bool) for a in args) and args[1] > 0
    if kind in ("float", "sym"):
        return len(args) == 1 and isinstance(args[0], str)
    if kind == "const":
        return len(args) == 1 and args[0] in CONSTANTS
    if kind == "pow":
        return (len(args) == 4 and well_formed(args[0]) and well_formed(args[1])
                and (args[2] is None or isinstance(args[2], str)) and isinstance(args[3], str))
    return kind in OPERATIONS and len(args) >= 1 and all(well_formed(a) for a in args)


def _walk(tree, values):
    kind = tree[0] if isinstance(tree, list) and tree else None
    if kind == "num":
        return rational(int(tree[1]), int(tree[2]))
    if kind == "float":
        return decimal(str(tree[1]))
    if kind == "const" and tree[1] in CONSTANTS:
        return CONSTANTS[tree[1]]()
    if kind == "sym":
        return symbol_value(tree[1], values)
    if kind == "pow":
        _, base, ex, exact, text = tree
        return power(_walk(base, values), _walk(ex, values), None if exact is None else Fraction(exact), str(text))
    if kind in OPERATIONS:
        return OPERATIONS[kind](*(_walk(a, values) for a in tree[1:]))
    raise ValueError(f"not a lowered statement: {tree!r:.80}")


def evaluate_lowered(tree, values: dict, dps: int = DEFAULT_DPS):
    """Enclosure (an ``mpmath.iv`` interval at ``dps + 10`` digits) of the lowered ``tree`` at ``values``."""
    if not well_formed(tree):
        raise ValueError(f"not a lowered statement: {tree!r:.80}")
    with working_precision(dps + GUARD_DPS):
        return _walk(tree, values)
