"""The decision procedures answer PROVED only when sympy decides; they can also refuse and refute."""

import sympy as sp

from mileak.proofs.core.decide import prove_nonnegative, prove_zero
from mileak.proofs.core.status import Status

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
UNIT, POS = sp.Interval.open(0, 1), sp.Interval.open(0, sp.oo)


def test_identities_are_proved():
    assert prove_zero(sp.log(x * y) - sp.log(x) - sp.log(y), {x: POS, y: POS}).status is Status.PROVED
    assert prove_zero(sp.Max(x, 1 - x) - (1 + sp.Abs(2 * x - 1)) / 2, {x: UNIT}).status is Status.PROVED


def test_log_is_not_expanded_without_positivity():
    # log(x*y) = log x + log y is false for x, y < 0; the decider must not "prove" it there
    neg = sp.Interval.open(-sp.oo, 0)
    out = prove_zero(sp.log(x * y) - sp.log(x) - sp.log(y), {x: neg, y: neg})
    assert out.status is not Status.PROVED


def test_false_identity_is_falsified_with_a_witness():
    out = prove_zero(x**2 - x, {x: UNIT})
    assert out.status is Status.FALSIFIED and "x" in out.witness


def test_sign_conditions():
    assert prove_nonnegative(x * (1 - x), {x: UNIT}).status is Status.PROVED
    assert prove_nonnegative(-sp.diff(sp.sqrt(1 - sp.exp(-x)), x, 2), {x: POS}).status is Status.PROVED
    out = prove_nonnegative(x - sp.Rational(1, 2), {x: sp.Interval(0, 1)})
    assert out.status is Status.FALSIFIED


def test_closed_endpoints_are_checked():
    # 1/x - 1 >= 0 on (0, 1) but not on (0, 2]
    assert prove_nonnegative(1 / x - 1, {x: sp.Interval.open(0, 1)}).status is Status.PROVED
    assert prove_nonnegative(1 / x - 1, {x: sp.Interval.Lopen(0, 2)}).status is not Status.PROVED


def test_undecidable_is_unproved_not_passed():
    # exp(x) >= 1 + x + x^2/2 on (0, oo) is true (Taylor), but beyond sympy's sign inference
    out = prove_nonnegative(sp.exp(x) - 1 - x - x**2 / 2, {x: POS})
    assert out.status is Status.UNPROVED and "could not decide" in out.detail
