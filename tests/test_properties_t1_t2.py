"""Property tests: every T1/T2 claim holds on hypothesis-generated games, at 30 digits.

Each example builds a concrete membership game (finite alphabets with
probabilities down to 1e-12, priors down to 1e-9 from either end; or
univariate Gaussians) and checks the registered statements with
``numeric.claim_check.check_point``: a verdict of ``verified`` means the
certified margin beats the certified error; ``tight`` means equality within
the error (e.g. the success bound at pi = 1/2).
"""

import mpmath
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.measures.registered_bounds import success_bounds, t1_bounds
from mileak.numeric.measures.scenarios import GaussianEqualGame, ParameterPoint
from mileak.numeric.verify.claim_check import check_point
from mileak.proofs.theorems import REGISTRY

from .strategies import finite_games, from_parameter, gaussian_games

FINITE = [c for c in REGISTRY.claims() if "finite" in c.models]
GAUSSIAN = [c for c in REGISTRY.claims() if "gaussian" in c.models]


def _assert_holds(claim, scenario, values=None):
    for point in check_point(claim, scenario, values or {}):
        assert point.verdict in ("verified", "tight"), point.as_dict()


@pytest.mark.parametrize("claim", FINITE, ids=[c.id for c in FINITE])
@given(game=finite_games())
def test_claims_hold_on_finite_games(claim, game):
    _assert_holds(claim, game)


@pytest.mark.parametrize("claim", GAUSSIAN, ids=[c.id for c in GAUSSIAN])
@given(game=gaussian_games())
def test_claims_hold_on_gaussian_games(claim, game):
    _assert_holds(claim, game)


GAUSS_TV, GAUSS_ROC = REGISTRY.claim("T2.gauss_tv"), REGISTRY.claim("T2.gauss_roc")


@given(mu=from_parameter(GAUSS_TV.parameter("mu")))
def test_exact_gaussian_tv(mu):
    _assert_holds(GAUSS_TV, GaussianEqualGame(mu), {"mu": mu})


@given(mu=from_parameter(GAUSS_ROC.parameter("mu")),
       alpha=st.one_of(from_parameter(GAUSS_ROC.parameter("alpha")), st.floats(-300, -6).map(lambda e: mpmath.mpf(10) ** e)))
def test_exact_gaussian_roc_down_to_tiny_fpr(mu, alpha):
    _assert_holds(GAUSS_ROC, GaussianEqualGame(mu), {"mu": mu, "alpha": alpha})


REGION = REGISTRY.claim("T2.pinsker_region")
D_STAR = float(sp.N(REGION.parameter("D").domain.right))


@given(d=st.floats(0, D_STAR, exclude_max=True))  # D_STAR is the float nearest the exact bound: it may lie above
def test_pinsker_region(d):
    _assert_holds(REGION, ParameterPoint(), {"D": mpmath.mpf(d)})


@given(d=st.floats(D_STAR * 1.001, 50))
def test_pinsker_loses_beyond_the_crossover(d):
    point = check_point(REGION, ParameterPoint(), {"D": mpmath.mpf(d)}, within_domain=False)[0]
    assert point.verdict == "falsified"


@given(game=finite_games())
def test_reported_bounds_dominate_the_exact_quantities(game):
    """t1_bounds / success_bounds (read from the registry) bound the game's exact values at every record."""
    pi = game.pi
    for z in range(game.records):
        laws = ((1, 0), (0, 1))
        d10 = game.quantity("KL", laws, z, 30).value
        d01 = game.quantity("KL", laws[::-1], z, 30).value
        mi = game.quantity("MembershipInfo", (pi,), z, 30)
        success = game.quantity("BayesSuccess", (pi,), z, 30)
        tv = game.quantity("TV", laws, z, 30).value
        b = t1_bounds(pi, d10, d01)
        assert b["smallest"][1].value + b["smallest"][1].error >= mi.value - mi.error
        s = success_bounds(pi, rho_kl=d10, tv=min(tv, mpmath.mpf(1)))
        for name in ("pinsker", "bh", "tv"):
            assert s[name].value <= 1 + s[name].error
            assert s[name].value + s[name].error >= success.value - success.error
