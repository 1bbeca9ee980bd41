"""The README and the tour as a user meets them: the README's first commands are the ones CI runs, and every `$`
command of the console blocks of README.md and docs/tour.md runs and prints the lines shown
(timings aside), so none of them can drift. A command shown on two pages runs once, checked against both."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .shared_verify import COMMAND, verify_run

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("README.md", "docs/tour.md")  # docs/extending.md: tests/test_extending_guide.py, with its package installed
TEXTS = {page: (ROOT / page).read_text() for page in PAGES}
TIMING = re.compile(r"\b\d+(\.\d+)?s\b")


def _blocks(kind, page="README.md"):
    return re.findall(rf"```{kind}\n(.*?)```", TEXTS[page], re.S)


def _first_block():
    return [line.strip() for line in _blocks("console")[0].strip().splitlines()]


def _commands():
    """Each `$` command of the pages, once, with every line any page shows for it."""
    out: dict[str, list[str]] = {}
    for page in PAGES:
        blocks = _blocks("console", page)
        for block in blocks[1:] if page == "README.md" else blocks:  # the README's first: the installation (CI's)
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, *expected = chunk.rstrip("\n").split("\n")
                lines = out.setdefault(command, [])
                lines += [line for line in expected if line.strip() and line.strip() != "..." and line not in lines]
    return list(out.items())


def test_the_readme_is_short_and_links_the_rest():
    readme = TEXTS["README.md"]
    assert len(readme.splitlines()) <= 250
    for target in ("docs/tour.md", "docs/theory.md", "docs/extending.md", "CHANGELOG.md"):
        assert f"]({target})" in readme and (ROOT / target).is_file()


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
    """The benchmarks, the phase diagram (a grid of Monte Carlo tests) and F4's certified T3/T4 steps (40 s of
    quadratures) run in CI's ``-m slow`` pass."""
    return command.startswith("python benchmarks/") or " --grid " in command or "falsify T4 --family beta" in command


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
    for i, block in enumerate(b for page in PAGES for b in _blocks("python", page)):
        script = tmp_path / f"block{i}.py"
        script.write_text(block)
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        for comment in re.findall(r"print\(.*\)\s+# (.+)", block):  # the value each print's comment promises
            if not comment.startswith("the "):
                assert comment in result.stdout, f"block {i}: expected {comment!r} in\n{result.stdout}"
