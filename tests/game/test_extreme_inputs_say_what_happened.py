"""Extreme inputs get one line that says what happened, with advice that helps, and no numpy warnings."""

import json
import subprocess
import sys

import pytest


def _run(argv, tmp_path):
    return subprocess.run([sys.executable, "-m", "mileak.numeric.cli", *argv], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)


def test_games_all_dropped_say_why_not_raise_trials(tmp_path):
    """s = 1e300 overflows every fit: "0 usable trials ...; raise trials" was advice that could not help, after
    19 lines of RuntimeWarnings."""
    proc = _run(["simulate", "ridge", "--param", "n=30", "--param", "lam=1/10", "--param", "sigma=1/2",
                 "--param", "s=1e300", "--trials", "300", "--quiet"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == ("mileak simulate: error: 300 of 300 games were dropped (a fit did not converge or a "
                                   "score was not finite): the configuration is outside what float64 training "
                                   "resolves; bring the data scale, lam or the noise nearer 1")


@pytest.mark.parametrize("argv", [
    ["simulate", "ridge", "--param", "n=30", "--param", "lam=1/10", "--param", "sigma=1/2", "--param", "s=1e150"],
    ["simulate", "gaussian-mean", "--param", "n=30", "--param", "lam=0", "--param", "sigma=1e-300", "--param", "s=1"],
], ids=["ridge-s1e150", "gaussian-sigma1e-300"])
def test_a_run_at_extreme_scale_reports_without_warnings(argv, tmp_path):
    """sigma = 1e-300 had ended in scipy's "The function value at x=-inf is NaN; solver cannot continue" (an
    infinite per-trial distance in the Gaussian trade-off); s = 1e150 printed numpy's overflow warnings."""
    proc = _run([*argv, "--trials", "300", "--quiet", "--json", "-"], tmp_path)
    assert proc.returncode in (0, 1) and proc.stderr == "", proc.stderr
    report = json.loads(proc.stdout)
    assert report["used_trials"] == 300
    if "sigma=1e-300" in argv:  # neighbouring releases are 1e300 sds apart: the neighbour-KL bounds are trivial
        bounds = {b["name"]: b["success"] for b in report["bounds"]}
        assert bounds["T2 from mean neighbour KL"] == 1.0 and bounds["Gaussian trade-off (MC estimate)"] == 1.0
