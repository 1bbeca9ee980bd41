"""Issue 12, part 1: the paper's own rho_KL by nested Monte Carlo, checked against F1's exact closed form."""

from __future__ import annotations

import pytest

from mileak.numeric.falsify.paper_leakage import paper_rho_kl
from mileak.numeric.falsify.population import mean_neighbour_kl
from mileak.numeric.families.registry import plugin


@pytest.mark.parametrize("values", [{"n": 5, "sigma": 0.5, "p": 1}, {"n": 3, "sigma": 0.3, "p": 2, "lam": 0.5}])
def test_the_nested_estimate_covers_f1s_exact_rho_kl(values):
    fam = plugin("gaussian-mean").family
    r = paper_rho_kl("gaussian-mean", values, outer=8000, inner=200, seed=1)
    declared = {k: v for k, v in r.values.items() if k in {q.name for q in fam.parameters}}
    exact = float(fam.closed_form("rho_kl", **declared).evalf(20))
    assert r.low <= exact <= r.high
    assert r.low > 0  # informative: the interval excludes no leakage at all


def test_for_ridge_the_paper_quantity_sits_below_the_neighbour_averaged_upper_bound():
    r = paper_rho_kl("ridge", {"n": 5, "sigma": 0.5, "p": 1, "lam": 0.1}, outer=4000, inner=100, seed=2)
    mean, half = mean_neighbour_kl("ridge", "output", 1, 5, 0.1, 0.5, trials=4000, seed=2)
    assert 0 < r.low and r.high < mean - half  # joint convexity: rho_KL <= E D(q(.|D+z) || q(.|D+z'))


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(ValueError, match="outer=3"):
        paper_rho_kl("gaussian-mean", {"n": 5, "sigma": 0.5}, outer=3)
    with pytest.raises(ValueError, match="sigma > 0"):
        paper_rho_kl("gaussian-mean", {"n": 5, "sigma": 0}, outer=100, inner=10)
