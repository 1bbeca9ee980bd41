"""The family a command runs on: a registered name, or a user family from ``--loss`` and its options.

Shared by ``leakage``, ``falsify``, ``simulate`` and ``sweep``: the registered names come from the
plug-in registry (never listed here), and a user family is built by ``from_sympy`` from
formula strings parsed by the restricted parser (never evaluated as Python).
"""

from __future__ import annotations

USER_DEFAULTS = {"theta": "theta", "data": "x"}


def default_regularizer(theta: list[str]) -> str:
    """``||theta||^2/2`` written in the declared symbols: ``theta**2/2``, ``(a**2 + b**2)/2``."""
    return f"{theta[0]}**2/2" if len(theta) == 1 else "(" + " + ".join(f"{t}**2" for t in theta) + ")/2"


def add_family_options(parser, positional: bool = True, dp_sgd: bool = False):
    """``FAMILY`` (or ``--family``) plus the user-family options; ``dp_sgd``: the command also takes ``dp-sgd``."""
    text = "a registered family (mileak families lists them); omit it with --loss" + (
        "; or dp-sgd (a DP-SGD run: q, z, steps)" if dp_sgd else "")
    if positional:
        parser.add_argument("family", nargs="?", help=text)
    else:
        parser.add_argument("--family", help=text)
    parser.add_argument("--loss", help="user loss in theta and the data symbols, e.g. 'log(cosh(theta - x))'")
    parser.add_argument("--regularizer", help="user regulariser (default ||theta||^2/2 in the --theta symbols, "
                                                   "e.g. (a**2 + b**2)/2 with --theta a,b)")
    parser.add_argument("--theta", help="comma-separated parameter-vector symbols (default theta)")
    parser.add_argument("--data", help="comma-separated record symbols (default x)")
    parser.add_argument("--box", action="append", default=[], metavar="SYM=LO:HI", help="data domain, e.g. x=-1:1")
    parser.add_argument("--values", action="append", default=[], metavar="SYM=V1,V2,...",
                        help="a discrete data coordinate and its values, e.g. y=-1,1 (labels)")
    parser.add_argument("--population", metavar="FAMILY",
                        help="draw the user family's records from a registered family's population law (its "
                             "parameters, e.g. R, are then accepted); default: uniform on --box / --values")


def user_spec(args, number) -> dict | None:
    """The user family's formulas and domains from the options (``None`` without ``--loss``)."""
    given = {k: getattr(args, k) for k in ("regularizer", "theta", "data")}
    population = getattr(args, "population", None)
    if args.loss is None:
        for flag in [f"--{k}" for k, v in given.items() if v is not None] + (["--box"] if args.box else []) + \
                (["--values"] if args.values else []) + (["--population"] if population is not None else []):
            raise ValueError(f"{flag} only applies to a user family (with --loss)")
        return None
    box = {}
    for item in args.box:
        sym, eq, span = item.partition("=")
        lo, colon, hi = span.partition(":")
        if not eq or not colon:
            raise ValueError(f"--box {item!r} must look like x=LOW:HIGH")
        box[sym.strip()] = [str(number(lo, f"--box {sym} low")), str(number(hi, f"--box {sym} high"))]
    values = {}
    for item in args.values:
        sym, eq, listed = item.partition("=")
        if not eq or not listed.strip():
            raise ValueError(f"--values {item!r} must look like y=-1,1")
        values[sym.strip()] = [str(number(v, f"--values {sym}")) for v in listed.split(",") if v.strip()]
    theta = [t.strip() for t in (given["theta"] or USER_DEFAULTS["theta"]).split(",")]
    return {"loss": args.loss, "regularizer": given["regularizer"] or default_regularizer(theta),
            "theta": theta,
            "data": [d.strip() for d in (given["data"] or USER_DEFAULTS["data"]).split(",")],
            "box": box, "values": values, "population": population}


def family_from_args(args, number):
    """A registered family's name, or a user ``Family`` built from the options."""
    from fractions import Fraction

    spec = user_spec(args, number)
    if spec is None:
        if args.family is None:
            from mileak.numeric.families.registry import names

            raise ValueError(f"give a family ({', '.join(names())}) or --loss for a user family")
        from mileak.numeric.families.cards import family_card

        return family_card(args.family).name  # an unknown name: one line listing the registered ones
    if args.family is not None:  # `simulate ridge --loss ...` had simulated a user family called "ridge"
        raise ValueError(f"give either a registered family ({args.family}) or --loss for a user family, not both; "
                         f"to draw the user family's records from {args.family}'s population, use --population "
                         f"{args.family}")
    from mileak.proofs.families.user_family import LEARNER_NAMES, from_sympy

    sampler, parameters = None, ()
    if spec["population"] is not None:
        from mileak.numeric.families.registry import plugin

        source = plugin(spec["population"])
        sampler = source.sampler
        parameters = tuple(q for q in source.family.parameters if q.name not in LEARNER_NAMES)
    return from_sympy("user", spec["loss"], spec["regularizer"], theta=spec["theta"], data=spec["data"],
                      data_box={k: tuple(Fraction(v) for v in b) for k, b in spec["box"].items()},
                      data_values={k: [Fraction(v) for v in vs] for k, vs in spec["values"].items()},
                      sampler=sampler, parameters=parameters)
