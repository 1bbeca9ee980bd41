"""Hypothesis strategies derived from the declared parameter domains and from the game's laws."""

from __future__ import annotations

import math

import mpmath
import sympy as sp
from hypothesis import strategies as st

from mileak.numeric.measures.scenarios import FiniteGame, GaussianGame


def _exact(x):
    with mpmath.workdps(80):
        return mpmath.mpf(x)


def from_parameter(param):
    """Floats in the parameter's domain; log-uniform-ish when the typical range spans decades."""
    lo, hi = float(sp.N(param.typical.left)), float(sp.N(param.typical.right))
    if lo > 0 and hi / lo > 100:
        return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: _exact(10.0**e))
    return st.floats(lo, hi, allow_nan=False).map(_exact)


# pi far from 1/2 as well as near it: 1e-9 ... 1 - 1e-9
priors = st.one_of(
    st.floats(0.01, 0.99),
    st.floats(-9, -1).map(lambda e: 10.0**e),
    st.floats(-9, -1).map(lambda e: 1 - 10.0**e),
).map(_exact)


def _normalise(xs):
    with mpmath.workdps(80):
        v = [mpmath.mpf(x) for x in xs]
        s = mpmath.fsum(v)
        return [x / s for x in v]


@st.composite
def distributions(draw, size):
    """Probability vectors with entries spanning 1e-12 .. 1 (tiny and huge divergences)."""
    raw = draw(st.lists(st.one_of(st.floats(1e-3, 1.0), st.floats(-12, -3).map(lambda e: 10.0**e)),
                        min_size=size, max_size=size))
    return _normalise(raw)


@st.composite
def finite_games(draw):
    m = draw(st.integers(2, 5))
    k = draw(st.integers(1, 3))
    p0 = draw(distributions(m))
    p1 = [draw(distributions(m)) for _ in range(k)]
    tests = [draw(st.lists(st.floats(0.001, 0.999), min_size=m, max_size=m)) for _ in range(k)]  # rates in (0, 1)
    weights = _normalise(draw(st.lists(st.floats(0.05, 1), min_size=k, max_size=k)))
    return FiniteGame(draw(priors), weights, p1, p0, tests)


@st.composite
def gaussian_games(draw):
    """Univariate games; the threshold is kept within 14 standard deviations of both means.

    Farther out a test rate is closer to 0 or 1 than 1e-44, and at some point it rounds to exactly 0 or 1
    at the game's 80 digits (1 - Phi(27) ~ 1e-160), outside the claims' domain (0, 1) by rounding alone.
    The window is never empty: |m1 - m0| <= 8 < 14 (s0 + s1).
    """
    mean = st.floats(-4, 4).map(_exact)
    sd = st.floats(0.3, 3).map(_exact)
    prior, mean1, sd1, mean0, sd0, t = draw(priors), draw(mean), draw(sd), draw(mean), draw(sd), draw(mean)
    with mpmath.workdps(80):
        t = min(max(t, mean0 - 14 * sd0, mean1 - 14 * sd1), mean0 + 14 * sd0, mean1 + 14 * sd1)
    return GaussianGame(prior, [_exact(1)], [mean1], sd1, mean0, sd0, [t])
