"""F4 beta-bernoulli against independent computations: the certified leakage (quadrature in the log-odds) against a
closed case and a plain 60-digit quadrature on (0, 1), the neighbour average against an enumeration of every
dataset pair, the engine's likelihood ratios against scipy's Beta densities, the game's mean log-likelihood
ratio against rho_KL, and the certified T3/T4 steps."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction as F

import mpmath
import numpy as np
import pytest
from scipy import stats

from mileak.numeric.families.beta_bernoulli import exact_falsify as ef
from mileak.numeric.families.beta_bernoulli.engine import BetaBernoulliEngine
from mileak.numeric.families.beta_bernoulli.information import neighbour_average, rho_kl, rho_mi


def _q(x):
    """An exact Fraction at the working precision (mpmath takes no Fraction)."""
    x = F(x)
    return mpmath.mpf(x.numerator) / x.denominator


def _plain_densities(n, lam, m0, theta0):
    """``p1_0, p1_1, p0`` on (0, 1) written out directly (binomial weights times Beta densities), mpmath."""
    a, b = _q(lam) * _q(m0), _q(lam) * (1 - _q(m0))
    th = _q(theta0)

    def p1(z, t, s=None):  # s = 1 - t, given where forming it would round it away
        s = 1 - t if s is None else s
        return mpmath.fsum(math.comb(n - 1, j) * th**j * (1 - th) ** (n - 1 - j)
                           * t ** (a + j + z - 1) * s ** (b + n - j - z - 1) / mpmath.beta(a + j + z, b + n - j - z)
                           for j in range(n))

    return ((lambda t, s=None: p1(0, t, s)), (lambda t, s=None: p1(1, t, s)),
            (lambda t, s=None: th * p1(1, t, s) + (1 - th) * p1(0, t, s)), th)


def _plain_rho_kl(n, lam, m0, theta0):
    with mpmath.workdps(45):
        g0, g1, p0, th = _plain_densities(n, lam, m0, theta0)
        kl = [mpmath.quad(lambda t, g=g: g(t) * mpmath.log(g(t) / p0(t)), [0, _q(theta0), 1]) for g in (g0, g1)]
        return (1 - th) * kl[0] + th * kl[1]


def _plain_rho_mi(pi, n, lam, m0, theta0):
    with mpmath.workdps(45):
        g0, g1, p0, th = _plain_densities(n, lam, m0, theta0)
        w = _q(pi)
        total = 0
        for weight, g in ((1 - th, g0), (th, g1)):
            def f(t, g=g):
                m = w * g(t) + (1 - w) * p0(t)
                return w * g(t) * mpmath.log(g(t) / m) + (1 - w) * p0(t) * mpmath.log(p0(t) / m)
            total += weight * mpmath.quad(f, [0, _q(theta0), 1])
        return total


def test_one_record_under_a_uniform_prior_is_ln2_minus_half():
    """n = 1, Beta(1, 1) prior, theta0 = 1/2: P1_z = Beta(1 + z, 2 - z) against the uniform P0, so
    rho_KL = int 2t ln(2t) dt = ln 2 - 1/2."""
    c = rho_kl(1, F(2), F(1, 2), F(1, 2), dps=30)
    with mpmath.workdps(50):
        assert abs(c.value - (mpmath.log(2) - mpmath.mpf(1) / 2)) <= c.error and c.error < mpmath.mpf(10) ** -30


@pytest.mark.parametrize("n, lam, m0, theta0", [(3, F(2), F(1, 2), F(1, 2)), (5, F(3), F(1, 3), F(4, 5)),
                                                (6, F(5, 2), F(3, 5), F(1, 10))])
def test_rho_kl_and_rho_mi_agree_with_a_plain_quadrature_on_the_unit_interval(n, lam, m0, theta0):
    """Priors with a, b >= 1 (no endpoint singularity): mpmath's plain quadrature on (0, 1) at 45 digits, the
    densities written out directly, is an independent route to the same numbers (to 1e-38, far below the
    certified 30 digits' errors)."""
    kl = rho_kl(n, lam, m0, theta0, dps=30)
    mi = rho_mi(F(1, 3), n, lam, m0, theta0, dps=30)
    with mpmath.workdps(45):
        assert abs(kl.value - _plain_rho_kl(n, lam, m0, theta0)) <= kl.error + mpmath.mpf(10) ** -38
        assert abs(mi.value - _plain_rho_mi(F(1, 3), n, lam, m0, theta0)) <= mi.error + mpmath.mpf(10) ** -38


def test_a_weak_prior_is_integrated_in_the_log_odds():
    """lam = 1/10: Beta(1/20, 1/20) has t^-0.95 at the ends, where tanh-sinh on (0, 1) misjudges its error. An
    independent route: t = u^20 near 0 and 1 - t = u^20 near 1 turn t^-0.95 dt into 20 du, a smooth integrand."""
    c = rho_kl(2, F(1, 10), F(1, 2), F(1, 2), dps=20)
    assert c.error < mpmath.mpf(10) ** -20
    with mpmath.workdps(40):
        g0, g1, p0, th = _plain_densities(2, F(1, 10), F(1, 2), F(1, 2))
        top = mpmath.mpf(2) ** (-mpmath.mpf(1) / 20)  # u where u^20 = 1/2
        total = 0
        for w, g in ((1 - th, g0), (th, g1)):
            f = lambda t, s, g=g: g(t, s) * mpmath.log(g(t, s) / p0(t, s))  # noqa: E731
            total += w * (mpmath.quad(lambda u, f=f: f(u**20, 1 - u**20) * 20 * u**19, [0, top])
                          + mpmath.quad(lambda u, f=f: f(1 - u**20, u**20) * 20 * u**19, [0, top]))
        assert abs(c.value - total) <= c.error + mpmath.mpf(10) ** -25


def test_the_neighbour_average_is_the_sum_over_every_dataset_pair():
    """Enumerate D_rest's successes and the pair (z, z'), the KL of each pair of posteriors from mpmath's loggamma
    and digamma (not the Arb route), weighted by the binomial probabilities."""
    n, lam, m0, th = 6, F(3, 2), F(2, 5), F(3, 10)
    got = neighbour_average(n, lam, m0, th, dps=30)
    with mpmath.workdps(60):
        a, b = _q(lam * m0), _q(lam * (1 - m0))

        def kl(a1, b1, a2, b2):
            lb = lambda p, q: mpmath.loggamma(p) + mpmath.loggamma(q) - mpmath.loggamma(p + q)  # noqa: E731
            return (lb(a2, b2) - lb(a1, b1) + (a1 - a2) * mpmath.digamma(a1) + (b1 - b2) * mpmath.digamma(b1)
                    + (a2 - a1 + b2 - b1) * mpmath.digamma(a1 + b1))

        total = 0
        for s in range(n):
            w = math.comb(n - 1, s) * _q(th) ** s * (1 - _q(th)) ** (n - 1 - s)
            for z, pz in ((0, 1 - _q(th)), (1, _q(th))):
                for zp, pzp in ((0, 1 - _q(th)), (1, _q(th))):
                    if z != zp:
                        total += w * pz * pzp * kl(a + s + z, b + n - s - z, a + s + zp, b + n - s - zp)
        assert abs(got.value - total) <= got.error + mpmath.mpf(10) ** -50 and got.error < mpmath.mpf(10) ** -30


def test_the_engine_likelihood_ratios_are_scipys_beta_densities():
    engine = BetaBernoulliEngine(release="posterior", n=4, lam=2.0, m0=0.3, theta0=0.6)
    rng = np.random.default_rng(0)
    rest = engine.draw_rest(rng, 50)
    extras = np.stack([np.ones((50, 1)), np.zeros((50, 1))], axis=1)
    theta, ok = engine.fit(rest, extras)
    theta_hat = engine.release(rng, rest, extras[:, :1], theta[:, :1])[:, 0]
    a, b, n = 0.6, 1.4, 4
    s1, s0 = rest + 1, rest
    direct = stats.beta.logpdf(theta_hat[:, 0], a + s1, b + n - s1) - stats.beta.logpdf(theta_hat[:, 0], a + s0, b + n - s0)
    assert np.allclose(engine.strong_llr(theta_hat, rest, extras, theta), direct, rtol=1e-10, atol=1e-10)
    kl = engine.neighbour_kl(rest, extras, theta)
    i = int(np.argmax(kl))
    p, q = stats.beta(a + s1[i], b + n - s1[i]), stats.beta(a + s0[i], b + n - s0[i])
    from scipy.integrate import quad

    numeric = quad(lambda t: p.pdf(t) * (p.logpdf(t) - q.logpdf(t)), 0, 1, limit=200)[0]
    assert abs(kl[i] - numeric) < 1e-8
    z = np.ones((50, 1))
    th = 0.6
    mix = lambda zz, t: sum(math.comb(n - 1, j) * th**j * (1 - th) ** (n - 1 - j)  # noqa: E731
                            * stats.beta.pdf(t, a + j + zz, b + n - j - zz) for j in range(n))
    t = theta_hat[:, 0]
    direct_pop = np.log(mix(1, t)) - np.log(th * mix(1, t) + (1 - th) * mix(0, t))
    assert np.allclose(engine.population_llr(theta_hat, z), direct_pop, rtol=1e-9, atol=1e-9)


def test_the_games_mean_log_likelihood_ratio_of_members_is_rho_kl():
    """E over members of ln p1_z(theta_hat) / p0(theta_hat) is E_z D(P1_z || P0) = rho_KL: a Monte Carlo of the
    engine's own game against the certified quadrature (5 standard errors)."""
    n, lam, m0, th = 3, 2.0, 0.5, 0.3
    engine = BetaBernoulliEngine(release="posterior", n=n, lam=lam, m0=m0, theta0=th)
    rng = np.random.default_rng(1)
    size = 200_000
    rest = engine.draw_rest(rng, size)
    z = engine.records(rng, (size, 1))
    theta, _ = engine.fit(rest, z)
    theta_hat = engine.release(rng, rest, z, theta)[:, 0]
    llr = engine.population_llr(theta_hat, z[:, 0])
    exact = float(rho_kl(n, F(2), F(1, 2), F(3, 10), dps=20).value)
    assert abs(llr.mean() - exact) < 5 * llr.std() / math.sqrt(size)


def test_t3_and_t4_steps_are_certified_and_fall():
    r = ef.exact_falsify("T3", steps=[(1, 2, F(1, 2), F(1, 2), F(1, 2)), (2, 3, F(2), F(1, 10), F(9, 10))])
    assert [row["paper_rho_kl"]["verdict"] for row in r["certified_steps"]] == ["falls", "falls"]
    first = r["certified_steps"][0]["paper_rho_kl"]
    assert abs(first["before"] - float(rho_kl(1, F(1, 2), F(1, 2), F(1, 2), dps=20).value)) < 1e-15
    r4 = ef.exact_falsify("T4", steps=[(2, F(1), F(2), F(1, 2), F(1, 2))])
    assert {r4["certified_steps"][0][k]["verdict"] for k in ef.QUANTITIES} == {"falls"}
    with pytest.raises(ValueError, match="release='output' must be posterior"):
        ef.exact_falsify("T3", "output")


def test_a_rise_is_printed_as_an_exact_counterexample(monkeypatch):
    """The reporting path of a failure: a quantity made to rise prints FALSIFIED and the step's exact values."""
    from mileak.numeric.cli.text.falsify import falsify_text

    monkeypatch.setitem(ef.QUANTITIES, "paper_rho_kl", lambda n, lam, m0, th, dps: rho_kl(1, lam, m0, th, dps=dps)
                        .scaled(F(n, 1)))
    r = ef.exact_falsify("T3", steps=[(1, 2, F(2), F(1, 2), F(1, 2))])
    text = falsify_text(r)
    assert "paper's rho_KL FALSIFIED: rises at 1 of 1 steps" in text
    assert "counterexample: n = 1 -> 2, lam = 2, m0 = 1/2, theta0 = 1/2: before 0.19314718" in text


def _cli(*argv):
    return subprocess.run([sys.executable, "-m", "mileak.numeric.cli", *argv], capture_output=True, text=True,
                          timeout=600)


def test_the_commands_run_on_it():
    leak = _cli("leakage", "beta-bernoulli", "--param", "n=1", "--param", "lam=2", "--dps", "20")
    assert leak.returncode == 0, leak.stderr
    assert "rho_KL: 0.19314718055994530942" in leak.stdout  # ln 2 - 1/2
    sim = _cli("simulate", "beta-bernoulli", "--param", "n=5", "--param", "lam=1", "--trials", "2000", "--quiet")
    assert sim.returncode == 0 and "check: no attack exceeds any bound" in sim.stdout, sim.stderr
    wrong = _cli("simulate", "beta-bernoulli", "--param", "n=5", "--param", "lam=1", "--release", "output")
    assert wrong.returncode == 2 and "release='output' must be one of posterior" in wrong.stderr


def test_the_neighbour_average_is_the_rational_its_closed_forms_sum_to():
    """The two directions' KLs of a neighbouring pair sum to psi(A+1) - psi(A) + psi(B+1) - psi(B) = 1/A + 1/B, so
    the average is exactly theta0 (1 - theta0) sum_j Bin(j) (1/A_j + 1/B_j): the certified ball must hold it."""
    n, lam, m0, th = 9, F(7, 3), F(2, 7), F(1, 5)
    a, b = lam * m0, lam * (1 - m0)
    exact = th * (1 - th) * sum(math.comb(n - 1, j) * th**j * (1 - th) ** (n - 1 - j) * (1 / (a + j) + 1 / (b + n - 1 - j))
                                for j in range(n))
    got = neighbour_average(n, lam, m0, th, dps=40)
    with mpmath.workdps(80):
        assert abs(got.value - _q(exact)) <= got.error and got.error < mpmath.mpf(10) ** -40


@pytest.mark.parametrize("n, lam, m0, theta0, pi", [(1, F(1, 2), F(1, 2), F(1, 2), F(1, 2)),
                                                    (2, F(1, 10), F(1, 10), F(9, 10), F(1, 10)),
                                                    (6, F(5), F(1, 3), F(1, 5), F(4, 5))])
def test_t1_holds_on_f4s_exact_quantities(n, lam, m0, theta0, pi):
    """T1 on the exact numbers, certified: rho_MI <= pi rho_KL and rho_MI <= h(pi) (lower end of the bound above
    the upper end of rho_MI)."""
    kl, mi = rho_kl(n, lam, m0, theta0, dps=20), rho_mi(pi, n, lam, m0, theta0, dps=20)
    with mpmath.workdps(40):
        p = _q(pi)
        assert mi.value + mi.error < p * (kl.value - kl.error)
        assert mi.value + mi.error < -p * mpmath.log(p) - (1 - p) * mpmath.log1p(-p)
