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


def test_a_step_over_its_work_budget_is_unproved_the_same_way_every_time():
    """A step stopped by its work budget is UNPROVED, with the same record on every run (a count, not a clock)."""
    claim = REGISTRY.claim("F1.kl_closed_form")  # several seconds of sympy without a budget
    runs = [ClaimChecker(REGISTRY, step_budget=2000).check(claim) for _ in range(2)]
    for proof in runs:
        assert proof.status is Status.UNPROVED
        assert any("used its work budget of 2,000 sympy operations" in s.outcome.detail for s in proof.steps)
    assert [(s.outcome.status, s.outcome.detail) for s in runs[0].steps] == \
        [(s.outcome.status, s.outcome.detail) for s in runs[1].steps]


def test_the_wall_clock_safety_net_gives_timed_out_never_unproved():
    """Under a generous work budget the safety net fires first: TIMED_OUT, no verdict, with the advice."""
    claim = REGISTRY.claim("F1.kl_closed_form")
    proof = ClaimChecker(REGISTRY, step_budget=None, step_timeout=0.05).check(claim)
    assert proof.status is Status.TIMED_OUT
    stopped = [s for s in proof.steps if s.outcome.status is Status.TIMED_OUT]
    assert stopped and "safety net of 0.05 s" in stopped[0].outcome.detail
    assert "--step-timeout" in stopped[0].outcome.detail


def test_a_step_costs_the_same_work_whatever_ran_before_it(monkeypatch):
    """The outermost level starts from an empty sympy cache: the count of a computation does not depend on what
    the process did before (which claim a worker checked first). What is left is sympy's per-object memory of
    assumptions: a few per cent of a small step (and the defaults sit 8x above the largest step that passes)."""
    from mileak.proofs.core import budget

    x, y = sp.symbols("x y", positive=True)

    def measured():
        before = budget.used_work()
        budget.within_budget(lambda: sp.simplify((x**2 - y**2) / (x - y) + sp.log(x * y) - sp.log(x)), 10**7)
        return budget.used_work() - before

    measured()  # the first run in a process also builds sympy's lazy singletons (a few thousand objects, once)
    again = measured()
    sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2 + (x**2 - y**2) / (x - y))  # fills the cache with related work
    assert abs(measured() - again) <= again * 3 // 100
    monkeypatch.setattr(budget, "_FRESH_START_HOOKS", [])  # without the fresh start, the cache decides the count
    assert measured() < again * 0.9


def test_the_false_roc_claim_of_the_issue_ends_within_its_work_and_is_not_proved():
    """T2.roc with ``rhs <= lhs - 1/100`` ran over 300 s in simplify before the witness-first decider."""
    from mileak.proofs.core.budget import used_work

    roc = REGISTRY.claim("T2.roc")
    false = dataclasses.replace(roc, id="T2.roc-false", statement=sp.Le(roc.statement.rhs,
                                                                       roc.statement.lhs - sp.Rational(1, 100)))
    checker = ClaimChecker(REGISTRY, step_budget=100_000)
    checker.check(roc)
    before = used_work()
    proof = checker.check_statement(roc, false.statement)
    assert proof.status is not Status.PROVED
    assert used_work() - before <= 100_000


@pytest.mark.parametrize("budget", [0, -1, float("nan"), float("inf"), True, "30", 2.5, 10**13])
def test_a_bad_step_budget_is_refused_by_name(budget):
    with pytest.raises(ValueError, match="step_budget"):
        ClaimChecker(REGISTRY, step_budget=budget)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), True, "30", 86401])
def test_a_bad_step_timeout_is_refused_by_name(timeout):
    with pytest.raises(ValueError, match="step_timeout"):
        ClaimChecker(REGISTRY, step_timeout=timeout)


def test_budgets_nest_and_the_outer_limit_still_fires():
    import time

    from mileak.proofs.core.budget import TimedOut, WorkExhausted, within_budget

    x = sp.Symbol("x")

    def inner_work():
        return within_budget(lambda: sp.expand((x + 1) ** 300), 10**6, None)

    with pytest.raises(WorkExhausted, match="of 300 sympy"):  # the outer level's allowance runs out first
        within_budget(inner_work, 300, None)

    def inner_wall():
        return within_budget(lambda: time.sleep(5), None, 3)

    start = time.perf_counter()
    with pytest.raises(TimedOut, match="0.2 s"):
        within_budget(inner_wall, None, 0.2)
    assert time.perf_counter() - start < 1
    assert within_budget(lambda: within_budget(lambda: 7, 10, 1), 20, 2) == 7


def test_an_interrupt_swallowed_where_it_landed_is_raised_again():
    """An interrupt can land in code that swallows exceptions (a gc callback: Python prints and drops them, seen in
    this suite); the budget must still end the step, not let it run unbounded: the next sympy object raises it
    again (work), the alarm repeats (wall time)."""
    import time

    from mileak.proofs.core.budget import REPEAT_S, TimedOut, WorkExhausted, within_budget

    x = sp.Symbol("x")

    def work_step():
        try:
            sp.expand((x + 1) ** 100)
        except BaseException:  # noqa: B036 - what a gc callback does with the interrupt
            pass
        sp.expand((x + 2) ** 100)  # the next sympy object interrupts this
        return "ran to its end"

    with pytest.raises(WorkExhausted):
        within_budget(work_step, 50, None)

    def step():
        try:
            time.sleep(2)
        except BaseException:  # noqa: B036 - what a gc callback does with the interrupt
            pass
        time.sleep(2)  # the repeat interrupts this
        return "ran to its end"

    start = time.perf_counter()
    with pytest.raises(TimedOut, match="0.1 s"):
        within_budget(step, None, 0.1)
    assert time.perf_counter() - start < 0.1 + 10 * REPEAT_S
    time.sleep(3 * REPEAT_S)  # no repeat is left armed after the level ended (it would raise here)
