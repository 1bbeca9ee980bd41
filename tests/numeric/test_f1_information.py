"""F1's exact rho_MI: the cached variance-gamma rule against mpmath.quad, bounds, limits and edge cases."""

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mileak.numeric.families.gaussian_mean.information import (
    f1_correlation_squared,
    f1_kl_leakage,
    f1_membership_information,
    f1_membership_information_quad,
)
from mileak.numeric.measures.divergences import binary_entropy
from mileak.numeric.measures.registered_bounds import t1_bounds


def test_mutually_singular_case_is_the_entropy():
    assert f1_membership_information(0.2, 1, 2).contains(binary_entropy(0.2).value)
    assert mpmath.isinf(f1_kl_leakage(1, 2).value)


@settings(max_examples=3, deadline=None)
@given(st.sampled_from([2, 4]), st.integers(1, 99), st.integers(-5, -1), st.integers(1, 9))
def test_fast_rule_agrees_with_mpmath_quad_even_p(p, pi_pct, exp10, mant):
    """Two independent routes (Arb Bessel values + cached DE rule; mpmath.quad over the density)."""
    pi, c2 = mpmath.mpf(pi_pct) / 100, mpmath.mpf(mant) * mpmath.mpf(10) ** exp10
    fast, ref = f1_membership_information(pi, c2, p), f1_membership_information_quad(pi, c2, p)
    with mpmath.workdps(60):
        assert abs(fast.value - ref.value) <= fast.error + ref.error
    assert fast.error <= 1e-30 * fast.value


def test_fast_rule_agrees_with_mpmath_quad_odd_p_at_15_digits():
    pi, c2 = mpmath.mpf("0.35"), mpmath.mpf("0.4")
    fast, ref = f1_membership_information(pi, c2, 1), f1_membership_information_quad(pi, c2, 1, dps=15)
    with mpmath.workdps(60):
        assert abs(fast.value - ref.value) <= fast.error + ref.error and fast.error < 1e-30 * fast.value


@pytest.mark.parametrize("p", [1, 2, 3, 7])
def test_below_the_t1_bounds_and_increasing_in_c2(p):
    pi = mpmath.mpf("0.3")
    values = []
    for c2 in ("0.05", "0.3", "0.6", "0.95"):
        mi = f1_membership_information(pi, mpmath.mpf(c2), p)
        kl = f1_kl_leakage(mpmath.mpf(c2), p)
        smallest = t1_bounds(pi, kl.value)["smallest"][1]
        with mpmath.workdps(60):
            assert mi.value + mi.error < smallest.value - smallest.error and mi.error < 1e-30 * mi.value
        values.append(mi)
    with mpmath.workdps(60):
        assert all(a.value + a.error < b.value - b.error for a, b in zip(values, values[1:]))


@pytest.mark.parametrize("p", [1, 2, 5])
def test_non_increasing_in_n_and_lam(p):
    pi = mpmath.mpf("0.5")
    by_n = [f1_membership_information(pi, f1_correlation_squared(mpmath.mpf(n), mpmath.mpf("0.2"), mpmath.mpf("0.3"), 1), p)
            for n in (2, 3, 7, 30)]
    by_lam = [f1_membership_information(pi, f1_correlation_squared(mpmath.mpf(5), mpmath.mpf(lam), mpmath.mpf("0.3"), 1), p)
              for lam in ("0", "0.5", "2", "20")]
    with mpmath.workdps(60):
        for seq in (by_n, by_lam):
            assert all(b.value - b.error <= a.value + a.error for a, b in zip(seq, seq[1:]))


@pytest.mark.parametrize("p", [1, 2])
def test_small_correlation_limit_is_one_minus_pi(p):
    pi = mpmath.mpf("0.2")
    gaps = []
    for c2 in ("1e-4", "1e-8"):
        c2 = mpmath.mpf(c2)
        ratio = f1_membership_information(pi, c2, p).value / (pi * f1_kl_leakage(c2, p).value)
        gaps.append(abs(ratio - (1 - pi)))
    assert gaps[1] < gaps[0] / 100 and gaps[1] < 1e-6


def test_correlation_formula_and_bad_input():
    assert f1_correlation_squared(mpmath.mpf(1), 0, 0, 1) == 1
    with pytest.raises(ValueError, match=r"c2=2.0 must be in \(0, 1\]"):
        f1_membership_information(0.5, 2.0, 1)
    with pytest.raises(ValueError, match=r"p=0 must be an int in \[1, oo\]"):
        f1_kl_leakage(0.5, 0)


def test_well_separated_laws_use_the_bhattacharyya_bracket_which_agrees_with_the_reference_quadrature():
    """At ``p = 100, c^2 = 0.99`` ``h(pi) - rho_MI <= 2 ln 2 sqrt(pi(1-pi)) BC^p`` is below 1e-40: the bracket is
    the answer; mpmath.quad over the variance-gamma density (an independent route) lies inside it."""
    pi, c2 = mpmath.mpf("0.3"), mpmath.mpf("0.99")
    fast, ref = f1_membership_information(pi, c2, 100), f1_membership_information_quad(pi, c2, 100, dps=20)
    h = binary_entropy(pi)
    with mpmath.workdps(60):
        assert abs(fast.value - ref.value) <= fast.error + ref.error
        assert fast.value <= h.value + h.error and h.value - fast.value <= mpmath.mpf(10) ** -40


@pytest.mark.parametrize(("p", "c2"), [(100, "0.5"), (1000, "0.5"), (10_000, "1e-4"), (10_000, "0.999")])
def test_large_dimensions_are_certified_below_the_t1_bounds(p, c2):
    """``p`` to 10,000 (the rule to its step 2^-11, or the bracket): 30 certified digits, under T1's bounds,
    and above the small-correlation lower bound ``rho_MI >= 0``; ``p = 100, c^2 = 0.5`` raised before."""
    pi = mpmath.mpf("0.3")
    mi, kl = f1_membership_information(pi, mpmath.mpf(c2), p), f1_kl_leakage(mpmath.mpf(c2), p)
    smallest = t1_bounds(pi, kl.value)["smallest"][1]
    with mpmath.workdps(60):
        assert 0 < mi.value and mi.error <= 1e-30 * mi.value
        assert mi.value - mi.error <= smallest.value + smallest.error


def test_the_line_rule_agrees_with_mpmath_quad_at_p_128():
    """From ``p = 64`` the trapezoidal rule on the line (Arb densities at dyadic nodes) replaces the exp-sinh rule;
    mpmath.quad over mpmath's Bessel K (the reference route, independent of Arb and of both rules) agrees."""
    pi, c2 = mpmath.mpf("0.3"), mpmath.mpf("0.1")
    fast, ref = f1_membership_information(pi, c2, 128), f1_membership_information_quad(pi, c2, 128, dps=20)
    with mpmath.workdps(60):
        assert abs(fast.value - ref.value) <= fast.error + ref.error and fast.error <= 1e-30 * fast.value


@pytest.mark.parametrize(("p", "c2"), [(64, "0.001"), (300, "0.05"), (1000, "0.01"), (128, "0.5")])
def test_the_line_rule_agrees_with_the_exp_sinh_rule(p, c2, monkeypatch):
    """Where both rules converge, their certified values overlap (they share only the Arb density)."""
    import mileak.numeric.families.gaussian_mean.information as information

    pi, c2 = mpmath.mpf("0.4"), mpmath.mpf(c2)
    line = f1_membership_information(pi, c2, p)
    monkeypatch.setattr(information, "LINE_RULE_MAX_C2", -1)  # the exp-sinh rule at the same point
    exp_sinh = f1_membership_information(pi, c2, p)
    with mpmath.workdps(60):
        assert abs(line.value - exp_sinh.value) <= line.error + exp_sinh.error
        assert max(line.error, exp_sinh.error) <= 1e-30 * line.value


@pytest.mark.parametrize(("p", "c2"), [(1000, "0.2"), (3000, "0.05"), pytest.param(10_000, "0.02", marks=pytest.mark.slow),
                                       pytest.param(5569, "0.018455", marks=pytest.mark.slow)])
def test_the_band_the_exp_sinh_rule_could_not_reach_is_certified_and_monotone(p, c2):
    """These raised PrecisionError (the exp-sinh rule unconverged at its step 2^-11): now 30 certified digits,
    under T1's smallest bound, and rising with c^2 (T3/T4's garbling direction) at a 1% larger c^2."""
    pi = mpmath.mpf("0.5")
    c2 = mpmath.mpf(c2)
    mi, more = f1_membership_information(pi, c2, p), f1_membership_information(pi, c2 * mpmath.mpf("1.01"), p)
    smallest = t1_bounds(pi, f1_kl_leakage(c2, p).value)["smallest"][1]
    with mpmath.workdps(60):
        assert 0 < mi.value and mi.error <= 1e-30 * mi.value
        assert mi.value + mi.error <= smallest.value - smallest.error
        assert mi.value + mi.error < more.value - more.error


@pytest.mark.parametrize("p", [3, 80])  # the exp-sinh rule, and the trapezoidal rule on the line
def test_kept_node_densities_give_the_same_bits_without_a_bessel_value(p, tmp_path, monkeypatch):
    """A new process (memory cleared) reads the kept densities: the same value and error, bit for bit, and no
    Bessel value computed; a table that cannot be read is ignored and computed again."""
    from fractions import Fraction

    from mileak.numeric.families.gaussian_mean import variance_gamma_rule as rule

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    rule.clear_cache()  # cold: nothing in memory, the kept tables not read
    first = f1_membership_information(Fraction(1, 3), Fraction(1, 10), p, dps=30)
    kept = sorted((tmp_path / "constants").glob("variance-gamma-*.json"))
    assert kept
    rule.clear_cache(read_kept=True)

    def no_bessel(*args):
        raise AssertionError("a kept density was computed again")

    with monkeypatch.context() as m:
        m.setattr(rule, "_density", no_bessel)
        again = f1_membership_information(Fraction(1, 3), Fraction(1, 10), p, dps=30)
    assert (again.value, again.error) == (first.value, first.error)
    for path in kept:
        path.write_text("[[1, [0, 'zz', 1, 1]]]")  # not an mpf: the table is ignored, the densities recomputed
    rule.clear_cache(read_kept=True)
    third = f1_membership_information(Fraction(1, 3), Fraction(1, 10), p, dps=30)
    assert (third.value, third.error) == (first.value, first.error)
    rule.clear_cache(read_kept=True)


def test_a_kept_table_is_keyed_by_the_computing_source(tmp_path):
    from mileak.numeric.core.constant_tables import ConstantTable

    one, two = tmp_path / "a.py", tmp_path / "b.py"
    one.write_text("x = 1\n")
    two.write_text("x = 2\n")
    t1 = ConstantTable("demo", [1], str(one), folder=tmp_path)
    t1.save({0: (mpmath.mpf(2),)})
    assert ConstantTable("demo", [1], str(two), folder=tmp_path).load() == {}
    assert ConstantTable("demo", [2], str(one), folder=tmp_path).load() == {}
    assert t1.load() == {0: (mpmath.mpf(2),)}
