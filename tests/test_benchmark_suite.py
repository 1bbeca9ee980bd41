"""The benchmark suite runs in one command (each benchmark once, as a test: every command it times succeeds)."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_suite_runs_in_one_command():
    done = subprocess.run([sys.executable, "benchmarks/run_suite.py", "--benchmark-disable", "-p", "no:randomly"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "15 passed" in done.stdout
