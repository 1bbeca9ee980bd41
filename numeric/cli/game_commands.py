"""The ``mileak`` commands of the simulator: ``simulate``, ``audit`` and ``sweep`` (parsers and handlers).

Bad input exits with status 2 and a one-line message naming the option
(:func:`mileak.numeric.cli.main.main` turns ``ValueError``/``TypeError`` into that); numbers and parameters
are read by :mod:`mileak.numeric.cli.inputs`.
"""

from __future__ import annotations

from fractions import Fraction

from mileak.numeric.cli.family_options import add_family_options, family_from_args
from mileak.numeric.cli.inputs import emit, grid_values, number
from mileak.numeric.cli.inputs import parameters as params

GAME_ONLY = ("release", "adversary", "shadows", "pi", "calibration", "jobs")  # a family's game, not dp-sgd's canary


def _floats(values: dict) -> dict:
    return {k: (float(v) if isinstance(v, Fraction) else v) for k, v in values.items()}


def add_parsers(sub):
    s = sub.add_parser("simulate", help="play the membership game, attack it, and set every bound beside the attacks",
                       description="Monte Carlo of the membership game with batched training; exact likelihood-ratio, "
                                   "LiRA-style and loss-threshold attacks with intervals; every applicable bound and "
                                   "the gap ratio; an attack above a bound is flagged.")
    add_family_options(s, dp_sgd=True)
    s.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="family parameter (repeat), e.g. --param n=50 --param lam=0.1 --param sigma=0.5; "
                        "a family with a finite gradient bound L also takes eps=..., delta=... (DP output perturbation)")
    s.add_argument("--trials", type=int, default=20000, help="games played (default 20000)")
    s.add_argument("--json", metavar="PATH", help="write the report to PATH ('-' for stdout), atomically")
    s.add_argument("--plot", metavar="PATH", help="write the ROC plot with the bound curves to PATH (.png, .pdf or .svg)")
    s.add_argument("--jobs", type=int, default=1,
                   help="processes sharing the games (joblib; the report is the same for any value; default 1)")
    s.add_argument("--yes", action="store_true", help="run even when the estimated size (floating-point operations, "
                   "memory; printed when refused) is over the limits a run takes unasked")
    _common(s)
    add_more_parsers(sub)


def _common(q):
    q.add_argument("--release", choices=("exact", "output", "posterior"),
                   help="how the model is published (default: output, or the family's only release)")
    q.add_argument("--adversary", default="population", choices=("population", "strong"))
    q.add_argument("--seed", type=int, default=0, help="seed of the games")
    q.add_argument("--shadows", type=int, default=16,
                   help="LiRA shadow models per target (even, >= 4; 0: no LiRA)")
    q.add_argument("--pi", default="1/2", help="prior of membership (default 1/2)")
    q.add_argument("--fpr", nargs="+", default=["0.1", "0.01", "0.001"], help="FPR levels for TPR (each in (0, 1))")
    q.add_argument("--level", default="0.999", help="confidence level of the intervals (default 0.999)")
    q.add_argument("--calibration", default="analytic", choices=("analytic", "classic"),
                   help="with eps/delta")
    q.add_argument("--quiet", action="store_true", help="no progress bar")


def add_more_parsers(sub):
    a = sub.add_parser("audit", help="LiRA against DP logistic regression on a bundled dataset, beside the bounds",
                       description="Train models on random halves of a bundled scikit-learn dataset (features scaled "
                                   "to ||x|| <= R), release with (eps, delta)-DP output perturbation, run LiRA with the "
                                   "other models as shadows, and print attacks beside the T5 and GDP bounds.")
    a.add_argument("dataset", choices=("breast-cancer", "digits", "wine"))
    a.add_argument("--lam", default="1/100", help="regularisation weight (default 1/100)")
    a.add_argument("--eps", default="1", help="DP epsilon, or 'none' for the non-private baseline (default 1)")
    a.add_argument("--delta", default="1e-5", help="DP delta (default 1e-5)")
    a.add_argument("--models", type=int, default=64, help="models trained (each is the target once; default 64)")
    a.add_argument("--R", default="1", help="feature-norm bound the rows are scaled to (default 1)")
    a.add_argument("--seed", type=int, default=0, help="seed of the halves and the noise")
    a.add_argument("--fpr", nargs="+", default=["0.1", "0.01", "0.001"], help="FPR levels for TPR (each in (0, 1))")
    a.add_argument("--level", default="0.999", help="confidence level of the intervals (default 0.999)")
    a.add_argument("--json", metavar="PATH", help="write the report to PATH ('-' for stdout), atomically")
    a.add_argument("--plot", metavar="PATH", help="write the ROC plot with the bounds to PATH (.png, .pdf or .svg)")
    a.add_argument("--yes", action="store_true", help="run even when the estimated size (operations, memory) is "
                   "over the limits a run takes unasked")

    w = sub.add_parser("sweep", help="the simulator over a grid, one atomic file per point, resumable, parallel",
                       description="Run `simulate` at every point of a grid; results go to OUT/points/ (one file per "
                                   "point, atomic); re-running with the same configuration resumes; a folder from "
                                   "another configuration is refused.")
    add_family_options(w)
    w.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...", help="swept parameter (repeat)")
    w.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="fixed parameter (repeat)")
    w.add_argument("--trials", type=int, default=5000, help="games per point (default 5000)")
    w.add_argument("--out", required=True, metavar="DIR", help="sweep folder (created; resumed if it exists)")
    w.add_argument("--jobs", type=int, default=1, help="parallel processes (joblib; default 1)")
    w.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (e.g. tcp://host:8786)")
    w.add_argument("--plot", metavar="PATH", help="leakage (attack and bound) vs each swept parameter, to PATH "
                   "(.png, .pdf or .svg)")
    w.add_argument("--json", metavar="PATH", help="also write the summary to PATH ('-' for stdout)")
    w.add_argument("--yes", action="store_true", help="run a grid of more than 1000 points, or one whose estimated "
                   "size (operations, memory) is over the limits a run takes unasked")
    w.add_argument("--wait", action="store_true", help="if another sweep holds the folder, wait for it (default: refuse)")
    _common(w)


def cmd_audit(args) -> int:
    from mileak.numeric.cli.progress import ProgressBar
    from mileak.numeric.cli.text import audit_text
    from mileak.numeric.game.audit import audit
    from mileak.numeric.game.plots import roc_plot

    eps = None if args.eps.strip().lower() == "none" else float(number(args.eps, "--eps"))
    bar = ProgressBar("audit", quiet=args.json == "-")
    report = audit(args.dataset, lam=float(number(args.lam, "--lam")), eps=eps, delta=float(number(args.delta, "--delta")),
                   models=args.models, R=float(number(args.R, "--R")), seed=args.seed,
                   fprs=[float(number(a, "--fpr")) for a in args.fpr], level=float(number(args.level, "--level")),
                   progress=bar, yes=args.yes)
    bar.close()
    bounds = report.pop("_bounds")
    emit(args, report, lambda r: audit_text(r) + (f"\n  ROC plot: {args.plot}" if args.plot else ""))  # the result
    if args.plot:  # first: a plot failure cannot lose it
        roc_plot({**report, "_bounds": bounds}, args.plot,
                 title=f"{args.dataset}: LiRA vs bounds (eps = {eps}, delta = {args.delta}, lam = {report['lam']})")
    return 1 if report["exceeded"] else 0


def cmd_sweep(args) -> int:
    from mileak.numeric.cli.progress import ProgressBar, saying_what_is_kept
    from mileak.numeric.cli.text import sweep_text
    from mileak.numeric.families.registry import default_release
    from mileak.numeric.game.plots import sweep_plot
    from mileak.numeric.game.sweep import sweep

    family = family_from_args(args, number)
    bar = ProgressBar("sweep", quiet=args.quiet)
    with saying_what_is_kept(bar, args.out, "points"):
        result = sweep(family, grid_values(args.grid), _floats(params(args.param)), args.out,
                       trials=args.trials, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler, progress=bar,
                       yes=args.yes, wait=args.wait, release=args.release or default_release(family),
                       adversary=args.adversary,
                       shadows=args.shadows, pi=float(number(args.pi, "--pi")),
                       fprs=[float(number(a, "--fpr")) for a in args.fpr], level=float(number(args.level, "--level")),
                       calibration=args.calibration)
    bar.close()
    emit(args, result, sweep_text)  # the result first: a plot failure cannot lose it
    if args.plot:
        sweep_plot(result, args.plot)
    return 1 if any(p["exceeded"] for p in result["points"]) else 0


def cmd_simulate(args) -> int:
    from mileak.numeric.cli.progress import ProgressBar
    from mileak.numeric.cli.text import simulate_text
    from mileak.numeric.game.plots import roc_plot
    from mileak.numeric.game.simulate import simulate

    if args.family == "dp-sgd" and args.loss is None:
        return _canary_audit(args)
    values = _floats(params(args.param))
    bar = ProgressBar("simulate", quiet=args.quiet or args.json == "-")
    report = simulate(family_from_args(args, number), values, trials=args.trials, seed=args.seed, release=args.release,
                      adversary=args.adversary, shadows=args.shadows, pi=float(number(args.pi, "--pi")),
                      fprs=[float(number(a, "--fpr")) for a in args.fpr], level=float(number(args.level, "--level")),
                      calibration=args.calibration, progress=bar, keep_bounds=bool(args.plot), jobs=args.jobs,
                      yes=args.yes)
    bar.close()
    bounds = report.pop("_bounds", None)
    emit(args, report, simulate_text)  # the result first: a plot failure cannot lose it
    if args.plot:
        roc_plot({**report, "_bounds": bounds}, args.plot)
    return 1 if report["exceeded"] else 0


def _canary_audit(args) -> int:
    """``mileak simulate dp-sgd --param q=.. --param z=.. --param steps=..``: the all-iterates canary (T7)."""
    from mileak.numeric.cli.progress import ProgressBar
    from mileak.numeric.cli.text import canary_audit_text
    from mileak.numeric.game.dp_sgd_audit import canary_audit, final_model_audit

    wrong = sorted(set(getattr(args, "given_options", ())) & set(GAME_ONLY))
    if wrong:
        raise ValueError(f"--{wrong[0]} applies to a family's membership game, not to dp-sgd's canary audit "
                         "(which takes --trials, --seed, --fpr, --level, --json); leave it out")
    values = params(args.param)
    training = {"n", "p", "models", "lr"}  # with n: also train models by DP-SGD (the final-model adversary)
    unknown = sorted(set(values) - {"q", "z", "steps"} - training)
    missing = [k for k in ("q", "z", "steps") if k not in values]
    if unknown or missing:
        raise ValueError("dp-sgd takes --param q=.. --param z=.. --param steps=.. [--param n=.. --param p=.. "
                         "--param models=.. --param lr=..]; "
                         + (f"unknown {unknown}" if unknown else f"missing {', '.join(missing)}"))
    fprs, level = [float(number(a, "--fpr")) for a in args.fpr], float(number(args.level, "--level"))
    if set(values) & training:  # both runs sized before either starts
        from mileak.numeric.game.dp_sgd_audit import check_final_model_size

        check_final_model_size(values["steps"], **{k: values[k] for k in ("n", "p", "models") if k in values},
                               yes=args.yes)
    bar = ProgressBar("simulate dp-sgd", quiet=args.quiet or args.json == "-")
    report = canary_audit(values["q"], values["z"], values["steps"], trials=args.trials, seed=args.seed, fprs=fprs,
                          level=level, progress=bar, yes=args.yes)
    bar.close()
    reports = [report]
    if set(values) & training:
        bar = ProgressBar("train dp-sgd", quiet=args.quiet or args.json == "-", unit="step")
        extra = {k: (float(values[k]) if k == "lr" else values[k]) for k in training if k in values}
        reports.append(final_model_audit(values["q"], values["z"], values["steps"], seed=args.seed, fprs=fprs,
                                         level=level, progress=bar, yes=args.yes, **extra))
        bar.close()
    emit(args, reports[0] if len(reports) == 1 else {"all_iterates": reports[0], "final_model": reports[1]},
         lambda r: "\n\n".join(canary_audit_text(x) for x in reports))
    if args.plot:  # after the result: a plot failure cannot lose it
        _canary_plot(values, reports, args.plot)
    return 1 if any(x["exceeded"] for x in reports) else 0


def _canary_plot(values, reports, path):
    """The run's trade-off curves (the T7 KL bound of each game, the PLD accountant's, the GDP approximation)
    with each audit's empirical ROC on top, as ``leakage dp-sgd --plot`` draws the curves."""
    from mileak.numeric.game.plots import tradeoff_plot
    from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_curves

    curves = dp_sgd_curves({k: values[k] for k in ("q", "z", "steps")})
    for report, who in zip(reports, ("all iterates", "final model"), strict=False):
        for name, attack in report["attacks"].items():
            roc = [(f, t) for f, t in zip(attack["roc"]["fpr"], attack["roc"]["tpr"], strict=True) if f > 0 and t > 0]
            if roc:
                curves[f"{name} attack, {who} ({report['trials']} trials)"] = ([f for f, _ in roc], [t for _, t in roc],
                                                                               ":")
    tradeoff_plot(curves, path, f"DP-SGD q = {values['q']}, z = {values['z']}, T = {values['steps']}: audit against "
                  "the bounds")


COMMANDS = {"simulate": cmd_simulate, "audit": cmd_audit, "sweep": cmd_sweep}
