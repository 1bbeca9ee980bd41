"""The generic plug-in: a family from formulas gets the batched engine, the simulator and sweeps."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mileak import from_sympy
from mileak.numeric.cli import main
from mileak.numeric.families.registry import make_engine, plugin

LOGISTIC_TEXT = "log(1 + exp(-y*theta*x))"


def _user_logistic(**kw):
    return from_sympy("lg", LOGISTIC_TEXT, "theta**2/2", theta="theta", data=["x", "y"], data_box={"x": (-1, 1)},
                      data_values={"y": (-1, 1)}, **kw)


def test_generic_fits_agree_with_the_dedicated_logistic_engine():
    """Same datasets, same certified stop: the two engines' minimisers agree within their tolerances."""
    dedicated = make_engine("logistic", "output", {"n": 40, "lam": 0.1, "sigma": 1.0})
    generic = make_engine(_user_logistic(), "output", {"n": 40, "lam": 0.1, "sigma": 1.0})
    rng = np.random.default_rng(0)
    rest, extras = dedicated.draw_rest(rng, 16), dedicated.records(rng, (16, 3))
    (t1, ok1), (t2, ok2) = dedicated.fit(rest, extras), generic.fit(rest, extras)
    assert ok1.all() and ok2.all()
    assert np.max(np.abs(t1 - t2)) <= 2e-10  # each within 1e-10 of the exact minimiser (lam-strong convexity)


def test_declared_label_values_are_sampled_from_their_set():
    data = plugin(_user_logistic()).sample(np.random.default_rng(0), 500)
    assert set(np.unique(data[:, 1])) == {-1.0, 1.0} and np.all(np.abs(data[:, 0]) <= 1)


def _simulate(capsys, *family_args):
    assert main(["simulate", *family_args, "--param", "n=30", "--param", "lam=1/10", "--param", "sigma=1/2",
                 "--trials", "3000", "--seed", "3", "--shadows", "8", "--json", "-"]) in (0, 1)
    return json.loads(capsys.readouterr().out)


def test_simulate_with_a_loss_string_agrees_with_the_catalogue_family(capsys):
    """The same population (--population logistic) and seed: the same trials, so the loss attack's scores are
    equal up to the fits' 1e-10 tolerance, and LiRA (another statistic: -loss, not the margin) agrees
    within its intervals."""
    a = _simulate(capsys, "logistic")
    b = _simulate(capsys, "--loss", LOGISTIC_TEXT, "--data", "x,y", "--population", "logistic")
    assert b["family"] == "user" and not a["exceeded"] and not b["exceeded"]
    assert abs(a["attacks"]["loss"]["auc"]["auc"] - b["attacks"]["loss"]["auc"]["auc"]) < 1e-6
    la, lb = a["attacks"]["lira"]["auc"], b["attacks"]["lira"]["auc"]
    assert la["low"] <= lb["auc"] <= la["high"] and lb["low"] <= la["auc"] <= lb["high"]
    assert abs(a["mean_neighbour_kl"] - b["mean_neighbour_kl"]) < 1e-8


def test_a_nonconvex_user_loss_is_refused_before_any_work(capsys):
    with pytest.raises(SystemExit) as e:
        main(["simulate", "--loss", "cos(theta - x)", "--box", "x=-1:1", "--param", "n=10", "--param", "lam=1/2",
              "--param", "sigma=1", "--trials", "100"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "'loss(.; z) convex in theta' is falsified" in err and len(err.splitlines()) == 1


def test_user_family_options_need_a_loss(capsys):
    with pytest.raises(SystemExit) as e:
        main(["simulate", "logistic", "--population", "ridge", "--param", "n=10"])
    assert e.value.code == 2 and "--population only applies to a user family" in capsys.readouterr().err


def test_an_unknown_family_lists_the_registered_ones(capsys):
    with pytest.raises(SystemExit) as e:
        main(["simulate", "svm", "--param", "n=10"])
    assert e.value.code == 2 and "family='svm' must be one of ['beta-bernoulli', 'gaussian-mean', 'logistic', 'ridge']" in \
        capsys.readouterr().err


def test_a_sweep_of_a_user_family_records_its_formulas_and_resumes(tmp_path, capsys):
    args = ["sweep", "--loss", "log(cosh(theta - x))", "--box", "x=-1:1", "--grid", "n=5,10", "--param", "lam=1/2",
            "--param", "sigma=1/2", "--trials", "300", "--shadows", "0", "--out", str(tmp_path / "sw"), "--quiet"]
    assert main(args) == 0
    config = json.loads((tmp_path / "sw" / "config.json").read_text())
    assert config["family"]["loss"] == "log(cosh(theta - x))" and config["family"]["box"] == {"x": ["-1", "1"]}
    capsys.readouterr()
    assert main(args + ["--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["resumed"] == 2
    with pytest.raises(SystemExit) as e:  # another formula in the same folder is another configuration
        main([a if a != "log(cosh(theta - x))" else "log(cosh(2*theta - x))" for a in args])
    assert e.value.code == 2 and "another configuration" in capsys.readouterr().err


def test_falsify_a_user_family_from_the_command_line(tmp_path, capsys):
    """Both forms of T4 on a loss string, down to lam = 0.001 in the population survey; the JSON is written."""
    path = tmp_path / "t4.json"
    assert main(["falsify", "T4", "--loss", "log(cosh(theta - x))", "--box", "x=-1:1", "--budget", "20",
                 "--trials", "50", "--paper-settings", "1", "--paper-outer", "20", "--paper-inner", "8",
                 "--json", str(path)]) == 0
    data = json.loads(path.read_text())
    assert data["family"] == "user" and {r["family"] for r in data["neighbour_averaged"]} == {"user"}
    assert min(r["lam"] for r in data["neighbour_averaged"]) == 0.001
    assert [(r["quantity"], r["outer"], r["inner"]) for r in data["paper_rho_kl"] + data["paper_rho_mi"]] == [
        ("rho_KL", 20, 8), ("rho_MI", 20, 8)]  # the paper's quantities run on a user family too (cheaply here)
