"""T7 (DP-SGD) on the command line: `mileak leakage dp-sgd` (its rows, the PLD comparison, bad input, the plot)
and `mileak convert` on DP-SGD's (eps, delta)."""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.dp.accountant import pld_tpr
from mileak.numeric.dp.subsampled_gaussian import step_kl
from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_leakage

from ..cli_runs import refused


def test_at_q_1_the_step_is_the_gaussian_mechanism_and_agrees_with_convert(capsys):
    for z in ("1/2", "1", "3"):
        zf = Fraction(z)
        assert main(["convert", "--mu", str(1 / zf), "--json", "-"]) == 0
        add_remove = json.loads(capsys.readouterr().out)["values"]["kl"]
        assert main(["convert", "--mu", str(2 / zf), "--json", "-"]) == 0
        replace = json.loads(capsys.readouterr().out)["values"]["kl"]
        for game, row in (("add_remove", add_remove), ("replace", replace)):
            c = step_kl(1, z, game=game)
            with mpmath.workdps(60):
                assert abs(c.value - mpmath.mpf(row["value"])) <= c.error + mpmath.mpf(row["error"])


def test_the_dp_sgd_command_prints_every_row_and_its_pld_comparison_agrees_with_dp_accounting(capsys):
    from dp_accounting import dp_event
    from dp_accounting.pld import pld_privacy_accountant

    assert main(["leakage", "dp-sgd", "--param", "q=0.01", "--param", "z=1.1", "--param", "steps=1000",
                 "--json", "-"]) == 0
    rows = {e["quantity"]: e for e in json.loads(capsys.readouterr().out)["entries"]}
    kl = step_kl("0.01", "1.1")
    with mpmath.workdps(60):
        rho = mpmath.mpf(rows["rho_KL bound, add/remove"]["value"])
        assert abs(rho - 1000 * kl.value) <= mpmath.mpf(rows["rho_KL bound, add/remove"]["error"]) + 1000 * kl.error
    pld = pld_privacy_accountant.PLDAccountant()
    pld.compose(dp_event.SelfComposedDpEvent(dp_event.PoissonSampledDpEvent(0.01, dp_event.GaussianDpEvent(1.1)), 1000))
    assert float(rows["eps at delta = 1e-5 (PLD)"]["value"]) == pytest.approx(pld.get_epsilon(1e-5), rel=1e-5)
    for fpr in ("0.1", "0.01", "0.001"):
        exact = float(rows[f"TPR at FPR {fpr} (PLD trade-off)"]["value"])
        bound = float(rows[f"TPR bound at FPR {fpr}, add/remove"]["value"])
        assert float(fpr) < exact <= bound  # the KL route bounds what the exact trade-off allows
        assert exact == pytest.approx(pld_tpr(pld, float(fpr)), rel=1e-5)
    assert rows["TPR at FPR 0.001, GDP central limit mu = 0.358495"]["status"] == "comparison"
    for fpr in ("0.1", "0.01", "0.001"):  # the replace game against dp_accounting's REPLACE_ONE relation
        exact = float(rows[f"TPR at FPR {fpr} (PLD trade-off), replace"]["value"])
        assert float(fpr) < exact <= float(rows[f"TPR bound at FPR {fpr}, replace"]["value"])
    assert float(rows["eps at delta = 1e-5 (PLD), replace"]["value"]) > float(rows["eps at delta = 1e-5 (PLD)"]["value"])


@pytest.mark.parametrize("params,words", [
    (["q=0", "z=1", "steps=10"], "q=0 must be in (0, 1]"),
    (["q=1.5", "z=1", "steps=10"], "q=3/2 must be in (0, 1]"),
    (["q=0.1", "z=0", "steps=10"], "z=0 must be in (0, oo)"),
    (["q=0.1", "z=1", "steps=0"], "steps=0 must be an int in [1, 10000000]"),
    (["q=0.1", "z=1", "steps=1.5"], "steps must be an int"),
    (["q=0.1"], "missing 2 parameters: z in (0, oo)"),
    (["q=0.1", "z=1", "steps=1", "eps=1"], "no parameter 'eps'"),
])
def test_bad_dp_sgd_configurations_are_refused_by_name(params, words, capsys):
    argv = ["leakage", "dp-sgd"]
    for p in params:
        argv += ["--param", p]
    assert words in refused(argv, capsys)


def test_dp_sgd_lists_its_parameters(capsys):
    assert main(["leakage", "dp-sgd", "--list-params"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("q ", "z ", "steps"))


def test_a_report_without_the_accountant_says_so_and_keeps_the_bounds():
    r = dp_sgd_leakage({"q": "1/10", "z": "2", "steps": 10}, accountant=False)
    names = [e["quantity"] for e in r["entries"]]
    assert "rho_KL bound, replace" in names and not any("PLD" in n for n in names)


def test_convert_gives_the_any_dp_trade_off_and_warns_about_composed_mechanisms(capsys):
    assert main(["convert", "--eps", "1", "--delta", "1e-5", "--fpr", "0.001", "0.3", "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    with mpmath.workdps(60):
        for text in ("0.001", "0.3"):
            a, d, e = mpmath.mpf(text), mpmath.mpf("1e-5"), mpmath.e
            expect = min(1, e * a + d, 1 - (1 - d - a) / e)  # Kairouz et al. (2015): any (eps, delta)-DP mechanism
            row = out["values"][f"tpr_bound_any_dp_at_fpr={text}"]
            assert row["kind"].startswith("bound") and abs(mpmath.mpf(row["value"]) - expect) <= mpmath.mpf(row["error"])
    assert any("mileak leakage dp-sgd" in note for note in out["notes"])
    assert main(["convert", "--mu", "1", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == []  # a GDP mu is not an (eps, delta) reading


def test_the_trade_off_plot_has_its_format_and_the_kl_bounds_lie_above_the_exact_curve(tmp_path):
    from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_curves

    path = tmp_path / "tradeoff.pdf"
    assert main(["leakage", "dp-sgd", "--param", "q=0.05", "--param", "z=1", "--param", "steps=20", "--plot",
                 str(path), "--json", str(tmp_path / "r.json")]) == 0
    assert path.read_bytes()[:4] == b"%PDF" and json.loads((tmp_path / "r.json").read_text())["entries"]
    curves = dp_sgd_curves({"q": "0.05", "z": "1", "steps": 20})
    _, pld, _ = curves["PLD exact trade-off (dp_accounting), add/remove"]
    for game in ("add/remove", "replace"):
        _, bound, _ = curves[f"KL bound (T7 + T2), {game}"]
        assert all(p <= b + 1e-12 for p, b in zip(pld, bound))
