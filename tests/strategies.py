"""Hypothesis strategies derived from the declared parameter domains and from the game's laws."""

from __future__ import annotations

import math

import mpmath
import sympy as sp
from hypothesis import strategies as st

from numeric.scenarios import FiniteGame, GaussianGame


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
    """Univariate games whose threshold test has rates within 3 standard deviations of both laws.

    Farther out a rate is 1 - 1e-9 or closer to 0/1 than the check's 30 digits can separate from 0/1
    (1 - Phi(27) ~ 1e-160), which would put it outside the claims' domain (0, 1) by rounding alone.
    """
    sd = st.floats(0.3, 3).map(_exact)
    z = st.floats(-3, 3).map(_exact)
    mean0, sd0, sd1 = draw(st.floats(-4, 4).map(_exact)), draw(sd), draw(sd)
    with mpmath.workdps(80):  # exact: equal draws give exactly equal laws, not laws 1e-16 apart
        threshold = mean0 + sd0 * draw(z)
        mean1 = threshold - sd1 * draw(z)
    return GaussianGame(draw(priors), [_exact(1)], [mean1], sd1, mean0, sd0, [threshold])
