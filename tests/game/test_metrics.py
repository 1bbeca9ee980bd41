"""Metrics and bound curves against independent references (scipy, scikit-learn, the certified routines)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from sklearn.metrics import roc_auc_score

from mileak.numeric.game.curves import PooledGaussianROC, gaussian_auc, gaussian_tradeoff, kl_auc_bound, kl_tpr_bound
from mileak.numeric.game.metrics import (
    auc_delong,
    auc_difference,
    best_threshold,
    clopper_pearson,
    roc_at_fpr,
    success_at_threshold,
)
from mileak.numeric.measures.hypothesis_testing import tpr_upper_bound


@given(n=st.integers(1, 400), data=st.data())
def test_clopper_pearson_matches_scipy(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = clopper_pearson(k, n, 0.99)
    ref = stats.binomtest(k, n).proportion_ci(0.99, method="exact")
    assert abs(lo - ref.low) < 1e-10 and abs(hi - ref.high) < 1e-10


def test_auc_matches_scikit_learn_with_ties_and_infinities():
    rng = np.random.default_rng(0)
    pos, neg = np.round(rng.normal(0.5, 1, 300), 1), np.round(rng.normal(0, 1, 500), 1)
    pos[:5], neg[:3] = np.inf, -np.inf
    ref = roc_auc_score(np.r_[np.ones(300), np.zeros(500)], np.nan_to_num(np.r_[pos, neg], posinf=1e9, neginf=-1e9))
    assert abs(auc_delong(pos, neg)["auc"] - ref) < 1e-12


def test_delong_standard_error_matches_the_spread_over_replications():
    rng = np.random.default_rng(1)
    aucs, ses = [], []
    for _ in range(300):
        r = auc_delong(rng.normal(0.7, 1, 200), rng.normal(0, 1, 200))
        aucs.append(r["auc"])
        ses.append(r["se"])
    # 300 replications: the sample sd of the AUC has a relative error of about 4%; 15% is a loose check
    assert abs(np.std(aucs) / np.mean(ses) - 1) < 0.15


def test_paired_auc_difference_is_the_difference_and_narrower_than_unpaired():
    rng = np.random.default_rng(2)
    base_p, base_n = rng.normal(0.5, 1, 400), rng.normal(0, 1, 400)
    a_p, a_n = base_p + 0.1 * rng.normal(size=400), base_n + 0.1 * rng.normal(size=400)
    d = auc_difference(base_p, base_n, a_p, a_n)
    assert abs(d["difference"] - (auc_delong(a_p, a_n)["auc"] - auc_delong(base_p, base_n)["auc"])) < 1e-12
    assert d["se"] < auc_delong(a_p, a_n)["se"]


def test_tpr_at_fpr_reports_the_realised_fpr_and_refuses_bad_levels():
    rng = np.random.default_rng(3)
    neg_cal, neg_test = rng.normal(size=20000), rng.normal(size=20000)
    pos_cal, pos_test = rng.normal(1, 1, 20000), rng.normal(1, 1, 20000)
    r = roc_at_fpr(pos_cal, neg_cal, pos_test, neg_test, 0.01)
    assert r["fpr"]["low"] <= 0.01 <= r["fpr"]["high"]
    exact_tpr = float(stats.norm.cdf(stats.norm.ppf(0.01) + 1))
    assert r["tpr"]["low"] <= exact_tpr <= r["tpr"]["high"]
    for bad in (0, 1, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="FPR level"):
            roc_at_fpr(pos_cal, neg_cal, pos_test, neg_test, bad)


def test_best_threshold_maximises_success_on_its_data():
    rng = np.random.default_rng(4)
    m = rng.uniform(size=500) < 0.5
    s = m + rng.normal(size=500)
    t = best_threshold(s, m)
    best = success_at_threshold(s, m, t)["value"]
    for other in np.linspace(-3, 4, 200):
        assert success_at_threshold(s, m, other)["value"] <= best + 1e-12


@given(alpha=st.floats(1e-6, 0.999), kl=st.floats(0, 5))
def test_float_tpr_bound_agrees_with_the_certified_one(alpha, kl):
    ref = float(tpr_upper_bound(alpha, kl, dps=20).value)
    assert abs(kl_tpr_bound(alpha, kl) - ref) <= 1e-9


@given(mu=st.floats(0.01, 4))
def test_the_gaussian_roc_lies_under_the_kl_bound_of_its_kl(mu):
    kl = mu**2 / 2  # D(N(mu,1) || N(0,1))
    assert gaussian_auc(mu) <= kl_auc_bound(kl) + 1e-9
    for a in (1e-4, 1e-2, 0.3):
        assert float(gaussian_tradeoff(a, mu)) <= kl_tpr_bound(a, kl) + 1e-9


def test_pooled_roc_of_equal_distances_is_the_gaussian_trade_off():
    roc = PooledGaussianROC(np.full(50, 1.3))
    for a in (1e-3, 0.05, 0.5):
        assert abs(roc.tpr(a) - float(gaussian_tradeoff(a, 1.3))) < 1e-9
    assert abs(roc.auc() - gaussian_auc(1.3)) < 1e-12
    assert abs(roc.success(0.5) - stats.norm.cdf(1.3 / 2)) < 1e-12


def test_the_weighted_model_bootstrap_auc_equals_delong_on_the_replicated_pairs():
    """One sort and per-model weights give the same pooled AUC as rebuilding each resample (ties, NaNs included)."""
    import numpy as np

    from mileak.numeric.game.audit import weighted_aucs
    from mileak.numeric.game.metrics import auc_delong

    rng = np.random.default_rng(7)
    scores = np.round(rng.normal(size=(16, 60)), 1)  # rounded: many ties
    scores[2, 3] = np.nan
    inside = rng.random((16, 60)) < 0.5
    counts = np.stack([np.bincount(rng.integers(0, 16, 16), minlength=16) for _ in range(25)])
    for c, value in zip(counts, weighted_aucs(scores, inside, counts)):
        pick = np.repeat(np.arange(16), c)
        s, m = scores[pick].ravel(), inside[pick].ravel()
        ok = ~np.isnan(s)
        assert value == pytest.approx(auc_delong(s[ok & m], s[ok & ~m])["auc"], abs=1e-12)
