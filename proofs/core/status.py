"""The outcome of a check (docs/theory.md section 5).

``PROVED`` means sympy reduced the claim to an identity or a decided sign
condition; ``UNPROVED`` means some step could not be decided within its work
budget (unknown is not false, as in ``sympy.assumptions.ask``); ``FALSIFIED``
means a concrete point was found where the claim fails. ``TIMED_OUT`` is no
verdict: the wall-clock safety net stopped a step before its work budget ran
out, which depends on the machine (:mod:`mileak.proofs.core.budget`).

>>> Status.worst([Status.PROVED, Status.UNPROVED])
<Status.UNPROVED: 'unproved'>
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Status(enum.Enum):
    PROVED = "proved"
    UNPROVED = "unproved"
    FALSIFIED = "falsified"
    TIMED_OUT = "timed out"

    @staticmethod
    def worst(statuses) -> Status:
        """The weakest of several outcomes: FALSIFIED < TIMED_OUT < UNPROVED < PROVED."""
        order = [Status.FALSIFIED, Status.TIMED_OUT, Status.UNPROVED, Status.PROVED]
        statuses = list(statuses)
        for s in order:
            if s in statuses:
                return s
        return Status.PROVED


@dataclass(frozen=True)
class Outcome:
    """The outcome of one decision: a status, why, and a witness point if falsified."""

    status: Status
    detail: str = ""
    witness: dict = field(default_factory=dict)

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED


def proved(detail: str = "") -> Outcome:
    return Outcome(Status.PROVED, detail)


def unproved(detail: str) -> Outcome:
    return Outcome(Status.UNPROVED, detail)


def falsified(detail: str, witness: dict | None = None) -> Outcome:
    return Outcome(Status.FALSIFIED, detail, dict(witness or {}))


def over_budget(what: str, exc) -> Outcome:
    """The outcome of a step stopped by its budget (:mod:`mileak.proofs.core.budget`): UNPROVED when its work
    ran out (the same on every machine), TIMED_OUT when the wall-clock safety net fired first."""
    if getattr(exc, "timed_out", False):
        return Outcome(Status.TIMED_OUT, f"{what} {exc}; retry with a longer --step-timeout")
    return unproved(f"{what} {exc}")
