"""``expm1``/``log1p`` through mpmath's kernels (the quadratures' inner loop) against mpmath's own at 40 more digits."""

import mpmath
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.core import elementary


@given(st.integers(-2**80, 2**80).filter(bool), st.integers(-400, 2), st.sampled_from([53, 113, 150, 200, 333]))
def test_relative_error_below_two_ulps(mantissa, exponent, prec):
    """``|computed / exact - 1| <= 2^(2 - prec)`` at arguments from ``1e-120`` to about 4, both signs."""
    x = mpmath.ldexp(mpmath.mpf(mantissa), exponent - mpmath.mpf(mantissa).man.bit_length())
    with mpmath.workprec(prec):
        x = +x
        fast_expm1 = elementary.expm1(x)
        fast_log1p = elementary.log1p(x) if x > -1 else None
    with mpmath.workprec(prec + 140):
        bound = mpmath.ldexp(1, 2 - prec)
        assert abs(fast_expm1 / mpmath.expm1(x) - 1) <= bound
        if fast_log1p is not None:
            assert abs(fast_log1p / mpmath.log1p(x) - 1) <= bound


def test_special_values_follow_mpmath():
    with mpmath.workdps(30):
        assert elementary.expm1(mpmath.mpf(0)) == 0 and elementary.log1p(mpmath.mpf(0)) == 0
        assert elementary.expm1(mpmath.mpf("-inf")) == -1 and elementary.log1p(mpmath.mpf(-1)) == mpmath.mpf("-inf")
        assert elementary.expm1(mpmath.mpf("1e-40")) == mpmath.mpf("1e-40") + mpmath.mpf("1e-80") / 2
