"""The simulator never beats a bound beyond its interval, on every family, release and adversary; a planted
wrong bound is caught; the exact likelihood-ratio attack is the strongest where it exists."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.cli.text import simulate_text
from mileak.numeric.game import applicable_bounds as ab
from mileak.numeric.game.simulate import simulate

CASES = [
    ("gaussian-mean", "output", {"n": 4, "sigma": 0.2, "p": 2}, "population"),
    ("gaussian-mean", "exact", {"n": 3, "lam": 0.5}, "population"),
    ("gaussian-mean", "output", {"n": 6, "sigma": 0.3}, "strong"),
    ("ridge", "output", {"n": 10, "lam": 0.1, "sigma": 0.3, "p": 3}, "population"),
    ("ridge", "output", {"n": 10, "lam": 0.1, "sigma": 0.3, "p": 3}, "strong"),
    ("ridge", "posterior", {"n": 8, "lam": 0.2, "tau": 0.5, "p": 2}, "strong"),
    ("ridge", "posterior", {"n": 8, "lam": 0.2, "tau": 0.5, "p": 2}, "population"),
    ("ridge", "exact", {"n": 10, "lam": 0.01, "p": 20}, "population"),
    ("logistic", "output", {"n": 20, "lam": 0.1, "sigma": 0.2, "p": 3}, "population"),
    ("logistic", "output", {"n": 20, "lam": 0.1, "sigma": 0.2, "p": 3}, "strong"),
    ("logistic", "output", {"n": 30, "lam": 0.05, "eps": 2.0, "delta": 1e-5, "p": 2}, "strong"),
    ("logistic", "output", {"n": 30, "lam": 0.05, "eps": 0.5, "delta": 1e-3, "p": 2}, "population"),
]


@pytest.mark.parametrize("family, release, values, adversary", CASES)
def test_no_attack_exceeds_any_bound(family, release, values, adversary):
    calibration = "classic" if values.get("eps", 1) < 1 else "analytic"
    r = simulate(family, dict(values), trials=6000, seed=1, release=release, adversary=adversary, shadows=16,
                 calibration=calibration)
    assert r["dropped"] == 0
    assert r["bounds"], "every case has at least one bound"
    assert r["exceeded"] == [], simulate_text(r)
    for row in r["comparison"]:  # and the comparison did run on each attack and bound
        assert row["success"] <= 1 and row["success_bound"] <= 1


def test_the_exact_likelihood_ratio_is_at_least_as_good_as_the_other_attacks():
    r = simulate("gaussian-mean", {"n": 4, "sigma": 0.2}, trials=40000, seed=2, shadows=16)
    auc = {k: v["auc"] for k, v in r["attacks"].items()}
    for name in ("lira", "loss"):  # Neyman-Pearson: the LR's ROC dominates, so its AUC is not beaten beyond noise
        assert auc["exact_lr"]["auc"] >= auc[name]["low"]


def test_a_planted_wrong_bound_is_flagged_with_the_assumption_to_look_at(monkeypatch):
    true_bound = ab.kl_bound

    def shrunk(name, source, kl, *rest):  # a "theorem" claiming 1/100 of the real KL
        return true_bound(name, source, kl / 100, *rest)

    monkeypatch.setattr(ab, "kl_bound", shrunk)
    r = simulate("gaussian-mean", {"n": 3, "sigma": 0.1}, trials=20000, seed=3, shadows=0)
    flagged = {row["bound"] for row in r["exceeded"]}
    assert "T2 from rho_KL" in flagged
    text = simulate_text(r)
    assert "EXCEEDS" in text and "look at the assumption" in text


@given(n=st.integers(2, 30), sigma=st.floats(0.01, 3.0), lam=st.floats(0.0, 5.0), p=st.integers(1, 4))
def test_f1_exact_attack_obeys_the_certified_t2_bound_over_the_domain(n, sigma, lam, p):
    r = simulate("gaussian-mean", {"n": n, "sigma": sigma, "lam": lam, "p": p}, trials=3000, seed=n, shadows=0,
                 fprs=(0.1,))
    bound = next(b for b in r["bounds"] if b["name"] == "T2 from rho_KL")
    s = r["attacks"]["exact_lr"]["success"]
    assert s["low"] <= bound["success"]


def test_a_strong_adversary_of_an_exact_release_wins_and_its_bound_is_trivial():
    r = simulate("ridge", {"n": 10, "lam": 0.1, "p": 2}, trials=2000, release="exact", adversary="strong", seed=4)
    assert r["attacks"]["exact_lr"]["success"]["value"] == 1.0
    assert all(b["success"] == 1.0 for b in r["bounds"])


@pytest.mark.parametrize("kwargs, message", [
    ({"trials": 0}, "trials"), ({"fprs": (0.0,)}, "FPR"), ({"fprs": (1.5,)}, "FPR"), ({"level": 1.0}, "level"),
    ({"shadows": 3}, "shadows"), ({"pi": 1.0}, "pi"), ({"adversary": "omniscient"}, "adversary"),
    ({"release": "posterior"}, "release"),
])
def test_bad_simulation_options_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate("logistic", {"n": 10, "lam": 0.1, "sigma": 1.0}, **{"trials": 100, **kwargs})


@pytest.mark.parametrize("values, message", [({"n": 10, "lam": 0.0, "sigma": 1.0}, "lam"),
                                             ({"n": 10, "lam": 0.1, "eps": 1.0}, "delta"),
                                             ({"n": 10, "lam": 0.1, "eps": 1.0, "delta": 1e-5, "sigma": 1.0}, "sigma")])
def test_bad_family_parameters_are_named(values, message):
    with pytest.raises(ValueError, match=message):
        simulate("logistic", values, trials=100)


def test_a_non_converging_configuration_is_refused_before_work(monkeypatch):
    from mileak.numeric.families.logistic import engine as logistic_engine

    monkeypatch.setattr(logistic_engine, "MAX_ITER", 1)
    monkeypatch.setattr(logistic_engine, "TOLERANCE", 1e-300)  # unreachable in one step
    with pytest.raises(ValueError, match="does not converge"):
        simulate("logistic", {"n": 10, "lam": 0.1, "sigma": 1.0}, trials=100)


def test_the_same_seed_gives_the_same_report():
    import json

    a = simulate("ridge", {"n": 10, "lam": 0.1, "sigma": 0.5, "p": 2}, trials=3000, seed=9)
    b = simulate("ridge", {"n": 10, "lam": 0.1, "sigma": 0.5, "p": 2}, trials=3000, seed=9)
    assert json.dumps(a) == json.dumps(b)
    c = simulate("ridge", {"n": 10, "lam": 0.1, "sigma": 0.5, "p": 2}, trials=3000, seed=10)
    assert json.dumps(a) != json.dumps(c)
    assert np.isfinite(a["mean_neighbour_kl"])


def test_two_processes_play_the_same_games_as_one():
    """``jobs`` shares the chunks among processes; every chunk has its own stream, so the report is the same."""
    import json

    from mileak.numeric.families.registry import make_engine
    from mileak.numeric.game.membership_game import chunk_sizes

    values = {"n": 30, "lam": 0.1, "sigma": 0.5, "p": 3}
    sizes = chunk_sizes(make_engine("ridge", "output", values), 5000, 4)
    assert len(sizes) >= 3 and sum(sizes) == 5000  # several chunks, so both processes get some
    a = simulate("ridge", values, trials=5000, seed=3, shadows=4, jobs=1)
    b = simulate("ridge", values, trials=5000, seed=3, shadows=4, jobs=2)
    assert json.dumps(a) == json.dumps(b)
    with pytest.raises(ValueError, match=r"jobs=0 must be an int in \[1, 64\]"):
        simulate("ridge", values, trials=100, jobs=0)


def test_each_chunk_draws_from_its_own_child_of_the_seed():
    """Chunk ``i``'s generator is the ``i``-th child of ``SeedSequence(seed)`` (numpy's ``spawn``), and the game's
    first draw (the membership flags) comes from it."""
    from mileak.numeric.families.registry import make_engine
    from mileak.numeric.game.membership_game import chunk_generator, chunk_sizes, play

    children = np.random.SeedSequence(11).spawn(3)
    for i, child in enumerate(children):
        assert np.array_equal(chunk_generator(11, i).random(5), np.random.default_rng(child).random(5))
    engine = make_engine("gaussian-mean", "output", {"n": 5, "sigma": 0.5})
    sizes = chunk_sizes(engine, 5000, 0)
    assert len(sizes) == 3  # MAX_CHUNK_GAMES = 2048: 2048 + 2048 + 904
    game = play(engine, 5000, seed=11, pi=0.5)
    flags = np.concatenate([np.random.default_rng(c).uniform(size=k) < 0.5 for c, k in zip(children, sizes)])
    assert np.array_equal(game.members, flags)
