"""The membership game (docs/theory.md section 1) and its shared parameters.

``M ~ Bernoulli(pi)``; a candidate ``z ~ P_Z`` and ``D_rest ~ P_Z^(n-1)`` are
drawn; the training set is ``D_rest + z`` if ``M = 1`` and ``D_rest + z'``
(fresh ``z'``) if ``M = 0``; the adversary sees ``(z, theta_hat)``.

* population view: ``P1_z = law(theta_hat | z, M=1)``, ``P0 = law(theta_hat | M=0)``;
* strong view (differential privacy): the adversary also knows ``D_rest`` and
  ``z'``, so ``P1 = q(.|D_rest + z)`` and ``P0 = q(.|D_rest + z')``; the
  expectation ``E_z`` then runs over ``(D_rest, z, z')``.

Every T1/T2 claim is stated per record and lifted by ``E_z``, so it holds in
both views; the numeric scenarios instantiate either.

>>> PI.validate(0.5)
0.5
>>> GameView("strong").knows_rest
True
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from mileak.proofs.core.parameters import Parameter

VIEWS = ("population", "strong")

PI = Parameter(
    "pi",
    sp.Interval.open(0, 1),
    typical=sp.Interval(sp.Rational(1, 100), sp.Rational(99, 100)),
    description="prior probability that the candidate record is a member",
    source="scenario",
)


@dataclass(frozen=True)
class GameView:
    """Which adversary: ``population`` or ``strong`` (neighbouring datasets)."""

    name: str

    def __post_init__(self):
        if self.name not in VIEWS:
            raise ValueError(f"view={self.name!r} must be one of {VIEWS}")

    @property
    def knows_rest(self) -> bool:
        return self.name == "strong"
