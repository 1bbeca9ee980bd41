"""Run profiles shared by ``mileak verify`` and the test suite's hypothesis profiles.

``points`` is how many random scenarios each claim is checked on; ``examples``
is the hypothesis ``max_examples`` of the property tests.

>>> get_profile("ci").points
4
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    points: int
    examples: int


PROFILES = {
    "ci": Profile("ci", points=4, examples=12),
    "dev": Profile("dev", points=10, examples=40),
    "thorough": Profile("thorough", points=60, examples=300),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"profile={name!r} must be one of {', '.join(PROFILES)}") from None
