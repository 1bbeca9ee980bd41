"""The gradient bound ``L`` a family declares in closed form (its ``lipschitz`` closed form; T5, THEORY D3).

``declared_lipschitz(family, values)`` is ``None`` when the family declares none (ask the sympy prover),
``sympy.oo`` when it declares the gradient unbounded (T5 does not apply), else the exact value. The
closed form's result is read with the strict ``as_expr`` (numbers and sympy objects; a string is refused,
never evaluated).

>>> from mileak.proofs.families import FAMILIES
>>> declared_lipschitz(FAMILIES["logistic"], {"R": 2}), declared_lipschitz(FAMILIES["ridge"], {})
(2, oo)
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.expressions import as_expr


def declared_lipschitz(family, values: dict):
    declared = {q.name: values[q.name] for q in family.parameters if q.name in values}
    known = family.closed_form("lipschitz", **declared)
    return None if known is None else as_expr(known, f"the lipschitz closed form of family {family.name!r}")


def finite_lipschitz(family, values: dict) -> float | None:
    """The declared ``L`` as a float when it is finite, else ``None``."""
    known = declared_lipschitz(family, values)
    return None if known is None or known == sp.oo else float(known)
