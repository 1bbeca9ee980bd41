"""The contract every registered claim must meet: proved, verified, sharp where it says, named in docs/theory.md."""

import dataclasses
import json
import zlib

import numpy as np
import pytest
import sympy as sp

from mileak.numeric.verify.claim_check import check_claim
from mileak.numeric.verify.proof_cache import cached_checker
from mileak.proofs.core import ClaimChecker, Status
from mileak.proofs.core.certificate import symbolic_certificate
from mileak.proofs.core.steps import Cite
from mileak.proofs.theorems import REGISTRY

from ..shared_verify import verify_run

CLAIMS = REGISTRY.claims()
IDS = [c.id for c in CLAIMS]


@pytest.fixture(scope="module")
def checker():
    """This run's derivations: the shared `mileak verify` (tests/shared_verify.py) proves each claim once and keeps
    the PROVED ones in the run's proof cache, which this checker reads (a claim missing there is proved here)."""
    verify_run()
    return cached_checker()


@pytest.fixture(scope="module")
def numeric_checks():
    """Each claim's numeric check, from the shared `mileak verify`'s certificates (ci profile, 30 digits)."""
    return {c["id"]: c["numeric"] for c in verify_run()["certificates"]["claims"]}


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
def test_numerically_verified(claim, numeric_checks):
    check = numeric_checks[claim.id]
    assert check["dps"] == 30 and check["points"]
    assert check["status"] == "verified", [p for p in check["points"] if p["verdict"] != "verified"]
    for p in check["points"]:  # at least 30 certified digits relative to the size of the two sides
        assert float(p["error"]) <= 10**-30 * max(1, abs(float(p["lhs"])), abs(float(p["rhs"]))), p


MUTANT_WORK = 200_000  # sympy operations for a mutant's conclusion (verify's largest step builds about 125,000)


def mutants(statement):
    """False variants of a true statement: what a wrong proof engine could still "prove".

    Equalities: perturbed additively (``rhs + 1/100``) and multiplicatively (``rhs * 101/100``,
    when ``rhs`` is not 0). Inequalities ``lhs <= rhs``: shifted (``lhs + 1/100 <= rhs``),
    reversed (``rhs <= lhs``) and halved (``lhs <= rhs/2``, when neither side is 0). Each is false
    wherever the claim is tight or strict, which every registered claim is somewhere.
    """
    lhs, rhs = statement.lhs, statement.rhs
    if isinstance(statement, sp.Equality):
        out = {"perturbed": sp.Eq(lhs, rhs + sp.Rational(1, 100), evaluate=False)}
        if rhs != 0:
            out["scaled"] = sp.Eq(lhs, rhs * sp.Rational(101, 100), evaluate=False)
        return out
    out = {"shifted": sp.Le(lhs + sp.Rational(1, 100), rhs, evaluate=False),
           "reversed": sp.Le(rhs, lhs, evaluate=False)}
    if lhs != 0 and rhs != 0:
        out["halved"] = sp.Le(lhs, rhs / 2, evaluate=False)
    return out


MUTANTS = [(c, kind, m) for c in CLAIMS for kind, m in mutants(c.statement).items()]
MUTANT_TIMES: list[float] = []


@pytest.mark.parametrize(("claim", "kind", "mutant"), MUTANTS, ids=[f"{c.id}-{k}" for c, k, _ in MUTANTS])
def test_no_mutant_is_proved_and_each_ends_within_its_budget(claim, kind, mutant, checker):
    import time

    from mileak.proofs.core.budget import used_work

    checker.check(claim)  # the derivation itself, cached (its own budgets)
    budgeted = ClaimChecker(REGISTRY, step_budget=MUTANT_WORK)
    budgeted._cache = checker._cache
    start, before = time.perf_counter(), used_work()
    proof = budgeted.check_statement(claim, mutant)
    MUTANT_TIMES.append(time.perf_counter() - start)
    assert proof.status not in (Status.PROVED, Status.TIMED_OUT), (kind, proof.conclusion.detail)
    assert used_work() - before <= MUTANT_WORK, f"{claim.id} {kind}: {used_work() - before} sympy operations"


def test_a_mutant_falsified_by_a_witness_is_reported_falsified(checker):
    """A claim whose statement is false at a point is FALSIFIED (not UNPROVED), in well under a second."""
    import time

    claim = REGISTRY.claim("T5.falls_in_n")
    start = time.perf_counter()
    proof = checker.check_statement(claim, mutants(claim.statement)["reversed"])
    assert proof.status is Status.FALSIFIED and proof.conclusion.witness
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_a_false_statement_is_numerically_falsified(claim):
    s = claim.statement
    false = (sp.Eq(s.lhs, s.rhs + 1, evaluate=False) if isinstance(s, sp.Equality)
             else sp.Le(s.lhs, s.lhs - 1, evaluate=False))
    check = check_claim(dataclasses.replace(claim, statement=false), np.random.default_rng(1), points=1)
    assert check.status == "falsified"


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_every_claim_records_where_it_is_sharp_and_sympy_shows_it(claim, checker):
    """Each inequality names a case where it is tight (attained, or lhs/rhs -> 1, or the gap -> 0), decided by
    sympy's limit; an equality is sharp everywhere. A bound recorded as not sharp would need its measured slack."""
    proof = checker.check(claim)
    assert proof.sharp.proved, proof.sharp.detail
    if claim.relation == "<=":
        recorded = REGISTRY.sharpness(claim)
        assert recorded is not None
        assert recorded.sharp or (recorded.target != 1 and proof.sharp.detail.startswith("not sharp")), (
            "a bound recorded as not sharp must show, by sympy, the ratio of its sides at its tightest known case")
    assert symbolic_certificate(proof)["sharp"]["status"] == "proved"


def test_the_theory_doc_names_every_claim_and_the_readme_and_derive_link_it(capsys):
    from pathlib import Path

    from mileak.numeric.cli.main import main

    root = Path(__file__).resolve().parents[2]
    theory = (root / "docs" / "theory.md").read_text()
    missing = [c.id for c in CLAIMS if f"`{c.id}`" not in theory]
    assert not missing, f"docs/theory.md does not name {missing}"
    for theorem in REGISTRY.theorems():
        assert f"**{theorem.id} (" in theory or f"### {theorem.id}:" in theory, theorem.id
    assert "(docs/theory.md)" in (root / "README.md").read_text()
    main(["derive", "T2.roc"])
    assert "docs/theory.md, section 3 (claim T2.roc)" in capsys.readouterr().out


def _stronger(statement, factor):
    """``lhs + 10^-6 <= rhs`` (shifted), or ``lhs <= factor * rhs`` when that is stronger (rhs > 0, lhs not 0)."""
    if factor is None:
        return sp.Le(statement.lhs + sp.Rational(1, 10**6), statement.rhs, evaluate=False)
    return sp.Le(statement.lhs, statement.rhs * factor, evaluate=False)


INEQUALITIES = [c for c in CLAIMS if c.relation == "<="]
DECLARED = [c for c in INEQUALITIES if c.sharpness is not None]  # one without fails the test below, by name
SHARP = [c for c in DECLARED if REGISTRY.sharpness(c).sharp]
SLACK = [c for c in DECLARED if not REGISTRY.sharpness(c).sharp]  # their recorded ratio, 2% stronger


def test_every_inequality_declares_where_it_is_tight_and_no_identity_does():
    """``Claim(..., sharpness=...)``: the case is declared on the claim itself (docs/extending.md)."""
    assert not [c.id for c in INEQUALITIES if c.sharpness is None], "inequalities without a declared tight case"
    assert not [c.id for c in CLAIMS if c.relation == "==" and c.sharpness is not None], "identities need none"
STRONGER = [(c, None) for c in SHARP] + [(c, sp.Rational(98, 100)) for c in SHARP
                                         if c.statement.lhs != 0 and c.statement.rhs != 0] + \
    [(c, REGISTRY.sharpness(c).target * sp.Rational(98, 100)) for c in SLACK]


@pytest.mark.parametrize(("claim", "factor"), STRONGER, ids=[f"{c.id}-{'shift' if f is None else 'x' + str(float(f))}"
                                                             for c, f in STRONGER])
def test_a_slightly_stronger_claim_fails_numerically_at_its_tight_point(claim, factor):
    """Each inequality's numeric check includes a point at (or next to) its tight case, so a claim made 10^-6
    (absolute) or 2% (relative) stronger is falsified numerically, not only left unproved. A bound recorded as
    not sharp, with the ratio r of its sides at its tightest case, is falsified once multiplied by 0.98 r (T7's
    chi-square route: halved, then 2% more). One random point is drawn beside the tight point: the tight point
    is what must fail."""
    stronger = dataclasses.replace(claim, statement=_stronger(claim.statement, factor))
    check = check_claim(stronger, np.random.default_rng(zlib.crc32(claim.id.encode())), points=1)  # + the tight point
    assert check.status == "falsified", [p.as_dict() for p in check.points]
