"""The batched engines against independent references: exact rational ridge, certified logistic fits, scipy densities."""

import tracemalloc
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from scipy import stats

from mileak.numeric.families.engine import MEMORY_BUDGET_BYTES
from mileak.numeric.families.gaussian_mean.engine import GaussianMeanEngine
from mileak.numeric.families.logistic.batched import fit_shared_rest
from mileak.numeric.families.logistic.engine import LogisticEngine
from mileak.numeric.families.logistic.solve import logistic_fit
from mileak.numeric.families.ridge.engine import RidgeEngine
from mileak.numeric.families.ridge.solve import neighbour_kl, ridge_solution
from mileak.numeric.game.membership_game import play


def _ridge_case(release, seed=0, p=3, n=6, lam=0.25, noise=0.7):
    e = RidgeEngine(release=release, n=n, p=p, lam=lam, **({"sigma": noise} if release == "output" else {"tau": noise}))
    rng = np.random.default_rng(seed)
    rest, z = e.draw_rest(rng, 4), e.records(rng, (4, 2))
    theta, ok = e.fit(rest, z)
    return e, rest, z, theta, ok


@pytest.mark.parametrize("seed", range(3))
def test_ridge_fit_matches_the_exact_rational_solution(seed):
    e, rest, z, theta, ok = _ridge_case("output", seed)
    assert ok.all()
    for b in range(4):
        for j in range(2):
            X = np.concatenate([rest.X[b], z[b, j:j + 1, :3]])
            y = np.concatenate([rest.y[b], z[b, j:j + 1, 3]])
            exact = ridge_solution([[Fraction(v) for v in row] for row in X], [Fraction(v) for v in y], Fraction(0.25))
            assert np.allclose(theta[b, j], [float(v) for v in exact], rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("release", ["output", "posterior"])
def test_ridge_neighbour_kl_matches_the_certified_one(release):
    e, rest, z, theta, _ = _ridge_case(release, 1)
    kl = e.neighbour_kl(rest, z, theta)
    for b in range(4):
        ref = neighbour_kl(rest.X[b].tolist(), rest.y[b].tolist(), (z[b, 0, :3].tolist(), z[b, 0, 3]),
                           (z[b, 1, :3].tolist(), z[b, 1, 3]), lam=0.25, release=release, noise=0.7, dps=20)
        assert abs(kl[b] - float(ref.certified.value)) <= 1e-9 * (1 + abs(kl[b]))


@pytest.mark.parametrize("release", ["output", "posterior"])
def test_strong_llr_is_the_difference_of_the_two_gaussian_log_densities(release):
    e, rest, z, theta, _ = _ridge_case(release, 2)
    rng = np.random.default_rng(5)
    th = e.release(rng, rest, z[:, :1], theta[:, :1])[:, 0]
    llr = e.strong_llr(th, rest, z, theta)
    for b in range(4):
        logs = []
        for j in range(2):
            x = z[b, j, :3]
            cov = 0.7**2 * (np.linalg.inv(rest.A[b] + np.outer(x, x)) if release == "posterior" else np.eye(3))
            logs.append(stats.multivariate_normal(theta[b, j], cov).logpdf(th[b]))
        assert abs(llr[b] - (logs[0] - logs[1])) <= 1e-8 * (1 + abs(llr[b]))


def test_posterior_release_has_the_posterior_covariance():
    e = RidgeEngine(release="posterior", n=8, p=2, lam=0.5, tau=0.3)
    rng = np.random.default_rng(3)
    rest, z = e.draw_rest(rng, 1), e.records(rng, (1, 1))
    theta, _ = e.fit(rest, z)
    many = np.stack([e.release(rng, rest, z, theta)[0, 0] for _ in range(20000)])
    target = 0.09 * np.linalg.inv(rest.A[0] + np.outer(z[0, 0, :2], z[0, 0, :2]))
    # 20000 draws: the sample covariance's relative error is about sqrt(2/20000) = 1%; 6% is > 5 standard errors
    assert np.allclose(np.cov(many.T), target, rtol=0.06, atol=0.06 * np.abs(target).max())
    assert np.allclose(many.mean(0), theta[0, 0], atol=6 * np.sqrt(np.diag(target).max() / 20000))


def test_logistic_fits_agree_with_the_certified_mpmath_fit():
    e = LogisticEngine(n=12, lam=0.2, sigma=1.0, p=2, R=1.0)
    rng = np.random.default_rng(4)
    rest, z = e.draw_rest(rng, 3), e.records(rng, (3, 2))
    theta, ok = e.fit(rest, z)
    assert ok.all()
    for b in range(3):
        for j in range(2):
            data = np.concatenate([rest[b], z[b, j:j + 1]])
            ref = logistic_fit(data[:, :2].tolist(), data[:, 2].tolist(), 0.2, dps=20)
            # certified fit within 1e-30; the engine's certificate: ||theta - theta_D|| <= 1e-10
            assert max(abs(float(t) - float(r)) for t, r in zip(theta[b, j], ref.theta)) <= 1.1e-10


def test_a_model_flagged_converged_has_a_small_gradient_and_nonconverged_ones_are_flagged():
    rng = np.random.default_rng(6)
    Xr, yr = rng.normal(size=(5, 30, 3)), np.sign(rng.normal(size=(5, 30)))
    Xe, ye = rng.normal(size=(5, 4, 3)), np.sign(rng.normal(size=(5, 4)))
    lam = 1e-3
    theta, ok = fit_shared_rest(Xr * 20, yr, Xe * 20, ye, lam, tol=1e-12, max_iter=1)
    assert not ok.all()  # one chord step and one Newton step cannot reach 1e-12 on separable-ish data
    for b, j in zip(*np.nonzero(ok)):
        X = np.concatenate([Xr[b] * 20, Xe[b, j:j + 1] * 20])
        y = np.concatenate([yr[b], ye[b, j:j + 1]])
        m = y * (X @ theta[b, j])
        grad = -(X * (y / (1 + np.exp(m)))[:, None]).sum(0) / len(y) + lam * theta[b, j]
        assert np.linalg.norm(grad) <= 1e-12 * lam * 1.01


def test_one_model_per_rest_set_takes_the_full_newton_route_and_both_routes_agree():
    """``k < CHORD_FROM``: each full dataset by ``fit_batch`` (bit for bit); ``k >= CHORD_FROM``: the chord route,
    within the certified ``||theta - theta_D|| <= tol`` of each (so within ``2 tol`` of each other)."""
    from mileak.numeric.families.logistic.batched import CHORD_FROM, fit_batch

    assert CHORD_FROM == 2
    rng = np.random.default_rng(9)
    Xr, yr = rng.normal(size=(6, 40, 3)) / 2, np.sign(rng.normal(size=(6, 40)))
    Xe, ye = rng.normal(size=(6, 2, 3)) / 2, np.sign(rng.normal(size=(6, 2)))
    lam, tol = 0.05, 1e-10
    one, ok1 = fit_shared_rest(Xr, yr, Xe[:, :1], ye[:, :1], lam, tol)
    full = np.concatenate([Xr, Xe[:, :1]], 1), np.concatenate([yr, ye[:, :1]], 1)
    direct, ok_direct = fit_batch(*full, lam, tol)
    assert ok1.all() and np.array_equal(one[:, 0], direct) and np.array_equal(ok1[:, 0], ok_direct)
    two, ok2 = fit_shared_rest(Xr, yr, Xe, ye, lam, tol)
    assert ok2.all() and np.max(np.abs(two[:, 0] - direct)) <= 2 * tol


def test_gaussian_mean_population_llr_is_exact():
    e = GaussianMeanEngine(n=7, lam=0.3, sigma=0.4, s=1.5, m=0.2, p=2)
    rng = np.random.default_rng(7)
    th, z = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    a = 1.5**2 / (49 * 1.3**2)
    v1, v0 = 6 * a + 0.16, 7 * a + 0.16
    mu1 = (z + 6 * 0.2) / (7 * 1.3)
    ref = (stats.norm(mu1, np.sqrt(v1)).logpdf(th).sum(1) - stats.norm(0.2 / 1.3, np.sqrt(v0)).logpdf(th).sum(1))
    assert np.allclose(e.population_llr(th, z), ref, rtol=1e-12, atol=1e-12)


def test_the_f1_rest_sum_has_its_law():
    e = GaussianMeanEngine(n=11, s=2.0, m=1.0, p=1)
    sums = e.draw_rest(np.random.default_rng(8), 200000)[:, 0]
    # N(10, 40): mean within 6 standard errors (6 * sqrt(40 / 2e5) = 0.085), variance within 3%
    assert abs(sums.mean() - 10) < 0.085 and abs(sums.var() / 40 - 1) < 0.03


@pytest.mark.parametrize("engine, shadows", [(GaussianMeanEngine(n=100, p=4, sigma=0.1), 16),
                                             (RidgeEngine(n=500, p=30, lam=1.0, sigma=1.0), 16),
                                             (LogisticEngine(n=500, p=30, lam=1.0, sigma=1.0), 16)])
def test_a_game_stays_within_the_memory_budget(engine, shadows):
    """Peak numpy memory of a game spanning several chunks (tracemalloc counts numpy's allocations)."""
    trials = 3 * max(1, engine.chunk_size() // (2 + shadows)) if engine.family_name != "gaussian-mean" else 200000
    tracemalloc.start()
    play(engine, trials, seed=0, shadows=shadows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= 2 * MEMORY_BUDGET_BYTES, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("bad, message", [({"n": 1, "lam": 0.1, "sigma": 1}, "n=1"), ({"n": 5, "lam": -1, "sigma": 1}, "lam"),
                                          ({"lam": 0.1, "sigma": 1}, "n"), ({"n": 5, "lam": 0.1}, "sigma")])
def test_bad_engine_parameters_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        RidgeEngine(release="output", **bad)


def test_mpmath_reference_is_untouched():
    assert mpmath.mp.dps == 15
