"""Three-valued outcome of a check (docs/theory.md section 5).

``PROVED`` means sympy reduced the claim to an identity or a decided sign
condition; ``UNPROVED`` means some step could not be decided (unknown is not
false, as in ``sympy.assumptions.ask``); ``FALSIFIED`` means a concrete point
was found where the claim fails.

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

    @staticmethod
    def worst(statuses) -> Status:
        """The weakest of several outcomes: FALSIFIED < UNPROVED < PROVED."""
        order = [Status.FALSIFIED, Status.UNPROVED, Status.PROVED]
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
