"""F2 ridge and F3 logistic: exact solves, neighbouring KLs against independent routes, certified ERM."""

from fractions import Fraction as F

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.families.logistic.solve import logistic_fit
from mileak.numeric.families.ridge.solve import batch_neighbour_kl, neighbour_kl, ridge_solution
from mileak.proofs.definitions.divergences import kl_gaussian
from mileak.proofs.families import ridge as f2

small = st.integers(-4, 4).map(F)


@given(st.lists(st.tuples(small, small, small), min_size=0, max_size=3), st.tuples(small, small, small),
       st.tuples(small, small, small), st.integers(1, 20).map(lambda k: F(k, 10)), st.integers(1, 20).map(lambda k: F(k, 10)))
def test_ridge_kl_matches_sympy_gaussian_kl_and_float_batch(rest, z, zp, lam, tau):
    """The exact posterior KL (one log) against sympy's general-covariance Gaussian KL, p = 2."""
    rX, ry = [list(r[:2]) for r in rest], [r[2] for r in rest]
    kl = neighbour_kl(rX, ry, (list(z[:2]), z[2]), (list(zp[:2]), zp[2]), lam, release="posterior", noise=tau)
    rows1, rows0 = rX + [list(z[:2])], rX + [list(zp[:2])]
    ys1, ys0 = ry + [z[2]], ry + [zp[2]]

    def law(rows, ys):
        n = len(rows)
        X = sp.Matrix(rows)
        A = X.T * X + n * sp.Rational(lam) * sp.eye(2)
        return A.inv() * X.T * sp.Matrix(ys), sp.Rational(tau) ** 2 * A.inv()

    m1, S1 = law(rows1, ys1)
    m0, S0 = law(rows0, ys0)
    ref = sp.N(kl_gaussian(m1, S1, m0, S0), 50)
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(str(ref)) - kl.value) <= kl.certified.error + mpmath.mpf(10) ** -40 * (1 + abs(kl.value))
    if rest:
        b = batch_neighbour_kl(np.array([[[float(v) for v in r] for r in rX]]), np.array([[float(v) for v in ry]]),
                               (np.array([[float(v) for v in z[:2]]]), np.array([float(z[2])])),
                               (np.array([[float(v) for v in zp[:2]]]), np.array([float(zp[2])])),
                               float(lam), "posterior", float(tau))
        assert b[0] == pytest.approx(float(kl.value), rel=1e-8, abs=1e-10)


def test_ridge_output_kl_is_an_exact_rational_and_matches_the_symbolic_p1_form():
    kl = neighbour_kl([[2]], [1], ([1], 3), ([-1], 0), lam=F(1, 4), release="output", noise=F(1, 2))
    sym = f2.neighbour_kl_p1("output").subs({f2.A: 2, f2.B: 4, sp.Symbol("x1", real=True): 1,
                                             sp.Symbol("y1", real=True): 3, sp.Symbol("x0", real=True): -1,
                                             sp.Symbol("y0", real=True): 0, f2.n: 2, f2.lam: sp.Rational(1, 4),
                                             f2.sigma: sp.Rational(1, 2)})
    assert isinstance(kl.exact, F) and sp.Rational(kl.exact.numerator, kl.exact.denominator) == sp.nsimplify(sym)


def test_exact_release_is_infinite_unless_the_solution_stays():
    assert mpmath.isinf(neighbour_kl([[1]], [1], ([1], 2), ([1], 0), 1, release="exact").value)
    assert neighbour_kl([[1]], [1], ([1], 2), ([1], 2), 1, release="exact").value == 0


@pytest.mark.parametrize("kwargs,message", [
    ({"release": "laplace"}, "release='laplace' must be one of"),
    ({"noise": 0}, r"sigma=0 must be in \(0, oo\)"),
    ({"noise": -1, "release": "posterior"}, r"tau=-1 must be in \(0, oo\)"),
    ({"lam": -1}, r"lam=-1 must be in \[0, oo\)"),
    ({"lam": float("nan")}, "lam=nan must be a finite real number"),
])
def test_ridge_bad_input_is_named(kwargs, message):
    args = {"lam": 1, "release": "output", "noise": 1, **kwargs}
    with pytest.raises(ValueError, match=message):
        neighbour_kl([[1]], [1], ([1], 2), ([1], 0), **args)


def test_unregularised_singular_ridge_is_refused():
    with pytest.raises(ValueError, match="singular"):
        ridge_solution([[1, 0]], [1], 0)


def test_logistic_fit_certifies_its_error_against_a_tighter_solve():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(30, 3)) / 2
    y = np.where(rng.uniform(size=30) < 0.5, 1.0, -1.0)
    a, b = logistic_fit(X, y, 0.05, dps=30), logistic_fit(X, y, 0.05, dps=60)
    with mpmath.workdps(80):
        dist = mpmath.sqrt(mpmath.fsum((u - v) ** 2 for u, v in zip(a.theta, b.theta)))
    assert dist <= a.error + b.error and a.error < 1e-40


@pytest.mark.parametrize("X,y,lam,message", [
    ([[0.5, 0.1]], [2], 0.1, r"y must take values in \{-1, \+1\}"),
    ([[0.5, np.nan]], [1], 0.1, "X must be finite"),
    ([[0.5, 0.1]], [1], 0, r"lam=0 must be in \(0, oo\)"),
    ([[3.0, 0.0]], [1], 0.1, r"row 0 of X has \|\|x\|\| = 3 > R = 1"),
])
def test_logistic_bad_input_is_named(X, y, lam, message):
    with pytest.raises(ValueError, match=message):
        logistic_fit(X, y, lam, radius=1)
