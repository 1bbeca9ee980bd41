"""What a command reads from its command line and where its result goes: exact numbers and ``K=V``
parameters (never evaluated as Python), values that start with ``-``, and output paths checked before any work
(the JSON and text written before any plot).
"""

from __future__ import annotations

import argparse


def number(text: str, what: str):
    """An exact number from text (int, decimal or a/b), never evaluated as Python."""
    from fractions import Fraction

    from mileak.numeric.core.exact_input import exact_decimal

    value = exact_decimal(text, what)
    if abs(value) > Fraction(10) ** 300:
        raise ValueError(f"{what}={text!r} must be a number of magnitude below 1e300")
    return int(value) if value.denominator == 1 else value


def parameters(pairs):
    out = {}
    for item in pairs:
        if "=" not in item:
            raise ValueError(f"--param {item!r} must look like name=value")
        k, v = item.split("=", 1)
        if k.strip() in out:
            raise ValueError(f"--param {k.strip()} is given twice; give each parameter once")
        out[k.strip()] = number(v, k.strip())
    return out


def grid_values(items) -> dict:
    """``--grid name=v1,v2,...`` options as ``{name: [values]}`` (exact ints, other numbers as floats); a name
    given twice is refused (never one silently dropped)."""
    from fractions import Fraction

    grid = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--grid {item!r} must look like name=v1,v2,...")
        k, v = (part.strip() for part in item.split("=", 1))
        if k in grid:
            raise ValueError(f"--grid {k} is given twice; give each swept parameter once, with all its values")
        vals = [number(x, f"--grid {k}") for x in v.split(",") if x.strip()]
        grid[k] = [float(x) if isinstance(x, Fraction) else x for x in vals]
    return grid


def emit(args, result, text):
    """Print ``text(result)`` unless ``--json -``; write ``--json PATH`` atomically."""
    from mileak.numeric.core.atomic import write_json_atomic

    if args.json != "-":
        print(text(result))
    if args.json:
        write_json_atomic(args.json, result)


def check_targets(args):
    """Every output path checked before any work starts (a bad one would only fail after the run)."""
    from mileak.numeric.core.atomic import check_target, run_folder_of

    for option, what in (("json", "json"), ("plot", "plot")):
        path = getattr(args, option, None)
        if path is None:
            continue
        folder = run_folder_of(path) or (_inside(path, args.out) if getattr(args, "out", None) else None)
        if folder is not None:
            raise ValueError(f"--{option} {path!r} is inside the folder {folder!r} of a sweep or phase diagram, whose "
                             "files belong to the run; write it elsewhere")
        check_target(path, what, stdout_ok=option == "json")


def _inside(path: str, folder: str):
    """``folder`` when ``path`` lies in it (the sweep's own --out, which may not exist yet)."""
    import os

    if path == "-":
        return None
    a, f = os.path.abspath(path), os.path.abspath(folder)
    return folder if os.path.commonpath([a, f]) == f else None


def attach_dash_values(parser, argv: list) -> list:
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


_REPEATABLE = (argparse._AppendAction, argparse._ExtendAction, argparse._CountAction, argparse._HelpAction,
               argparse._VersionAction, argparse._StoreConstAction)  # store_true/false are store-const actions


def given_options(parser, argv: list) -> list:
    """``(action, option)`` for each option of the command in ``argv`` that was given, in order (abbreviations
    resolved to the option they abbreviate): a command can tell a value given from its default, and an option
    given twice from one given once."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command = next((subparsers.choices[t] for t in argv if t in subparsers.choices), None)
    if command is None:
        return []
    options = {s: a for a in command._actions for s in a.option_strings if s.startswith("--")}
    out = []
    for token in argv:
        if not token.startswith("--"):
            continue
        name = token.split("=", 1)[0]
        matches = {id(a): a for a in ([options[name]] if name in options else
                                      [a for s, a in options.items() if s.startswith(name)])}
        if len(matches) == 1:
            action = next(iter(matches.values()))
            out.append((action, max(action.option_strings, key=len)))
    return out


def repeated_option(given: list) -> str | None:
    """The first option among ``given`` (:func:`given_options`) that takes one value (or one list) and is given
    twice, e.g. ``--seed 1 --seed 2`` (argparse would keep the last and drop the first without a word), or
    ``None``. Options that accumulate (``--param``, ``--grid``, ``--theorem``) may repeat."""
    seen = set()
    for action, option in given:
        if isinstance(action, _REPEATABLE):
            continue
        if action.dest in seen:
            return option
        seen.add(action.dest)
    return None
