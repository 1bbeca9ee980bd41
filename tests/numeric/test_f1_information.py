"""F1's exact rho_MI by the variance-gamma reduction (even p: the fast Bessel orders)."""

import mpmath
import pytest

from numeric.bounds import t1_bounds
from numeric.divergences import binary_entropy
from numeric.f1_information import f1_correlation_squared, f1_kl_leakage, f1_membership_information


def test_mutually_singular_case_is_the_entropy():
    assert f1_membership_information(0.2, 1, 2).contains(binary_entropy(0.2).value)
    assert mpmath.isinf(f1_kl_leakage(1, 2).value)


def test_below_the_t1_bounds_and_increasing_in_c2():
    pi = mpmath.mpf("0.3")
    values = []
    for c2 in ("0.05", "0.3", "0.6"):
        mi = f1_membership_information(pi, mpmath.mpf(c2), 2)
        kl = f1_kl_leakage(mpmath.mpf(c2), 2)
        smallest = t1_bounds(pi, kl.value)["smallest"][1]
        assert mi.value + mi.error < smallest.value - smallest.error and mi.digits >= 30
        values.append(mi.value)
    assert values == sorted(values)


def test_small_correlation_limit_is_one_minus_pi():
    pi, c2 = mpmath.mpf("0.2"), mpmath.mpf("1e-8")
    ratio = f1_membership_information(pi, c2, 2).value / (pi * f1_kl_leakage(c2, 2).value)
    assert abs(ratio - (1 - pi)) < 1e-6


def test_correlation_formula_and_bad_input():
    assert f1_correlation_squared(mpmath.mpf(1), 0, 0, 1) == 1
    with pytest.raises(ValueError, match=r"c2=2.0 must be in \(0, 1\]"):
        f1_membership_information(0.5, 2.0, 1)
    with pytest.raises(ValueError, match="p=0 must be an int >= 1"):
        f1_kl_leakage(0.5, 0)
