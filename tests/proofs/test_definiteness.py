"""T5's convexity assumptions at scale, and the sensitivity prover for logistic at every R (issue 14)."""

from fractions import Fraction

import pytest
import sympy as sp

from mileak.proofs.core import budget
from mileak.proofs.core.status import Status
from mileak.proofs.families.definiteness import constant_psd, decide_psd
from mileak.proofs.families.logistic import LOGISTIC
from mileak.proofs.families.sensitivity import lipschitz_constant, t5_assumptions
from mileak.proofs.families.user_family import from_sympy

T = sp.symbols("t0:20", real=True)
X = sp.Symbol("x", real=True)


def _quadratic(coupling):
    loss = sum((ti - X) ** 2 for ti in T) + sum(coupling * T[i] * T[i + 1] for i in range(19))
    return from_sympy("q20", loss, sum(ti**2 for ti in T) / 2, theta=list(T), data=[X], data_box={"x": (-1, 1)})


@pytest.mark.parametrize(("coupling", "convex"), [(sp.Rational(1, 4), True), (3, False), (1, True), (sp.Rational(21, 20), False)])
def test_a_quadratic_loss_in_20_parameters_is_decided_in_well_under_a_second(coupling, convex):
    """Principal minors took over 120 s (2^20 of them); exact LDL^T decides it either way.

    Independent check: the tridiagonal Hessian 2 I + c (shift + shift^T) has eigenvalues
    2 + 2 c cos(k pi / 21), k = 1..20, so it is PSD iff 2 - 2 c cos(pi / 21) >= 0.
    """
    before = budget.used_work()  # work, not seconds: the same pass or fail on a loaded machine
    (text, outcome), _ = t5_assumptions(_quadratic(coupling))
    assert budget.used_work() - before < 50_000  # about 6,000 sympy operations; 2^20 minors would be millions
    exact = 2 - 2 * coupling * sp.cos(sp.pi / 21) >= 0
    assert bool(exact) is convex
    assert outcome.status is (Status.PROVED if convex else Status.FALSIFIED), outcome.detail


def test_a_falsified_minor_is_negative_when_recomputed():
    m = sp.Matrix(5, 5, lambda i, j: 2 if i == j else (3 if abs(i - j) == 1 else 0))
    ok, rows = constant_psd(m)
    assert not ok and m.extract(rows, rows).det() < 0


def test_a_symbolic_hessian_with_a_witness_is_falsified_at_that_point():
    a, b = sp.symbols("a b", real=True)
    m = sp.Matrix([[1, a], [a, 1]])  # PSD iff |a| <= 1
    out = decide_psd(m, {a: sp.Interval(-3, 3)})
    assert out.status is Status.FALSIFIED
    point = {a: sp.Rational(out.witness["a"])}
    assert m.xreplace(point).det() < 0
    assert decide_psd(m, {a: sp.Interval(-1, 1)}).status is Status.PROVED
    assert decide_psd(sp.Matrix([[1 + b**2, 0], [0, sp.exp(b)]]), {b: sp.Interval(-sp.oo, sp.oo)}).proved


def test_the_nested_trigonometric_loss_of_the_issue_ends_within_its_budget():
    """``sin(cos(...(theta*x)))`` hung over 120 s in simplify; now a witness refutes convexity at once."""
    fam = from_sympy("nest", "sin(cos(sin(cos(sin(cos(sin(cos(theta*x))))))))", "theta**2/2",
                     theta="theta", data="x", data_box={"x": (-1, 1)})
    before = budget.used_work()
    (_, convex), _ = t5_assumptions(fam)
    assert budget.used_work() - before < 20_000  # about 750 sympy operations: the witness, before any simplify
    assert convex.status is Status.FALSIFIED


@pytest.mark.parametrize("R", [Fraction(1, 3), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(5)])
def test_the_sensitivity_prover_finds_logistic_L_equal_to_R(R):
    """``||grad||^2 = x^2 y^2 sigma(-y x theta)^2``: sup x^2 y^2 = R^2 on the box and sup sigma^2 = 1
    (as theta -> -oo); the family's closed form is L = R. It failed at R = 1/2 before."""
    sens = lipschitz_constant(LOGISTIC, R=R)
    assert sens.status == "proved", sens.detail
    assert sens.value == sp.Rational(R.numerator, R.denominator) == LOGISTIC.closed_form("lipschitz", R=sp.Rational(R))
