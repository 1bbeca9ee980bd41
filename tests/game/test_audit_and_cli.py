"""The real-data audit, the over-parameterisation path, and the simulator's commands (exit status 2 on bad input)."""

import json

import numpy as np
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.cli.text import audit_text, path_text
from mileak.numeric.game.audit import audit
from mileak.numeric.game.datasets import DATASETS, check_rows, load
from mileak.numeric.game.metrics import auc_delong
from mileak.numeric.game.overparameterisation import lambda_path


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_scaled_into_the_ball(name):
    X, y = load(name, R=2.0)
    assert np.linalg.norm(X, axis=1).max() <= 2.0 and set(np.unique(y)) == {-1.0, 1.0}


def test_rows_outside_the_ball_are_refused_with_the_row_named():
    X = np.eye(4) * 0.5
    X[2, 0] = 3.0
    with pytest.raises(ValueError, match="row 2 has norm 3"):
        check_rows(X, np.ones(4), 1.0)


@pytest.mark.parametrize("dataset, eps", [("breast-cancer", 1.0), ("breast-cancer", None), ("digits", 4.0)])
def test_audit_never_beats_its_bounds(dataset, eps):
    r = audit(dataset, lam=0.01, eps=eps, models=16, seed=1)
    assert r["exceeded"] == []
    assert r["pairs"] + r["dropped"] == 16 * r["rows"] and r["dropped"] < 0.01 * r["pairs"]
    if eps is not None:
        names = {b["name"] for b in r["bounds"]}
        assert {"T2 from T5", "GDP trade-off at Delta/sigma"} <= names
        gdp = next(b for b in r["bounds"] if b["name"].startswith("GDP"))
        assert abs(gdp["kl"] - (r["sensitivity"] / r["sigma"]) ** 2 / 2) < 1e-12
    assert "held-out accuracy" in audit_text(r)


@pytest.mark.parametrize("kwargs, message", [({"models": 4}, "models"), ({"lam": 0.0}, "lam"), ({"eps": -1.0}, "eps"),
                                             ({"delta": 1.0}, "delta"), ({"R": 0.0}, "R")])
def test_bad_audit_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        audit("wine", **kwargs)


def test_the_lambda_path_is_paired_and_its_differences_are_the_auc_differences():
    r = lambda_path(6, 4, lams=(0.01, 1.0), trials=3000, shadows=8)
    assert len(r["steps"]) == 1
    st = r["steps"][0]
    assert abs(st["auc"]["difference"] - (r["points"][1]["auc"]["auc"] - r["points"][0]["auc"]["auc"])) < 1e-12
    assert st["auc"]["verdict"] in ("rises", "falls", "inconclusive")
    assert "p > n" in path_text(r)
    with pytest.raises(ValueError, match="lams"):
        lambda_path(6, 4, lams=(1.0, 0.1))


def test_cli_audit_writes_the_report_and_the_plot(tmp_path, capsys):
    plot, out = tmp_path / "roc.png", tmp_path / "audit.json"
    code = main(["audit", "wine", "--models", "16", "--eps", "2", "--plot", str(plot), "--json", str(out)])
    assert code == 0
    assert plot.stat().st_size > 10000 and json.loads(out.read_text())["dataset"] == "wine"
    assert "GDP trade-off" in capsys.readouterr().out


def test_cli_simulate_json_and_plot(tmp_path, capsys):
    plot = tmp_path / "roc.png"
    code = main(["simulate", "ridge", "--param", "n=10", "--param", "lam=1/10", "--param", "sigma=1/2",
                 "--trials", "2000", "--json", "-", "--plot", str(plot)])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["used_trials"] == 2000 and plot.stat().st_size > 10000
    assert auc_delong([1, 2], [0, 0])["auc"] == 1.0


def test_cli_simulate_jobs_2_writes_the_same_report_as_one_process(tmp_path, capsys):
    """``--jobs 2`` at non-default options (strong adversary, pi = 1/3, logistic): the same file as ``--jobs 1``."""
    argv = ["simulate", "logistic", "--param", "n=20", "--param", "lam=1/5", "--param", "sigma=1/2", "--param", "p=2",
            "--trials", "4500", "--adversary", "strong", "--pi", "1/3", "--seed", "5", "--quiet"]
    assert main([*argv, "--json", str(tmp_path / "one.json")]) in (0, 1)
    assert main([*argv, "--jobs", "2", "--json", str(tmp_path / "two.json")]) in (0, 1)
    one, two = (tmp_path / "one.json").read_bytes(), (tmp_path / "two.json").read_bytes()
    assert one == two and json.loads(one)["used_trials"] + json.loads(one)["dropped"] == 4500


@pytest.mark.parametrize("argv, message", [
    (["simulate", "ridge", "--param", "n=0", "--param", "lam=1", "--param", "sigma=1"], "n=0"),
    (["simulate", "ridge", "--param", "n=10", "--param", "lam=1", "--param", "sigma=1", "--trials", "0"], "trials"),
    (["simulate", "logistic", "--param", "n=10", "--param", "lam=1", "--param", "sigma=1", "--fpr", "2"], "FPR"),
    (["simulate", "logistic", "--param", "n=10", "--param", "lam=1", "--param", "sigma=1", "--shadows", "3"], "shadows"),
    (["simulate", "logistic", "--param", "n=10", "--param", "lam=1", "--param", "sigma=nan"], "sigma"),
    (["simulate", "logistic", "--param", "n=10", "--param", "lam=1", "--param", "tau=1"], "tau"),
    (["audit", "breast-cancer", "--eps", "0"], "eps"),
    (["sweep", "ridge", "--grid", "n=5,x", "--out", "/tmp/never-created-mileak"], "--grid n"),
])
def test_cli_bad_input_exits_2_naming_the_option(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2, err
    lines = [line for line in err.strip().splitlines() if not line.startswith("simulate [")]
    assert len(lines) == 1 and message in lines[0], err


SIM = ["simulate", "gaussian-mean", "--param", "n=5", "--param", "sigma=1/2", "--trials", "400", "--shadows", "0",
       "--quiet"]


@pytest.mark.parametrize("option, value, words", [
    ("--json", "", "json path '' is empty"), ("--plot", "", "plot path '' is empty"),
    ("--plot", "roc.txt", "must end in one of .png, .pdf, .svg"), ("--json", "a-folder", "is a directory"),
    ("--json", "a-fifo", "not a regular file"), ("--plot", "-", "plot path '-'"),
])
def test_bad_output_targets_are_refused_before_any_work(option, value, words, tmp_path, capsys, monkeypatch):
    import os

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder").mkdir()
    os.mkfifo(tmp_path / "a-fifo")  # a rename would replace it (as root: a device such as /dev/null)
    with pytest.raises(SystemExit) as e:
        main(SIM + [option, value])
    err = capsys.readouterr().err
    assert e.value.code == 2 and words in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "a-fifo").exists() and not (tmp_path / "a-fifo").is_file()


def test_plots_take_the_format_of_their_suffix_and_files_respect_the_umask(tmp_path, capsys):
    import os

    old = os.umask(0o022)
    try:
        for suffix, magic in ((".pdf", b"%PDF"), (".svg", b"<?xml"), (".png", b"\x89PNG")):
            path = tmp_path / f"roc{suffix}"
            assert main(SIM + ["--plot", str(path), "--json", str(tmp_path / "r.json")]) == 0
            assert path.read_bytes().startswith(magic)
            assert (path.stat().st_mode & 0o777) == 0o644 and ((tmp_path / "r.json").stat().st_mode & 0o777) == 0o644
    finally:
        os.umask(old)
    capsys.readouterr()
