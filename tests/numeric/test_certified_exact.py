"""``Certified.exact`` certifies the exact value it is given, never a rounded one, and refuses anything inexact.

Before: ``Certified.exact(exact_mpf(Fraction(3, 100), 20), 20)`` held a value 1.1e-18 off 3/100 under an error of
0, and a plug-in row written that way printed a wrong digit under a zero error bar.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.exact_input import exact_mpf
from mileak.numeric.measures.report_entries import entry


def _fraction(x) -> Fraction:
    """An mpf's binary value read exactly, here (sign, mantissa, exponent), independent of the module's helper."""
    sign, man, exp, _ = x._mpf_
    return Fraction(0) if not man else (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)


def _distance(c: Certified, exact: Fraction) -> Fraction:
    """|value - exact| in exact rational arithmetic."""
    return abs(_fraction(c.value) - exact)


@pytest.mark.parametrize("dps", [20, 30, 50])
@pytest.mark.parametrize("value", [Fraction(3, 100), Fraction(-7, 3), Fraction(1, 4), 5, sp.Rational(3, 100)])
def test_a_plug_in_row_of_an_exact_rational_prints_its_digits_under_an_error_that_covers_them(value, dps):
    exact = Fraction(int(value.p), int(value.q)) if isinstance(value, sp.Rational) else Fraction(value)
    c = Certified.exact(value, dps)
    assert _distance(c, exact) <= _fraction(c.error)  # the enclosure holds the exact value
    assert _fraction(c.error) <= abs(exact) * Fraction(1, 10 ** (dps + 25))  # and is tight
    if exact.denominator in (1, 2, 4):
        assert c.error == 0  # a dyadic is held exactly
    row = entry("rho_KL", c, "closed form", dps)
    printed = Fraction(row["value"])
    assert abs(printed - exact) <= Fraction(row["error"])  # the printed error covers the printed digits
    if (exact * 10**dps).denominator == 1:
        assert printed == exact  # 3/100 prints as 0.03, at every precision
    else:  # -7/3: every printed digit is a digit of the exact value
        assert abs(printed - exact) < Fraction(1, 10 ** (dps - 1))


@pytest.mark.parametrize("inexact", [0.03, mpmath.mpf("0.03"), "0.03", sp.Float("0.03"), True, None, sp.pi,
                                     complex(1, 0)])
def test_anything_but_an_exact_number_is_refused_by_name(inexact):
    with pytest.raises(TypeError, match="Certified.exact takes an exact number"):
        Certified.exact(inexact, 30)


def test_the_rounded_value_of_the_issue_is_refused_and_the_exact_one_certified():
    rounded = exact_mpf(Fraction(3, 100), 20)  # what a plug-in author could pass: 3/100 rounded at 50 digits
    with pytest.raises(TypeError, match="got mpf"):
        Certified.exact(rounded, 20)
    assert Certified.exact(Fraction(3, 100), 20).contains(Fraction(3, 100))


@pytest.mark.parametrize(("value", "error"), [(0.5, mpmath.mpf(0)), (Fraction(1, 2), mpmath.mpf(0)),
                                              (mpmath.mpf(1), 1e-40), (mpmath.mpf(1), 0)])
def test_the_constructor_takes_only_values_formed_as_mpf(value, error):
    with pytest.raises(TypeError, match="must be an mpmath.mpf"):
        Certified(value, error, 30)


def test_scaled_and_minus_carry_their_own_rounding():
    third = Certified.exact(Fraction(1, 3), 30)
    scaled = third.scaled(Fraction(1, 7))
    assert _distance(scaled, Fraction(1, 21)) <= _fraction(scaled.error)
    diff = Certified.exact(Fraction(1, 3), 30).minus(Certified.exact(Fraction(1, 7), 30))
    assert _distance(diff, Fraction(4, 21)) <= _fraction(diff.error)
