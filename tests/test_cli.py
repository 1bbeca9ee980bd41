"""The ``mileak`` command: exit statuses, JSON certificates, errors naming the option."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from mileak.numeric.cli.main import main


def test_verify_subset_writes_certificates(tmp_path, capsys):
    out = tmp_path / "cert.json"
    assert main(["verify", "--theorem", "T2.roc", "T1.entropy", "--json", str(out), "--quiet"]) == 0
    table = capsys.readouterr().out
    assert "T2.roc" in table and "PROVED" in table and "2/2 claims PROVED" in table
    cert = json.loads(out.read_text())
    assert cert["passed"] is True and [c["id"] for c in cert["claims"]] == ["T2.roc", "T1.entropy"]
    claim = cert["claims"][0]
    assert claim["symbolic_status"] == "proved" and claim["numeric"]["status"] == "verified"
    assert claim["numeric"]["dps"] == 30 and claim["numeric"]["points"]
    assert cert["versions"]["sympy"] and "mileak verify --theorem T2.roc T1.entropy" in cert["rerun"]


def test_verify_json_to_stdout(capsys):
    assert main(["verify", "--theorem", "T2.pinsker_region", "--json", "-", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"][0]["id"] == "T2.pinsker_region"


def test_derive_prints_each_step(capsys):
    assert main(["derive", "T1.kl"]) == 0
    text = capsys.readouterr().out
    assert "[1 gibbs] lemma" in text and "Gibbs" in text and "status: PROVED" in text  # each fact by its name
    assert main(["derive", "T2.roc", "--latex"]) == 0
    assert r"\log" in capsys.readouterr().out


@pytest.mark.parametrize("argv,message", [
    (["verify", "--theorem", "T9"], "theorem='T9' is not registered"),
    (["verify", "--dps", "3"], "dps=3 must be in [15, 50]"),
    (["verify", "--seed", "-1"], "seed=-1 must be an int >= 0"),
    (["verify", "--profile", "fast"], "invalid choice: 'fast'"),
    (["verify", "--dps", "many"], "invalid int value: 'many'"),
    (["derive", "T1.nope"], "theorem='T1.nope' is not registered"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_options_exit_2_with_a_one_line_message(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1]


def test_json_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["verify", "--theorem", "T2.roc", "--quiet", "--json", str(tmp_path / "no" / "x.json")])
    assert exc.value.code == 2


def test_console_script_is_installed():
    done = subprocess.run([sys.executable, "-m", "mileak.numeric.cli", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("mileak ")
    script = shutil.which("mileak") or os.path.join(os.path.dirname(sys.executable), "mileak")
    helped = subprocess.run([script, "verify", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--profile" in helped.stdout


def test_step_budget_bounds_each_derivation_step_and_is_validated(capsys):
    """``--step-budget`` counts sympy operations: a tiny one makes a long step UNPROVED 'used its work budget' (exit
    1), the same text twice; ``--step-timeout`` is the safety net (TIMED_OUT, exit 1); bad values exit 2 naming
    the option."""
    from mileak.numeric.cli.main import main

    outputs = []
    for _ in range(2):
        assert main(["derive", "F1.kl_closed_form", "--step-budget", "2000", "--no-cache"]) == 1
        outputs.append(capsys.readouterr().out)
    assert "used its work budget of 2,000 sympy operations" in outputs[0] and "status: UNPROVED" in outputs[0]
    assert outputs[0] == outputs[1]
    assert main(["derive", "F1.kl_closed_form", "--step-budget", "1e12", "--step-timeout", "0.05", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "status: TIMED_OUT" in out and "--step-timeout" in out
    assert main(["derive", "T2.roc", "--step-budget", "2e6"]) == 0
    for option, bad in [("--step-budget", b) for b in ("0", "-1", "nan", "inf", "1e999999999", "abc", "2.5", "1e13")] \
            + [("--step-timeout", b) for b in ("0", "-1", "nan", "inf", "1e999999999", "abc", "86401")]:
        with pytest.raises(SystemExit) as exc:
            main(["derive", "T2.roc", option, bad])
        assert exc.value.code == 2
        assert option in capsys.readouterr().err


def test_verify_says_timed_out_is_no_verdict_and_exits_1(capsys, tmp_path, monkeypatch):
    """The safety net firing is TIMED_OUT in the table, with the advice, and the run fails (exit 1)."""
    from mileak.numeric.cli.main import main

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    argv = ["verify", "--theorem", "F1.kl_closed_form", "--symbolic-only", "--quiet", "--no-cache"]
    assert main(argv + ["--step-budget", "1e12", "--step-timeout", "0.05"]) == 1
    out = capsys.readouterr().out
    assert "TIMED_OUT" in out and "retry with a longer --step-timeout" in out and "0/1 claims PROVED" in out
    assert main(argv + ["--step-budget", "2000"]) == 1  # the work budget: UNPROVED, a verdict
    out = capsys.readouterr().out
    assert "UNPROVED" in out and "TIMED_OUT" not in out and "used its work budget of 2,000" in out


@pytest.mark.parametrize("command", [["verify"], ["audit", "breast-cancer", "--models", "256"]],
                         ids=["verify", "audit"])
@pytest.mark.parametrize(("sig", "code", "word"), [(2, 130, "interrupted"), (15, 143, "terminated")],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_ends_a_command_with_one_line_its_exit_status_and_no_file(command, sig, code, word, tmp_path):
    """Ctrl-C exits 130 and SIGTERM 143 (the shell conventions), with one line on stderr, no traceback, and
    no --json file (results are written atomically, at the end)."""
    import signal
    import time

    out = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "mileak.numeric.cli", *command, "--json", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    time.sleep(3)  # imports done, the run under way
    assert proc.poll() is None
    proc.send_signal(signal.Signals(sig))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err[-2000:]
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"mileak {command[0]}: {word}")
    assert not out.exists()


@pytest.mark.parametrize(("raised", "code", "word"), [(KeyboardInterrupt, 130, "interrupted"),
                                                       ("terminated", 143, "terminated")])
def test_a_signal_that_python_wrapped_in_another_error_still_ends_the_run_as_a_signal(raised, code, word,
                                                                                      monkeypatch, capsys):
    """A Ctrl-C landing in a class body's ``__set_name__`` (an import under way) reaches us as a RuntimeError
    caused by the KeyboardInterrupt (CI saw it say 'internal error', exit 2): the cause decides, 130/143."""
    import importlib

    from mileak.numeric.cli import game_commands

    cli_main = importlib.import_module("mileak.numeric.cli.main")

    signal_error = cli_main._Terminated() if raised == "terminated" else raised()

    def interrupted_during_an_import(args):
        try:
            raise signal_error
        except BaseException as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance 'kind'") from exc

    monkeypatch.setitem(game_commands.COMMANDS, "audit", interrupted_during_an_import)
    assert cli_main.main(["audit", "breast-cancer"]) == code
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith(f"mileak audit: {word}") and "internal error" not in err


def test_verify_in_two_worker_processes_gives_the_same_certificates(tmp_path):
    """A claim draws its points from SeedSequence([seed, crc32(id)]) in whichever process checks it."""
    from mileak.numeric.verify.driver import certificates, verify

    ids = ["T1.entropy", "T2.roc", "T6.kl", "T7.order_q"]
    one = certificates(verify(ids, jobs=1), "ci", 30, 0)
    two = certificates(verify(ids, jobs=2), "ci", 30, 0)

    def strip(cert):
        return [{k: v for k, v in c.items() if k not in ("seconds", "time")} | {
            "numeric": {k: v for k, v in c["numeric"].items() if k != "seconds"}} for c in cert["claims"]]

    assert strip(one) == strip(two) and one["passed"] and two["passed"]


def test_a_claim_checks_the_same_points_alone_as_in_any_selection():
    """Points are seeded by the claim's id, not its position: ``--theorem T1.kl`` gives the full run's rows (before,
    its min margin was 3.48e-17 alone and 1.67e-13 in the full run, with the same seed)."""
    from mileak.numeric.verify.driver import certificates, verify

    def points(ids, seed=0):
        cert = certificates(verify(ids, jobs=1, seed=seed), "ci", 30, seed)
        return {c["id"]: [(p["lhs"], p["rhs"], p["verdict"]) for p in c["numeric"]["points"]] for c in cert["claims"]}

    alone = points(["T1.kl"])
    assert alone["T1.kl"] == points(["T1.entropy", "T2.roc", "T1.kl"])["T1.kl"]
    assert alone["T1.kl"] != points(["T1.kl"], seed=1)["T1.kl"]  # the seed still decides the points


def test_side_tasks_run_in_the_claims_pool_and_return_in_order():
    """``mileak verify`` runs the outside-assumption searches beside the claims: the same rows as run alone."""
    import functools

    from mileak.numeric.falsify.report import outside_assumption_row, outside_cases
    from mileak.numeric.verify.driver import verify_with

    cases = [c for c in outside_cases() if c[1] == "ridge"][:2]
    beside = [functools.partial(outside_assumption_row, case, 20, 3) for case in cases]
    alone = [outside_assumption_row(case, 20, 3) for case in cases]
    for jobs in (1, 2):
        rows, results = verify_with(beside, ["T2.roc"], jobs=jobs, numeric=False)
        assert results == alone and [r.claim.id for r in rows] == ["T2.roc"] and rows[0].passed


def test_the_proof_cache_reads_proved_derivations_and_proves_a_changed_layer_again(tmp_path, monkeypatch):
    from mileak.numeric.core import cache_folder
    from mileak.numeric.verify.driver import certificates, verify

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    fresh = verify(["T1.entropy", "T2.roc"], cache=True, jobs=1, numeric=False)
    assert [r.cached for r in fresh] == [False, False] and len(list((tmp_path / "cache").iterdir())) == 2
    again = verify(["T1.entropy", "T2.roc"], cache=True, jobs=1, numeric=False)
    assert [r.cached for r in again] == [True, True]
    assert certificates(again, "ci", 30, 0) == certificates(fresh, "ci", 30, 0)  # the same proof, step by step
    monkeypatch.setitem(cache_folder._PACKAGE_HASHES, "mileak.proofs", "a changed symbolic layer")
    changed = verify(["T1.entropy"], cache=True, jobs=1, numeric=False)
    assert changed[0].cached is False and changed[0].passed  # proved again, not read
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a sealed record")  # a damaged cache is ignored
    monkeypatch.delitem(cache_folder._PACKAGE_HASHES, "mileak.proofs")
    assert [r.cached for r in verify(["T1.entropy", "T2.roc"], cache=True, jobs=1, numeric=False)] == [False, False]
    assert verify(["T1.entropy"], cache=False, jobs=1, numeric=False)[0].cached is False


def test_an_unproved_derivation_is_never_cached(tmp_path, monkeypatch):
    from mileak.numeric.verify.driver import verify

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    rows = verify(["F1.kl_closed_form"], cache=True, jobs=1, numeric=False, step_budget=2000)
    assert not rows[0].passed and not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_derive_reads_the_proof_cache_and_prints_the_same_derivation(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["derive", "T2.roc"]) == 0
    first = capsys.readouterr().out
    assert main(["derive", "T2.roc"]) == 0
    second = capsys.readouterr().out
    assert "as this request printed them before" in second and second.startswith(first.rstrip("\n"))
    assert main(["derive", "T2.roc", "--no-cache"]) == 0
    assert capsys.readouterr().out == first


def test_a_warm_derive_prints_its_kept_text_without_importing_sympy_and_a_changed_layer_renders_again(
        tmp_path, monkeypatch, capsys):
    import subprocess
    import sys

    from mileak.numeric.core import cache_folder

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["derive", "T2.roc", "T1.kl", "--latex"]) == 0
    first = capsys.readouterr().out
    script = ("import sys; from mileak.numeric.cli import main; code = main(['derive', 'T2.roc', 'T1.kl', '--latex']); "
              "print('SYMPY' if 'sympy' in sys.modules else 'NO-SYMPY'); sys.exit(code)")
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={
        **__import__("os").environ, "MILEAK_CACHE_DIR": str(tmp_path / "cache")})
    assert warm.returncode == 0 and warm.stdout.rstrip().endswith("NO-SYMPY"), warm.stderr[-1500:]
    assert warm.stdout.startswith(first.rstrip("\n")) and "(2 of 2 derivations as this request printed" in warm.stdout
    assert main(["derive", "T1.kl", "T2.roc", "--latex"]) == 0  # another request (order): rendered, not read
    assert "checked again with their recorded decisions" in capsys.readouterr().out  # ... the first one's records
    monkeypatch.setitem(cache_folder._PACKAGE_HASHES, "mileak.proofs", "a changed symbolic layer")
    assert main(["derive", "T2.roc", "T1.kl", "--latex"]) == 0
    assert capsys.readouterr().out == first  # proved and rendered again: no cache line


def test_a_cached_derivation_keeps_its_facts_as_relations_so_it_prints_and_concludes_the_same(tmp_path, monkeypatch,
                                                                                              capsys):
    """A pickled relation was evaluated again when loaded: ``-4 L^2/(lam^2 n^3 sigma^2) <= 0`` came back as ``True``,
    so a cached T5.falls_in_n printed a fact ``True`` and its reversed mutant was no longer FALSIFIED. Facts are now
    the claim's own, built in the process; only decisions are recorded."""
    import sympy as sp

    from mileak.numeric.verify.proof_cache import cached_checker
    from mileak.proofs.core import Status
    from mileak.proofs.theorems import REGISTRY

    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["derive", "T5.falls_in_n"]) == 0
    first = capsys.readouterr().out
    assert main(["derive", "T5.falls_in_n"]) == 0
    assert capsys.readouterr().out.startswith(first.rstrip("\n"))
    checker, claim = cached_checker(), REGISTRY.claim("T5.falls_in_n")
    checker.check(claim)
    assert checker.loaded == {"T5.falls_in_n"}
    reversed_ = sp.Le(claim.statement.rhs, claim.statement.lhs, evaluate=False)
    assert checker.check_statement(claim, reversed_).status is Status.FALSIFIED


def test_the_registry_builds_only_the_theorems_asked_for():
    import subprocess
    import sys

    code = ("import sys; from mileak.proofs.theorems import REGISTRY; REGISTRY.claim('T2.roc'); "
            "print(sorted(m for m in sys.modules if m.startswith('mileak.proofs.theorems.t')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "t2_hypothesis_testing" in out and "t6_gaussian_dp" not in out and "t7_dp_sgd" not in out


@pytest.mark.parametrize("argv, option", [
    (["simulate", "ridge", "--param", "n=30", "--param", "lam=1/10", "--param", "sigma=1/2", "--seed", "1", "--seed", "2"],
     "--seed"),
    (["simulate", "ridge", "--param", "n=30", "--param", "lam=1/10", "--param", "sigma=1/2", "--jobs", "2", "--jobs=1"],
     "--jobs"),
    (["simulate", "ridge", "--param", "n=30", "--see", "1", "--seed", "2"], "--seed"),  # an abbreviation
    (["simulate", "ridge", "--fpr", "0.1", "--fpr", "0.2"], "--fpr"),
    (["verify", "--symbolic-only", "--dps", "30", "--dps", "40"], "--dps"),
    (["convert", "--sigma", "1", "--sigma", "2"], "--sigma"),
    (["leakage", "gaussian-mean", "--param", "n=20", "--pi", "1/3", "--pi", "1/4"], "--pi"),
    (["audit", "breast-cancer", "--eps", "1", "--eps", "2"], "--eps"),
    (["sweep", "ridge", "--grid", "n=5,6", "--out", "/tmp/never-created-mileak", "--trials", "9", "--trials", "10"],
     "--trials"),
])
def test_an_option_given_twice_is_refused_not_replaced(argv, option, capsys):
    """argparse keeps the last of two values silently; mileak names the option instead (before any work)."""
    from .cli_runs import refused

    assert f"{option} is given twice; give it once" in refused(argv, capsys, seconds=2)


def test_options_that_accumulate_may_repeat(capsys):
    assert main(["convert", "--sigma", "2", "--fpr", "0.1", "0.01"]) == 0
    from mileak.numeric.cli.inputs import given_options, repeated_option
    from mileak.numeric.cli.main import _parser

    parser = _parser()
    for argv in (["verify", "--theorem", "T1", "--theorem", "T2.roc", "--quiet", "--quiet"],
                 ["simulate", "ridge", "--param", "n=3", "--param", "lam=1"],
                 ["sweep", "ridge", "--grid", "n=5,6", "--grid", "lam=1,2"]):
        assert repeated_option(given_options(parser, argv)) is None


def test_worker_processes_inherit_a_filter_for_the_trackers_cleanup_notice(monkeypatch):
    """After a Ctrl-C the resource tracker outlives the run and cleans up; its notice must not follow the one line
    the run ends with. The filter is added to the user's own PYTHONWARNINGS, once, and silences only that notice."""
    import os
    import subprocess
    import sys

    from mileak.numeric.cli.main import _quiet_worker_cleanup

    monkeypatch.setenv("PYTHONWARNINGS", "default::DeprecationWarning")
    _quiet_worker_cleanup()
    _quiet_worker_cleanup()
    assert os.environ["PYTHONWARNINGS"] == "default::DeprecationWarning,ignore:resource_tracker:UserWarning"
    code = ("import warnings; warnings.warn('resource_tracker: There appear to be 3 leaked semlock objects to clean "
            "up at shutdown'); warnings.warn('another notice')")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)).stderr
    assert "resource_tracker" not in err and "another notice" in err
