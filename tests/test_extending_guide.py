"""docs/extending.md followed literally, as a new contributor would: its file blocks are written into a fresh
package outside the repository, the package is installed with pip into a scratch folder (its entry points are
how mileak finds the family and the theorem), and every `$` command of the guide runs against it, printing
each line the guide shows (timings aside). The guide cannot drift from the code."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "extending.md").read_text()
TIMING = re.compile(r"\b\d+(\.\d+)?s\b")
FILES = re.findall(r"```\w+ file=(\S+)\n(.*?)```", GUIDE, re.S)


def _commands():
    out = []
    for block in re.findall(r"```console\n(.*?)```", GUIDE, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            out.append((command, [line for line in shown if line.strip() and line.strip() != "..."]))
    return out


def _normal(line):
    return " ".join(TIMING.sub("<t>", line).split())


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The guide's package, written from its blocks and installed by its own `pip install` command."""
    work = tmp_path_factory.mktemp("guide")
    package = work / "mileak-logcosh"
    for path, body in FILES:
        target = package / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
    (install,) = [c for c, _ in _commands() if c.startswith("pip install")]
    site = work / "site"
    argv = [sys.executable, "-m", *shlex.split(install), "-q", "--target", str(site)]
    done = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return work, site


def test_the_guide_writes_a_whole_package():
    paths = [p for p, _ in FILES]
    assert len(paths) == len(set(paths)) and "pyproject.toml" in paths
    assert {"mileak_logcosh/family.py", "mileak_logcosh/registration.py", "mileak_logcosh/x1_logcosh.py"} <= set(paths)
    commands = " ".join(c for c, _ in _commands())
    for name in ("verify", "leakage", "falsify", "simulate"):
        assert f"mileak {name}" in commands


@pytest.mark.parametrize("command, shown", [c for c in _commands() if c[0].startswith("mileak ")],
                         ids=[c[:60] for c, _ in _commands() if c.startswith("mileak ")])
def test_each_command_of_the_guide_prints_what_the_guide_shows(command, shown, installed):
    work, site = installed
    env = {**os.environ, "PYTHONPATH": str(site)}
    argv = [sys.executable, "-m", "mileak.numeric.cli", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=work, capture_output=True, text=True, env=env, timeout=600)
    refused = any(": error:" in line for line in shown)
    assert done.returncode == (2 if refused else 0), f"{command}: exit {done.returncode}\n{done.stderr[-2000:]}"
    printed = {_normal(line) for line in (done.stderr if refused else done.stdout).splitlines()}
    missing = [line for line in shown if _normal(line) not in printed]
    assert not missing, f"{command}: lines of the guide not printed:\n" + "\n".join(missing)


def test_without_the_package_the_family_and_the_theorem_are_unknown(tmp_path):
    """The entry points, not anything in the repository, are what made them known."""
    argv = [sys.executable, "-m", "mileak.numeric.cli", "verify", "--theorem", "X1"]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2 and "X1" in done.stderr
