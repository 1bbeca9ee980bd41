"""Every ``mileak`` command and option driven with malformed and out-of-domain values:
exit status 2 and a one-line message that names the option, never a traceback or a hang."""

from __future__ import annotations

import argparse

import pytest

from mileak.numeric.cli.main import _parser

from ..cli_runs import run_guarded

TIMEOUT = 30
GENERIC = ["abc", "nan", "inf", "-1", "", "1e999", "0x10", "__import__('os')"]
# options whose values are free text (paths) or otherwise need their own bad values
SPECIAL = {
    "--json": ["/nonexistent-dir-mileak/x.json"], "--plot": ["/nonexistent-dir-mileak/x.png"],
    "--replay": ["/nonexistent-dir-mileak/x.json"], "--out": ["/nonexistent-dir-mileak/sweep"],
    "--theorem": ["T99", "abc", ""], "ids": ["T99", "abc"], "--param": ["n", "n=abc", "=3", "n=nan", "n=-1", "bogus=1"],
    "--grid": ["n", "n=", "n=abc", "bogus=1,2", "n=-1"], "--box": ["x", "x=1", "x=a:b", "x=2:1"],
    "--loss": ["__import__('os').system('true')", "theta +", ""], "--regularizer": ["().__class__", "lambda: 1"],
    "--theta": ["1x", "__class__", ""], "--data": ["1x", "__class__", ""], "--scheduler": ["not-an-address"],
    "--values": ["y", "y=", "y=abc", "=1"], "--population": ["svm", "", "abc"], "--family": ["svm", "", "abc"],
    "--eps": ["abc", "nan", "-1", "0", ""], "--pi": ["abc", "nan", "0", "1", "2"], "--level": ["abc", "0", "1", "nan"],
    "--fpr": ["abc", "0", "1", "nan"], "--shadows": ["abc", "3", "-2", "1e3"], "--seed": ["abc", "-1", "1.5"],
    "--trials": ["abc", "0", "-1", "1.5", "10000000000000"], "--budget": ["abc", "0", "-1", "10000000000000"],
    "--models": ["abc", "0", "4", "10000000000000"], "--jobs": ["abc", "0", "-1"], "--dps": ["abc", "5", "1001"],
    "--sensitivity": ["abc", "0", "-1", "nan"], "--R": ["abc", "0", "-1", "nan"], "--lam": ["abc", "0", "-1", "nan"],
}
# the shortest valid invocation of each command (the bad option is added to it)
BASE = {
    "verify": ["verify", "--theorem", "T1.kl", "--symbolic-only", "--quiet"],
    "derive": ["derive", "T1.kl"],
    "families": ["families"],
    "falsify": ["falsify", "T3", "--family", "gaussian-mean", "--budget", "2"],
    "convert": ["convert", "--sigma", "2"],
    "leakage": ["leakage", "gaussian-mean", "--param", "n=5", "--param", "sigma=1"],
    "simulate": ["simulate", "ridge", "--param", "n=5", "--param", "lam=1", "--param", "sigma=1", "--trials", "60",
                 "--shadows", "0", "--quiet"],
    "audit": ["audit", "wine", "--models", "8"],
    "sweep": ["sweep", "gaussian-mean", "--grid", "n=4", "--trials", "40", "--shadows", "0", "--quiet"],
}
COUNTS = {"commands": 0, "options": 0, "inputs": 0}


def _options():
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for command, sp in sub.choices.items():
        for action in sp._actions:
            if isinstance(action, argparse._HelpAction) or action.nargs == 0:
                continue
            name = action.option_strings[0] if action.option_strings else action.dest
            if action.choices is not None:
                bad = ["bogus", ""]
            else:
                bad = SPECIAL.get(name, GENERIC)
            out.append((command, name, bool(action.option_strings), bad))
    return out


OPTIONS = _options()


def _argv(command, name, is_option, value, tmp_path):
    base = list(BASE[command])
    if command == "sweep" and name != "--out":
        base += ["--out", str(tmp_path / "sweep")]
    if command == "audit" and name != "--plot":
        base += ["--plot", str(tmp_path / "roc.png")]
    if not is_option:  # a positional: replace the base's value
        positional = {"verify": None, "derive": 1, "falsify": 1, "leakage": 1, "simulate": 1, "audit": 1, "sweep": 1,
                      "families": None}
        base[positional[command]] = value
        return base
    if name in base:  # replace the base's own value for this option
        i = base.index(name)
        base[i + 1] = value
        return base
    return base + [name, value]


def test_every_command_has_a_base_invocation():
    assert {c for c, *_ in OPTIONS} <= set(BASE)


@pytest.mark.parametrize("command", sorted(BASE))
def test_bad_option_values_exit_2_with_one_named_line(command, tmp_path, capsys):
    COUNTS["commands"] += 1
    problems = []
    for cmd, name, is_option, bad in OPTIONS:
        if cmd != command:
            continue
        COUNTS["options"] += 1
        for value in bad:
            COUNTS["inputs"] += 1
            argv = _argv(cmd, name, is_option, value, tmp_path)
            code, problem = run_guarded(argv, TIMEOUT)
            if problem:
                problems.append(problem)
                continue
            err = capsys.readouterr().err
            lines = [ln for ln in err.strip().splitlines() if "error" in ln or "Traceback" in ln]
            label = name.lstrip("-")
            words = [label.lower()]
            if name in ("--param", "--grid", "--box") and "=" in value and value.split("=")[0]:
                words.append(value.split("=")[0].lower())  # the parameter inside the option
            if code != 2:
                problems.append(f"{argv}: exit status {code}, expected 2")
            elif len(lines) != 1 or not any(w in lines[0].lower() for w in words):
                problems.append(f"{argv}: message does not name {name} in one line: {err.strip()[:200]!r}")
    assert not problems, f"{len(problems)} bad CLI inputs not refused properly:\n" + "\n".join(problems)


def test_zz_cli_counts(capsys):
    print(f"\nCLI fuzz: {COUNTS['commands']} commands, {COUNTS['options']} options, {COUNTS['inputs']} bad values")
