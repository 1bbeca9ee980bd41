"""The ``mileak`` command: its parser, and the run that turns errors into one line and signals into an exit
status. The commands live by concept: ``verify``, ``derive`` in :mod:`.proof_commands`; ``falsify``,
``convert``, ``leakage``, ``families`` in :mod:`.measure_commands`; ``simulate``, ``audit``, ``sweep`` in
:mod:`.game_commands`; what they read and write in :mod:`.inputs`.

Exit status: 0 when every selected claim is PROVED and verified; 1 when one
is not; 2 on bad usage (with a one-line message naming the option).
"""

from __future__ import annotations

import argparse
import sys

from mileak.numeric.cli.falsify_options import DEFAULTS as FALSIFY_DEFAULTS
from mileak.numeric.cli.family_options import add_family_options
from mileak.numeric.cli.inputs import attach_dash_values, check_targets, given_options, repeated_option
from mileak.numeric.cli.measure_commands import cmd_convert, cmd_falsify, cmd_families, cmd_leakage
from mileak.numeric.cli.proof_commands import add_step_budget, cmd_derive, cmd_verify, default_jobs
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
    v.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes, one claim each at a time "
                   "(the results do not depend on it)")
    v.add_argument("--no-cache", action="store_true", help="prove every derivation again instead of reading PROVED "
                   "ones from the proof cache (keyed by the symbolic layer's source and sympy's version)")
    add_step_budget(v)

    d = sub.add_parser("derive", help="print a derivation step by step",
                       description="Print the derivation of a theorem or claim, each step with its rule and outcome.")
    d.add_argument("ids", nargs="+", metavar="ID", help="theorem or claim ids, e.g. T1 or T2.roc")
    d.add_argument("--latex", action="store_true", help="print facts as LaTeX")
    d.add_argument("--no-cache", action="store_true", help="prove the derivation again instead of reading it from "
                   "the proof cache")
    add_step_budget(d)

    f = sub.add_parser("falsify", help="counterexamples: T3/T4 outside their assumptions, phase diagrams, or the classic "
                       "DP calibration",
                       description="Pointwise (strong-adversary) search with hypothesis, shrunk to the smallest case, "
                                   "then the neighbour-averaged KL and the paper's own rho_KL and rho_MI by paired Monte "
                                   "Carlo. With --grid p=.. --grid n=.. --grid lam=..: a phase diagram instead, one "
                                   "paired test of --quantity per cell (resumable folder --out, parallel).")
    f.add_argument("claim", choices=("T3", "T4", "classic-gaussian"),
                   help="T3 (more data), T4 (more regularisation) or classic-gaussian (the classic DP calibration)")
    add_family_options(f, positional=False)
    f.add_argument("--release", choices=("output", "posterior", "exact"),
                   help="release (default output; with --replay, the certificate's, and checked against it if given)")
    d = FALSIFY_DEFAULTS
    f.add_argument("--budget", type=int, help=f"examples for the pointwise search (default {d['budget']})")
    f.add_argument("--trials", type=int, help=f"paired Monte Carlo draws per setting (default {d['trials']}); with "
                   "--grid, the first look of each cell's sequential test")
    f.add_argument("--paper-settings", type=int, metavar="N",
                   help="settings (p <= 5) at which the paper's own rho_KL is tested by nested Monte Carlo, those where "
                        f"the neighbour-averaged KL rises first; 0 skips it (default {d['paper_settings']})")
    f.add_argument("--paper-outer", type=int, metavar="K",
                   help=f"outer draws of the paper's rho_KL per side (default {d['paper_outer']}; the interval "
                        "narrows as 1/sqrt(K))")
    f.add_argument("--paper-inner", type=int, metavar="M",
                   help="inner draws M (and 2M) of the paper's rho_KL, whose log-average bias the interval covers "
                        f"(default {d['paper_inner']})")
    f.add_argument("--seed", type=int, default=0, help="seed of the search and the Monte Carlo")
    f.add_argument("--json", metavar="PATH", help="write the certificate (with --grid: the summary) to PATH ('-' for "
                   "stdout), atomically")
    f.add_argument("--replay", metavar="PATH", help="re-check a pointwise certificate written by --json")
    g = f.add_argument_group("phase diagram (--grid)")
    g.add_argument("--grid", action="append", metavar="NAME=V1,V2,...", help="p=.., n=.. and lam=.. (each once): the "
                   "cells of a phase diagram")
    g.add_argument("--quantity", choices=("neighbour_averaged", "paper_rho_kl", "paper_rho_mi"),
                   help="what each cell tests (default neighbour_averaged; the paper's quantities need p <= 5)")
    g.add_argument("--max-trials", type=int, metavar="N", help="a cell's budget of paired draws: the test doubles "
                   f"its draws until the interval excludes 0 or N are spent (default {d['max_trials']})")
    g.add_argument("--out", metavar="DIR", help="the phase diagram's folder: one atomic file per cell; re-running the "
                   "same command resumes (required with --grid)")
    g.add_argument("--plot", metavar="PATH", help="the phase diagram over (n/p, lam), one panel per p, to PATH "
                   "(.png, .pdf or .svg)")
    g.add_argument("--jobs", type=int, help=f"parallel processes (joblib; default {d['jobs']})")
    g.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (e.g. tcp://host:8786)")
    g.add_argument("--yes", action="store_true", help="run a grid of more than 400 cells")
    g.add_argument("--wait", action="store_true", help="if another run holds the folder, wait for it (default: refuse)")
    g.add_argument("--quiet", action="store_true", help="no progress bar")

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
    add_family_options(lk, dp_sgd=True)
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


def main(argv=None) -> int:
    """The ``mileak`` command. Ctrl-C exits 130 and SIGTERM 143, each with one line and no traceback."""
    import signal
    import threading

    parser = _parser()
    argv_given = argv  # None: run as the program (sys.argv)
    if argv_given is None:
        _quiet_worker_cleanup()
    argv = attach_dash_values(parser, sys.argv[1:] if argv is None else list(argv))
    given = given_options(parser, argv)
    twice = repeated_option(given)
    if twice is not None:
        command = next((t for t in argv if not t.startswith("-")), "")
        parser.exit(2, f"mileak {command}: error: {twice} is given twice; give it once (the second would replace "
                       "the first)\n")
    args = parser.parse_args(argv)
    args.given_options = {action.dest for action, _ in given}  # a value given, even if it equals the default
    in_main = threading.current_thread() is threading.main_thread()
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
    if in_main:
        signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return _run(parser, args)
    except KeyboardInterrupt as exc:
        _silence_late_warnings(argv_given is None)
        return _leave(_stopped(args.command, "interrupted", 130, exc), argv_given is None)
    except _Terminated as exc:
        _silence_late_warnings(argv_given is None)
        return _leave(_stopped(args.command, "terminated", 143, exc), argv_given is None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _quiet_worker_cleanup() -> None:
    """Child processes (joblib's workers and its resource tracker) inherit a filter for the tracker's notice
    "resource_tracker: There appear to be N leaked semaphore objects to clean up at shutdown". After a Ctrl-C the
    tracker outlives this process, cleans them up as it should, and printed that notice after the one line the
    interruption ends with (seen under load in CI)."""
    import os

    quiet = "ignore:resource_tracker:UserWarning"
    given = os.environ.get("PYTHONWARNINGS", "")
    if quiet not in given:
        os.environ["PYTHONWARNINGS"] = f"{given},{quiet}" if given else quiet


def _silence_late_warnings(program: bool) -> None:
    """As the program, leaving after a signal: a warning a worker pool's thread raises while it winds down would
    follow the one line the run ends with (in-process callers keep their filters)."""
    if program:
        import warnings

        warnings.simplefilter("ignore")


def _leave(code: int, program: bool) -> int:
    """``code``; as the program (not called in-process), exit at once with it. Every ``finally`` of the run has
    already unwound (temp files removed, workers stopped); the interpreter's own shutdown is skipped, where a
    late interrupt (seen under load, in thread joins) made the process die by SIGINT (-2) instead of exiting 130."""
    if program:
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _run(parser, args) -> int:
    try:
        check_targets(args)
        commands = {"verify": cmd_verify, "derive": cmd_derive, "falsify": cmd_falsify, "leakage": cmd_leakage,
                    "convert": cmd_convert, "families": cmd_families}
        if args.command not in commands:
            from mileak.numeric.cli.game_commands import COMMANDS

            return COMMANDS[args.command](args)
        return commands[args.command](args)
    except Exception as exc:
        interrupt = _interrupt_behind(exc)
        if interrupt is not None:  # e.g. Ctrl-C during a class definition, wrapped by Python in a RuntimeError
            raise interrupt from None
        _say_error(parser, args.command, exc)
        raise


def _interrupt_behind(exc: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM that caused ``exc``, if one is in its chain of causes (else None)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (KeyboardInterrupt, _Terminated)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _say_error(parser, command: str, exc: Exception) -> None:
    """One line on stderr and exit 2: the user's error, or a bug said as one (never a traceback); an open
    progress line is ended first, so the message is not glued to a bar."""
    from mileak.numeric.cli.progress import end_open_line

    end_open_line()
    if isinstance(exc, (ValueError, TypeError, OSError, ArithmeticError)):  # PrecisionError is an ArithmeticError
        parser.exit(2, f"mileak {command}: error: {_one_line(exc)}\n")
    if isinstance(exc, MemoryError):
        parser.exit(2, f"mileak {command}: error: out of memory: {_one_line(exc) or 'an array did not fit'}\n")
    if isinstance(exc, RecursionError):
        parser.exit(2, f"mileak {command}: error: an input is nested too deeply to process\n")
    if isinstance(exc, (LookupError, AttributeError, NameError, AssertionError, RuntimeError)):  # a bug
        parser.exit(2, f"mileak {command}: internal error ({type(exc).__name__}: {_one_line(exc)}) with "
                       f"{' '.join(sys.argv[1:])[:200]!r}; please report it\n")


def _one_line(exc) -> str:
    """An exception's message on one line (sympy and numpy messages can span several)."""
    return " ".join(str(exc).split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
