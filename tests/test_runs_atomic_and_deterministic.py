"""Commands that write results are killed (SIGKILL) at random moments: the output is always either the
previous complete file or the new complete file. Re-running with the same seed gives the same bytes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

PREVIOUS = '{"previous": "a complete file from an earlier run"}\n'
COMMANDS = {
    "verify": (["verify", "--theorem", "T1.kl", "T2.success_tv", "--quiet"], "claims"),
    "falsify": (["falsify", "T4", "--family", "ridge", "--budget", "40", "--trials", "200"], "paper_rho_kl"),
    "simulate": (["simulate", "ridge", "--param", "n=20", "--param", "lam=1/10", "--param", "sigma=1/2",
                  "--trials", "60000", "--quiet"], "attacks"),
    "audit": (["audit", "breast-cancer", "--models", "128"], "attacks"),
}


def _run(argv, out, extra=()):
    return subprocess.Popen([sys.executable, "-m", "mileak.numeric.cli", *argv, "--json", str(out), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _state(path, key):
    text = path.read_text()
    if text == PREVIOUS:
        return "previous"
    data = json.loads(text)  # a partial file would fail here
    assert key in data, f"a complete result has {key!r}"
    return "new"


def _png_complete(path):
    data = path.read_bytes()
    return data == b"previous" or (data.startswith(b"\x89PNG") and data.rstrip().endswith(b"IEND\xaeB`\x82"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_killed_runs_leave_a_complete_file_and_reruns_are_bit_identical(name, tmp_path):
    argv, key = COMMANDS[name]
    out = tmp_path / "result.json"
    out.write_text(PREVIOUS)
    extra = ()
    if name == "audit":
        plot = tmp_path / "roc.png"
        plot.write_bytes(b"previous")
        extra = ("--plot", str(plot))
    rng = np.random.default_rng(len(name))
    seen = set()
    for _ in range(3):
        proc = _run(argv, out, extra)
        time.sleep(float(rng.uniform(0.2, 4.0)))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.add(_state(out, key))
        if name == "audit":
            assert _png_complete(plot)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] or proc.returncode == -9
    first = _run(argv, out, extra)
    assert first.wait() in (0, 1)
    assert _state(out, key) == "new"
    done = out.read_bytes()
    second = _run(argv, out, extra)
    assert second.wait() in (0, 1)
    assert out.read_bytes() == done, "the same seed must give bit-identical JSON"
    print(f"{name}: states seen after kills: {sorted(seen)}")
