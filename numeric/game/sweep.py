"""``mileak sweep``: the simulator over a grid of parameters, one atomic result file per point, resumable.

Grid points are the Cartesian product of the ``grid`` values in a fixed order; point ``i`` plays with the seed
``SeedSequence([seed, i])``. The folder's layout (``config.json``, one atomic ``points/point-i.json`` per point,
``summary.json``), its lock, resumption after any kill and the parallel runs (joblib ``jobs``, or a Dask
``scheduler``) are :mod:`mileak.numeric.core.cell_folder`'s.

>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> r = sweep("gaussian-mean", {"n": [5, 10]}, {"sigma": 0.5}, d, trials=300, shadows=0)
>>> [p["point"]["n"] for p in r["points"]], r["resumed"]
([5, 10], 0)
"""

from __future__ import annotations

import os

from mileak.numeric.core.atomic import SWEEP_FORMAT, write_json_atomic
from mileak.numeric.core.cell_folder import (
    check_folder,
    check_scheduler,
    grid_points,
    point_seed,
    run_cells,
)
from mileak.numeric.core.checks import check_int, check_seed
from mileak.numeric.game.membership_game import check_trials
from mileak.numeric.game.simulate import check_options, prepare, simulate

FORMAT = SWEEP_FORMAT
# how a point's games draw from its seed (membership_game: one stream per chunk); a folder written under another
# scheme (0.2.0 and earlier: one stream through the chunks) is refused on resumption rather than mixed with this one
STREAMS = "SeedSequence(seed, spawn_key=(chunk,))"
MAX_POINTS = 1000  # a larger grid needs yes=True (mileak sweep --yes): it is said, not silently run or thinned


def family_identity(family):
    """A registered family's name, or a user family's declarations (formulas, domains) as JSON-ready text."""
    if isinstance(family, str):
        return family
    return {"user family": family.name, "loss": str(family.loss), "regularizer": str(family.regularizer),
            "theta": [str(s) for s in family.theta], "data": [str(s) for s in family.z],
            "box": {str(k): [str(a), str(b)] for k, (a, b) in family.data_box.items()},
            "values": {str(k): [str(v) for v in vs] for k, vs in family.data_values.items()},
            "parameters": [q.name for q in family.parameters],
            "sampler": None if family.sampler is None else f"{family.sampler.__module__}.{family.sampler.__qualname__}"}


def _config(family, grid, fixed, trials, seed, options):
    return {"format": FORMAT, "family": family_identity(family), "grid": {k: list(v) for k, v in grid.items()}, "fixed": fixed,
            "trials": trials, "seed": seed, "options": options, "streams": STREAMS}


def simulate_point(family, point, fixed, trials, seed, options, index):
    """One grid point's ``simulate`` report, seeded by :func:`point_seed` (runs in a worker)."""
    r = simulate(family, {**fixed, **point}, trials=trials, seed=point_seed(seed, index), yes=True,  # sized by sweep
                 **options)
    for entry in r["attacks"].values():
        entry.pop("roc", None)  # curves stay out of sweep files (size); `mileak simulate --plot` draws them
    return r


def sweep(family: str, grid: dict, fixed: dict, folder: str, trials: int = 5000, seed: int = 0, jobs: int = 1,
          scheduler: str | None = None, progress=None, yes: bool = False, wait: bool = False, **options) -> dict:
    trials = check_trials(trials)
    check_int("jobs", jobs, 1, 1024)
    check_seed(seed)
    check_folder(folder, FORMAT)
    if not isinstance(fixed, dict):
        raise TypeError(f"fixed must be a dict of parameter values, got {type(fixed).__name__} {fixed!r:.60}")
    check_scheduler(scheduler)
    points = grid_points(grid, yes, MAX_POINTS)
    overlap = set(grid) & set(fixed)
    if overlap:
        raise ValueError(f"parameters {sorted(overlap)} are both swept and fixed")
    unknown = set(options) - {"fprs", "level", "calibration", "release", "adversary", "shadows", "pi"}
    if unknown:
        raise TypeError(f"sweep got unknown options {sorted(unknown)}")
    check_options(**options)
    from mileak.numeric.game.run_size import RunSize, check_run_size, game_run_size

    total = [RunSize(0.0, 0.0)]
    shadows, adversary = options.get("shadows", 16), options.get("adversary", "population")

    def sized(engine, count):  # the grid's size so far, before this point's pilot trains
        total[0] = check_run_size(total[0] + game_run_size(engine, trials, shadows, adversary), yes,
                                  f"the grid's first {count} point(s) at {trials} games",
                                  "lower --trials, --shadows, the dimension p or the grid")

    for count, point in enumerate(points, 1):  # every point is checked before any work starts
        try:
            prepare(family, {**fixed, **point}, options.get("release", "output"), options.get("calibration", "analytic"),
                    sized=lambda engine, count=count: sized(engine, count))
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"grid point {point}: {exc}") from None
    config = _config(family, grid, fixed, trials, seed, options)
    cells = [(point, (family, point, fixed, trials, seed, options, i)) for i, point in enumerate(points)]
    results = run_cells(folder, config, cells, simulate_point, jobs=jobs, scheduler=scheduler, progress=progress,
                        wait=wait, what="sweep")
    summary = {"config": config, "points": [{"index": r["index"], "point": r["point"], **_headline(r["report"])}
                                            for r in results]}
    write_json_atomic(os.path.join(folder, "summary.json"), summary)
    return {**summary, "resumed": sum(r["resumed"] for r in results), "folder": folder}


def _headline(r):
    best = max(r["attacks"].items(), key=lambda kv: kv[1]["auc"]["auc"])
    tight = min(r["bounds"], key=lambda b: b["success"]) if r["bounds"] else None
    return {"best_attack": best[0], "success": best[1]["success"]["value"], "success_low": best[1]["success"]["low"],
            "success_high": best[1]["success"]["high"], "auc": best[1]["auc"]["auc"],
            "tpr": {str(t["nominal_fpr"]): t["tpr"]["value"] for t in best[1]["tpr_at_fpr"]},
            "bound": tight["name"] if tight else None, "success_bound": tight["success"] if tight else None,
            "mean_neighbour_kl": r["mean_neighbour_kl"], "exceeded": len(r["exceeded"]), "dropped": r["dropped"]}
