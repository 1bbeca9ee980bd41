"""Robust under abuse (issue 15): hostile numbers, formulas and files fail fast with one line naming the input;
the one-command DP leakage is checked against an independent computation; help shows examples and defaults."""

from __future__ import annotations

import json
import os
import shlex
import signal
import time
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from mileak.numeric.cli.help import EXAMPLES
from mileak.numeric.cli.main import _parser, main
from mileak.proofs.core.safe_parse import FormulaError, parse_formula

from .cli_runs import refused


@pytest.mark.parametrize("argv,named", [
    (["convert", "--delta", "1e-1000000000", "--eps", "1"], "--delta"),
    (["convert", "--mu", "1", "--fpr", "1e-999999999"], "--fpr"),
    (["convert", "--sigma", "9" * 500], "--sigma"),
    (["simulate", "gaussian-mean", "--param", "n=1e999999999", "--param", "sigma=1"], "n="),
    (["leakage", "--loss", "(theta-x)**2", "--box", "x=-1e-999999999:1", "--param", "n=5"], "--box x low"),
    (["sweep", "gaussian-mean", "--grid", "n=1e999999999", "--out", "SWEEP"], "--grid n"),
])
def test_huge_decimal_exponents_are_refused_before_expansion(argv, named, capsys, tmp_path):
    argv = [str(tmp_path / "sw") if a == "SWEEP" else a for a in argv]
    line = refused(argv, capsys, seconds=5)
    assert named in line and ("exponent" in line or "characters" in line)


def test_a_certificate_with_a_huge_exponent_or_a_float_overflow_isrefused(tmp_path, capsys):
    cert = {"claim": "T3", "family": "ridge", "release": "output", "status": "falsified",
            "data": {"D_rest": [["1", "1"]], "z": ["1", "1"], "z_prime": ["0", "1"]},
            "parameters": {"lam": "1e-1000000000", "dlam": "0", "sigma": "1"}}
    from mileak.numeric.falsify.pointwise import content_hash

    path = tmp_path / "cert.json"
    path.write_text(json.dumps({**cert, "sha256": content_hash(cert)}))  # hashed: the field check is what refuses
    assert "'lam'" in refused(["falsify", "T3", "--replay", str(path)], capsys, seconds=5)
    text = json.dumps(cert).replace('"1e-1000000000"', "1e400")  # a JSON number a double cannot hold
    path.write_text(text[:-1] + f', "sha256": "{content_hash(json.loads(text))}"}}')
    assert "'lam'" in refused(["falsify", "T3", "--replay", str(path)], capsys, seconds=5)


def test_certificates_are_read_only_from_regular_files_of_bounded_size(tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it for reading would block forever without O_NONBLOCK
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(17 * 2**20)
    for path, words in ((deep, "nested too deeply"), (fifo, "not a regular file"), ("/dev/zero", "not a regular file"),
                        (tmp_path, "not a regular file"), (big, "at most")):
        assert words in refused(["falsify", "T3", "--replay", str(path)], capsys, seconds=5)


@pytest.mark.parametrize("formula", ["(1/3**700)**(-10**6)", "(1/2**1100)**(-10**6)", "0.5**-13000"])
def test_the_power_guard_decides_on_the_exact_base(formula):
    start = time.perf_counter()
    with pytest.raises(FormulaError, match="more than 4000 digits"):
        parse_formula(formula, {"x": sp.Symbol("x")})
    assert time.perf_counter() - start < 1


def test_powers_of_a_non_constant_are_capped_by_degree_and_small_ones_kept():
    x, t = sp.symbols("x theta")
    with pytest.raises(FormulaError, match="degree 100"):
        parse_formula("(theta-x)**(10**6)", {"x": x, "theta": t})
    assert parse_formula("(theta-x)**4", {"x": x, "theta": t}) == (t - x) ** 4
    assert parse_formula("(1/2)**(-100)", {"x": x}) == 2**100  # exact, and within the digit guard


@pytest.mark.parametrize("loss", ["Abs(theta)/theta", "Abs(theta - x)", "Max(theta - x, 0)**2"])
def test_a_loss_with_a_kink_is_refused_by_name_not_a_lambdify_error(loss, capsys):
    line = refused(["leakage", "--loss", loss, "--box", "x=-1:1", "--param", "n=10", "--param", "lam=1",
                     "--param", "sigma=1"], capsys)
    assert "not twice differentiable" in line


@pytest.mark.parametrize("argv,words", [
    (["leakage", "--loss", "log(0)*theta", "--box", "x=-1:1", "--param", "n=5"], "not a finite real number"),
    (["leakage", "--loss", "(theta-x)**2", "--box", "x=0:0", "--param", "n=5"], "x=0:0"),
    (["convert", "--sigma", "-2"], "sigma=-2 must be in (0, oo)"),
    (["verify", "--theorem", "T1.kl", "--dps", "300"], "[15, 50]"),
    (["leakage", "gaussian-mean", "--param", "n=5", "--param", "sigma=1", "--dps", "151"], "[15, 150]"),
    (["simulate", "ridge", "--param", "n=10", "--param", "sigma=0.5"], "missing 1 parameter: lam in [0, oo)"),
    (["simulate", "ridge", "--param", "n=10"], "missing 2 parameters: lam in [0, oo)"),
    (["sweep", "ridge", "--grid", "n=10,20", "--out", "SWEEP"], "missing 2 parameters"),
    (["simulate", "gaussian-mean", "--param", "n=10", "--param", "sigma=1", "--trials", "100000000"],
     "needs about 14.9 GiB of memory; the limit is 4 GiB"),
    (["falsify", "T4", "--family", "ridge", "--trials", "100000000"], "GiB of memory; the limit is 4 GiB"),
    (["convert", "--tpr", "0.5", "--fpr", "0.01", "0.1"], "takes the attack's one FPR"),
])
def test_bad_combinations_give_one_useful_line(argv, words, capsys, tmp_path):
    argv = [str(tmp_path / "sw") if a == "SWEEP" else a for a in argv]
    assert words in refused(argv, capsys)


def test_a_grid_over_the_cap_needs_yes_and_nothing_is_created(tmp_path, capsys):
    out = tmp_path / "big"
    line = refused(["sweep", "gaussian-mean", "--grid", "n=" + ",".join(map(str, range(2, 1002))),
                     "--grid", "sigma=1,2", "--out", str(out)], capsys, seconds=5)
    assert "2000 points (1000 n x 2 sigma)" in line and "--yes" in line and not out.exists()


def test_an_advantage_near_0_or_1_converts_at_full_relative_precision(capsys):
    """mu = 2 Phi^-1((1 + a)/2), checked by a root of Phi at 400 digits (an independent route)."""
    for text in ("1e-300", "0." + "9" * 44):
        assert main(["convert", "--advantage", text, "--json", "-"]) == 0
        row = json.loads(capsys.readouterr().out)["values"]["mu"]
        with mpmath.workdps(400):
            a = mpmath.mpf(Fraction(text).numerator) / Fraction(text).denominator
            if a < 0.5:  # Phi^-1((1 + a)/2) = a sqrt(pi/2) (1 + pi a^2 / 12 + ...): the series, to 600 digits at 1e-300
                x = a * mpmath.sqrt(mpmath.pi / 2) * (1 + mpmath.pi * a**2 / 12)
            else:  # the upper tail (1 - a)/2 by a root of log Phi(-x) = log tail
                tail = (1 - a) / 2
                x = mpmath.findroot(lambda v: mpmath.log(mpmath.ncdf(-v)) - mpmath.log(tail), mpmath.mpf(14))
            assert abs(mpmath.mpf(row["value"]) - 2 * x) <= mpmath.mpf(row["error"])
            assert mpmath.mpf(row["error"]) <= 1e-29 * 2 * x


def test_values_that_start_with_a_dash_are_option_values(capsys):
    assert main(["leakage", "--loss", "-x**2*theta**2 + theta**2", "--box", "x=-1:1", "--param", "n=10",
                 "--param", "lam=1", "--param", "sigma=1"]) == 0
    assert "leakage of user" in capsys.readouterr().out


def test_list_params_lists_every_parameter_with_its_domain(capsys):
    from mileak.numeric.families.registry import plugin
    from mileak.proofs.core.parameters import interval_text

    assert main(["leakage", "ridge", "--list-params"]) == 0
    out = capsys.readouterr().out
    for q in plugin("ridge").family.parameters:
        assert any(line.split()[:1] == [q.name] and interval_text(q.domain) in line for line in out.splitlines()), q


def test_every_help_shows_examples_that_parse_and_every_default():
    import argparse

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "examples:" in text and 1 <= len(EXAMPLES[name]) <= 3, name
        for example in EXAMPLES[name]:
            parser.parse_args(shlex.split(example)[1:])  # each example is a valid command line
        for action in command._actions:
            if action.option_strings and action.default not in (None, False, [], argparse.SUPPRESS):
                help_text = command.formatter_class(prog="x")._get_help_string(action)
                assert "default" in help_text.lower(), (name, action.option_strings)


def _gdp_mu(eps, delta):
    """The analytic calibration's mu: the root of delta(eps; mu) = Phi(-eps/mu + mu/2) - e^eps Phi(-eps/mu - mu/2),
    increasing in mu, by plain bisection (an independent route from the toolkit's log-space Newton)."""
    curve = lambda m: mpmath.ncdf(-eps / m + m / 2) - mpmath.exp(eps) * mpmath.ncdf(-eps / m - m / 2)  # noqa: E731
    lo, hi = mpmath.mpf("0.01"), mpmath.mpf(50)
    for _ in range(400):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if curve(mid) < delta else (lo, mid)
    return (lo + hi) / 2


def test_one_command_dp_leakage_matches_an_independent_computation(capsys):
    assert main(["leakage", "logistic", "--param", "n=1000", "--param", "lam=0.01", "--param", "eps=2",
                 "--param", "delta=1e-6", "--json", "-"]) == 0
    rows = {e["quantity"]: e for e in json.loads(capsys.readouterr().out)["entries"]}
    with mpmath.workdps(60):
        mu = _gdp_mu(mpmath.mpf(2), mpmath.mpf(10) ** -6)
        shift = mpmath.mpf(2) / (1000 * mpmath.mpf("0.01"))  # 2 L / (n lam), L = R = 1
        expect = {"sensitivity 2L/(n lam)": shift, "sigma of the (2, 1/1000000)-DP noise": shift / mu,
                  "mu = 1/noise multiplier (Gaussian DP)": mu, "T5 bound on rho_KL (= mu^2/2)": mu**2 / 2,
                  "T1 bound on rho_MI (pi x KL bound)": mu**2 / 4,
                  "TPR bound at FPR 0.01": mpmath.ncdf(-mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * mpmath.mpf("0.01")) + mu)}
        for name, value in expect.items():
            row = rows[name]
            assert row["status"] == "certified"
            assert abs(mpmath.mpf(row["value"]) - value) <= mpmath.mpf(row["error"]) + value * mpmath.mpf(10) ** -29, name
    assert main(["leakage", "logistic", "--param", "n=1000", "--param", "lam=0.01", "--param", "eps=0.5",
                 "--param", "delta=1e-5", "--calibration", "classic", "--json", "-"]) == 0
    rows = {e["quantity"]: e for e in json.loads(capsys.readouterr().out)["entries"]}
    with mpmath.workdps(60):
        sigma = mpmath.sqrt(2 * mpmath.log(mpmath.mpf("1.25") / mpmath.mpf("1e-5"))) / mpmath.mpf("0.5") * mpmath.mpf("0.2")
        row = rows["sigma of the (1/2, 1/100000)-DP noise"]
        assert abs(mpmath.mpf(row["value"]) - sigma) <= mpmath.mpf(row["error"]) + sigma * mpmath.mpf(10) ** -29


@pytest.mark.parametrize("params,words", [
    (["eps=2"], "eps and delta must be given together"),
    (["eps=2", "delta=1e-6", "sigma=1"], "either sigma or (eps, delta)"),
    (["eps=0", "delta=1e-6"], "eps=0 must be in (0, oo)"),
])
def test_dp_leakage_refuses_incomplete_or_conflicting_privacy_parameters(params, words, capsys):
    argv = ["leakage", "logistic", "--param", "n=100", "--param", "lam=0.1"]
    for p in params:
        argv += ["--param", p]
    assert words in refused(argv, capsys)
    assert "finite proved gradient bound L" in refused(["leakage", "ridge", "--param", "n=100", "--param", "lam=1",
                                                         "--param", "eps=1", "--param", "delta=1e-5"], capsys)


def test_json_and_plots_are_refused_inside_a_sweep_folder(tmp_path, capsys):
    folder = tmp_path / "sw"
    assert main(["sweep", "gaussian-mean", "--grid", "n=5", "--param", "sigma=1", "--trials", "200", "--shadows", "0",
                 "--out", str(folder), "--quiet"]) == 0
    capsys.readouterr()
    before = {p: p.read_bytes() for p in folder.rglob("*.json")}
    for target in (folder / "points" / "point-00000.json", folder / "config.json", folder / "new.json"):
        assert "inside the folder" in refused(["convert", "--mu", "1", "--json", str(target)], capsys)
    assert "inside the folder" in refused(["sweep", "gaussian-mean", "--grid", "n=5", "--out", str(tmp_path / "b"),
                                                  "--json", str(tmp_path / "b" / "s.json")], capsys)
    assert {p: p.read_bytes() for p in folder.rglob("*.json")} == before


def test_a_second_sweep_on_a_held_folder_is_refused_or_waits(tmp_path):
    import fcntl
    import threading

    from mileak.numeric.game.sweep import sweep

    folder = tmp_path / "sw"
    folder.mkdir()
    holder = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another sweep holds the folder
    with pytest.raises(ValueError, match="in use by another sweep"):
        sweep("gaussian-mean", {"n": [5]}, {"sigma": 1.0}, str(folder), trials=200, shadows=0)
    assert not (folder / "config.json").exists()
    threading.Timer(1.0, lambda: os.close(holder)).start()  # the other sweep ends in a second
    start = time.perf_counter()
    r = sweep("gaussian-mean", {"n": [5]}, {"sigma": 1.0}, str(folder), trials=200, shadows=0, wait=True)
    assert time.perf_counter() - start >= 0.9 and len(r["points"]) == 1


def test_two_sweeps_with_different_configurations_on_one_folder_never_mix(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from mileak.numeric.game.sweep import sweep

    folder = str(tmp_path / "sw")

    def run(sigma):
        try:
            return sweep("gaussian-mean", {"n": [5, 10, 20]}, {"sigma": sigma}, folder, trials=300, shadows=0)
        except ValueError as exc:
            return str(exc)

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(run, (0.5, 0.6)))
    finished = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(finished) == 1 and len(refused) == 1
    assert "in use by another sweep" in refused[0] or "another configuration" in refused[0]
    config = json.loads((tmp_path / "sw" / "config.json").read_text())
    summary = json.loads((tmp_path / "sw" / "summary.json").read_text())
    assert config["fixed"] == summary["config"]["fixed"] == finished[0]["config"]["fixed"]
    assert not [p for p in (tmp_path / "sw" / "points").iterdir() if p.name.startswith(".tmp")]


def test_tpr_is_named_at_the_realised_fpr_when_the_nominal_one_is_outside_its_interval():
    from mileak.numeric.cli.text.simulation import _tpr_cell, gap_text

    inside = {"tpr": {"value": 0.05}, "fpr": {"value": 0.0011, "low": 0.0007, "high": 0.0016}, "at_nominal": True}
    outside = {"tpr": {"value": 0.05}, "fpr": {"value": 0.0028, "low": 0.0021, "high": 0.0036}, "at_nominal": False}
    assert _tpr_cell(inside) == "0.05" and _tpr_cell(outside) == "0.05 at FPR 0.0028"
    below = gap_text("lira", {"gap_ratio": 0.972, "bound": "T2 from T5"})
    assert "0.972x" not in below and "1.03x" in below and "reached, not exceeded" in below
    assert "allows 2.5x" in gap_text("lira", {"gap_ratio": 2.5, "bound": "T2 from T5"})


def test_roc_at_fpr_says_whether_the_nominal_fpr_is_within_the_realised_interval():
    import numpy as np

    from mileak.numeric.game.metrics import clopper_pearson, roc_at_fpr

    rng = np.random.default_rng(0)
    for n_cal in (50, 5000):  # few calibration scores: a coarse threshold, the realised FPR far from 1/100
        out = roc_at_fpr(rng.normal(1, 1, 5000), rng.normal(0, 1, n_cal), rng.normal(1, 1, 5000),
                         rng.normal(0, 1, 5000), 0.01, 0.999)
        lo, hi = clopper_pearson(out["fpr"]["count"], out["fpr"]["trials"], 0.999)
        assert out["at_nominal"] == (lo <= 0.01 <= hi)


def test_progress_is_a_tqdm_bar_without_nan_covering_the_audit(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["audit", "wine", "--models", "8"]) in (0, 1)
    err = capsys.readouterr().err
    assert "nan" not in err and "12/12" in err and "100%" in err  # 8 models + 4 stages, all covered
    assert not list(tmp_path.iterdir())  # no plot unless asked


def test_plot_legends_use_words_and_the_audit_plot_is_written_only_when_asked(tmp_path):
    from mileak.numeric.game.plots import bound_words

    assert bound_words("T2 from T5") == "KL bound from the sensitivity (T5)"
    assert bound_words("GDP trade-off at Delta/sigma").startswith("Gaussian DP trade-off")
    assert bound_words("something new") == "something new"


def _children(pid):
    import subprocess

    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(x) for x in out]


def _alive(pids):
    alive = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().split()[2] != "Z":
                    alive.append(pid)
        except OSError:
            pass
    return alive


SWEEP = ["mileak", "sweep", "gaussian-mean", "--grid", "n=5,10,20,40,80,160,320,640", "--grid", "sigma=1,2",
         "--trials", "300000", "--shadows", "0", "--jobs", "2", "--quiet"]


@pytest.mark.slow
@pytest.mark.parametrize("sig,code,how", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated"),
                                          (signal.SIGKILL, -9, None)])
def test_a_stopped_parallel_sweep_leaves_no_workers_and_no_temp_files(sig, code, how, tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "sw"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-m", "mileak.numeric.cli", *SWEEP[1:], "--out", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    deadline = time.time() + 120
    while time.time() < deadline and not list((folder / "points").glob("point-*.json")):
        time.sleep(0.2)  # stop it once work is under way
    workers = _children(proc.pid)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    if how is not None:
        lines = [line for line in err.strip().splitlines() if line]
        assert len(lines) == 1 and lines[0].startswith(f"mileak sweep: {how}; ") and "points kept" in lines[0], err
        kept = len(list((folder / "points").glob("point-*.json")))
        assert f"{kept} of 16 points kept" in lines[0]
    deadline = time.time() + 10
    while _alive(workers) and time.time() < deadline:
        time.sleep(0.2)
    assert not _alive(workers), f"worker processes {workers} outlived the sweep"
    if sig != signal.SIGKILL:  # after SIGKILL a worker's temp file may remain: the next run removes it (test_sweep)
        assert not [p for p in (folder / "points").iterdir() if p.name.startswith(".tmp")]


def test_a_failed_write_names_the_users_path_not_the_temporary_file(tmp_path, monkeypatch):
    from mileak.numeric.core import atomic

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", src)

    monkeypatch.setattr(atomic.os, "replace", refuse)
    target = tmp_path / "out.json"
    with pytest.raises(OSError) as exc:
        atomic.write_json_atomic(str(target), {"a": 1})
    assert repr(str(target)) in str(exc.value) and ".tmp-" not in str(exc.value)
    assert not list(tmp_path.iterdir())  # the temporary file is removed


_OUTPUTS = [(["verify", "--theorem", "T1.kl"], "--json"),
            (["leakage", "gaussian-mean", "--param", "n=5", "--param", "sigma=1"], "--json")] + [
    (argv, option) for argv in (["simulate", "gaussian-mean", "--param", "n=10", "--param", "sigma=1"],
                                ["audit", "wine", "--models", "8"]) for option in ("--json", "--plot")]


@pytest.mark.parametrize(("argv", "option"), _OUTPUTS, ids=[f"{a[0]}{o}" for a, o in _OUTPUTS])
def test_an_output_path_that_cannot_be_written_is_refused_before_any_work(argv, option, capsys):
    """Before, an unwritable --json was reported after all the work, and a path under /proc said 'No such file'.
    The check creates (and removes) a temp file where the atomic write will, so the reason is the real one."""
    line = refused(argv + [option, "/proc/mileak-out" + (".json" if option == "--json" else ".png")], capsys,
                   seconds=10)
    assert "cannot create a file in folder '/proc'" in line and "choose a folder you can write to" in line
