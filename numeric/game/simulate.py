"""``mileak simulate``: play the membership game, run the attacks, and set every bound beside them.

``simulate(family, values, ...)`` returns a JSON-ready report: the
configuration, each attack's scorecard (success, AUC, TPR at FPR with the
realised FPR, intervals at ``level``), each applicable bound, the comparison
(gap ratios, and any attack above a bound beyond its interval, flagged with the
assumption to look at). With ``eps`` and ``delta`` among the values (a family
whose ``lipschitz`` closed form gives a finite ``L``) the output noise is calibrated
to ``(eps, delta)``-DP for the sensitivity ``2L/(n lam)`` of T5.shift (``calibration``
analytic or classic).
The same seed gives the same report, bit for bit, for any ``jobs``.
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_choice, check_float, check_seed
from mileak.numeric.dp.gaussian_mechanism import CALIBRATIONS, analytic_sigma, classic_sigma, privacy_request
from mileak.numeric.families.certified_lipschitz import certified_lipschitz
from mileak.numeric.families.registry import make_engine, plugin
from mileak.numeric.game.applicable_bounds import attack_bounds
from mileak.numeric.game.exceedance import compare
from mileak.numeric.game.membership_game import ADVERSARIES, check_jobs, check_shadows, check_trials, play
from mileak.numeric.game.metrics import DEFAULT_LEVEL, check_fprs, check_level
from mileak.numeric.game.scorecard import DEFAULT_FPRS, scorecard
from mileak.numeric.measures.sensitivity_bounds import t5_shift


def dp_noise(family, values: dict, calibration: str = "analytic") -> tuple[dict, dict | None]:
    """Replace ``eps``, ``delta`` in ``values`` by the calibrated ``sigma``; return ``(values, dp)``."""
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise TypeError(f"values must be a dict of family parameters, got {type(values).__name__} {values!r:.60}")
    values, asked = privacy_request(values)
    if asked is None:
        return values, None
    fam = plugin(family).family
    if calibration not in CALIBRATIONS:
        raise ValueError(f"calibration={calibration!r} must be one of {', '.join(CALIBRATIONS)}")
    eps, delta = float(asked["eps"]), float(asked["delta"])
    if "n" not in values or "lam" not in values:
        raise ValueError("eps/delta need the parameters n and lam (the sensitivity 2L/(n lam))")
    declared = {q.name: values[q.name] for q in fam.parameters if q.name in values}
    params = {k: v for k, v in declared.items() if k not in ("n", "lam", "sigma", "tau") or k == "p"}
    found = certified_lipschitz(fam, params, values["lam"])  # the L `mileak leakage` uses (T5's assumptions proved)
    if found.L is None or found.status != "certified":
        raise ValueError(f"eps/delta need a bounded sensitivity 2L/(n lam) with T5's assumptions proved; for "
                         f"family {fam.name!r}: {found.how}" + ("" if found.L is None else f", {found.status}"))
    L = float(found.L)
    n, lam = int(values["n"]), float(values["lam"])
    if not lam > 0:
        raise ValueError(f"lam={lam!r} must be in (0, oo) for a DP calibration")
    sensitivity = float(t5_shift(n, lam, L, dps=20).value)
    route = analytic_sigma if calibration == "analytic" else classic_sigma
    sigma = float(route(eps, delta, sensitivity, dps=20).value)
    values["sigma"] = sigma
    return values, {"eps": eps, "delta": delta, "sensitivity": sensitivity, "calibration": calibration, "sigma": sigma}


def pilot_check(engine, seed: int = 0, size: int = 8):
    """Train ``size`` models before the run: a configuration that does not converge is refused up front."""
    rng = np.random.default_rng([seed, 7])
    with np.errstate(all="ignore"):  # a fit that overflows is not converged, and is said so below
        _, ok = engine.fit(engine.draw_rest(rng, size), engine.records(rng, (size, 1)))
    if not ok.all():
        raise ValueError(f"training does not converge for {engine.describe()}: {int((~ok).sum())} of {size} pilot "
                         "fits failed the gradient-norm test; raise lam or check the data")


def _public(bound):
    return {k: v for k, v in bound.items() if not callable(v)}


def check_options(fprs=DEFAULT_FPRS, level=DEFAULT_LEVEL, calibration="analytic", release="output",
                  adversary="population", shadows=16, pi=0.5):
    """Every simulation option checked (before any work, or any file written)."""
    check_choice("calibration", calibration, CALIBRATIONS)
    check_choice("release", release, ("exact", "output", "posterior"))
    check_choice("adversary", adversary, ADVERSARIES)
    check_shadows(shadows), check_float("pi", pi, 0, 1, lo_open=True, hi_open=True)
    return check_fprs(fprs), check_level(level)


def prepare(family: str, values: dict, release: str = "output", calibration: str = "analytic", seed: int = 0,
            sized=None):
    """``(engine, dp)`` for a configuration, checked (domains, DP calibration, ``sized(engine)``: the run's size,
    :mod:`mileak.numeric.game.run_size`, then a converging pilot) before work."""
    values, dp = dp_noise(family, values, calibration)
    engine = make_engine(family, release, values)
    if sized is not None:
        sized(engine)
    pilot_check(engine, seed)
    return engine, dp


def simulate(family: str, values: dict, trials: int = 20000, seed: int = 0, release: str | None = None,
             adversary: str = "population", shadows: int = 16, pi: float = 0.5, fprs=DEFAULT_FPRS,
             level: float = DEFAULT_LEVEL, calibration: str = "analytic", progress=None, keep_bounds=False,
             jobs: int = 1, yes: bool = False) -> dict:
    """The report (module docstring); ``jobs`` processes play the games' chunks (the report does not depend on
    ``jobs``: each chunk has its own stream of ``seed``, :mod:`mileak.numeric.game.membership_game`). A run over
    :mod:`~mileak.numeric.game.run_size`'s limits is refused, with its estimate, before any training unless
    ``yes``. ``release=None``: the family's default (:func:`~mileak.numeric.families.registry.default_release`)."""
    from mileak.numeric.families.registry import default_release
    from mileak.numeric.game.run_size import check_run_size, game_run_size

    if release is None:
        release = default_release(family)
    fprs, level = check_options(fprs, level, calibration, release, adversary, shadows, pi)
    check_trials(trials), check_seed(seed), check_jobs(jobs)
    def sized(engine):
        check_run_size(game_run_size(engine, trials, shadows, adversary), yes, f"{trials} games of {engine.describe()}",
                       "lower --trials, --shadows or the dimension p")

    engine, dp = prepare(family, values, release, calibration, seed, sized)
    game = play(engine, trials, seed=seed, pi=pi, adversary=adversary, shadows=shadows, progress=progress, jobs=jobs)
    card = scorecard(game, fprs, level)
    bounds = attack_bounds(engine, game, level, dp)
    rows = compare(card, bounds, pi)
    report = {
        "family": engine.family_name, "release": release, "adversary": adversary, "values": engine.values, "dp": dp,
        "trials": trials, "used_trials": game.trials, "dropped": game.dropped, "seed": seed, "pi": pi,
        "shadows": game.shadows, "level": level, "fprs": list(fprs),
        "attacks": card, "bounds": [_public(b) for b in bounds], "comparison": rows,
        "exceeded": [r for r in rows if r["exceeds"]],
        "mean_neighbour_kl": float(np.mean(game.neighbour_kl)),
        "unproved_assumptions": list(engine.unproved),
    }
    if keep_bounds:
        report["_bounds"] = bounds
    return report
