"""The contract every registered claim must meet (DESIGN.md rule 8)."""

import dataclasses
import json
import zlib

import numpy as np
import pytest
import sympy as sp

from mileak.numeric.verify.claim_check import check_claim
from mileak.numeric.verify.profiles import get_profile
from mileak.proofs.core import ClaimChecker, Status
from mileak.proofs.core.certificate import symbolic_certificate
from mileak.proofs.core.steps import Cite
from mileak.proofs.theorems import REGISTRY

CLAIMS = REGISTRY.claims()
IDS = [c.id for c in CLAIMS]


@pytest.fixture(scope="module")
def checker():
    return ClaimChecker(REGISTRY)


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_derivation_is_proved(claim, checker):
    proof = checker.check(claim)
    assert proof.status is Status.PROVED, [(s.index, s.outcome.detail) for s in proof.unproved_steps()]
    assert proof.conclusion.proved


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_declares_its_symbols_domains_and_sources(claim):
    declared = {p.symbol for p in claim.parameters}
    free = {s for s in claim.statement.free_symbols if s.name not in ("P1", "P0")}
    assert free <= declared
    assert claim.source and claim.title and claim.models
    for p in claim.parameters:
        assert isinstance(p.domain, sp.Interval) and p.typical.is_subset(p.domain)
    for step in claim.derivation:
        if isinstance(step, Cite):
            assert step.lemma.reference, f"lemma {step.lemma.name} has no reference"


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_certificate_is_json(claim, checker):
    cert = symbolic_certificate(checker.check(claim))
    text = json.dumps(cert)
    back = json.loads(text)
    assert back["statement"]["srepr"] == sp.srepr(claim.statement)
    assert back["symbolic_status"] == "proved"
    assert len(back["steps"]) == len(claim.derivation)


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_numerically_verified(claim):
    check = check_claim(claim, np.random.default_rng(zlib.crc32(claim.id.encode())), get_profile("ci").points)
    assert check.status == "verified", [p.as_dict() for p in check.points if p.verdict != "verified"]
    for p in check.points:  # at least 30 certified digits relative to the size of the two sides
        assert p.error <= 10**-30 * max(1, abs(float(p.lhs)), abs(float(p.rhs))), p.as_dict()


def _strengthened(statement):
    """A strictly stronger (false) statement: the bound lowered by 1, or an identity off by 1/10."""
    if isinstance(statement, sp.Equality):
        return sp.Eq(statement.lhs, statement.rhs + sp.Rational(1, 10), evaluate=False)
    return sp.Le(statement.lhs, statement.rhs - 1, evaluate=False)


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_a_strengthened_statement_is_not_proved(claim):
    tampered = dataclasses.replace(claim, statement=_strengthened(claim.statement))
    proof = ClaimChecker(REGISTRY).check(tampered)
    assert proof.status is not Status.PROVED


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_a_false_statement_is_numerically_falsified(claim):
    s = claim.statement
    false = (sp.Eq(s.lhs, s.rhs + 1, evaluate=False) if isinstance(s, sp.Equality)
             else sp.Le(s.lhs, s.lhs - 1, evaluate=False))
    check = check_claim(dataclasses.replace(claim, statement=false), np.random.default_rng(1), points=1)
    assert check.status == "falsified"
