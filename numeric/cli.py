"""The ``mileak`` command: ``verify`` and ``derive``.

Exit status: 0 when every selected claim is PROVED and verified; 1 when one
is not; 2 on bad usage (with a one-line message naming the option).
"""

from __future__ import annotations

import argparse
import sys

from .precision import DEFAULT_DPS
from .profiles import PROFILES


def _version() -> str:
    import importlib.metadata as md

    try:
        return md.version("mileak")
    except md.PackageNotFoundError:  # pragma: no cover - source tree without install
        return "0+unknown"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mileak", description="Verify membership-information-leakage theorems "
                                "(Farokhi & Kaafar 2020) symbolically (sympy) and numerically (mpmath).")
    p.add_argument("--version", action="version", version=f"mileak {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    v = sub.add_parser("verify", help="check every registered theorem symbolically and numerically",
                       description="Check registered claims: sympy derivation + numeric verification at "
                                   "random points. Exit 0 only if all pass.")
    v.add_argument("--theorem", nargs="+", metavar="ID", help="theorem or claim ids (default: all), e.g. T1 T2.roc")
    v.add_argument("--profile", choices=sorted(PROFILES), default="ci", help="how many points per claim")
    v.add_argument("--dps", type=int, default=DEFAULT_DPS, help="significant digits (default 30)")
    v.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    v.add_argument("--json", metavar="PATH", help="write certificates to PATH ('-' for stdout), atomically")
    v.add_argument("--symbolic-only", action="store_true", help="skip the numeric checks")
    v.add_argument("--quiet", action="store_true", help="no progress on stderr")

    d = sub.add_parser("derive", help="print a derivation step by step",
                       description="Print the derivation of a theorem or claim, each step with its rule and outcome.")
    d.add_argument("ids", nargs="+", metavar="ID", help="theorem or claim ids, e.g. T1 or T2.roc")
    d.add_argument("--latex", action="store_true", help="print facts as LaTeX")
    return p


def _cmd_verify(args) -> int:
    from .atomic import write_json_atomic
    from .report import verify_table
    from .verify import certificates, stderr_progress, verify

    rows = verify(args.theorem, profile=args.profile, dps=args.dps, seed=args.seed,
                  numeric=not args.symbolic_only, progress=None if args.quiet else stderr_progress)
    if args.json != "-":
        print(verify_table(rows))
    if args.json:
        write_json_atomic(args.json, certificates(rows, args.profile, args.dps, args.seed))
    return 0 if all(r.passed for r in rows) else 1


def _cmd_derive(args) -> int:
    from proofs.core import ClaimChecker, Status
    from proofs.theorems import REGISTRY

    from .report import derivation_text

    checker = ClaimChecker(REGISTRY)
    proofs = [checker.check(c) for c in REGISTRY.select(args.ids)]
    print("\n\n".join(derivation_text(p, latex=args.latex) for p in proofs))
    return 0 if all(p.status is Status.PROVED for p in proofs) else 1


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "verify":
            return _cmd_verify(args)
        return _cmd_derive(args)
    except (ValueError, TypeError) as exc:
        parser.exit(2, f"mileak {args.command}: error: {exc}\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
