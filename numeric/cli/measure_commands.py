"""``mileak falsify``, ``convert``, ``leakage`` (with ``dp-sgd``) and ``families``: the commands that compute
measures, bounds and counterexamples.
"""

from __future__ import annotations

from mileak.numeric.cli.falsify_options import GRID_ONLY, given, option_name, value
from mileak.numeric.cli.family_options import family_from_args
from mileak.numeric.cli.inputs import emit, number, parameters


def cmd_falsify(args) -> int:
    from mileak.numeric.cli.text import falsify_text
    from mileak.numeric.core.atomic import read_json_file
    from mileak.numeric.falsify.pointwise import replay_document
    from mileak.numeric.falsify.report import check_paper, falsify

    if args.grid:
        from mileak.numeric.cli.phase_command import phase_diagram_command

        return phase_diagram_command(args)
    for flag in given(args, GRID_ONLY):
        raise ValueError(f"{flag} belongs to a phase diagram: give it with --grid p=.. --grid n=.. --grid lam=..")
    if args.claim == "classic-gaussian":
        from mileak.numeric.cli.text import classic_text
        from mileak.numeric.dp.classic_falsifier import search_classic

        for flag in given(args, ("trials", "paper_settings", "paper_outer", "paper_inner", "replay", "release")):
            raise ValueError(f"{flag} does not apply to classic-gaussian (it takes --budget, --seed, --json)")
        emit(args, search_classic(budget=value(args, "budget"), seed=args.seed), classic_text)
        return 0
    if args.replay:
        for flag in given(args, ("budget", "trials", "paper_settings", "paper_outer", "paper_inner")):
            raise ValueError(f"{flag} does not apply to --replay (the certificate fixes the case)")
        cert = read_json_file(args.replay, "--replay certificate")
        if not isinstance(cert, dict):
            raise ValueError(f"--replay {args.replay!r}: not a certificate written by --json")
        user = family_from_args(args, number) if args.loss is not None else None
        ce = replay_document(cert, user_family=user, claim=args.claim,
                             family=user.name if user is not None else args.family, release=args.release)
        print(f"replayed: {ce.claim} on {ce.family}/{ce.release}: KL {mpmath_str(ce.before)} -> {mpmath_str(ce.after)}"
              " (the claim fails at the recorded point)")
        return 0
    paper = tuple(value(args, k) for k in ("paper_settings", "paper_outer", "paper_inner"))
    check_paper(paper, spelled=option_name)  # before the search runs
    family = family_from_args(args, number)
    result = falsify(args.claim, family, args.release, budget=value(args, "budget"), seed=args.seed,
                     trials=value(args, "trials"), paper=paper)
    emit(args, result, falsify_text)
    return 0


def mpmath_str(x):
    import mpmath

    return mpmath.nstr(x, 20)


def cmd_convert(args) -> int:
    from mileak.numeric.cli.text import convert_text
    from mileak.numeric.dp.convert import convert

    names = ("sigma", "eps", "delta", "mu", "kl", "advantage", "tpr")
    given = {k: number(getattr(args, k), f"--{k}") for k in names if getattr(args, k) is not None}
    levels = {}
    if args.fpr and args.tpr is not None:
        if len(args.fpr) != 1:
            raise ValueError(f"--fpr with --tpr takes the attack's one FPR, got {len(args.fpr)} values")
        given["fpr"] = number(args.fpr[0], "--fpr")
    elif args.fpr:
        levels["fprs"] = [a.strip() for a in args.fpr if number(a, "--fpr") is not None]  # labelled as typed
    result = convert(sensitivity=number(args.sensitivity, "--sensitivity"), dps=args.dps, **given, **levels)
    emit(args, result, convert_text)
    return 0


def cmd_leakage(args) -> int:
    from mileak.numeric.cli.text import leakage_text
    from mileak.numeric.verify.leakage import leakage

    if args.family == "dp-sgd" and args.loss is None:
        return _dp_sgd(args)
    if args.plot:
        raise ValueError("--plot draws dp-sgd's trade-off curves; a family's leakage has no plot")
    family = family_from_args(args, number)
    if args.list_params:
        return _list_params(family)
    values = parameters(args.param)
    result = leakage(family, values, dps=args.dps, pi=number(args.pi, "--pi"), calibration=args.calibration)
    emit(args, result, leakage_text)
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
    values = parameters(args.param)
    result = dp_sgd_leakage(values, pi=number(args.pi, "--pi"), dps=args.dps)
    emit(args, {**result, "family": "dp-sgd"}, leakage_text)  # the result first: a plot failure cannot lose it
    if args.plot:
        from mileak.numeric.game.plots import tradeoff_plot
        from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_curves

        p = result["parameters"]
        tradeoff_plot(dp_sgd_curves(values), args.plot, f"DP-SGD q = {p['q']}, z = {p['z']}, T = {p['steps']}: "
                      "membership trade-off")
    return 0


def _family_row(card) -> dict:
    return {"name": card.name, "title": card.title, "releases": list(card.releases), "simulator": card.simulator,
            "parameters": [{"name": q.name, "domain": q.bounds.text(), "integer": q.bounds.integer, "meaning": q.meaning}
                           for q in card.parameters]}


def cmd_families(args) -> int:
    from mileak.numeric.cli.text import families_text
    from mileak.numeric.families.cards import family_cards

    emit(args, {"families": [_family_row(c) for c in family_cards()]}, families_text)
    return 0


def _list_params(family) -> int:
    """``--list-params``: one family's parameters, domains and meanings (a user family's learner ones too)."""
    from mileak.numeric.cli.text import families_text
    from mileak.numeric.families.cards import family_card

    print(families_text({"families": [_family_row(family_card(family))]}))
    print("  (with a finite proved L: eps and delta instead of sigma, an (eps, delta)-DP output perturbation)")
    return 0
