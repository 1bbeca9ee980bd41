"""Facts are sympy relations; their *gap* is the quantity that is ``>= 0`` (or ``== 0``).

>>> import sympy as sp
>>> a, b = sp.symbols("a b")
>>> gap(sp.Le(a, b)), gap(sp.Ge(a, b)), gap(sp.Eq(a, b))
(-a + b, a - b, a - b)
"""

from __future__ import annotations

import sympy as sp


def gap(fact) -> sp.Expr:
    """``rhs - lhs`` for ``<=``, ``lhs - rhs`` for ``>=`` and ``==``."""
    if isinstance(fact, (sp.LessThan, sp.StrictLessThan)):
        return fact.rhs - fact.lhs
    if isinstance(fact, (sp.GreaterThan, sp.StrictGreaterThan, sp.Equality)):
        return fact.lhs - fact.rhs
    raise TypeError(f"a fact must be a sympy relation (==, <=, >=), got {type(fact).__name__}: {fact!r}")


def is_equality(fact) -> bool:
    return isinstance(fact, sp.Equality)


def relation(fact) -> str:
    return "==" if is_equality(fact) else "<="


def as_relation(fact):
    """Return ``fact`` if it is a relation; sympy may collapse ``Le(x, x)`` to ``True``."""
    if fact is sp.true or fact is sp.false or not isinstance(fact, sp.core.relational.Relational):
        raise TypeError(f"not a relation: {fact!r} (sympy evaluated it to a boolean)")
    return fact
