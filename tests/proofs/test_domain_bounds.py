"""Domain bounds without sympy (proofs.core.domain_bounds): the one check of a parameter value.

Against sympy's own ``Interval.contains`` on the value's exact rational, over random intervals and values of
every accepted type; the refusals name the parameter and its domain; an irrational end (T2's ``D*``) is compared
by sympy; and ``Parameter.validate`` is this check.
"""

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mileak.proofs.core.domain_bounds import DomainBounds, exact_real
from mileak.proofs.core.parameters import Parameter, domain_bounds, interval_text
from mileak.proofs.theorems.t2_hypothesis_testing import D_STAR, DIVERGENCE

ENDS = st.one_of(st.none(), st.fractions(-5, 5, max_denominator=12))


@st.composite
def intervals(draw):
    lo, hi = draw(ENDS), draw(ENDS)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    if lo is not None and lo == hi:  # sympy makes Interval(a, a) the point set {a}: not a parameter's domain
        hi = lo + 1
    lo_s = -sp.oo if lo is None else sp.Rational(lo.numerator, lo.denominator)
    hi_s = sp.oo if hi is None else sp.Rational(hi.numerator, hi.denominator)
    return sp.Interval(lo_s, hi_s, left_open=draw(st.booleans()) or lo is None, right_open=draw(st.booleans()) or hi is None)


VALUES = st.one_of(
    st.integers(-6, 6), st.fractions(-6, 6, max_denominator=24), st.floats(-6, 6),
    st.floats(-6, 6).map(mpmath.mpf), st.floats(-6, 6).map(np.float64), st.integers(-6, 6).map(np.int64),
    st.fractions(-6, 6, max_denominator=24).map(lambda f: sp.Rational(f.numerator, f.denominator)))


def _sympy_exact(value):
    """The value as sympy would compare it, computed here independently of the module under test."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, mpmath.mpf):
        return sp.Integer(int(value.man)) * sp.Integer(2) ** int(value.exp) if value else sp.Integer(0)
    if isinstance(value, (float, np.floating)):
        return sp.Rational(repr(float(value)))  # the shortest decimal text, as typed
    return sp.Rational(Fraction(value).numerator, Fraction(value).denominator)


@given(interval=intervals(), value=VALUES)
def test_contains_agrees_with_sympys_interval(interval, value):
    assert domain_bounds(interval).contains(value) == bool(interval.contains(_sympy_exact(value)))


@given(interval=intervals())
def test_the_text_is_sympys_interval_text_and_survives_json(interval):
    b = domain_bounds(interval)
    left, right = "(" if interval.left_open else "[", ")" if interval.right_open else "]"
    assert b.text() == interval_text(interval) == f"{left}{interval.left}, {interval.right}{right}"
    assert DomainBounds.parse(b.as_json()) == b


@pytest.mark.parametrize("value, error, message", [
    (True, TypeError, "n must be a real number, got bool True"),
    ("3", TypeError, "n must be a real number, got str '3'"),
    (1 + 2j, TypeError, "n must be a real number"),
    (float("nan"), ValueError, r"n=nan must be in \[2, oo\)"),
    (2.5, ValueError, r"n=2.5 must be an integer in \[2, oo\)"),
    (Fraction(5, 2), ValueError, r"n=5/2 must be an integer in \[2, oo\)"),
    (1, ValueError, r"n=1 must be in \[2, oo\)"),
    (float("inf"), ValueError, r"n=inf must be in \[2, oo\)"),
    (mpmath.mpf("-inf"), ValueError, r"n=-inf must be in \[2, oo\)"),
    (sp.oo, TypeError, "n must be a real number, got Infinity oo"),
    (sp.sqrt(5), ValueError, r"n=sqrt\(5\) must be an integer in \[2, oo\)"),
])
def test_refusals_name_the_parameter_and_its_domain(value, error, message):
    n = Parameter("n", sp.Interval(2, sp.oo), integer=True)
    with pytest.raises(error, match=message):
        n.validate(value)


def test_accepted_values_come_back_unchanged_at_any_size():
    n = Parameter("n", sp.Interval(2, sp.oo), integer=True)
    for value in (2, 10**400, mpmath.mpf(3), np.int64(7), sp.Integer(4), Fraction(6, 3)):
        assert n.validate(value) is value


def test_an_irrational_end_is_compared_exactly_by_sympy():

    below, above = (sp.floor(D_STAR * 10**30) / sp.Integer(10) ** 30, sp.ceiling(D_STAR * 10**30) / sp.Integer(10) ** 30)
    assert below < D_STAR < above
    assert DIVERGENCE.contains(Fraction(int(below.p), int(below.q)))
    assert not DIVERGENCE.contains(Fraction(int(above.p), int(above.q)))
    assert DIVERGENCE.contains(D_STAR) and not DIVERGENCE.contains(D_STAR + sp.Rational(1, 10**40))
    with pytest.raises(ValueError, match="as JSON"):
        DIVERGENCE.bounds.as_json()


def test_exact_real_is_exact():
    assert exact_real(0.1) == Fraction(1, 10)  # the decimal as typed
    assert exact_real(mpmath.mpf(0.1)) == Fraction(0.1)  # an mpf by its binary value
    assert exact_real(mpmath.mpf("inf")) is None and exact_real(float("-inf")) is None
