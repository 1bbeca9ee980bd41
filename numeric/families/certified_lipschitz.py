"""A family's gradient bound ``L`` as T5 may use it: declared, proved by sympy, or certified by intervals.

T5 (docs/theory.md) bounds the sensitivity of the regularised minimiser by ``2 L / (n lam)`` when the loss is
convex and ``L``-Lipschitz in ``theta`` over the data domain and the regulariser is strongly convex. This is the
one place that decides which ``L`` a command may use, so ``mileak leakage`` (its T5 and DP rows) and
``mileak simulate`` (its DP calibration of output perturbation) agree:

1. the family's declared closed form (:func:`~mileak.numeric.families.declared_lipschitz.declared_lipschitz`);
2. else T5's assumptions decided by sympy; a falsified one means no ``L`` at all;
3. else ``L`` proved by sympy (:func:`mileak.proofs.families.sensitivity.lipschitz_constant`), or, where sympy
   cannot, an upper bound certified by interval branch-and-bound
   (:func:`~mileak.numeric.families.generic.interval_lipschitz.interval_lipschitz`): never an estimate that could
   lie below the supremum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass
class LipschitzFinding:
    L: object  # a Fraction, a sympy number, or None
    status: str  # "certified", "does not apply", "not available", "assumes '...' (unproved)"
    how: str
    row: dict | None = None  # leakage's "L" row (value, status, source), when sympy or intervals were asked
    assumptions: list = field(default_factory=list)  # T5's assumptions as (text, Outcome)


def certified_lipschitz(fam, params: dict, lam=None) -> LipschitzFinding:
    """The ``L`` T5 may use for ``fam`` at ``params`` (see the module docstring)."""
    import sympy as sp

    from mileak.numeric.families.declared_lipschitz import declared_lipschitz
    from mileak.proofs.families.sensitivity import lipschitz_constant, t5_assumptions

    known = declared_lipschitz(fam, params)
    if known is not None:
        if known == sp.oo:
            return LipschitzFinding(None, "does not apply", "L = oo (unbounded gradient: squared loss on unbounded data)")
        return LipschitzFinding(Fraction(str(known)), "certified", f"L = {known} (closed form of {fam.name})")
    assumptions = t5_assumptions(fam, **params)
    falsified = [text for text, o in assumptions if o.status.value == "falsified"]
    if falsified:  # T5 is proved under its assumptions only: no bound, certified or not (and no L needed)
        return LipschitzFinding(None, "does not apply", f"T5 assumes '{falsified[0]}', which is falsified",
                                assumptions=assumptions)
    sens = lipschitz_constant(fam, lam=lam, **params)
    L, how, row = sens.value, "L proved by sympy", {"value": str(sens.value), "status": sens.status,
                                                   "source": sens.detail}
    if not sens.proved:  # sympy could not prove a bound: interval arithmetic may certify one (possibly loose)
        from mileak.numeric.families.generic.interval_lipschitz import decimal_text, interval_lipschitz

        found = interval_lipschitz(fam, params, lam)
        if found is not None:
            L, why = found
            how = "L certified by interval arithmetic"
            row = {"value": decimal_text(L), "status": "certified (interval arithmetic)",
                   "source": f"{why}; sympy: {sens.detail}"}
        elif sens.status == "unproved":
            row["value"] = "not given"  # never an estimate that could lie below the supremum
    if not (sens.proved or how.startswith("L certified")):
        return LipschitzFinding(None, "not available", f"L is {sens.status}", row, assumptions)
    unproved = [text for text, o in assumptions if not o.proved]
    if unproved:
        return LipschitzFinding(L, f"assumes '{unproved[0]}' (unproved)", how, row, assumptions)
    return LipschitzFinding(L, "certified", how, row, assumptions)
