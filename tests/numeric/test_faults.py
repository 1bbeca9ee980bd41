"""Planted numeric faults are caught: each raises PrecisionError saying what to raise, never returns a value.

Faults: catastrophic cancellation, a quadrature that does not converge, root finds that stall or cannot
bracket, an underflow to 0 of a positive quantity, a non-finite intermediate, and a batch of models that
does not converge (flagged, never used).
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from mileak.numeric.core import normal
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.precision import PrecisionError
from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.dp import gaussian_mechanism
from mileak.numeric.measures import hypothesis_testing as testing_bounds

FAULTS = []


def caught(fault, call, advice):
    FAULTS.append(fault)
    with pytest.raises(PrecisionError) as exc:
        call()
    assert any(word in str(exc.value) for word in advice), f"{fault}: advice missing in {exc.value}"


def test_catastrophic_cancellation_is_refused():
    # (1 + 1e-45) - 1 at 40 and 50 digits: 0 and 1e-45; no digit of the result survives
    caught("cancellation", lambda: two_precisions(lambda: (1 + mpmath.mpf(10) ** -45) - 1, 30, what="difference"),
           ("raise dps", "log-space"))


def test_naive_gaussian_tv_cancels_where_the_library_route_does_not():
    mu = Fraction(1, 10**45)
    exact = lambda: mpmath.mpf(mu.numerator) / mu.denominator  # noqa: E731 - at the working precision
    naive = lambda: two_precisions(lambda: 2 * mpmath.ncdf(exact() / 2) - 1, 30, what="naive TV")  # noqa: E731
    caught("cancellation in 2 Phi(mu/2) - 1", naive, ("raise dps", "log-space"))
    good = testing_bounds.gaussian_tv(mu)  # erf route: full relative precision
    with mpmath.workdps(60):  # TV = mu / sqrt(2 pi) (1 - mu^2/24 + ...): 30 digits at mu = 1e-45
        assert abs(good.value / (exact() / mpmath.sqrt(2 * mpmath.pi)) - 1) < mpmath.mpf(10) ** -29


def test_a_quadrature_that_does_not_converge_says_to_raise_the_degree():
    # sin(1/x)/x on (0, 1]: infinitely many oscillations at 0; the quadrature error estimate stays large
    caught("quadrature", lambda: certified_quad(lambda: (lambda x: mpmath.sin(1 / x) / x), [0, 1], 30, maxdegree=4),
           ("quadrature degree",))


def test_a_quadrature_on_a_kink_without_its_breakpoint_is_refused_and_with_it_certified():
    f = lambda: (lambda x: abs(x - mpmath.mpf(1) / 3))  # noqa: E731
    caught("quadrature over a kink", lambda: certified_quad(f, [0, 1], 30, maxdegree=3), ("quadrature degree",))
    ok = certified_quad(f, [0, Fraction(1, 3), 1], 30)  # an exact breakpoint, converted at the working precision
    with mpmath.workdps(50):
        assert abs(ok.value - mpmath.mpf(5) / 18) <= ok.error + mpmath.mpf(10) ** -45


def test_a_root_find_on_a_flat_curve_stalls_and_says_so(monkeypatch):
    monkeypatch.setattr(gaussian_mechanism, "log_delta", lambda eps, mu: mpmath.mpf(-5))  # never crosses log(1e-5)
    caught("root find: no bracket", lambda: gaussian_mechanism.analytic_sigma(1, 1e-5, dps=20), ("bracket",))


def test_a_root_find_fed_nan_does_not_certify_a_bracket(monkeypatch):
    # the curve is undefined (NaN) above mu = 1: every comparison is False, the bracket drifts, and the
    # final check (the sign change recomputed 20 digits higher) refuses it
    monkeypatch.setattr(gaussian_mechanism, "log_delta",
                        lambda eps, mu: mpmath.mpf(-20) if mu < 1 else mpmath.nan)
    caught("root find: NaN curve", lambda: gaussian_mechanism.analytic_sigma(1, 1e-5, dps=20), ("raise dps", "bracket"))


def test_the_tpr_root_find_on_a_tiny_kl_no_longer_stalls():
    # found by the hypothesis test of the simulator's bound curves: regula falsi stalled at kl = 6e-211
    c = testing_bounds.tpr_upper_bound(0.5, mpmath.mpf("5.8e-211"), dps=20)
    assert c.value > mpmath.mpf("0.5") and c.error < mpmath.mpf(10) ** -20


def test_an_underflow_to_zero_of_a_positive_quantity_is_refused(monkeypatch):
    # plant a float-precision erfc: Phi(-40) = 3.7e-350 underflows to 0 in both precisions (they agree!)
    monkeypatch.setattr(normal.mpmath, "erfc", lambda x: mpmath.mpf(math.erfc(float(x))))
    caught("underflow", lambda: normal.normal_cdf(-40), ("log-space",))
    monkeypatch.undo()
    c = normal.normal_cdf(-40)
    assert 0 < c.value < mpmath.mpf("1e-349")


def test_a_non_finite_intermediate_is_refused():
    caught("overflow", lambda: two_precisions(lambda: mpmath.inf - mpmath.inf, 30, what="difference of infinities"),
           ("log-space",))


def test_models_that_do_not_converge_are_flagged_and_dropped():
    from mileak.numeric.families.logistic.batched import fit_batch

    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 40, 3)) * 50
    y = np.sign(X[..., 0])  # separable: weak regularisation, Newton needs many steps
    theta, ok = fit_batch(X, y, 1e-6, tol=1e-12, max_iter=2)
    FAULTS.append("non-converged models")
    assert not ok.any()


def test_zz_faults_counted():
    print(f"\nplanted faults caught: {len(FAULTS)} ({', '.join(FAULTS)})")
    assert len(FAULTS) >= 8
