"""Bad input gets a ValueError/TypeError naming the parameter and its valid range."""

import math

import pytest

from mileak.numeric.core.normal import normal_quantile
from mileak.numeric.core.precision import validate_dps
from mileak.numeric.measures import gaussian_laws as gl
from mileak.numeric.measures.divergences import binary_kl, kl_finite, kl_gaussian
from mileak.numeric.measures.hypothesis_testing import gaussian_tpr, tpr_upper_bound
from mileak.numeric.measures.isotropic_information import mutual_information_isotropic
from mileak.numeric.measures.registered_bounds import success_bounds, t1_bounds
from mileak.numeric.measures.scenarios import FiniteGame
from mileak.numeric.verify.claim_check import check_claim
from mileak.proofs.definitions.membership_game import PI, GameView

CASES = [
    (lambda: t1_bounds(1.0, 0.1), ValueError, r"pi=1.0 must be in \(0, 1\)"),
    (lambda: t1_bounds(0.5, -1), ValueError, r"rho_kl=-1 must be in \[0, oo\)"),
    (lambda: t1_bounds(math.nan, 1), ValueError, "pi=nan"),
    (lambda: t1_bounds("0.5", 1), TypeError, "pi must be a real number"),
    (lambda: success_bounds(0.5), ValueError, "give rho_kl"),
    (lambda: success_bounds(0.5, tv=1.5), ValueError, r"tv=1.5 must be in \[0, 1\]"),
    (lambda: tpr_upper_bound(0, 1), ValueError, r"alpha=0 must be in \(0, 1\)"),
    (lambda: tpr_upper_bound(0.1, math.inf), ValueError, "kl=inf must be finite"),
    (lambda: gaussian_tpr(1.0, 1), ValueError, r"alpha=1.0 must be in \(0, 1\)"),
    (lambda: normal_quantile(0), ValueError, r"a=0 must be in \(0, 1\)"),
    (lambda: binary_kl(0.5, 0), ValueError, r"b=0 must be in \(0, 1\)"),
    (lambda: kl_finite([0.5, 0.6], [0.5, 0.5]), ValueError, "p sums to 1.1"),
    (lambda: kl_finite([0.5, 0.5], [1.0]), ValueError, "same length"),
    (lambda: kl_finite([], []), ValueError, "p must be non-empty"),
    (lambda: kl_finite([-0.5, 1.5], [0.5, 0.5]), ValueError, r"p\[0\]=-0.5"),
    (lambda: kl_finite(None, [1]), TypeError, "p must be a sequence"),
    (lambda: kl_gaussian([0, 0], [[1, 2], [2, 1]], [0, 0], [[1, 0], [0, 1]]), ValueError, "cov0 must be positive definite"),
    (lambda: kl_gaussian([0], [[1]], [0, 0], [[1, 0], [0, 1]]), ValueError, "mean1 must have length 1"),
    (lambda: kl_gaussian([0, 0], [[1, 0.1], [0.2, 1]], [0, 0], [[1, 0], [0, 1]]), ValueError, "cov0 must be symmetric"),
    (lambda: gl.normal(0, 0), ValueError, r"law.sd=0 must be in \(0, oo\)"),
    (lambda: gl.mutual_information(0.5, ((0.5, 0, 1),), gl.normal(0, 1)), ValueError, "weights sum to 0.5"),
    (lambda: mutual_information_isotropic(0.5, [0, 1], [0], 1, 1), ValueError, "equal length"),
    (lambda: validate_dps(5), ValueError, r"dps=5 must be in \[15, 1000\]"),
    (lambda: validate_dps(30.0), TypeError, "dps must be an int"),
    (lambda: FiniteGame(0.5, [1], [[0.5, 0.5]], [1.0], [[1, 0]]), ValueError, "p1\\[0\\] has length 2"),
    (lambda: PI.validate(0), ValueError, r"pi=0 must be in \(0, 1\)"),
    (lambda: PI.validate(True), TypeError, "pi must be a real number"),
    (lambda: GameView("oracle"), ValueError, "view='oracle' must be one of"),
]


@pytest.mark.parametrize("call,exc,message", CASES, ids=[c[2][:30] for c in CASES])
def test_bad_input_is_named(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_a_point_outside_the_claims_domain_is_refused():
    from mileak.numeric.verify.claim_check import check_point
    from mileak.proofs.theorems import REGISTRY

    game = FiniteGame(0.5, [1], [[0.5, 0.5]], [0.25, 0.75], [[0, 0]])  # a test that never fires: alpha = 0
    with pytest.raises(ValueError, match=r"alpha=0.0 must be in \(0, 1\)"):
        check_point(REGISTRY.claim("T2.roc"), game, {})


def test_points_must_be_positive():
    import numpy as np

    from mileak.proofs.theorems import REGISTRY

    with pytest.raises(ValueError, match="points=0 must be an int >= 1"):
        check_claim(REGISTRY.claim("T1.kl"), np.random.default_rng(0), points=0)
