"""Benchmark: what counting work costs. The same derivations with sympy's ``Basic.__new__`` metered and unmetered.

Work budgets (``mileak.proofs.core.budget``) count every sympy object a step builds through a wrapper on
``Basic.__new__``. This runs the derivations of a few claims (fresh checker, empty sympy cache each round)
alternately with the meter installed and with the original constructor restored, in one process, and reports
the median time ratio metered/unmetered and the work each claim used (the same in every round: a count, not a
clock).

Usage: python benchmarks/bench_work_meter.py [--rounds 3] [--claims T1.kl T2.roc T5.kl]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sympy.core.basic import Basic
from sympy.core.cache import clear_cache

from mileak.proofs.core import ClaimChecker, budget, work_meter
from mileak.proofs.theorems import REGISTRY


def _run(claims, metered: bool) -> tuple[float, list[int]]:
    work_meter.install(budget.on_fresh_start)
    original = work_meter._ORIGINAL
    if not metered:
        Basic.__new__ = staticmethod(original)
    try:
        clear_cache()
        checker = ClaimChecker(REGISTRY, step_budget=10**9 if metered else None)
        used = []
        start = time.perf_counter()
        for cid in claims:
            before = budget.used_work()
            checker.check(REGISTRY.claim(cid))
            used.append(budget.used_work() - before)
        return time.perf_counter() - start, used
    finally:
        Basic.__new__ = staticmethod(work_meter._metered_new)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--claims", nargs="+", default=["T1.kl", "T1.jeffreys", "T2.roc", "T5.kl", "T6.kl"])
    args = ap.parse_args(argv)
    _run(args.claims, True)  # warm: imports, lazy singletons
    times = {True: [], False: []}
    works = []
    for _ in range(args.rounds):
        for metered in (False, True):
            seconds, used = _run(args.claims, metered)
            times[metered].append(seconds)
            if metered:
                works.append(used)
    plain, counted = statistics.median(times[False]), statistics.median(times[True])
    print(f"claims: {' '.join(args.claims)}  ({args.rounds} rounds each way, alternating)")
    print(f"unmetered {plain:.2f} s, metered {counted:.2f} s: ratio {counted / plain:.3f}")
    print("work per claim (sympy objects), each round: " + "; ".join(", ".join(f"{w:,}" for w in ws) for ws in works))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
