"""Fixtures of the benchmark suite (``python benchmarks/run_suite.py``): a warm proof cache, a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run(*args, cwd=None, env=None):
    """Run ``mileak ARGS`` in a fresh interpreter (what a user waits for), output discarded; fail on exit != 0."""
    done = subprocess.run([sys.executable, "-m", "mileak.numeric.cli", *args], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="session")
def mileak():
    """:func:`run`: ``mileak ARGS`` in a fresh interpreter."""
    return run


@pytest.fixture(scope="session")
def warm_env(tmp_path_factory):
    """An environment whose proof cache holds every derivation (``mileak verify`` timed warm, as users see it):
    ``MILEAK_CACHE_DIR`` when set (CI's shared cache), else a fresh one filled here."""
    cache = os.environ.get("MILEAK_CACHE_DIR") or str(tmp_path_factory.mktemp("cache"))
    env = {**os.environ, "MILEAK_CACHE_DIR": cache}
    run("verify", "--symbolic-only", "--quiet", env=env)
    return env
