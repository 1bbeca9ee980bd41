"""Run the benchmark suite in one command, save the run, and compare it with the previous saved run.

    python benchmarks/run_suite.py [--fail-above 25] [pytest-benchmark options ...]

Runs ``benchmarks/suite`` under pytest-benchmark (one process, no xdist), saves the run as JSON under
``benchmarks/.results/<machine>/`` and prints its table beside the previous saved run's (rows marked
``(NOW)`` and ``(0001_...)``). ``--fail-above PCT`` exits 1 when a benchmark's median is more than PCT% slower
than in the previous run (default: report only). The saved runs are local (not committed): a comparison is
meaningful only on one machine.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fail-above", type=float, default=None, metavar="PCT",
                    help="exit 1 when a median is more than PCT%% slower than the previous run")
    args, rest = ap.parse_known_args(argv)
    storage = ROOT / "benchmarks" / ".results"
    previous = sorted(storage.rglob("*.json"))
    options = [str(ROOT / "benchmarks" / "suite"), "-n", "0", "-m", "", "-q",
               f"--rootdir={ROOT}", f"--benchmark-storage=file://{storage}", "--benchmark-autosave",
               "--benchmark-columns=median,min,max,rounds", "--benchmark-sort=name", "--benchmark-name=short"]
    if previous:
        options.append("--benchmark-compare")
        if args.fail_above is not None:
            options.append(f"--benchmark-compare-fail=median:{args.fail_above}%")
    else:
        print("no previous run saved: this run becomes the baseline of the next", flush=True)
    return int(pytest.main(options + rest))


if __name__ == "__main__":
    sys.exit(main())
