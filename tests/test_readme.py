"""The README as a user meets it: its first commands are the ones CI runs, and every `$` command of its
console blocks runs and prints the lines the README shows (timings aside), so the README cannot drift."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .shared_verify import COMMAND, verify_run

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "README.md").read_text()
TIMING = re.compile(r"\b\d+(\.\d+)?s\b")


def _blocks(kind):
    return re.findall(rf"```{kind}\n(.*?)```", TEXT, re.S)


def _first_block():
    return [line.strip() for line in _blocks("console")[0].strip().splitlines()]


def _commands():
    out = []
    for block in _blocks("console")[1:]:  # the first block is the installation, run by CI itself
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *expected = chunk.rstrip("\n").split("\n")
            out.append((command, [line for line in expected if line.strip() and line.strip() != "..."]))
    return out


def _normal(line):
    return " ".join(TIMING.sub("<t>", line).split())


def test_readme_starts_with_the_two_commands():
    setup, tests = _first_block()
    assert setup.endswith("mileak verify") and "pip install -e ." in setup
    assert tests.endswith("python -m pytest") and "'.[test]'" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = _first_block()
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert tests in ci
    slow = ci.index("HYPOTHESIS_PROFILE=ci python -m pytest -m slow")  # what the README's command leaves out
    assert slow > ci.index(tests) and "-m 'not slow'" in (ROOT / "pyproject.toml").read_text()


def test_the_tour_covers_the_main_commands():
    commands = " ".join(c for c, _ in _commands())
    for name in ("verify", "derive", "falsify", "convert", "simulate", "audit"):
        assert f"mileak {name}" in commands


def test_the_shared_verify_run_is_the_readme_tour_command():
    assert COMMAND in [c for c, _ in _commands()]


def _slow(command: str) -> bool:
    """The benchmarks and the phase diagram (a grid of Monte Carlo tests) run in CI's ``-m slow`` pass."""
    return command.startswith("python benchmarks/") or " --grid " in command


def _params():
    """Each `$` command; the slow ones carry the ``slow`` marker (CI runs them after the README's test command)."""
    return [pytest.param(c, e, id=c[:60], marks=[pytest.mark.slow] if _slow(c) else []) for c, e in _commands()]


@pytest.mark.parametrize("command, expected", _params())
def test_readme_command_runs_and_prints_what_the_readme_shows(command, expected, tmp_path):
    if command == COMMAND:  # run once for the whole test run (tests/shared_verify.py); the contracts read it too
        shared = verify_run()
        assert shared["certificates"] is not None and shared["certificates"]["passed"]
        result = subprocess.CompletedProcess(command, shared["returncode"], shared["stdout"], shared["stderr"])
    else:
        argv = shlex.split(command)
        if argv[0] == "mileak":
            argv = [sys.executable, "-m", "mileak.numeric.cli", *argv[1:]]
            cwd = tmp_path  # files a command writes (audit-roc.png) land here, not in the repository
        else:
            assert argv[0] == "python", f"README console commands are mileak or python: {command}"
            argv = [sys.executable, *argv[1:]]
            cwd = ROOT
        result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{command}: exit {result.returncode}\n{result.stderr[-2000:]}"
    actual = {_normal(line) for line in result.stdout.splitlines()}
    missing = [line for line in expected if _normal(line) not in actual]
    assert not missing, f"{command}: README lines not in the output:\n" + "\n".join(missing)


def test_readme_python_blocks_run(tmp_path):
    for i, block in enumerate(_blocks("python")):
        script = tmp_path / f"block{i}.py"
        script.write_text(block)
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        for comment in re.findall(r"print\(.*\)\s+# (.+)", block):  # the value each print's comment promises
            if not comment.startswith("the "):
                assert comment in result.stdout, f"block {i}: expected {comment!r} in\n{result.stdout}"
