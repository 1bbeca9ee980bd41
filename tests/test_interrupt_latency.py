"""Ctrl-C is answered promptly at any moment of a run, serial or parallel: exit 130, one line, no file.

The limit is generous (3 s, where a sized run's longest numpy call takes well under one): it says the inner
loops give the interrupt a chance, not how fast this machine is. Before run sizing, `simulate ridge --param
p=5000` sat 30 s in one BLAS call with Ctrl-C pressed; such runs are now refused before they start."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

RUNS = {  # name: (argv, seconds after the start at which Ctrl-C is pressed)
    "simulate": (2.0, ["simulate", "ridge", "--param", "n=40", "--param", "lam=1/10", "--param", "sigma=1/2",
                 "--param", "p=20", "--trials", "400000", "--quiet"]),
    "simulate-2-jobs": (4.5, ["simulate", "ridge", "--param", "n=40", "--param", "lam=1/10", "--param", "sigma=1/2",
                        "--param", "p=20", "--trials", "400000", "--quiet", "--jobs", "2"]),
    "canary": (3.0, ["simulate", "dp-sgd", "--param", "q=1/100", "--param", "z=1", "--param", "steps=100000",
               "--trials", "200000", "--quiet"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RUNS))
def test_ctrl_c_ends_a_run_within_seconds_with_one_line(name, tmp_path):
    after, argv = RUNS[name]
    out = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "mileak.numeric.cli", *argv, "--json", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    time.sleep(after)  # imports done, the pilot or the games under way
    assert proc.poll() is None, proc.communicate()[1][-1000:]
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert proc.returncode == 130, err[-1500:]
    assert waited < 3.0, f"{name}: {waited:.1f} s from Ctrl-C to exit"
    assert err.strip().splitlines()[-1].startswith("mileak simulate: interrupted") and "Traceback" not in err
    assert not out.exists()
