"""``mileak falsify T3|T4 --grid p=.. --grid n=.. --grid lam=.. --out DIR [--plot PATH]``: a phase diagram
(:mod:`mileak.numeric.falsify.phase_diagram`), its text and its plot."""

from __future__ import annotations

from mileak.numeric.cli.falsify_options import given, option_name, value
from mileak.numeric.cli.family_options import family_from_args
from mileak.numeric.cli.inputs import emit, grid_values, number

SEARCH_ONLY = ("budget", "paper_settings", "replay")
SPELLED = {"outer": "--paper-outer", "inner": "--paper-inner"}  # the API's names that the options spell otherwise


def phase_diagram_command(args) -> int:
    from mileak.numeric.cli.progress import ProgressBar, saying_what_is_kept
    from mileak.numeric.cli.text import phase_text
    from mileak.numeric.falsify.phase_diagram import check_grid_names, phase_diagram
    from mileak.numeric.falsify.phase_plot import phase_plot

    if args.claim not in ("T3", "T4"):
        raise ValueError(f"--grid draws a phase diagram of T3 or T4, not {args.claim}")
    grid = grid_values(args.grid)
    check_grid_names(grid)  # the grid's own mistakes are said first
    quantity = args.quantity or "neighbour_averaged"
    unused = SEARCH_ONLY + (("paper_outer", "paper_inner") if quantity == "neighbour_averaged" else
                            ("trials", "max_trials"))
    for flag in given(args, unused):
        raise ValueError(f"{flag} does not apply to a phase diagram of {quantity}")
    if args.out is None:
        raise ValueError("--grid needs --out DIR: the folder that keeps one file per cell (a re-run resumes)")
    bar = ProgressBar(f"falsify {args.claim} grid", quiet=args.quiet or args.json == "-", unit="cell")
    with saying_what_is_kept(bar, args.out, "cells"):
        result = phase_diagram(args.claim, family_from_args(args, number), grid, args.out,
                               quantity=quantity, release=args.release or "output", trials=value(args, "trials"),
                               max_trials=value(args, "max_trials"), outer=value(args, "paper_outer"),
                               inner=value(args, "paper_inner"), seed=args.seed, jobs=value(args, "jobs"),
                               scheduler=args.scheduler, progress=bar, yes=args.yes, wait=args.wait,
                               spelled=lambda k: SPELLED.get(k, option_name(k)))
    bar.close()
    emit(args, result, lambda r: phase_text(r) + (f"\n  phase diagram: {args.plot}" if args.plot else ""))
    if args.plot:  # after the result: a plot failure cannot lose it
        phase_plot(result, args.plot)
    return 0
