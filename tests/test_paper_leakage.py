"""Issue 12, part 1: the paper's own rho_KL by nested Monte Carlo, checked against F1's exact closed form."""

from __future__ import annotations

import pytest

from mileak.numeric.falsify.paper_leakage import paper_rho_kl, paper_rho_mi
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


@pytest.mark.parametrize(("values", "pi"), [({"n": 5, "sigma": 0.5, "p": 1}, "1/2"),
                                         ({"n": 3, "sigma": 0.3, "p": 2, "lam": 0.5}, "3/10")])
def test_the_nested_estimate_covers_f1s_exact_rho_mi(values, pi):
    """The paper's membership information by nested Monte Carlo against F1's exact ``rho_MI`` (the certified
    variance-gamma rule): the exact value lies in the interval, which excludes 0 and stays below ``pi rho_KL``."""
    from fractions import Fraction

    import mpmath

    from mileak.numeric.falsify.paper_leakage import paper_rho_mi
    from mileak.numeric.families.gaussian_mean.information import (
        f1_correlation_squared,
        f1_kl_leakage,
        f1_membership_information,
    )

    r = paper_rho_mi("gaussian-mean", values, pi=Fraction(pi), outer=8000, inner=200, seed=1)
    c2 = f1_correlation_squared(*(mpmath.mpf(v) for v in (values["n"], values.get("lam", 0), values["sigma"], 1)))
    exact = float(f1_membership_information(mpmath.mpf(Fraction(pi).numerator) / Fraction(pi).denominator, c2,
                                            values["p"]).value)
    assert r.quantity == "rho_MI" and r.low <= exact <= r.high and r.low > 0
    assert r.estimate < float(Fraction(pi)) * float(f1_kl_leakage(c2, values["p"]).value)


def test_for_ridge_the_paper_quantity_sits_below_the_neighbour_averaged_upper_bound():
    r = paper_rho_kl("ridge", {"n": 5, "sigma": 0.5, "p": 1, "lam": 0.1}, outer=4000, inner=100, seed=2)
    mean, half = mean_neighbour_kl("ridge", "output", 1, 5, 0.1, 0.5, trials=4000, seed=2)
    assert 0 < r.low and r.high < mean - half  # joint convexity: rho_KL <= E D(q(.|D+z) || q(.|D+z'))


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(ValueError, match="outer=3"):
        paper_rho_kl("gaussian-mean", {"n": 5, "sigma": 0.5}, outer=3)
    with pytest.raises(ValueError, match="pi=2"):
        paper_rho_mi("gaussian-mean", {"n": 5, "sigma": 0.5}, pi=2, outer=100, inner=10)
    with pytest.raises(ValueError, match="sigma > 0"):
        paper_rho_kl("gaussian-mean", {"n": 5, "sigma": 0}, outer=100, inner=10)


def test_the_paper_quantitys_paired_test_brackets_f1s_exact_difference():
    """T3 on F1 at ``n = 2 -> 3``: the exact ``rho_KL`` falls; the nested test says 'falls' and its interval holds the
    exact difference."""
    from mileak.numeric.falsify.paper_leakage import paper_paired_difference

    fam = plugin("gaussian-mean").family
    r = paper_paired_difference("T3", "gaussian-mean", 1, 2, 0.0, noise=0.5, outer=2000, inner=200, seed=3)
    exact = [float(fam.closed_form("rho_kl", n=n, lam=0, sigma=0.5, s=1, p=1).evalf(20)) for n in (2, 3)]
    assert r.verdict == "falls" and r.low <= exact[1] - exact[0] <= r.high


def test_falsify_names_three_quantities_and_its_paper_rows_recompute(capsys):
    import json

    from mileak.numeric.cli.main import main
    from mileak.numeric.falsify.paper_leakage import paper_paired_difference

    assert main(["falsify", "T3", "--family", "ridge", "--trials", "200", "--budget", "20", "--paper-settings", "1",
                 "--paper-outer", "100", "--paper-inner", "20", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["summary"]) == {"pointwise_kl", "neighbour_averaged_kl", "paper_rho_kl", "paper_rho_mi"}
    (row,), (mi_row,) = data["paper_rho_kl"], data["paper_rho_mi"]
    assert (row["outer"], row["inner"]) == (100, 20) and row["p"] <= 5 and row["quantity"] == "rho_KL"
    again = paper_paired_difference("T3", "ridge", row["p"], row["n"], row["lam"], None, row["noise"], 100, 20,
                                    seed=0).as_dict()
    assert again == row
    assert mi_row == paper_paired_difference("T3", "ridge", row["p"], row["n"], row["lam"], None, row["noise"], 100,
                                             20, seed=0, quantity="rho_MI").as_dict()
    assert mi_row["before"] < row["before"] / 2  # rho_MI <= pi rho_KL (T1), pi = 1/2
    rising = [r for r in data["neighbour_averaged"] if r["verdict"] == "rises" and r["p"] <= 5]
    assert not rising or (row["n"], row["lam"]) in {(r["n"], r["lam"]) for r in rising}  # a rising setting first
    assert row["verdict"] == ("rises" if row["low"] > 0 else "falls" if row["high"] < 0 else "inconclusive")
    assert main(["falsify", "T3", "--family", "ridge", "--trials", "200", "--budget", "20", "--paper-settings", "1"]) == 0
    text = capsys.readouterr().out
    assert "neighbour-averaged KL E D(q(.|D_rest+z) || q(.|D_rest+z'))" in text and "the paper's rho_KL" in text
    assert "the paper's rho_MI at pi = 1/2" in text and "paper's rho_MI not seen to rise" in text


@pytest.mark.parametrize(("argv", "note"), [
    (["--family", "ridge", "--release", "posterior"], "not run: the nested Monte Carlo needs the output release"),
    (["--family", "ridge", "--paper-settings", "0"], "not run (--paper-settings 0)"),
    (["--family", "gaussian-mean"], "not run: no neighbour-averaged grid"),
])
def test_falsify_says_why_the_paper_quantity_was_not_run(argv, note, capsys):
    import json

    from mileak.numeric.cli.main import main

    assert main(["falsify", "T4", "--trials", "100", "--budget", "10", *argv, "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("paper_rho_kl", "paper_rho_mi"):
        assert data["summary"][key].startswith(note) and data[key] == []


def test_paper_test_arguments_are_refused_by_name(capsys):
    from mileak.numeric.cli.main import main
    from mileak.numeric.falsify.paper_leakage import paper_paired_difference

    with pytest.raises(ValueError, match="p=6 must be an int in \\[1, 5\\]"):
        paper_paired_difference("T3", "ridge", 6, 3, 0.1)
    with pytest.raises(ValueError, match="quantity='rho'"):
        paper_paired_difference("T3", "ridge", 2, 3, 0.1, quantity="rho")
    with pytest.raises(ValueError, match="dlam=None"):
        paper_paired_difference("T4", "ridge", 2, 3, 0.1)
    for option, value in (("--paper-outer", "5"), ("--paper-inner", "2"), ("--paper-settings", "-1")):
        with pytest.raises(SystemExit) as e:
            main(["falsify", "T3", "--family", "ridge", option, value])
        err = capsys.readouterr().err
        assert e.value.code == 2 and f"{option}={value} must be an int in" in err and len(err.splitlines()) == 1
