"""``mileak verify`` and ``mileak derive``: the claims' derivations (sympy) and numeric checks, their options
(``--step-budget``, ``--jobs``, ``--no-cache``) and their text.
"""

from __future__ import annotations


def default_jobs() -> int:
    """Both cores of the usual machine, never more than the processes' affinity allows."""
    import os

    try:
        return max(1, min(2, len(os.sched_getaffinity(0))))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, min(2, os.cpu_count() or 1))


def add_step_budget(parser):
    from mileak.proofs.core.budget import DEFAULT_STEP_TIMEOUT_S, DEFAULT_STEP_WORK

    parser.add_argument("--step-budget", type=_work, default=DEFAULT_STEP_WORK, metavar="OPERATIONS",
                        help="sympy operations (objects built) per derivation step; a step over it is unproved "
                             f"'used its work budget', the same on any machine (default {DEFAULT_STEP_WORK:,})")
    parser.add_argument("--step-timeout", type=_seconds, default=DEFAULT_STEP_TIMEOUT_S, metavar="SECONDS",
                        help="wall-clock safety net per step; a step stopped by it is TIMED_OUT (no verdict, exit 1) "
                             f"(default {DEFAULT_STEP_TIMEOUT_S:g})")


def _work(text: str) -> int:
    """A work budget: a whole number of sympy operations in [1, 1e12] (digits, or 2e6 style)."""
    import argparse
    import re

    from mileak.proofs.core.budget import MAX_STEP_WORK

    found = re.fullmatch(r"\s*(\d{1,13})(?:[eE](\d{1,2}))?\s*", text)  # '2000000' or '2e6'; never a float
    value = int(found[1]) * 10 ** int(found[2] or 0) if found else 0
    if not 1 <= value <= MAX_STEP_WORK:
        raise argparse.ArgumentTypeError(f"--step-budget={text!r} must be a whole number of sympy operations in "
                                         f"[1, {MAX_STEP_WORK:.0e}]")
    return value


def _seconds(text: str) -> float:
    """A wall-clock safety net: a decimal number of seconds in (0, 86400]."""
    import argparse

    try:
        value = float(text.strip())  # a wall-clock limit needs no exact reading; '1e999999999' is inf, refused
    except ValueError:
        value = float("nan")
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"--step-timeout={text!r} must be a number of seconds in (0, 86400]")
    return value


def cmd_verify(args) -> int:
    from mileak.numeric.cli.progress import stderr_progress
    from mileak.numeric.cli.tables import verify_table
    from mileak.numeric.core.atomic import write_json_atomic
    from mileak.numeric.verify.driver import certificates, verify_with

    wanted = {i.split(".")[0] for i in (args.theorem or ["T3", "T4"])}
    beside = []
    if not args.symbolic_only and wanted & {"T3", "T4"}:
        import functools

        from mileak.numeric.falsify.report import outside_assumption_row, outside_cases

        # the outside-assumption searches run in the claims' worker pool, beside them
        beside = [functools.partial(outside_assumption_row, case, 100, args.seed) for case in outside_cases()
                  if case[0] in wanted]
    rows, outside = verify_with(beside, args.theorem, profile=args.profile, dps=args.dps, seed=args.seed,
                                numeric=not args.symbolic_only, step_budget=args.step_budget,
                                step_timeout=args.step_timeout,
                                progress=None if args.quiet else stderr_progress, jobs=args.jobs,
                                cache=not args.no_cache)
    if args.json != "-":
        print(verify_table(rows))
        cached = sum(r.cached for r in rows)
        if cached:
            print(f"({cached} of {len(rows)} derivations checked again with the decisions this machine recorded when it "
                  "proved them, sealed; --no-cache proves them from scratch)")
        if outside:
            from mileak.numeric.cli.text import outside_assumption_text

            print(outside_assumption_text(outside))
        if any(r.theorem_id == "T6" for r in rows):
            from mileak.proofs.theorems.t6_gaussian_dp import RATES

            print("\nT6 orders (the paper: leakage reduced by O(log^{1/2}(1/delta) / eps)):")
            for cid, words in RATES.items():
                print(f"  {cid}: {words}")
    if args.json:
        write_json_atomic(args.json, {**certificates(rows, args.profile, args.dps, args.seed),
                                      "outside_assumptions": outside})
    return 0 if all(r.passed for r in rows) else 1


def cmd_derive(args) -> int:
    request = [list(args.ids), bool(args.latex), repr(args.step_budget)]
    if not args.no_cache:  # a request printed before, every derivation PROVED: its text, without importing sympy
        from mileak.numeric.cli.output_cache import cached

        hit = cached("derive", request)
        if hit is not None:
            text, count = hit
            print(text)
            print(f"\n({count} of {count} derivations as this request printed them before, kept sealed on this machine; "
                  "--no-cache proves them again)")
            return 0
    from mileak.numeric.cli.tables import derivation_text
    from mileak.numeric.verify import proof_cache
    from mileak.proofs.core import ClaimChecker, Status
    from mileak.proofs.theorems import REGISTRY

    checker = (ClaimChecker(REGISTRY, args.step_budget, args.step_timeout) if args.no_cache
               else proof_cache.cached_checker(args.step_budget, args.step_timeout))
    proofs = [checker.check(claim) for claim in REGISTRY.select(args.ids)]
    cached = len({p.claim.id for p in proofs} & getattr(checker, "loaded", set()))
    text = "\n\n".join(derivation_text(p, latex=args.latex) for p in proofs)
    print(text)
    if cached:
        print(f"\n({cached} of {len(proofs)} derivations checked again with their recorded decisions; --no-cache "
              "proves them from scratch)")
    proved = all(p.status is Status.PROVED for p in proofs)
    if proved and not args.no_cache:
        from mileak.numeric.cli.output_cache import keep

        keep("derive", request, [text, len(proofs)])
    return 0 if proved else 1
