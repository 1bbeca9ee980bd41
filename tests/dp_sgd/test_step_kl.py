"""T7 (DP-SGD): the per-step KL and chi-square at 30 digits against independent routes (a plain 80-digit
quadrature, closed forms, dp_accounting's Renyi divergence, Monte Carlo) and their limits in q and z."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from mileak.numeric.dp.subsampled_gaussian import chi2_add_remove, chi2_by_quadrature, step_kl

CONFIGS = [("1/100", "11/10"), ("1/1000", "1/2"), ("1/2", "3/10"), ("1e-8", "1"), ("1/100", "100")]


def _direct_kl(q, z, v_in=1, v_out=None, digits=80):
    """``int p log(p/r)`` written plainly, at ``digits`` digits (enough that its cancellation does not matter)."""
    with mpmath.workdps(digits):
        q, z = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
        phi = lambda x, m: mpmath.npdf(x, m, z)  # noqa: E731
        p = lambda x: (1 - q) * phi(x, 0) + q * phi(x, v_in)  # noqa: E731
        r = (lambda x: phi(x, 0)) if v_out is None else (lambda x: (1 - q) * phi(x, 0) + q * phi(x, v_out))  # noqa: E731
        return mpmath.quad(lambda x: p(x) * mpmath.log(p(x) / r(x)), [-mpmath.inf, -1, 0, 1, mpmath.inf])


@pytest.mark.parametrize("q,z", CONFIGS)
def test_the_per_step_kl_is_certified_against_a_plain_80_digit_quadrature(q, z):
    for game, v_out in (("add_remove", None), ("replace", -1)):
        c = step_kl(q, z, game=game, dps=30)
        exact = _direct_kl(q, z, v_out=v_out)
        with mpmath.workdps(60):
            assert abs(c.value - exact) <= c.error, (game, q, z)
            assert c.error <= abs(exact) * mpmath.mpf(10) ** -29


def test_small_q_kl_is_half_the_chi_square_and_the_bounds_hold():
    with mpmath.workdps(50):
        for z in ("1/2", "1", "5"):
            kl, chi2 = step_kl("1e-8", z, dps=30), chi2_add_remove("1e-8", z, 30)
            # D = chi^2/2 - q^3 E[h^3]/6 + ...: the ratio's error is about q E[h^3] / (3 E[h^2]) <= q e^(2/z^2)
            assert abs(kl.value / chi2.value - mpmath.mpf(1) / 2) < 1e-8 * mpmath.exp(2 / mpmath.mpf(float(Fraction(z))) ** 2)
            for q in ("1/100", "1/2", "1"):
                kl, chi2 = step_kl(q, z), chi2_add_remove(q, z)
                assert kl.value <= mpmath.log1p(chi2.value) <= chi2.value  # T7.kl_step, T7.kl_step_linear


@pytest.mark.parametrize("q,z", CONFIGS[:3])
def test_chi_square_closed_form_equals_its_quadrature_and_dp_accounting_renyi_order_2(q, z):
    from dp_accounting import dp_event
    from dp_accounting.rdp import rdp_privacy_accountant

    closed, quad = chi2_add_remove(q, z), chi2_by_quadrature(q, z)
    with mpmath.workdps(60):
        assert abs(closed.value - quad.value) <= closed.error + quad.error
    rdp = rdp_privacy_accountant.RdpAccountant(orders=[2.0, 1.001])
    rdp.compose(dp_event.PoissonSampledDpEvent(float(Fraction(q)), dp_event.GaussianDpEvent(float(Fraction(z)))))
    order2, near1 = rdp._rdp
    # D_2(P||Q) = log(1 + chi^2): T7.kl_step's bound is the accountant's Renyi divergence of order 2
    assert abs(order2 - float(mpmath.log1p(closed.value))) <= 1e-9 * order2
    assert float(step_kl(q, z).value) <= near1 * (1 + 1e-9)  # Renyi divergences above 1 bound the KL


def test_a_monte_carlo_estimate_of_the_kl_agrees():
    rng = np.random.default_rng(0)
    q, z = 0.3, 0.7
    n = 400_000
    x = rng.normal(0, z, n) + (rng.uniform(size=n) < q)  # draws from P = (1-q) N(0, z^2) + q N(1, z^2)
    llr = np.log1p(q * np.expm1((2 * x - 1) / (2 * z * z)))
    mean, se = llr.mean(), llr.std(ddof=1) / np.sqrt(n)
    assert abs(mean - float(step_kl("0.3", "0.7").value)) < 5 * se


def test_the_antipodal_replacement_is_the_worst_case_over_a_grid():
    """The replace pair with v = 1 and any v' with |v'| <= 1 (collinear) and, in two dimensions, unit v' at an
    angle: the KL is largest at v' = -v."""
    from scipy import integrate

    for q, z in ((0.1, 1.0), (0.5, 0.5)):
        line = [float(_direct_kl(str(q), str(z), v_out=v, digits=20)) for v in np.linspace(-1, 1, 9)]
        assert max(line) == line[0]  # v' = -1
        phi = lambda x, y, mx, my: np.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * z * z)) / (2 * np.pi * z * z)  # noqa: E731

        def kl_at(angle):
            vx, vy = np.cos(angle), np.sin(angle)
            p = lambda x, y: (1 - q) * phi(x, y, 0, 0) + q * phi(x, y, 1, 0)  # noqa: E731
            r = lambda x, y: (1 - q) * phi(x, y, 0, 0) + q * phi(x, y, vx, vy)  # noqa: E731
            return integrate.dblquad(lambda y, x: p(x, y) * np.log(p(x, y) / r(x, y)), -8, 9, -8, 8,
                                     epsabs=1e-11)[0]

        angles = [kl_at(a) for a in np.linspace(0, np.pi, 7)]
        assert max(angles) == angles[-1] and abs(angles[-1] - line[0]) < 1e-6


def test_the_replace_chi_square_and_its_closed_form_bound():
    from mileak.numeric.dp.subsampled_gaussian import chi2_replace

    for q, z in (("1/100", "11/10"), ("1/2", "1/2"), ("1", "1")):
        c = chi2_replace(q, z)
        with mpmath.workdps(60):
            qq, zz = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
            r = lambda x: (1 - qq) * mpmath.npdf(x, 0, zz) + qq * mpmath.npdf(x, -1, zz)  # noqa: E731
            direct = mpmath.quad(lambda x: (qq * (mpmath.npdf(x, 1, zz) - mpmath.npdf(x, -1, zz))) ** 2 / r(x),
                                 [-mpmath.inf, -1, 0, 1, mpmath.inf])
            assert abs(c.value - direct) <= c.error + direct * mpmath.mpf(10) ** -40
            if qq < 1:
                assert c.value <= 4 * qq**2 * mpmath.sinh(1 / zz**2) / (1 - qq)


@pytest.mark.parametrize("q,z", [("1e-6", "11/10"), ("1e-6", "1/2"), ("1/1000", "5")])
def test_the_kl_tends_to_half_its_chi_square_bound_as_q_falls(q, z):
    """``D/q^2`` at a small ``q`` (certified quadrature of the KL) against the limit the scenario computes
    (quadrature of the pointwise limit): they differ by at most the brackets' width over ``q^2``,
    ``|m3|/6 + m4/3`` scaled (T7.kl_below/above), which is ``O(q)``."""
    from mileak.numeric.verify.scenarios import SubsampledGaussianStep
    from mileak.proofs.theorems import REGISTRY

    with mpmath.workdps(60):
        qf, zf = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
        lim = SubsampledGaussianStep(qf, zf).limit(REGISTRY.claim("T7.kl_order_q").statement.lhs, {}, 30)
        ratio = step_kl(q, z, dps=30).value / qf**2
        w = 1 / zf**2
        width = (abs(mpmath.exp(3 * w) - 3 * mpmath.exp(w) + 2) / 6 + qf * (mpmath.exp(6 * w) - 4 * mpmath.exp(3 * w)
                                                                            + 6 * mpmath.exp(w) - 3) / 3) * qf
        assert abs(ratio - lim.value) <= width
        assert abs(lim.value - mpmath.expm1(w) / 2) <= lim.error
        assert width < lim.value / 100  # a small q for this z: the check is not vacuous


def test_the_kl_tends_to_q_squared_over_two_z_squared_as_the_noise_grows():
    from mileak.numeric.verify.scenarios import SubsampledGaussianStep
    from mileak.proofs.theorems import REGISTRY

    with mpmath.workdps(60):
        lim = SubsampledGaussianStep(mpmath.mpf("0.3"), mpmath.mpf(1)).limit(
            REGISTRY.claim("T7.kl_order_z").statement.lhs, {}, 30)
        assert abs(lim.value - mpmath.mpf("0.3") ** 2 / 2) <= lim.error
        values = [step_kl("3/10", str(zv), dps=30).value * zv**2 for zv in (10, 100, 1000)]
        gaps = [abs(v - mpmath.mpf("0.3") ** 2 / 2) for v in values]
        assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < mpmath.mpf(10) ** -6


@pytest.mark.parametrize("game", ["add_remove", "replace"])
@pytest.mark.parametrize("direction", ["in_out", "out_in"])
def test_the_arb_step_integrand_is_the_mpmath_integrand_to_the_working_precision(game, direction):
    """Node by node, the Arb integrand equals the mpmath one (built at 50 extra digits, where cancellation cannot
    reach the compared digits) to ``2^-(prec - 1)`` relative (the ball's midpoint is within ``2^-(prec + 8)`` and
is then rounded to the working ``prec`` bits), over ``|x| <= 40 z`` and ``q`` from ``1e-8`` to 1,
    including the cancelling region near ``u = 0`` (``x = 1/2`` for add/remove, ``x = 0`` for replace)."""
    from mileak.numeric.core.precision import working_precision
    from mileak.numeric.dp import subsampled_gaussian as sg

    for q, z in (("1e-8", "100"), ("1/100", "11/10"), ("9/10", "3/10"), ("1", "2")):
        with working_precision(40):
            qq, zz = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
            fallback_calls = []

            def fallback(x):
                fallback_calls.append(x)
                return mpmath.mpf(0)

            fast = sg._arb_step_integrand(qq, zz, game, direction, fallback)
            prec = mpmath.mp.prec
            xs = [mpmath.mpf(k) / 7 * zz for k in range(-280, 281, 13)] + [mpmath.mpf("0.5") + mpmath.mpf(10) ** -k
                                                                        for k in (3, 9, 20)] + [mpmath.mpf(10) ** -25]
            values = [fast(x) for x in xs]
        with working_precision(90):
            parts = sg._pair(qq, zz, game)
            norm = 1 / (zz * mpmath.sqrt(2 * mpmath.pi))
            for x, v in zip(xs, values):
                t, u = parts(x)
                r = mpmath.exp(-x * x / (2 * zz * zz)) if game == "add_remove" else sg._relative_out(qq, zz, x)
                exact = norm * r * (sg._f_in(u, t) if direction == "in_out" else sg._f_out(u, t))
                if x in fallback_calls:
                    continue
                assert abs(v - exact) <= abs(exact) * mpmath.mpf(2) ** -(prec - 1), (q, z, x)
        assert not fallback_calls  # the Arb route takes every node here
