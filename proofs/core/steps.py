"""Derivation steps: each produces a fact and decides whether it is justified.

A step's ``run(ctx)`` returns ``(fact, Outcome)``. Rules:

=================  ==============================================================
``Define``         a definition of docs/theory.md section 2 (accepted, cited)
``Hypothesis``     an assumption of the claim (must be declared by the claim)
``Cite``           instantiate a lemma; its side conditions are decided by sympy
``UseClaim``       a claim of the registry, which must itself check PROVED
``Identity``       ``lhs == rhs`` decided by sympy, after an optional translation
                   (pointwise densities, finite alphabet, reparameterisation)
``Combine``        ``target`` from a non-negative combination of earlier facts,
                   the residual decided by sympy
``Lift``           ``E_z`` applied to both sides of a per-record fact
``Squeeze``        ``lim scale * X = L`` from earlier facts ``lower <= X <= upper``
                   whose scaled limits sympy computes to be ``L``
=================  ==============================================================

``Identity`` and ``Lift`` read the definitions, so they live in :mod:`mileak.proofs.definitions.rules`
(the core imports nothing above it).

A derivation names its facts (:func:`facts`), and a later step refers to one by that name (``Combine(...,
weights={"shift": 1}, substitute=("kl",))``, ``Lift("pointwise")``), so inserting a step renumbers nothing. A
position (an ``int``) is still understood.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mileak.proofs.core.conditions import check_all
from mileak.proofs.core.decide import prove_nonnegative, prove_zero
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.core.facts import as_relation, gap, is_equality
from mileak.proofs.core.status import Status, falsified, proved, unproved


@dataclass
class Context:
    """What a derivation knows: its facts so far, the domains, and a claim checker."""

    domains: dict
    hypotheses: tuple
    use_claim: Any  # callable claim_id -> (statement, Outcome)
    facts: list = field(default_factory=list)
    names: dict = field(default_factory=dict)  # a fact's name -> its position

    def fact(self, ref):
        """An earlier fact by its name (``str``) or its position (``int``)."""
        if isinstance(ref, str):
            if ref not in self.names:
                known = ", ".join(self.names) or "none yet"
                raise KeyError(f"step refers to fact {ref!r}, not an earlier fact (named so far: {known})")
            return self.facts[self.names[ref]]
        if not 0 <= ref < len(self.facts):
            raise IndexError(f"step refers to fact {ref}, only {len(self.facts)} established")
        return self.facts[ref]

    def establish(self, fact, name: str | None) -> None:
        """Record the next fact (and its name, unique within the derivation)."""
        if name is not None:
            if name in self.names:
                raise ValueError(f"two facts of one derivation are named {name!r}")
            self.names[name] = len(self.facts)
        self.facts.append(fact)


def facts(**steps) -> tuple:
    """A derivation whose steps are named by their keywords, in order: ``facts(kl=Cite(...), bound=Combine(...,
    weights={"kl": 1}))``. Each step keeps its name (``step.name``), printed by ``mileak derive``."""
    out = []
    for name, step in steps.items():
        if not isinstance(step, Step):
            raise TypeError(f"fact {name!r} must be a derivation step, got {type(step).__name__}")
        named = copy.copy(step)  # a step object shared by two derivations keeps each one's name apart
        object.__setattr__(named, "name", name)
        out.append(named)
    return tuple(out)


class Step:
    rule = "step"
    note = ""
    name = None  # set by facts(...): how later steps refer to this one

    def run(self, ctx: Context):  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> str:
        return self.note


def resolve_fact(fact):
    """A step's fact: given, or built by a zero-argument callable when the step runs.

    A derivation whose facts take seconds of sympy to build (F1's expectation by Gaussian moments)
    passes a callable, so importing the catalogue does no sympy work.
    """
    return fact() if callable(fact) and not isinstance(fact, sp.Basic) else fact


@dataclass
class Define(Step):
    fact: sp.Basic  # or a zero-argument callable building it (see resolve_fact)
    source: str
    note: str = ""
    rule = "definition"

    def run(self, ctx):
        return as_relation(resolve_fact(self.fact)), proved(f"definition ({self.source})")


@dataclass
class Hypothesis(Step):
    fact: sp.Basic
    note: str = ""
    rule = "hypothesis"

    def run(self, ctx):
        if self.fact not in ctx.hypotheses:
            return self.fact, unproved("used as a hypothesis but not declared by the claim")
        return as_relation(self.fact), proved("hypothesis of the claim")


@dataclass
class Cite(Step):
    lemma: Any
    args: dict
    note: str = ""
    rule = "lemma"

    def run(self, ctx):
        fact, conditions = self.lemma.instantiate(**self.args)
        out, results = check_all(conditions, ctx.domains)
        detail = f"{self.lemma.name} [{self.lemma.reference}]"
        if results:
            detail += "; side conditions: " + "; ".join(f"{t}: {o.status.value}" for t, o in results)
        if not out.proved:
            detail += f" ({out.detail})"
        return as_relation(fact), type(out)(out.status, detail, out.witness)

    def describe(self):
        return self.note or self.lemma.pattern


@dataclass
class UseClaim(Step):
    claim_id: str
    subs: dict = field(default_factory=dict)
    note: str = ""
    rule = "claim"

    def run(self, ctx):
        statement, out = ctx.use_claim(self.claim_id)
        bad = _outside_domain(self.subs, ctx)
        fact = statement.xreplace(self.subs)
        if bad:
            return fact, falsified(bad)
        return fact, type(out)(out.status, f"claim {self.claim_id} is {out.status.value}", out.witness)


def _outside_domain(subs, ctx):
    for sym, value in subs.items():
        dom = ctx.domains.get(sym)
        if dom is not None and value.is_number and not dom.contains(value):
            return f"{sym}={value} lies outside {dom}"
    return ""


@dataclass
class Combine(Step):
    """``target`` from ``sum_i w_i * fact_i`` with ``w_i >= 0`` for inequalities.

    Equalities may also be used as rewrite rules (``substitute``): ``lhs -> rhs``.
    The residual ``gap(target) - sum w_i gap(fact_i)`` must be decided ``== 0``
    (equality target) or ``>= 0`` (inequality target).
    """

    target: sp.Basic
    weights: dict = field(default_factory=dict)
    substitute: tuple = ()
    note: str = ""
    rule = "combination"

    def run(self, ctx):
        target = as_relation(self.target)
        residual = gap(target)
        for index, weight in self.weights.items():
            fact = ctx.fact(index)
            weight = as_expr(weight, f"weight of fact {index}")
            if is_equality(target) and not is_equality(fact):
                return target, unproved(f"an equality cannot follow from the inequality of fact {index}")
            if not is_equality(fact):
                w_out = prove_nonnegative(weight, ctx.domains)
                if not w_out.proved:
                    return target, type(w_out)(w_out.status, f"weight {weight} of fact {index}: {w_out.detail}")
            residual -= weight * gap(fact)
        rules = {ctx.fact(i).lhs: ctx.fact(i).rhs for i in self.substitute}
        for i in self.substitute:
            if not is_equality(ctx.fact(i)):
                return target, unproved(f"fact {i} is not an equality and cannot be substituted")
        for _ in range(4):
            residual = residual.xreplace(rules)
        decide = prove_zero if is_equality(target) else prove_nonnegative
        out = decide(residual, ctx.domains)
        if out.status is Status.UNPROVED and sp.count_ops(residual) < 400:
            out = decide(sp.expand(residual), ctx.domains)  # cancel terms that only meet once expanded
        used = list(dict.fromkeys([*self.weights, *self.substitute]))  # in the order given (names or positions)
        listed = ", ".join(map(str, used))
        return target, type(out)(out.status, f"from facts [{listed}]: residual {out.detail}", out.witness)


def _between(fact):
    """``(smaller, larger)`` of an inequality fact, ``None`` for an equality."""
    if isinstance(fact, (sp.LessThan, sp.StrictLessThan)):
        return fact.lhs, fact.rhs
    if isinstance(fact, (sp.GreaterThan, sp.StrictGreaterThan)):
        return fact.rhs, fact.lhs
    return None


def _approachable(domain, point) -> bool:
    """``point`` is a limit point of ``domain`` (``oo`` when the domain is unbounded above)."""
    if point in (sp.oo, -sp.oo):
        return (domain.sup if point == sp.oo else domain.inf) == point
    return point in domain.closure


@dataclass
class Squeeze(Step):
    """``lim_{var -> point} scale * X = L`` from earlier facts ``lower <= X`` and ``X <= upper``.

    The squeeze theorem (Rudin, Principles of Mathematical Analysis (1976), Thm 3.19 for sequences): ``scale``
    must be decided ``>= 0`` on the domains (``over`` adds the limit variable's, whose closure must hold the
    point), and sympy's limits of ``scale * lower`` and ``scale * upper`` must both be decided ``== L``. ``X``
    may be a quantity of the laws (``KL(P1, P0)``), whose limit sympy cannot take itself (it would hold the
    laws fixed): only the bounds' limits are taken.
    """

    target: sp.Basic  # Eq(Limit(scale * X, var, point, dir), L)
    lower: int | str  # facts by name or position
    upper: int | str
    over: dict = field(default_factory=dict)
    note: str = ""
    rule = "squeeze"

    def run(self, ctx):
        target = as_relation(self.target)
        if not is_equality(target) or not isinstance(target.lhs, sp.Limit):
            raise TypeError(f"Squeeze needs Eq(Limit(scale * X, var, point), L), got {target}")
        inner, var, point, direction = target.lhs.args
        low, high = _between(ctx.fact(self.lower)), _between(ctx.fact(self.upper))
        if low is None or high is None:
            return target, unproved(f"facts {self.lower} and {self.upper} must be inequalities")
        (bound_low, quantity), (other, bound_high) = low, high
        if quantity != other:
            return target, unproved(f"fact {self.lower} bounds {quantity} but fact {self.upper} bounds {other}")
        scale = sp.cancel(inner / quantity)
        if scale.has(quantity) or any(getattr(a, "is_abstract_quantity", False) for a in sp.preorder_traversal(scale)):
            return target, unproved(f"{inner} is not a multiple of {quantity}")
        domains = {**ctx.domains, **self.over}
        if var in domains and not _approachable(domains[var], point):
            return target, unproved(f"{var} -> {point} leaves its domain {domains[var]}")
        out = prove_nonnegative(scale, domains)
        if not out.proved:
            return target, type(out)(out.status, f"the scale {scale} >= 0: {out.detail}", out.witness)
        rest = {s: d for s, d in domains.items() if s != var}
        for name, bound in (("lower", bound_low), ("upper", bound_high)):
            try:
                value = sp.limit(scale * bound, var, point, str(direction))
            except (NotImplementedError, ValueError) as exc:  # pragma: no cover - sympy limitation
                return target, unproved(f"sympy's limit of the {name} bound: {exc}")
            same = prove_zero(value - target.rhs, rest)
            if not same.proved:
                return target, type(same)(same.status, f"the {name} bound tends to {value}: {same.detail}", same.witness)
        return target, proved(f"squeeze: {scale} times each bound tends to {target.rhs}")
