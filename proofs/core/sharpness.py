"""Where an inequality is tight: a family or a limit along which ``lhs/rhs -> 1`` (or the gap ``-> 0``), decided by sympy.

A :class:`Sharpness` names the tight case in words and gives ``expr`` (the ratio of the two
sides, or their gap, on that case) and the ``limits`` taken in order (none: the bound is
*attained*). :func:`check_sharpness` takes the limits with ``sympy.limit`` and decides
``value == target`` with :func:`mileak.proofs.core.decide.prove_zero`, within a work budget.
An equality is sharp everywhere; a bound with no recorded tight case reports so (with the
slack measured, when known), never "sharp".

>>> import sympy as sp
>>> t = sp.Symbol("t", positive=True)
>>> check_sharpness(Sharpness("t -> 0", sp.sin(t) / t, limits=((t, 0, "+"),))).status.value
'proved'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.budget import DEFAULT_STEP_TIMEOUT_S, DEFAULT_STEP_WORK, BudgetExceeded, within_budget
from mileak.proofs.core.status import Outcome, over_budget, proved, unproved


@dataclass(frozen=True)
class TightPoint:
    """A concrete point at (or next to) the tight case: a scenario ``model`` with exact parameter ``values``
    (the claim's own) and ``scenario`` values (the model's, e.g. the Bernoulli pair's ``a`` and ``b``).

    The numeric check evaluates the claim there as well as at random points, so a strengthened
    claim (halved, shifted) fails numerically too."""

    model: str
    values: dict = field(default_factory=dict)
    scenario: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Sharpness:
    """``expr`` (ratio of the sides, or their gap) tends to ``target`` along ``limits`` on the case ``where``."""

    where: str
    expr: sp.Expr
    limits: tuple = ()  # ((symbol, point, direction), ...), taken in order
    target: sp.Expr = sp.Integer(1)  # 1 for a ratio of the sides, 0 for their gap
    slack: str = ""  # for a bound not sharp: the measured ratio of the sides at its tightest known case
    point: TightPoint | None = None  # a point near the tight case, added to the claim's numeric check

    @property
    def sharp(self) -> bool:
        return not self.slack


def check_sharpness(s: Sharpness | None, equality: bool = False, budget: int | None = DEFAULT_STEP_WORK,
                    timeout: float | None = DEFAULT_STEP_TIMEOUT_S) -> Outcome:
    """PROVED when sympy shows the tight case; UNPROVED otherwise (no case recorded, not sharp, or undecided)."""
    from mileak.proofs.core.decide import prove_zero

    if equality:
        return proved("an equality: sharp everywhere")
    if s is None:
        return unproved("no tight case recorded")

    def run():
        value = s.expr
        for sym, point, direction in s.limits:
            value = sp.limit(value, sym, point, direction)
        return value, prove_zero(value - s.target, {})

    try:
        value, out = within_budget(run, budget, timeout)
    except BudgetExceeded as exc:
        return over_budget(f"{s.where}: sympy's limit", exc)
    what = "gap between the sides" if s.target == 0 else "ratio of the sides"
    if not out.proved:
        return unproved(f"{s.where}: the {what} tends to {sp.sstr(value)[:80]}, not {s.target}"
                        + (f" (not sharp: {s.slack})" if s.slack else ""))
    if s.slack:  # the recorded slack itself is what sympy shows
        return proved(f"not sharp: {s.where} (the {what} -> {s.target}; {s.slack})")
    how = "attained" if not s.limits else "tight in the limit"
    return proved(f"{how}: {s.where} (the {what} -> {s.target})")
