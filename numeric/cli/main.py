"""The ``mileak`` command: ``verify``, ``derive``, ``falsify``, ``leakage``, ``convert`` (here) and
``simulate``, ``audit``, ``sweep`` (:mod:`mileak.numeric.cli.game_commands`).

Exit status: 0 when every selected claim is PROVED and verified; 1 when one
is not; 2 on bad usage (with a one-line message naming the option).
"""

from __future__ import annotations

import argparse
import sys

from mileak.numeric.cli.family_options import add_family_options, family_from_args
from mileak.numeric.core.precision import DEFAULT_DPS, MAX_CHECK_DPS, MAX_DPS, MAX_LEAKAGE_DPS, MIN_DPS
from mileak.numeric.verify.profiles import PROFILES

DPS_HELP = f"significant digits of every certified number, in [{MIN_DPS}, {MAX_DPS}]"


def _version() -> str:
    import importlib.metadata as md

    try:
        return md.version("mileak")
    except md.PackageNotFoundError:  # pragma: no cover - source tree without install
        return "0+unknown"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``mileak CMD: error: ...``, exit status 2), not a usage block."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mileak", description="Verify membership-information-leakage theorems "
                                "(Farokhi & Kaafar 2020) symbolically (sympy) and numerically (mpmath).")
    p.add_argument("--version", action="version", version=f"mileak {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    v = sub.add_parser("verify", help="check every registered theorem symbolically and numerically",
                       description="Check registered claims: sympy derivation + numeric verification at "
                                   "random points. Exit 0 only if all pass.")
    v.add_argument("--theorem", nargs="+", action="extend", metavar="ID",
                   help="theorem or claim ids (default: all), e.g. T1 T2.roc; repeated options accumulate")
    v.add_argument("--profile", choices=sorted(PROFILES), default="ci", help="how many points per claim")
    v.add_argument("--dps", type=int, default=DEFAULT_DPS, help=f"significant digits of the numeric checks, in "
                   f"[{MIN_DPS}, {MAX_CHECK_DPS}]")
    v.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    v.add_argument("--json", metavar="PATH", help="write certificates to PATH ('-' for stdout), atomically")
    v.add_argument("--symbolic-only", action="store_true", help="skip the numeric checks")
    v.add_argument("--quiet", action="store_true", help="no progress on stderr")
    v.add_argument("--jobs", type=int, default=_default_jobs(), help="worker processes, one claim each at a time "
                   "(the results do not depend on it)")
    v.add_argument("--no-cache", action="store_true", help="prove every derivation again instead of reading PROVED "
                   "ones from the proof cache (keyed by the symbolic layer's source and sympy's version)")
    _add_step_budget(v)

    d = sub.add_parser("derive", help="print a derivation step by step",
                       description="Print the derivation of a theorem or claim, each step with its rule and outcome.")
    d.add_argument("ids", nargs="+", metavar="ID", help="theorem or claim ids, e.g. T1 or T2.roc")
    d.add_argument("--latex", action="store_true", help="print facts as LaTeX")
    d.add_argument("--no-cache", action="store_true", help="prove the derivation again instead of reading it from "
                   "the proof cache")
    _add_step_budget(d)

    f = sub.add_parser("falsify", help="counterexamples: T3/T4 outside their assumptions, or the classic DP calibration",
                       description="Pointwise (strong-adversary) search with hypothesis, shrunk to the smallest case, "
                                   "then the population-averaged form by paired Monte Carlo.")
    f.add_argument("claim", choices=("T3", "T4", "classic-gaussian"),
                   help="T3 (more data), T4 (more regularisation) or classic-gaussian (the classic DP calibration)")
    add_family_options(f, positional=False)
    f.add_argument("--release", choices=("output", "posterior", "exact"),
                   help="release (default output; with --replay, the certificate's, and checked against it if given)")
    f.add_argument("--budget", type=int, default=300, help="examples for the pointwise search (default 300)")
    f.add_argument("--trials", type=int, default=2000, help="paired Monte Carlo draws per setting (default 2000)")
    f.add_argument("--seed", type=int, default=0, help="seed of the search and the Monte Carlo")
    f.add_argument("--json", metavar="PATH", help="write the certificate to PATH ('-' for stdout), atomically")
    f.add_argument("--replay", metavar="PATH", help="re-check a pointwise certificate written by --json")

    cv = sub.add_parser("convert", help="convert between sigma, (eps, delta), mu (GDP), KL, advantage, TPR at FPR",
                        description="Give exactly one measure of a Gaussian mechanism; get all the others at --dps "
                                    "digits with certified errors (bounds are labelled as bounds).")
    for name, text in (("--sigma", "noise standard deviation"), ("--eps", "epsilon (needs --delta)"),
                       ("--delta", "delta (with --eps; else the delta at which eps is reported, default 1e-5)"),
                       ("--mu", "Gaussian-DP parameter"), ("--kl", "KL leakage"), ("--advantage", "attack advantage"),
                       ("--tpr", "TPR of an attack (needs --fpr)")):
        cv.add_argument(name, help=text)
    cv.add_argument("--fpr", nargs="+", metavar="FPR", help="with --tpr: the attack's FPR; without it: the FPR "
                    "levels at which TPR bounds are reported (default 0.1 0.01 0.001)")
    cv.add_argument("--sensitivity", default="1", help="L2 sensitivity Delta (default 1)")
    cv.add_argument("--dps", type=int, default=DEFAULT_DPS, help=DPS_HELP)
    cv.add_argument("--json", metavar="PATH", help="write the result to PATH ('-' for stdout), atomically")

    lk = sub.add_parser("leakage", help="rho_KL, rho_MI, T1/T2/T5/T7 bounds of a family, or of DP-SGD, at given parameters",
                        description="Everything the catalogue knows for a family at these parameters. A user family "
                                    "is given by --loss and --regularizer (parsed by a restricted parser).")
    add_family_options(lk)
    lk.add_argument("--param", action="append", default=[], metavar="K=V", help="a parameter value, e.g. n=50")
    lk.add_argument("--dps", type=int, default=DEFAULT_DPS, help=f"significant digits of every certified number, in "
                    f"[{MIN_DPS}, {MAX_LEAKAGE_DPS}]")
    lk.add_argument("--pi", default="1/2", help="membership prior (default 1/2)")
    lk.add_argument("--calibration", default="analytic", choices=("analytic", "classic"),
                    help="noise calibration when --param eps=.. --param delta=.. are given")
    lk.add_argument("--list-params", action="store_true", help="list the family's parameters and exit")
    lk.add_argument("--plot", metavar="PATH", help="dp-sgd: the trade-off curves (KL bound, PLD, GDP) to PATH "
                    "(.png, .pdf or .svg)")
    lk.add_argument("--json", metavar="PATH", help="write the result to PATH ('-' for stdout), atomically")
    fm = sub.add_parser("families", help="the registered model families, their releases and parameters",
                        description="Every family the registry knows (catalogue plug-ins and any registered one), "
                                    "with its releases and each parameter's domain and meaning.")
    fm.add_argument("--json", metavar="PATH", help="write the list to PATH ('-' for stdout), atomically")
    from mileak.numeric.cli.game_commands import add_parsers
    from mileak.numeric.cli.help import decorate

    add_parsers(sub)
    decorate(sub)
    return p


def _number(text: str, what: str):
    """An exact number from text (int, decimal or a/b), never evaluated as Python."""
    from fractions import Fraction

    from mileak.numeric.core.exact_input import exact_decimal

    value = exact_decimal(text, what)
    if abs(value) > Fraction(10) ** 300:
        raise ValueError(f"{what}={text!r} must be a number of magnitude below 1e300")
    return int(value) if value.denominator == 1 else value


def _params(pairs):
    out = {}
    for item in pairs:
        if "=" not in item:
            raise ValueError(f"--param {item!r} must look like name=value")
        k, v = item.split("=", 1)
        out[k.strip()] = _number(v, k.strip())
    return out


def _emit(args, result, text):
    """Print ``text(result)`` unless ``--json -``; write ``--json PATH`` atomically."""
    from mileak.numeric.core.atomic import write_json_atomic

    if args.json != "-":
        print(text(result))
    if args.json:
        write_json_atomic(args.json, result)


def _cmd_falsify(args) -> int:
    from mileak.numeric.cli.text import falsify_text
    from mileak.numeric.core.atomic import read_json_file
    from mileak.numeric.falsify.pointwise import replay
    from mileak.numeric.falsify.report import falsify

    if args.claim == "classic-gaussian":
        from mileak.numeric.cli.text import classic_text
        from mileak.numeric.dp.classic_falsifier import search_classic

        _emit(args, search_classic(budget=args.budget, seed=args.seed), classic_text)
        return 0
    if args.replay:
        cert = read_json_file(args.replay, "--replay certificate")
        if not isinstance(cert, dict):
            raise ValueError(f"--replay {args.replay!r}: not a certificate written by --json")
        user = family_from_args(args, _number) if args.loss is not None else None
        ce = replay(cert.get("pointwise", cert), user_family=user, claim=args.claim,
                    family=user.name if user is not None else args.family, release=args.release)
        print(f"replayed: {ce.claim} on {ce.family}/{ce.release}: KL {mpmath_str(ce.before)} -> {mpmath_str(ce.after)}"
              " (the claim fails at the recorded point)")
        return 0
    family = family_from_args(args, _number)
    result = falsify(args.claim, family, args.release or "output", budget=args.budget, seed=args.seed,
                     trials=args.trials)
    _emit(args, result, falsify_text)
    return 0


def mpmath_str(x):
    import mpmath

    return mpmath.nstr(x, 20)


def _cmd_convert(args) -> int:
    from mileak.numeric.cli.text import convert_text
    from mileak.numeric.dp.convert import convert

    names = ("sigma", "eps", "delta", "mu", "kl", "advantage", "tpr")
    given = {k: _number(getattr(args, k), f"--{k}") for k in names if getattr(args, k) is not None}
    levels = {}
    if args.fpr and args.tpr is not None:
        if len(args.fpr) != 1:
            raise ValueError(f"--fpr with --tpr takes the attack's one FPR, got {len(args.fpr)} values")
        given["fpr"] = _number(args.fpr[0], "--fpr")
    elif args.fpr:
        levels["fprs"] = [a.strip() for a in args.fpr if _number(a, "--fpr") is not None]  # labelled as typed
    result = convert(sensitivity=_number(args.sensitivity, "--sensitivity"), dps=args.dps, **given, **levels)
    _emit(args, result, convert_text)
    return 0


def _cmd_leakage(args) -> int:
    from mileak.numeric.cli.text import leakage_text
    from mileak.numeric.verify.leakage import leakage

    if args.family == "dp-sgd" and args.loss is None:
        return _dp_sgd(args)
    if args.plot:
        raise ValueError("--plot draws dp-sgd's trade-off curves; a family's leakage has no plot")
    family = family_from_args(args, _number)
    if args.list_params:
        return _list_params(family)
    values = _params(args.param)
    result = leakage(family, values, dps=args.dps, pi=_number(args.pi, "--pi"), calibration=args.calibration)
    _emit(args, result, leakage_text)
    return 0


def _dp_sgd(args) -> int:
    """``mileak leakage dp-sgd --param q=.. --param z=.. --param steps=..`` (T7)."""
    from mileak.numeric.cli.text import leakage_text
    from mileak.numeric.verify.dp_sgd_leakage import PARAMETERS, dp_sgd_leakage

    if args.list_params:
        print("dp-sgd: DP-SGD training (Poisson sampling, clipping, Gaussian noise), T7")
        for name, (domain, meaning) in PARAMETERS.items():
            print(f"  {name:10} {domain:20} {meaning}")
        return 0
    if args.calibration != "analytic":
        raise ValueError("--calibration applies to (eps, delta) output perturbation, not to dp-sgd")
    values = _params(args.param)
    result = dp_sgd_leakage(values, pi=_number(args.pi, "--pi"), dps=args.dps)
    _emit(args, {**result, "family": "dp-sgd"}, leakage_text)  # the result first: a plot failure cannot lose it
    if args.plot:
        from mileak.numeric.game.plots import tradeoff_plot
        from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_curves

        p = result["parameters"]
        tradeoff_plot(dp_sgd_curves(values), args.plot, f"DP-SGD q = {p['q']}, z = {p['z']}, T = {p['steps']}: "
                      "membership trade-off")
    return 0


def _family_row(plug) -> dict:
    from mileak.proofs.core.parameters import interval_text

    return {"name": plug.name, "title": plug.family.title, "releases": list(plug.family.releases),
            "simulator": plug.engine is not None, "parameters": [
                {"name": q.name, "domain": interval_text(q.domain), "integer": q.integer, "meaning": q.description}
                for q in plug.family.parameters]}


def _cmd_families(args) -> int:
    from mileak.numeric.cli.text import families_text
    from mileak.numeric.families.registry import plugins

    _emit(args, {"families": [_family_row(plug) for plug in plugins()]}, families_text)
    return 0


def _list_params(family) -> int:
    """``--list-params``: one family's parameters, domains and meanings (a user family's learner ones too)."""
    from mileak.numeric.cli.text import families_text
    from mileak.numeric.families.registry import plugin

    print(families_text({"families": [_family_row(plugin(family))]}))
    print("  (with a finite proved L: eps and delta instead of sigma, an (eps, delta)-DP output perturbation)")
    return 0


def _default_jobs() -> int:
    """Both cores of the usual machine, never more than the processes' affinity allows."""
    import os

    try:
        return max(1, min(2, len(os.sched_getaffinity(0))))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, min(2, os.cpu_count() or 1))


def _add_step_budget(parser):
    from mileak.proofs.core.budget import DEFAULT_STEP_BUDGET_S

    parser.add_argument("--step-budget", type=_seconds, default=DEFAULT_STEP_BUDGET_S, metavar="SECONDS",
                        help=f"wall time per derivation step; a step over it is unproved 'timed out' "
                             f"(default {DEFAULT_STEP_BUDGET_S:g})")


def _seconds(text: str) -> float:
    """A step budget: a decimal number of seconds in (0, 86400]."""
    import argparse

    try:
        value = float(text.strip())  # a wall-clock budget needs no exact reading; '1e999999999' is inf, refused
    except ValueError:
        raise argparse.ArgumentTypeError(f"--step-budget={text!r} must be a number of seconds in (0, 86400]") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"--step-budget={text!r} must be a number of seconds in (0, 86400]")
    return value


def _cmd_verify(args) -> int:
    from mileak.numeric.cli.progress import stderr_progress
    from mileak.numeric.cli.tables import verify_table
    from mileak.numeric.core.atomic import write_json_atomic
    from mileak.numeric.verify.driver import certificates, verify

    rows = verify(args.theorem, profile=args.profile, dps=args.dps, seed=args.seed, numeric=not args.symbolic_only,
                  step_budget=args.step_budget, progress=None if args.quiet else stderr_progress, jobs=args.jobs,
                  cache=not args.no_cache)
    outside = []
    wanted = {i.split(".")[0] for i in (args.theorem or ["T3", "T4"])}
    if not args.symbolic_only and wanted & {"T3", "T4"}:
        from mileak.numeric.cli.text import outside_assumption_text
        from mileak.numeric.falsify.report import outside_assumption_rows

        outside = [r for r in outside_assumption_rows(budget=100, seed=args.seed) if r["claim"] in wanted]
    if args.json != "-":
        print(verify_table(rows))
        cached = sum(r.cached for r in rows)
        if cached:
            print(f"({cached} of {len(rows)} derivations read from the proof cache, unchanged since they were proved; "
                  "--no-cache proves them again)")
        if outside:
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


def _cmd_derive(args) -> int:
    from mileak.numeric.cli.tables import derivation_text
    from mileak.numeric.verify import proof_cache
    from mileak.proofs.core import ClaimChecker, Status
    from mileak.proofs.theorems import REGISTRY

    checker = ClaimChecker(REGISTRY, step_budget=args.step_budget)
    proofs, cached = [], 0
    for claim in REGISTRY.select(args.ids):
        proof = None if args.no_cache else proof_cache.load(claim, args.step_budget)
        cached += proof is not None
        if proof is None:
            proof = checker.check(claim)
            if not args.no_cache:
                proof_cache.store(proof, args.step_budget)
        proofs.append(proof)
    print("\n\n".join(derivation_text(p, latex=args.latex) for p in proofs))
    if cached:
        print(f"\n({cached} of {len(proofs)} derivations read from the proof cache; --no-cache proves them again)")
    return 0 if all(p.status is Status.PROVED for p in proofs) else 1


def _check_targets(args):
    """Every output path checked before any work starts (a bad one would only fail after the run)."""
    from mileak.numeric.core.atomic import check_target, sweep_folder_of

    for option, what in (("json", "json"), ("plot", "plot")):
        path = getattr(args, option, None)
        if path is None:
            continue
        folder = sweep_folder_of(path) or (_inside(path, args.out) if getattr(args, "out", None) else None)
        if folder is not None:
            raise ValueError(f"--{option} {path!r} is inside the sweep folder {folder!r}, whose files belong to the "
                             "sweep; write it elsewhere")
        check_target(path, what, stdout_ok=option == "json")


def _inside(path: str, folder: str):
    """``folder`` when ``path`` lies in it (the sweep's own --out, which may not exist yet)."""
    import os

    if path == "-":
        return None
    a, f = os.path.abspath(path), os.path.abspath(folder)
    return folder if os.path.commonpath([a, f]) == f else None


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so the command unwinds (temp files removed) like Ctrl-C."""


def _raise_terminated(signum, frame):
    raise _Terminated


def _stopped(command: str, how: str, code: int, exc=None) -> int:
    """One line on stderr, no traceback; a second Ctrl-C while leaving is ignored (no garbled dump)."""
    import signal

    from mileak.numeric.cli.progress import end_open_line

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_open_line()
    said = getattr(exc, "mileak_stopped", "nothing half-written (results are written atomically)")
    sys.stderr.write(f"mileak {command}: {how}; {said}\n")
    sys.stderr.flush()
    return code


def _attach_dash_values(parser, argv: list) -> list:
    """``--loss -x**2*theta`` as ``--loss=-x**2*theta``: a value that starts with '-' after an option that takes
    one value is that option's value, unless it is itself an option of the command (argparse alone would
    read ``-x**2`` as an unknown option and stop with "expected one argument")."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    one_value, options = set(), {"-h", "--help"}
    for command in subparsers.choices.values():
        for action in command._actions:
            options.update(action.option_strings)
            if action.nargs is None and action.option_strings and not isinstance(action, argparse._StoreConstAction):
                one_value.update(action.option_strings)
    out, i = [], 0
    while i < len(argv):
        token = argv[i]
        if token in one_value and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] not in options:
            out.append(f"{token}={argv[i + 1]}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def main(argv=None) -> int:
    """The ``mileak`` command. Ctrl-C exits 130 and SIGTERM 143, each with one line and no traceback."""
    import signal
    import threading

    parser = _parser()
    args = parser.parse_args(_attach_dash_values(parser, sys.argv[1:] if argv is None else list(argv)))
    in_main = threading.current_thread() is threading.main_thread()
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
    if in_main:
        signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return _run(parser, args)
    except KeyboardInterrupt as exc:
        return _stopped(args.command, "interrupted", 130, exc)
    except _Terminated as exc:
        return _stopped(args.command, "terminated", 143, exc)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(parser, args) -> int:
    try:
        _check_targets(args)
        commands = {"verify": _cmd_verify, "derive": _cmd_derive, "falsify": _cmd_falsify, "leakage": _cmd_leakage,
                    "convert": _cmd_convert, "families": _cmd_families}
        if args.command not in commands:
            from mileak.numeric.cli.game_commands import COMMANDS

            return COMMANDS[args.command](args, _number, _params, _emit)
        return commands[args.command](args)
    except (ValueError, TypeError, OSError, ArithmeticError) as exc:  # PrecisionError is an ArithmeticError
        parser.exit(2, f"mileak {args.command}: error: {_one_line(exc)}\n")
    except MemoryError as exc:
        parser.exit(2, f"mileak {args.command}: error: out of memory: {_one_line(exc) or 'an array did not fit'}\n")
    except RecursionError:
        parser.exit(2, f"mileak {args.command}: error: an input is nested too deeply to process\n")
    except (LookupError, AttributeError, NameError, AssertionError, RuntimeError) as exc:  # a bug: said in one line
        parser.exit(2, f"mileak {args.command}: internal error ({type(exc).__name__}: {_one_line(exc)}) with "
                       f"{' '.join(sys.argv[1:])[:200]!r}; please report it\n")


def _one_line(exc) -> str:
    """An exception's message on one line (sympy and numpy messages can span several)."""
    return " ".join(str(exc).split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
