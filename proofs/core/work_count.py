"""The shared count of work (sympy objects built) and the limits of the budgeted levels now running.

Kept apart from :mod:`mileak.proofs.core.budget` (which sets the limits) and
:mod:`mileak.proofs.core.work_meter` (which counts), so neither imports the other's module for its state;
like ``budget`` it imports nothing, sympy included.
"""

from __future__ import annotations

import math

count = 0  # incremented by the meter for every sympy object
next_limit = math.inf  # the smallest active limit; the meter compares the count with it
limits: list[tuple[int, object]] = []  # (limit on the count, token) of the levels now running, outermost first


class Expired(BaseException):
    """In flight from the meter (or the wall-clock alarm) to the level whose limit was reached."""

    def __init__(self, token):
        super().__init__()
        self.token = token


def expire() -> None:
    """Called by the meter once ``count >= next_limit``: interrupt the level whose limit that is."""
    reached = [entry for entry in limits if entry[0] <= count]
    if reached:
        raise Expired(min(reached, key=lambda e: e[0])[1])


def set_next_limit() -> None:
    global next_limit
    next_limit = min((lim for lim, _ in limits), default=math.inf)
