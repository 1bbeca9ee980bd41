"""A model family: parameters declared once, loss and regulariser as sympy expressions.

``Family`` holds what docs/theory.md section 4 asks of a family: its parameters
(with domains and typical ranges), ``loss(theta; z)`` and ``g(theta)`` as sympy
expressions in declared symbols, the release mechanisms it supports, its data
domain (a box per data symbol, and finite value sets such as labels ``{-1, +1}``
in ``data_values``), an optional data sampler ``sampler(rng, size, **params)``
(a user's; catalogue families keep theirs in their numeric plug-in, since this
layer imports no numpy), and optional closed forms (functions that may return
``None``; a generic route always exists in the numeric layer), e.g.
``lipschitz`` (the gradient bound ``L``, ``oo`` when unbounded).

``gradient`` and ``hessian`` of the loss in ``theta`` are derived by sympy.

>>> from mileak.proofs.families.gaussian_mean import GAUSSIAN_MEAN
>>> GAUSSIAN_MEAN.gradient()
Matrix([[theta - z]])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.domain_bounds import check_declared
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.core.parameters import Parameter

RELEASES = ("exact", "output", "posterior")
_KINKS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Piecewise)


def _check_twice_differentiable(name, what, expr, theta):
    """A loss or regulariser must be C^2 in theta (Newton's method, the Hessian proofs of T5's assumptions):
    an ``Abs``/``Max``/``Min`` whose second derivative brings in ``DiracDelta`` or ``Heaviside`` is refused."""
    if not expr.has(*_KINKS):
        return
    second = [sp.diff(expr, a, b) for a in theta for b in theta]
    if any(d.has(sp.DiracDelta, sp.Heaviside, sp.sign, sp.Derivative, sp.Subs) for d in second):
        raise ValueError(f"{what} of family {name!r} is not twice differentiable in theta ({expr} has a kink: "
                         "Abs, Max, Min or sign); use a smooth form, e.g. log(cosh(theta - x)) for Abs(theta - x)")


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
    record_width: Callable = field(default=lambda p: int(p))
    data_box: dict = field(default_factory=dict)
    data_values: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.releases:
            raise ValueError(f"family {self.name!r} must support at least one release of {RELEASES}")
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
            _check_twice_differentiable(self.name, what, expr, self.theta)
        for sym, bounds in self.data_box.items():
            lo, hi = (as_expr(b, "data domain") for b in bounds)
            if lo.is_number and hi.is_number and not bool(lo < hi):
                raise ValueError(f"data domain {sym}={lo}:{hi} of family {self.name!r} is empty or a single point; "
                                 "give a low end below the high end")

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(f"family {self.name} has no parameter {name!r}; it has {[p.name for p in self.parameters]}")

    def validate(self, **values) -> dict:
        """Check each given value against its declared domain; unknown names are errors."""
        return check_declared(self.name, {p.name: p.bounds for p in self.parameters}, values)

    def box(self, **values) -> dict:
        """The declared data domain with parameter values substituted: ``{symbol: Interval}``."""
        subs = {p.symbol: sp.Rational(values[p.name]) if not isinstance(values[p.name], sp.Basic) else values[p.name]
                for p in self.parameters if p.name in values}
        out = {}
        for sym in self.z:
            lo, hi = self.data_box.get(sym, (-sp.oo, sp.oo))
            lo, hi = as_expr(lo, "data domain").xreplace(subs), as_expr(hi, "data domain").xreplace(subs)
            if not (lo.is_number and hi.is_number):
                missing = sorted(str(s) for s in (lo.free_symbols | hi.free_symbols))
                raise ValueError(f"the data domain of family {self.name!r} needs values for {missing}")
            out[sym] = sp.Interval(lo, hi)
        return out

    def gradient(self) -> sp.Matrix:
        return sp.Matrix([sp.diff(self.loss, t) for t in self.theta])

    def hessian(self) -> sp.Matrix:
        return sp.hessian(self.loss, self.theta)

    def closed_form(self, name: str, **values):
        """A closed form by name, or ``None`` when the family has none."""
        fn = self.closed_forms.get(name)
        return None if fn is None else fn(**values)
