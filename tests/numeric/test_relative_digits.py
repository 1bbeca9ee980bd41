"""A certified value far below 1 carries digits relative to itself, not an error as large as the value.

Before: ``mileak leakage ... --pi 1e-300`` printed the entropy bound ``h(pi)`` as 5.74e-42 with error 5.74e-42; the
true value is 6.9177...e-298 (``ln(1 - pi)`` cancels 300 digits at 30-digit working precision).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.measures.divergences import binary_entropy


def _entropy_700_digits(p: Fraction):
    """``h(p)`` at 700 digits with ``log1p`` (an independent route: no cancellation at any p)."""
    with mpmath.workdps(700):
        x = mpmath.mpf(p.numerator) / p.denominator
        return -x * mpmath.log(x) - (1 - x) * mpmath.log1p(-x)


@pytest.mark.parametrize("p", [Fraction(1, 10**300), Fraction(3, 10**40), Fraction(1, 7), Fraction(1) - Fraction(1, 10**50)])
def test_binary_entropy_has_dps_digits_relative_to_its_value(p):
    c = binary_entropy(p, dps=30)
    exact = _entropy_700_digits(p)
    with mpmath.workdps(700):
        assert abs(c.value - exact) <= c.error
        assert c.error <= abs(exact) * mpmath.mpf(10) ** -30


def test_the_entropy_bound_at_pi_1e_300_prints_its_own_digits(capsys):
    assert main(["leakage", "gaussian-mean", "--param", "n=20", "--param", "sigma=1/2", "--param", "p=2",
                 "--pi", "1e-300"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "T1 bound on rho_MI (entropy)" in x)
    value, error = line.split(": ", 1)[1].split("  (error ")
    error = error.split(")")[0]
    exact = _entropy_700_digits(Fraction(1, 10**300))
    with mpmath.workdps(700):
        assert abs(mpmath.mpf(value) - exact) <= mpmath.mpf(error)  # the printed error covers the printed digits
        assert mpmath.mpf(error) <= exact * mpmath.mpf(10) ** -25  # at least 25 correct digits
