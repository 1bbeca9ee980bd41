"""The derivation engine: only mechanically justified steps pass."""

import dataclasses

import pytest
import sympy as sp

from mileak.proofs.core import Claim, ClaimChecker, Parameter, Registry, Status, Theorem
from mileak.proofs.core.steps import Cite, Combine, Define, Hypothesis, UseClaim
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, TV, Expect
from mileak.proofs.definitions.rules import Identity, Lift
from mileak.proofs.lemmas.information import GIBBS, KL_CONVEX_SECOND, PINSKER
from mileak.proofs.theorems import REGISTRY

T = Parameter("t", sp.Interval.open(0, 1))
t = T.symbol


def _claim(statement, steps, params=(T,), cid="X.demo", hypotheses=()):
    return Claim(cid, "demo", "test", statement, params, tuple(steps), hypotheses=hypotheses, models=("finite",))


def _check(claim, registry=None):
    return ClaimChecker(registry or Registry()).check(claim)


def test_negative_weight_on_an_inequality_is_rejected():
    # from TV <= sqrt(KL/2) one cannot conclude -TV <= -sqrt(KL/2)
    c = _claim(sp.Le(-TV(P1, P0), -sp.sqrt(KL(P1, P0) / 2)),
               [Cite(PINSKER, {"P": P1, "Q": P0}), Combine(sp.Le(-TV(P1, P0), -sp.sqrt(KL(P1, P0) / 2)), weights={0: -1})])
    assert _check(c).status is not Status.PROVED


def test_lemma_side_conditions_are_decided():
    # convexity needs 0 <= t <= 1; with t in (1, 2) the side condition 1 - t >= 0 is false
    bad = Parameter("t", sp.Interval.open(1, 2))
    s = bad.symbol
    fact = sp.Le(KL(P1, s * P0 + (1 - s) * P1), s * KL(P1, P0) + (1 - s) * KL(P1, P1))
    c = _claim(fact, [Cite(KL_CONVEX_SECOND, {"P": P1, "Q": P0, "R": P1, "t": s})], params=(bad,))
    proof = _check(c)
    assert proof.status is Status.UNPROVED
    assert "1 - t >= 0: falsified" in proof.steps[0].outcome.detail


def test_undeclared_hypothesis_is_not_accepted():
    fact = sp.Ge(KL(P1, P0), 1)
    assert _check(_claim(fact, [Hypothesis(fact)])).status is Status.UNPROVED
    assert _check(_claim(fact, [Hypothesis(fact)], hypotheses=(fact,))).status is Status.PROVED


def test_a_false_identity_step_breaks_the_derivation():
    wrong = sp.Eq(KL(P1, P0), 2 * KL(P1, P0))
    c = _claim(wrong, [Identity(wrong, model="density", laws={P1: sp.Symbol("p", positive=True),
                                                              P0: sp.Symbol("q", positive=True)})])
    assert _check(c).status is Status.UNPROVED


def test_statement_must_follow_from_the_last_fact():
    c = _claim(sp.Ge(KL(P1, P0), 1), [Cite(GIBBS, {"P": P1, "Q": P0})])
    proof = _check(c)
    assert proof.status is Status.UNPROVED and not proof.conclusion.proved


def test_lift_pushes_expectation_linearly():
    c = _claim(sp.Ge(Expect(KL(P1, P0)), 0), [Cite(GIBBS, {"P": P1, "Q": P0}), Lift(0)])
    assert _check(c).status is Status.PROVED


def test_unproved_dependencies_propagate_and_cycles_are_caught():
    reg = Registry()
    weak = _claim(sp.Ge(KL(P1, P0), 1), [Cite(GIBBS, {"P": P1, "Q": P0})], cid="X.weak")
    uses = _claim(sp.Ge(KL(P1, P0), 1), [UseClaim("X.weak")], cid="X.uses")
    loop = _claim(sp.Ge(KL(P1, P0), 0), [UseClaim("X.loop")], cid="X.loop")
    reg.register(Theorem("X", "demo", "test", (weak, uses, loop)))
    checker = ClaimChecker(reg)
    assert checker.check(uses).status is Status.UNPROVED
    assert checker.check(loop).status is Status.UNPROVED
    assert "circular" in checker.check(loop).steps[0].outcome.detail


def test_specialising_outside_the_domain_is_refused():
    proof = ClaimChecker(REGISTRY).check(dataclasses.replace(
        REGISTRY.claim("T2.success_half"),
        derivation=(UseClaim("T2.success_pinsker", subs={sp.Symbol("pi", positive=True): sp.Integer(2)}),)))
    assert proof.status is not Status.PROVED


def test_registry_rejects_duplicates_and_unknown_ids():
    reg = Registry()
    c = _claim(sp.Ge(KL(P1, P0), 0), [Define(sp.Ge(KL(P1, P0), 0), "x")])
    reg.register(Theorem("X", "demo", "test", (c,)))
    with pytest.raises(ValueError, match="duplicate id 'X.demo'"):
        reg.register(Theorem("Y", "demo", "test", (c,)))
    with pytest.raises(ValueError, match="theorem='Z' is not registered"):
        reg.select(["Z"])


def test_claim_rejects_undeclared_symbols_and_non_relations():
    with pytest.raises(ValueError, match=r"symbols \['s'\] are not declared"):
        _claim(sp.Ge(sp.Symbol("s"), 0), [])
    with pytest.raises(TypeError, match="must be a sympy relation"):
        _claim(KL(P1, P0), [])


def test_decision_procedures_never_parse_strings():
    from mileak.proofs.core.decide import prove_zero

    with pytest.raises(TypeError, match="strings are not parsed here"):
        prove_zero("__import__('os').system('true')", {})


def test_a_step_over_its_budget_is_unproved_timed_out_not_a_hang():
    import time

    claim = REGISTRY.claim("F1.kl_closed_form")  # several seconds of sympy without a budget
    start = time.perf_counter()
    proof = ClaimChecker(REGISTRY, step_budget=0.05).check(claim)
    assert time.perf_counter() - start < 5
    assert proof.status is Status.UNPROVED
    assert any("timed out after 0.05 s" in s.outcome.detail for s in proof.steps) or \
        "timed out" in proof.conclusion.detail


def test_the_false_roc_claim_of_the_issue_ends_quickly_and_is_not_proved():
    """T2.roc with ``rhs <= lhs - 1/100`` ran over 300 s in simplify before the witness-first decider."""
    import time

    roc = REGISTRY.claim("T2.roc")
    false = dataclasses.replace(roc, id="T2.roc-false", statement=sp.Le(roc.statement.rhs,
                                                                       roc.statement.lhs - sp.Rational(1, 100)))
    start = time.perf_counter()
    proof = ClaimChecker(REGISTRY, step_budget=3).check(false)
    assert proof.status is not Status.PROVED
    assert time.perf_counter() - start < 8


@pytest.mark.parametrize("budget", [0, -1, float("nan"), float("inf"), True, "30"])
def test_a_bad_step_budget_is_refused_by_name(budget):
    with pytest.raises(ValueError, match="step_budget"):
        ClaimChecker(REGISTRY, step_budget=budget)


def test_budgets_nest_and_the_outer_deadline_still_fires():
    import time

    from mileak.proofs.core.budget import BudgetExceeded, within_budget

    def inner():
        return within_budget(lambda: time.sleep(5), 3)

    start = time.perf_counter()
    with pytest.raises(BudgetExceeded, match="0.2 s"):
        within_budget(inner, 0.2)
    assert time.perf_counter() - start < 1
    assert within_budget(lambda: within_budget(lambda: 7, 1), 2) == 7


def test_an_interrupt_swallowed_where_it_landed_is_raised_again():
    """The alarm can land in code that swallows exceptions (a gc callback: Python prints and drops them, seen in
    this suite); the budget must still end the step, not let it run unbounded."""
    import time

    from mileak.proofs.core.budget import REPEAT_S, BudgetExceeded, within_budget

    def step():
        try:
            time.sleep(2)
        except BaseException:  # noqa: B036 - what a gc callback does with the interrupt
            pass
        time.sleep(2)  # the repeat interrupts this
        return "ran to its end"

    start = time.perf_counter()
    with pytest.raises(BudgetExceeded, match="0.1 s"):
        within_budget(step, 0.1)
    assert time.perf_counter() - start < 0.1 + 10 * REPEAT_S
    time.sleep(3 * REPEAT_S)  # no repeat is left armed after the level ended (it would raise here)
