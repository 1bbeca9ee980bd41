"""Claims and theorems: the single source of truth for a statement and its derivation.

A :class:`Claim` holds the sympy statement, its parameters (declared once,
with domains), its hypotheses, the derivation, and the kinds of concrete
membership games (``models``) the numeric layer checks it on. A
:class:`Theorem` groups the claims of one catalogue entry (T1, T2, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sympy as sp

from mileak.proofs.core.budget import (
    DEFAULT_STEP_TIMEOUT_S,
    DEFAULT_STEP_WORK,
    BudgetExceeded,
    check_seconds,
    check_work,
    within_budget,
)
from mileak.proofs.core.facts import gap, is_equality
from mileak.proofs.core.parameters import Parameter
from mileak.proofs.core.sharpness import check_sharpness
from mileak.proofs.core.status import Outcome, Status, over_budget, proved, unproved
from mileak.proofs.core.steps import Context, Step, UseClaim


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
    # Where an inequality is tight: a function of the claim giving its Sharpness (its limit or equality case,
    # checked by sympy), built only when checked; None for an identity. tests/contracts requires one on every
    # inequality of the catalogue.
    sharpness: object = field(default=None, compare=False, repr=False)

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
    name: str | None = None


@dataclass
class ClaimProof:
    claim: Claim
    steps: list[StepRecord] = field(default_factory=list)
    conclusion: Outcome = field(default_factory=lambda: unproved("not checked"))
    sharp: Outcome = field(default_factory=lambda: unproved("not checked"))

    @property
    def status(self) -> Status:
        """FALSIFIED when the conclusion refutes the statement at a witness; else the weakest step.

        A false *step* breaks the derivation, not the claim, so on its own it makes the claim
        UNPROVED; :func:`_concludes` returns FALSIFIED only when its witness falsifies the
        statement itself.
        """
        if self.conclusion.status is Status.FALSIFIED:
            return Status.FALSIFIED
        worst = Status.worst([r.outcome.status for r in self.steps] + [self.conclusion.status])
        return Status.UNPROVED if worst is Status.FALSIFIED else worst

    def unproved_steps(self) -> list[StepRecord]:
        return [r for r in self.steps if not r.outcome.proved]


class ClaimChecker:
    """Checks derivations; caches per checker (no global state) and detects cycles.

    Every step, the conclusion and the sharpness check run within ``step_budget`` sympy operations
    (:mod:`mileak.proofs.core.budget`; ``None`` for none): over it a step is UNPROVED "used its work
    budget", the same verdict on any machine. ``step_timeout`` seconds of wall time are a safety net
    only: a step stopped by it is TIMED_OUT (no verdict). A claim used by a step is checked first,
    on its own budgets.
    """

    def __init__(self, registry, step_budget: int | None = DEFAULT_STEP_WORK,
                 step_timeout: float | None = DEFAULT_STEP_TIMEOUT_S):
        self.registry = registry
        self.step_budget = check_work(step_budget, "step_budget")
        self.step_timeout = check_seconds(step_timeout, "step_timeout")
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

    def check_statement(self, claim: Claim, statement) -> ClaimProof:
        """``claim``'s derivation (checked once, cached) concluding a different ``statement`` instead.

        What a mutation test asks: would this derivation also "prove" a stronger or reversed
        statement? The steps are reused; only the conclusion is decided again, on its budget.
        """
        base = self.check(claim)
        variant = replace(claim, statement=statement)
        ctx = Context(domains=claim.domains, hypotheses=tuple(claim.hypotheses), use_claim=self._use,
                      facts=[r.fact for r in base.steps])
        proof = ClaimProof(variant, steps=list(base.steps))
        proof.conclusion = self._conclude(variant, ctx, proof.steps)
        return proof

    def _conclude(self, claim, ctx, steps) -> Outcome:
        try:
            return within_budget(lambda: _concludes(claim, ctx, steps), self.step_budget, self.step_timeout)
        except BudgetExceeded as exc:
            return over_budget("the conclusion", exc)

    def _use(self, claim_id):
        proof = self.check(self.registry.claim(claim_id))
        return proof.claim.statement, Outcome(proof.status, "")

    def _run(self, claim: Claim) -> ClaimProof:
        ctx = Context(domains=claim.domains, hypotheses=tuple(claim.hypotheses), use_claim=self._use)
        proof = ClaimProof(claim)
        for step in claim.derivation:  # claims used as facts are checked outside this claim's step budgets
            if isinstance(step, UseClaim):
                try:
                    self.check(self.registry.claim(step.claim_id))
                except (KeyError, ValueError):  # unknown or circular: the step itself reports it
                    pass
        for i, step in enumerate(claim.derivation):
            try:
                fact, outcome = within_budget(lambda: step.run(ctx), self.step_budget, self.step_timeout)
            except BudgetExceeded as exc:
                fact, outcome = _planned_fact(step), over_budget("the step", exc)
            except (TypeError, ValueError, IndexError, KeyError, AttributeError) as exc:
                fact, outcome = sp.S.true, unproved(f"step could not be run: {exc}")
            ctx.establish(fact, step.name)
            proof.steps.append(StepRecord(i, step.rule, step.describe(), fact, outcome, step.name))
        proof.conclusion = self._conclude(claim, ctx, proof.steps)
        proof.sharp = check_sharpness(self.registry.sharpness(claim), is_equality(claim.statement), self.step_budget,
                                      self.step_timeout)
        return proof


def _planned_fact(step):
    """The fact a timed-out step set out to establish (so later steps still refer to the right index).

    A fact built lazily (a callable) is not built again: a placeholder equality of two fresh symbols
    stands in, so later steps run (the claim is UNPROVED through the timed-out step anyway)."""
    for attr in ("target", "fact"):
        if isinstance(getattr(step, attr, None), sp.Basic):
            return getattr(step, attr)
    return sp.Eq(sp.Dummy("timed_out"), sp.Dummy("timed_out"), evaluate=False)


def _concludes(claim: Claim, ctx: Context, steps=()) -> Outcome:
    """The statement must follow from the last fact: ``gap(statement) - gap(last)`` decided.

    FALSIFIED (the claim is false) only when the residual's witness refutes the statement
    itself: the statement, free of abstract quantities, is evaluated false at the witness; or
    every step is PROVED and the last fact is an equality (it holds with gap 0 everywhere, so
    the residual *is* the statement's gap there). Otherwise a witness only shows that the
    statement does not follow from the last fact: UNPROVED.
    """
    from mileak.proofs.core.decide import prove_nonnegative, prove_zero, refutes

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
    if out.status is Status.FALSIFIED:
        chain = is_equality(last) and all(r.outcome.proved for r in steps) and len(steps) == len(claim.derivation)
        if chain or refutes(claim.statement, out.witness, ctx.domains):
            return Outcome(Status.FALSIFIED, f"the statement is false: {out.detail}", out.witness)
    return Outcome(Status.UNPROVED, f"the statement does not follow from the last fact: {out.detail}")
