"""Every command driven with *combinations* of extreme values, as a hostile user would try them: each
combination exits 2 with one line and no traceback, in under 10 s (the one-at-a-time fuzz is test_fuzz_cli)."""

from __future__ import annotations

import itertools
import os
import time

import pytest

from ..cli_runs import run_guarded
from .test_fuzz_cli import BASE

LIMIT_S = 10
HUGE = ["1e-999999999", "1e999999999", "9" * 500, "1/0"]
# per command: option -> extreme values (each one invalid on its own)
EXTREMES = {
    "verify": {"--dps": ["1000000", "51"], "--seed": ["-1"], "--theorem": ["T99"], "--json": ["DIR"],
               "--step-budget": ["1e999999999", "0"]},
    "derive": {"--step-budget": ["1e999999999", "-1"]},
    "falsify": {"--budget": ["100000000000"], "--trials": ["100000000"], "--replay": ["DEEP", "FIFO"],
                "--json": ["DIR"], "--loss": ["(theta-x)**(10**6)", "(1/3**700)**(-10**6)"], "--box": ["x=0:0"]},
    "convert": {"--sigma": HUGE, "--eps": HUGE, "--delta": HUGE, "--advantage": ["1", "1e-999999999"],
                "--fpr": ["1e-999999999", "1"], "--sensitivity": HUGE, "--dps": ["1000000"], "--json": ["DIR"]},
    "leakage": {"--param": ["n=1e999999999", "lam=-1e-999999999", "sigma=1/0", "delta=1e-5"],
                "--dps": ["151", "100000"], "--pi": HUGE, "--json": ["/dev/null"], "--calibration": ["bogus"]},
    "simulate": {"--param": ["n=1e999999999", "lam=1/0", "eps=1e999999999"], "--trials": ["100000000"],
                 "--shadows": ["1000000"], "--fpr": ["1e-999999999"], "--level": HUGE, "--plot": ["DIR"],
                 "--pi": ["1e-999999999"]},
    "audit": {"--lam": HUGE, "--eps": HUGE, "--delta": HUGE, "--models": ["100000000"], "--R": HUGE,
              "--fpr": ["1e-999999999"], "--plot": ["DIR", "x.gif"]},
    "sweep": {"--grid": ["n=1e999999999", "n=" + ",".join(map(str, range(2, 3003)))], "--param": ["sigma=1/0"],
              "--trials": ["100000000"], "--jobs": ["100000"], "--json": ["INSIDE"]},
}
COUNTS = {"commands": 0, "combinations": 0, "worst_s": 0.0, "worst": ""}


def _value(value, tmp_path):
    if value == "DIR":
        return str(tmp_path)
    if value == "DEEP":
        path = tmp_path / "deep.json"
        path.write_text("[" * 100_000 + "]" * 100_000)
        return str(path)
    if value == "FIFO":
        path = tmp_path / "fifo"
        if not path.exists():
            os.mkfifo(path)
        return str(path)
    if value == "INSIDE":
        return str(tmp_path / "sweep" / "summary-copy.json")
    return value


def _argv(command, pairs, tmp_path):
    base = list(BASE[command])
    if command == "sweep":
        base += ["--out", str(tmp_path / "sweep")]
    for option, value in pairs:
        value = _value(value, tmp_path)
        if option in base and option not in ("--param", "--grid"):
            base[base.index(option) + 1] = value
        else:
            base += [option, value]
    return base


@pytest.mark.parametrize("command", sorted(EXTREMES))
def test_combinations_of_extreme_values_fail_fast_in_one_line(command, tmp_path, capsys):
    COUNTS["commands"] += 1
    singles = [(option, value) for option, values in EXTREMES[command].items() for value in values]
    combos = [c for c in itertools.combinations(singles, 2) if c[0][0] != c[1][0] or c[0][0] in ("--param", "--grid")]
    combos += list(itertools.combinations(singles, 3))[::7]  # and a spread of triples
    problems = []
    for pairs in combos:
        COUNTS["combinations"] += 1
        argv = _argv(command, pairs, tmp_path)
        start = time.perf_counter()
        code, problem = run_guarded(argv, LIMIT_S * 3)
        if problem:
            problems.append(problem)
            continue
        took = time.perf_counter() - start
        if took > COUNTS["worst_s"]:
            COUNTS["worst_s"], COUNTS["worst"] = took, " ".join(argv)[:160]
        out = capsys.readouterr()
        lines = [line for line in out.err.strip().splitlines() if line]
        if code != 2:
            problems.append(f"{argv}: exit {code}, expected 2")
        elif len(lines) != 1 or "Traceback" in out.err or "internal error" in out.err:
            problems.append(f"{argv}: not one clean line: {out.err.strip()[:300]!r}")
        elif took > LIMIT_S:
            problems.append(f"{argv}: took {took:.1f} s")
    assert not problems, f"{len(problems)} of {len(combos)} combinations failed:\n" + "\n".join(problems[:30])


def test_zz_combination_counts():
    print(f"\ncombination walker: {COUNTS['commands']} commands, {COUNTS['combinations']} combinations, worst "
          f"{COUNTS['worst_s']:.2f} s ({COUNTS['worst']})")
