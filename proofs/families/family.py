"""A model family: parameters declared once, loss and regulariser as sympy expressions.

``Family`` holds what THEORY.md section 4 asks of a family: its parameters
(with domains and typical ranges), ``loss(theta; z)`` and ``g(theta)`` as sympy
expressions in declared symbols, the release mechanisms it supports, a data
sampler ``sampler(rng, size, **params)`` (``rng`` a ``numpy.random.Generator``,
called by the numeric layer), and optional closed forms (functions that may
return ``None``; a generic route always exists in the numeric layer).

``gradient`` and ``hessian`` of the loss in ``theta`` are derived by sympy.

>>> from proofs.families.gaussian_mean import GAUSSIAN_MEAN
>>> GAUSSIAN_MEAN.gradient()
Matrix([[theta - z]])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy as sp

from proofs.core.parameters import Parameter

RELEASES = ("exact", "output", "posterior")


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    parameters: tuple[Parameter, ...]
    theta: tuple[sp.Symbol, ...]
    z: tuple[sp.Symbol, ...]
    loss: sp.Expr
    regularizer: sp.Expr
    releases: tuple[str, ...]
    sampler: Callable | None = None
    closed_forms: dict = field(default_factory=dict)
    notes: str = ""

    def __post_init__(self):
        for r in self.releases:
            if r not in RELEASES:
                raise ValueError(f"release={r!r} must be one of {RELEASES}")
        declared = set(self.theta) | set(self.z) | {p.symbol for p in self.parameters}
        for what, expr in (("loss", self.loss), ("regularizer", self.regularizer)):
            extra = expr.free_symbols - declared
            if extra:
                raise ValueError(f"{what} of family {self.name!r} uses undeclared symbols {sorted(map(str, extra))}")
            if not any(t in expr.free_symbols for t in self.theta):
                raise ValueError(f"{what} of family {self.name!r} does not depend on theta")

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(f"family {self.name} has no parameter {name!r}; it has {[p.name for p in self.parameters]}")

    def validate(self, **values) -> dict:
        """Check each given value against its declared domain; unknown names are errors."""
        known = {p.name: p for p in self.parameters}
        for name, value in values.items():
            if name not in known:
                raise ValueError(f"family {self.name} has no parameter {name!r}; valid: {', '.join(known)}")
            known[name].validate(value)
        return values

    def gradient(self) -> sp.Matrix:
        return sp.Matrix([sp.diff(self.loss, t) for t in self.theta])

    def hessian(self) -> sp.Matrix:
        return sp.hessian(self.loss, self.theta)

    def closed_form(self, name: str, **values):
        """A closed form by name, or ``None`` when the family has none."""
        fn = self.closed_forms.get(name)
        return None if fn is None else fn(**values)
