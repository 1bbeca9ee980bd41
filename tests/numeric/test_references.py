"""Numeric routes against independent references computed here at higher precision."""

from fractions import Fraction

import mpmath
import pytest

from mileak.numeric.core.normal import normal_quantile
from mileak.numeric.core.precision import PrecisionError
from mileak.numeric.measures import gaussian_laws as gl
from mileak.numeric.measures.divergences import binary_entropy, binary_kl, kl_finite, kl_gaussian, tv_finite
from mileak.numeric.measures.hypothesis_testing import gaussian_tpr, gaussian_tv, pinsker_bh_crossover, tpr_upper_bound
from mileak.numeric.measures.isotropic_information import mutual_information_isotropic
from mileak.proofs.definitions import divergences as sym


def test_finite_kl_against_a_60_digit_sum():
    p, q = [0.2, 0.3, 0.5], [0.6, 0.1, 0.3]
    c = kl_finite(p, q)
    with mpmath.workdps(60):
        ref = mpmath.fsum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in zip(p, q))
        assert c.contains(ref) and c.error < mpmath.mpf(10) ** -30


def test_finite_kl_is_infinite_off_the_support_and_tv_matches():
    assert mpmath.isinf(kl_finite([0.5, 0.5], [1, 0]).value)
    assert tv_finite([0.5, 0.5], [1, 0]).contains(0.5)


def test_binary_kl_is_the_two_point_kl():
    # dyadic inputs, so 1 - a is exact in binary and both routes see the same laws
    assert abs(binary_kl(0.25, 0.625).value - kl_finite([0.25, 0.75], [0.625, 0.375]).value) < mpmath.mpf(10) ** -35
    with mpmath.workdps(50):
        assert binary_entropy(0.5).contains(mpmath.log(2))


def test_gaussian_kl_closed_form_against_the_sympy_formula():
    m0, s0, m1, s1 = [0, 1], [[2, 0.5], [0.5, 1]], [1, -1], [[1, 0.25], [0.25, 3]]  # dyadic: exact in binary
    c = kl_gaussian(m0, s0, m1, s1)
    import sympy as sp

    half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
    exact = sym.kl_gaussian(m0, [[2, half], [half, 1]], m1, [[1, quarter], [quarter, 3]])
    with mpmath.workdps(60):
        ref = mpmath.mpf(str(sp.N(exact, 60)))
        assert c.contains(ref) and c.error < mpmath.mpf(10) ** -30


@pytest.mark.parametrize("m1,s1,m0,s0", [(1, 1, 0, 1), (0.3, 2.5, -1, 0.7), (4, 0.5, 0, 2)])
def test_pure_gaussian_kl_closed_form_agrees_with_quadrature(m1, s1, m0, s0):
    closed = gl.kl(gl.normal(m1, s1), gl.normal(m0, s0))
    quad = gl.kl(((0.5, m1, s1), (0.5, m1, s1)), gl.normal(m0, s0))  # same law, split: generic quadrature route
    assert abs(closed.value - quad.value) <= closed.error + quad.error + mpmath.mpf(10) ** -30


def test_mixture_kl_with_exact_weights_against_a_direct_60_digit_quadrature():
    """Two-component mixtures given as Fractions (read exactly; they used to raise TypeError): the Arb integrand
    against ``int a log(a/b)`` written out in mpmath at 60 digits."""
    from fractions import Fraction as F

    a = ((F(1, 3), F(-1, 2), F(3, 4)), (F(2, 3), F(1), F(5, 4)))
    b = ((F(1, 2), 0, 1), (F(1, 2), F(3, 2), F(1, 2)))
    c = gl.kl(a, b)
    with mpmath.workdps(60):
        def exact(v):
            v = F(v)
            return mpmath.mpf(v.numerator) / v.denominator

        def law(components, x):
            return sum(exact(w) * mpmath.npdf(x, exact(m), exact(s)) for w, m, s in components)

        ref = mpmath.quad(lambda x: law(a, x) * mpmath.log(law(a, x) / law(b, x)),
                          [-mpmath.inf, -4, -1, 0, 1, 1.5, 3, 6, mpmath.inf])
        assert c.contains(ref) and c.error < mpmath.mpf(10) ** -30 * ref


@pytest.mark.parametrize("dps", [30, 50])
def test_gaussian_tv_with_unequal_sds_against_its_closed_form(dps):
    """The density crossings (TV's kinks) are computed inside each working precision: at 50 digits, rounded once
    at the caller's 15, they had made the quadrature raise (and at 30 could shift the value by ~1e-34)."""
    from fractions import Fraction as F

    c = gl.tv(gl.normal(F(1, 3), F(7, 5)), gl.normal(0, 1), dps=dps)
    with mpmath.workdps(dps + 40):
        m1, s1 = mpmath.mpf(1) / 3, mpmath.mpf(7) / 5
        a, b, k = 1 / mpmath.mpf(2) - 1 / (2 * s1**2), m1 / s1**2, -mpmath.log(s1) - m1**2 / (2 * s1**2)
        root = mpmath.sqrt(b * b - 4 * a * k)
        lo, hi = sorted([(-b - root) / (2 * a), (-b + root) / (2 * a)])
        mass = lambda m, s: mpmath.ncdf((hi - m) / s) - mpmath.ncdf((lo - m) / s)  # noqa: E731
        assert c.contains(abs(mass(0, 1) - mass(m1, s1))) and c.error < mpmath.mpf(10) ** -dps


def _direct_information(pi, law_1, law_0, distance):
    """``pi D(P1||Pbar) + (1-pi) D(P0||Pbar)`` of two pure Gaussians ``distance`` apart, by mpmath's quadrature of
    the plain log-density form (no Arb, no log1p form). Its terms are ``O(distance)`` and cancel to
    ``O(distance^2)``: it works at that many digits twice over plus 45, and integrates ``integrand / distance^2``
    (mpmath's error estimate is not scale-free)."""
    (m1, s1), (m0, s0) = law_1, law_0
    digits = int(-mpmath.log10(distance)) + 1
    with mpmath.workdps(2 * digits + 45):
        pi, m1, s1, m0, s0 = (mpmath.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mpmath.mpf(v)
                              for v in (pi, m1, s1, m0, s0))
        unit = mpmath.mpf(10) ** (2 * digits)

        def integrand(x):
            p1, p0 = mpmath.npdf(x, m1, s1), mpmath.npdf(x, m0, s0)
            bar = pi * p1 + (1 - pi) * p0
            return unit * (pi * p1 * mpmath.log(p1 / bar) + (1 - pi) * p0 * mpmath.log(p0 / bar))

        return mpmath.quad(integrand, [-mpmath.inf, -8, min(m0, m1), max(m0, m1), 8, mpmath.inf]) / unit


@pytest.mark.parametrize(("pi", "shift"), [(Fraction(3, 10), Fraction(1, 10**39)),
                                           (Fraction(1, 2), Fraction(5.9060661957619439e-81))],
                         ids=["1e-39", "5.9e-81"])
def test_means_closer_than_the_working_precision_keep_their_relative_digits(pi, shift):
    """N(shift, 1) against N(0, 1): the information is a difference of O(shift) terms, certified to 30 relative
    digits. It is even in the shift (x -> -x swaps the signs), so ``pi (1-pi) shift^2 / 2`` is it to a relative
    ``O(shift^2)`` (1e-78 at most here). Before, means 5.9e-81 apart (a hypothesis example) printed
    1.30e-161 +- 1.97e-162 against the true 4.36e-162."""
    mi = gl.mutual_information(pi, gl.normal(shift, 1), gl.normal(0, 1))
    with mpmath.workdps(250):
        approx = mpmath.mpf(pi.numerator) / pi.denominator * (1 - mpmath.mpf(pi.numerator) / pi.denominator)
        approx *= (mpmath.mpf(shift.numerator) / shift.denominator) ** 2 / 2
        assert mi.contains(approx), (mi, approx)
        assert mi.error <= abs(approx) * mpmath.mpf(10) ** -30


def test_sds_closer_than_the_working_precision_keep_their_relative_digits():
    """N(-1e-30, 1 + 1e-30) against N(0, 1), against the plain formula at 2 log10(1/r) + 45 digits, which leaves 45
    after the cancellation (the reference's quadrature error is far below 1e-30 of the value)."""
    pi, law_1, law_0 = Fraction(1, 3), (Fraction(-1, 10**30), 1 + Fraction(1, 10**30)), (0, 1)
    mi = gl.mutual_information(pi, gl.normal(*law_1), gl.normal(*law_0))
    ref = _direct_information(pi, law_1, law_0, Fraction(1, 10**30))
    with mpmath.workdps(60):
        assert mi.contains(ref), (mi, ref)
        assert mi.error <= abs(ref) * mpmath.mpf(10) ** -30


def test_an_integrand_that_cancels_beyond_its_working_precision_says_so_in_its_error_bar():
    """Mixtures take the density-ratio route, whose Arb balls are wider than their midpoints when the laws are
    1e-60 apart: the rule's sum of radii is in the error bar, so the enclosure holds the true value (before, two
    precisions agreed on the same wrong midpoints: 3.7e-121 +- 5.6e-122 for 1.25e-121)."""
    delta = Fraction(1, 10**60)
    half = Fraction(1, 2)
    law_1 = ((half, delta, 1), (half, delta, 1))  # N(delta, 1) written as a two-component mixture
    mi = gl.mutual_information(half, law_1, gl.normal(0, 1))
    with mpmath.workdps(200):
        # I = pi (1-pi) delta^2 / 2 + O(delta^3): the Taylor remainder is 1e-60 of the value, far inside the bar
        approx = mpmath.mpf(delta.numerator) ** 2 / delta.denominator**2 / 8
        assert mi.contains(approx), mi


def test_gaussian_mutual_information_equals_the_entropy_route():
    """I = h(Pbar) - pi h(P1) - (1-pi) h(P0), the mixture entropy by direct quadrature at 40 digits."""
    pi, (m1, s1), (m0, s0) = mpmath.mpf("0.3"), (1, 1), (0, 1.5)
    mi = gl.mutual_information(pi, gl.normal(m1, s1), gl.normal(m0, s0))
    with mpmath.workdps(45):
        bar = lambda x: pi * mpmath.npdf(x, m1, s1) + (1 - pi) * mpmath.npdf(x, m0, s0)  # noqa: E731
        h_bar = mpmath.quad(lambda x: -bar(x) * mpmath.log(bar(x)), [-mpmath.inf, -5, 0, 1, 6, mpmath.inf])
        h = lambda s: mpmath.log(2 * mpmath.pi * mpmath.e * mpmath.mpf(s) ** 2) / 2  # noqa: E731
        ref = h_bar - pi * h(s1) - (1 - pi) * h(s0)
        assert abs(mi.value - ref) < mpmath.mpf(10) ** -30


def test_isotropic_information_reduces_exactly_with_equal_sds():
    a = mutual_information_isotropic(0.2, [1, 2, 2], [0, 0, 0], 1.5, 1.5)
    b = gl.mutual_information(0.2, gl.normal(3, 1.5), gl.normal(0, 1.5))
    assert a.value == b.value and a.digits >= 30


@pytest.mark.slow
def test_isotropic_information_unequal_sds_by_the_product_rule():
    """p = 2, s1 != s0 at 15 digits (the product rule's reach); it sits below the T1 entropy bound
    and above the p = 1 value (the extra coordinate carries the variance difference)."""
    c = mutual_information_isotropic(0.3, [1, 0], [0, 0], 1, 1.3, dps=15)
    one_d = gl.mutual_information(0.3, gl.normal(1, 1), gl.normal(0, 1.3), dps=15)
    assert one_d.value < c.value < binary_entropy(0.3).value
    assert c.digits >= 15


def test_normal_quantile_reaches_1e_minus_300():
    for text in ("1e-300", "1e-20", "0.5", "0.999999"):
        with mpmath.workdps(60):
            a = mpmath.mpf(text)
        x = normal_quantile(a)
        with mpmath.workdps(60):
            assert abs(mpmath.ncdf(x) / a - 1) < mpmath.mpf(10) ** -29


@pytest.mark.parametrize("alpha,d", [("1e-300", "1"), ("1e-10", "0.01"), ("0.3", "0.001"), ("0.5", "0.69")])
def test_tpr_bound_solves_the_binary_kl_equation(alpha, d):
    alpha, d = mpmath.mpf(alpha), mpmath.mpf(d)
    beta = tpr_upper_bound(alpha, d)
    assert alpha < beta.value < 1
    with mpmath.workdps(60):
        b = beta.value
        val = b * mpmath.log(b / alpha) + (1 - b) * mpmath.log((1 - b) / (1 - alpha))
        assert abs(val - d) < mpmath.mpf(10) ** -28 * max(1, d)


def test_tpr_bound_edges():
    assert tpr_upper_bound(0.05, 0).value == mpmath.mpf(0.05)
    assert tpr_upper_bound(0.01, 5).value == 1  # D >= -log(alpha): no constraint
    assert tpr_upper_bound(1e-5, 1).value < tpr_upper_bound(1e-5, 2).value


def test_exact_gaussian_tradeoff_is_above_the_kl_bound_only_where_allowed():
    """For N(mu,1) vs N(0,1), D = mu^2/2, so the exact TPR never exceeds the binary-KL TPR bound."""
    for mu in (0.1, 1, 3):
        for alpha in (1e-6, 1e-2, 0.3):
            exact = gaussian_tpr(alpha, mu).value
            bound = tpr_upper_bound(alpha, mpmath.mpf(mu) ** 2 / 2).value
            assert exact <= bound
    assert gaussian_tv(0).value == 0


def test_crossover_solves_its_equation():
    d = pinsker_bh_crossover().value
    with mpmath.workdps(50):
        assert abs(d / 2 - (1 - mpmath.exp(-d))) < mpmath.mpf(10) ** -30
    assert abs(float(d) - 1.5936) < 1e-4


def test_a_quadrature_that_cannot_be_certified_raises():
    """A planted fault: an integrand with a jump inside a segment defeats the requested digits."""
    from mileak.numeric.core.quadrature import certified_quad

    with pytest.raises(PrecisionError, match="raise dps"):
        certified_quad(lambda: (lambda x: 1 if x < mpmath.mpf(1) / 3 else 0), [0, 1], 30)


@pytest.mark.parametrize("laws", [(((1, 1, 1),), ((1, 0, 1),)),
                                  (((1, Fraction(3, 10), Fraction(17, 10)),), ((1, 0, 1),)),
                                  (((1, 0, 1),), ((1, Fraction(1, 10**5), 1),)),
                                  (((Fraction(1, 2), 1, 1), (Fraction(1, 2), -1, 2)), ((1, 0, Fraction(13, 10)),))])
def test_the_arb_integrands_give_the_mpmath_integrands_values(laws, monkeypatch):
    """TV, the Bayes success and the membership information with their integrands in Arb against the same
    quadratures with the mpmath integrands (``_arb_integrand`` made to take its fallback at every node): the two
    certified values agree within the sum of their certified errors."""
    a, b = laws
    pure = len(a) == 1 and len(b) == 1
    runs = {
        "mi": lambda: gl.mutual_information(Fraction(3, 10), a, b),
        **({"tv": lambda: gl.tv(a, b), "bayes": lambda: gl.bayes_success(Fraction(3, 10), a, b)} if pure else {}),
    }
    fast = {k: run() for k, run in runs.items()}
    monkeypatch.setattr(gl, "_arb_integrand", lambda laws, ball, mpmath_route, extra=(): mpmath_route())
    for k, run in runs.items():
        slow = run()
        assert abs(fast[k].value - slow.value) <= fast[k].error + slow.error, k
        assert fast[k].error <= 10 * max(slow.error, mpmath.mpf(10) ** -40), k  # as certain as before
