"""Claims and theorems: the single source of truth for a statement and its derivation.

A :class:`Claim` holds the sympy statement, its parameters (declared once,
with domains), its hypotheses, the derivation, and the kinds of concrete
membership games (``models``) the numeric layer checks it on. A
:class:`Theorem` groups the claims of one catalogue entry (T1, T2, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.facts import gap, is_equality
from mileak.proofs.core.parameters import Parameter
from mileak.proofs.core.status import Outcome, Status, proved, unproved
from mileak.proofs.core.steps import Context, Step


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    source: str
    statement: sp.Basic
    parameters: tuple[Parameter, ...]
    derivation: tuple[Step, ...]
    hypotheses: tuple = ()
    assumptions: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    notes: str = ""

    def __post_init__(self):
        gap(self.statement)  # raises TypeError unless a relation
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise ValueError(f"claim {self.id}: duplicate parameter names {names}")
        free = {s for s in self.statement.free_symbols if s.name not in ("P1", "P0")}
        declared = {p.symbol for p in self.parameters}
        if not free <= declared:
            raise ValueError(f"claim {self.id}: symbols {sorted(map(str, free - declared))} are not declared parameters")

    @property
    def domains(self) -> dict:
        return {p.symbol: p.domain for p in self.parameters}

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(f"claim {self.id} has no parameter {name!r}; it has {[p.name for p in self.parameters]}")

    @property
    def relation(self) -> str:
        return "==" if is_equality(self.statement) else "<="


@dataclass(frozen=True)
class Theorem:
    id: str
    title: str
    source: str
    claims: tuple[Claim, ...]


@dataclass
class StepRecord:
    index: int
    rule: str
    description: str
    fact: sp.Basic
    outcome: Outcome


@dataclass
class ClaimProof:
    claim: Claim
    steps: list[StepRecord] = field(default_factory=list)
    conclusion: Outcome = field(default_factory=lambda: unproved("not checked"))

    @property
    def status(self) -> Status:
        statuses = [r.outcome.status for r in self.steps] + [self.conclusion.status]
        worst = Status.worst(statuses)
        # A false step breaks the derivation, not the claim: that is UNPROVED.
        return Status.UNPROVED if worst is Status.FALSIFIED else worst

    def unproved_steps(self) -> list[StepRecord]:
        return [r for r in self.steps if not r.outcome.proved]


class ClaimChecker:
    """Checks derivations; caches per checker (no global state) and detects cycles."""

    def __init__(self, registry):
        self.registry = registry
        self._cache: dict[str, ClaimProof] = {}
        self._active: set[str] = set()

    def check(self, claim: Claim) -> ClaimProof:
        if claim.id in self._cache:
            return self._cache[claim.id]
        if claim.id in self._active:
            raise ValueError(f"circular derivation through claim {claim.id}")
        self._active.add(claim.id)
        try:
            proof = self._run(claim)
        finally:
            self._active.discard(claim.id)
        self._cache[claim.id] = proof
        return proof

    def _use(self, claim_id):
        proof = self.check(self.registry.claim(claim_id))
        return proof.claim.statement, Outcome(proof.status, "")

    def _run(self, claim: Claim) -> ClaimProof:
        ctx = Context(domains=claim.domains, hypotheses=tuple(claim.hypotheses), use_claim=self._use)
        proof = ClaimProof(claim)
        for i, step in enumerate(claim.derivation):
            try:
                fact, outcome = step.run(ctx)
            except (TypeError, ValueError, IndexError, KeyError) as exc:
                fact, outcome = sp.S.true, unproved(f"step could not be run: {exc}")
            ctx.facts.append(fact)
            proof.steps.append(StepRecord(i, step.rule, step.describe(), fact, outcome))
        proof.conclusion = _concludes(claim, ctx)
        return proof


def _concludes(claim: Claim, ctx: Context) -> Outcome:
    """The statement must follow from the last fact: ``gap(statement) - gap(last)`` decided."""
    from mileak.proofs.core.decide import prove_nonnegative, prove_zero

    if not ctx.facts:
        return unproved("empty derivation")
    last = ctx.facts[-1]
    try:
        residual = gap(claim.statement) - gap(last)
    except TypeError as exc:
        return unproved(str(exc))
    if is_equality(claim.statement):
        if not is_equality(last):
            return unproved("the statement is an equality but the last fact is an inequality")
        out = prove_zero(residual, ctx.domains)
        if not out.proved:  # an equality also follows from its mirror image
            out = prove_zero(gap(claim.statement) + gap(last), ctx.domains)
    else:
        out = prove_nonnegative(residual, ctx.domains)
    if out.proved:
        return proved("the statement follows from the last fact")
    return Outcome(Status.UNPROVED, f"the statement does not follow from the last fact: {out.detail}")
