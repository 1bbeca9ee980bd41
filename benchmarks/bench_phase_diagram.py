"""Benchmark: a phase diagram's sequential cells against the same cells at their full budget (same process).

Each cell of ``mileak falsify T3 --grid`` doubles its paired draws (2000, 4000, ... up to 32000) until its
interval excludes 0 (:func:`mileak.numeric.falsify.phase_diagram.neighbour_averaged_cell`). The baseline spends
the whole budget at once (``trials = max_trials = 32000``, one look). Reported: paired draws and seconds of both,
their ratio, and how often the verdicts agree (near the boundary they may differ: either may stay inconclusive).

Usage: python benchmarks/bench_phase_diagram.py [--p 20] [--quick]
"""

from __future__ import annotations

import argparse
import time

from mileak.numeric.falsify.phase_diagram import neighbour_averaged_cell


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="3 values of n and a budget of 8000 (for the README test)")
    args = ap.parse_args()
    p = args.p
    ns = [max(2, p // 4), p, 4 * p] if args.quick else sorted({2, p // 4, p // 2, 3 * p // 4, p, 2 * p, 4 * p} - {0, 1})
    budget = 8000 if args.quick else 32000
    draws = {"sequential": 0, "full budget": 0}
    seconds = dict.fromkeys(draws, 0.0)
    agree = differ = 0
    for lam in (0.01, 0.1, 1.0):
        for n in ns:
            out = {}
            for name, first in (("sequential", 2000), ("full budget", budget)):
                start = time.perf_counter()
                out[name] = neighbour_averaged_cell("T3", "ridge", "output", p, n, lam, 1.0, first, budget, 7)
                seconds[name] += time.perf_counter() - start
                draws[name] += out[name]["trials"]
            same = out["sequential"]["verdict"] == out["full budget"]["verdict"]
            agree, differ = agree + same, differ + (not same)
            print(f"p={p} n={n:>3} lam={lam:<4g}: sequential {out['sequential']['verdict']:<12} "
                  f"({out['sequential']['trials']:>5} draws), full budget {out['full budget']['verdict']:<12}")
    ratio = seconds["full budget"] / seconds["sequential"]
    print(f"sequential: {draws['sequential']} paired draws in {seconds['sequential']:.1f} s; full budget: "
          f"{draws['full budget']} in {seconds['full budget']:.1f} s; ratio {ratio:.1f}x in time, "
          f"{draws['full budget'] / draws['sequential']:.1f}x in draws; verdicts agree in {agree} of {agree + differ} cells")


if __name__ == "__main__":
    main()
