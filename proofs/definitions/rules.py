"""Derivation rules that read the definitions: an identity decided after translating divergences, and ``E_z``.

They live beside the definitions (not in :mod:`mileak.proofs.core`), so the core depends on nothing
above it: ``Identity`` with ``model="density"`` replaces each divergence by its integrand
(:func:`.divergences.to_integrand`), with ``model="finite"`` by its finite-alphabet sum
(:func:`.divergences.to_finite`); ``Lift`` applies ``E_z`` (:func:`.information.expect`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.decide import prove_zero
from mileak.proofs.core.facts import as_relation, is_equality
from mileak.proofs.core.status import proved
from mileak.proofs.core.steps import Step, resolve_fact
from mileak.proofs.definitions.divergences import to_finite, to_integrand
from mileak.proofs.definitions.information import expect


@dataclass
class Identity(Step):
    """``fact`` (an equality) decided by sympy.

    ``model`` selects a translation before deciding: ``None`` (as written),
    ``"density"`` (each divergence by its integrand; valid by linearity of the
    integral when the divergences are finite), ``"finite"`` (explicit sums).
    ``reparam`` substitutes a bijective parameterisation, e.g. ``alpha = Phi(w)``.
    """

    fact: sp.Basic  # or a zero-argument callable building it when the step runs (no sympy work at import)
    model: str | None = None
    laws: dict = field(default_factory=dict)
    reparam: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)
    note: str = ""
    rule = "identity"

    def run(self, ctx):
        fact = as_relation(resolve_fact(self.fact))
        if not is_equality(fact):
            raise TypeError(f"Identity needs an equality, got {fact}")
        diff = fact.lhs - fact.rhs
        if self.model == "density":
            diff = to_integrand(diff, self.laws)
        elif self.model == "finite":
            diff = to_finite(diff, self.laws)
        elif self.model is not None:
            raise ValueError(f"model={self.model!r} must be None, 'density' or 'finite'")
        diff = diff.xreplace(self.reparam) if self.reparam else diff
        domains = {**{k: v for k, v in ctx.domains.items() if k not in self.reparam}, **self.domains}
        out = prove_zero(diff, domains)
        how = {None: "", "density": " pointwise in the densities", "finite": " on a finite alphabet"}[self.model]
        return fact, type(out)(out.status, f"identity{how}: {out.detail}", out.witness)


@dataclass
class Lift(Step):
    """Apply ``E_z`` to both sides of fact ``index`` (a name or a position; monotonicity and linearity of expectation)."""

    index: int | str  # the fact lifted: its name, or its position
    note: str = ""
    rule = "expectation"

    def run(self, ctx):
        fact = ctx.fact(self.index)
        lifted = fact.func(expect(fact.lhs), expect(fact.rhs), evaluate=False)
        return lifted, proved("E_z is linear and monotone")
