"""Side conditions a step needs, each decided by ``mileak.proofs.core.decide``.

>>> import sympy as sp
>>> t = sp.Symbol("t", positive=True)
>>> Nonnegative(t).check({t: sp.Interval.open(0, 1)}).status.value
'proved'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.decide import prove_nonnegative, prove_zero
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.core.status import Outcome, falsified, proved, unproved


def _apply_reparam(expr, reparam):
    return as_expr(expr).xreplace(reparam) if reparam else as_expr(expr)


@dataclass(frozen=True)
class Nonnegative:
    """``expr >= 0`` on the declared domains."""

    expr: sp.Expr

    def check(self, domains, reparam=None) -> Outcome:
        return prove_nonnegative(_apply_reparam(self.expr, reparam), domains)

    def text(self) -> str:
        return f"{sp.sstr(self.expr)} >= 0"


@dataclass(frozen=True)
class Zero:
    """``expr == 0`` identically on the declared domains."""

    expr: sp.Expr

    def check(self, domains, reparam=None) -> Outcome:
        return prove_zero(_apply_reparam(self.expr, reparam), domains)

    def text(self) -> str:
        return f"{sp.sstr(self.expr)} == 0"


@dataclass(frozen=True)
class SetEquals:
    """``{var : condition} == expected`` over the reals, computed by ``solveset``."""

    condition: sp.Basic
    var: sp.Symbol
    expected: sp.Set = field(default=None)

    def check(self, domains, reparam=None) -> Outcome:
        try:
            found = sp.solveset(self.condition, self.var, sp.S.Reals)
        except (NotImplementedError, ValueError) as exc:  # pragma: no cover - sympy limitation
            return unproved(f"solveset failed on {self.condition}: {exc}")
        if found == self.expected:
            return proved(f"solveset gives {found}")
        if isinstance(found, sp.ConditionSet):
            return unproved(f"solveset left {found}")
        return falsified(f"solveset gives {found}, not {self.expected}")

    def text(self) -> str:
        return f"{{{self.var} : {sp.sstr(self.condition)}}} == {self.expected}"


def check_all(conditions, domains, reparam=None):
    """Check each condition; return ``(worst outcome, [(text, outcome), ...])``."""
    results = [(c.text(), c.check(domains, reparam)) for c in conditions]
    for _, out in results:
        if not out.proved:
            return out, results
    return proved("all side conditions hold"), results
