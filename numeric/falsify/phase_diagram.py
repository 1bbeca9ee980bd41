"""Phase diagrams of T3 and T4: where, over ``(p, n/p, lam)``, the leakage rises when the claim says it falls.

Every cell ``(p, n, lam)`` of a grid gets a paired test of one quantity (``quantity``):

* ``neighbour_averaged``: ``E D(q(.|D_rest+z) || q(.|D_rest+z'))`` (:mod:`.population`), the same draws on both
  sides. The test is sequential: ``trials`` paired draws, then doubled (``2, 4, ... x trials``, fresh draws
  added to the old, simulated in chunks of :data:`CHUNK`) until the interval excludes 0 or ``max_trials`` is
  spent. With ``L`` possible looks each look's interval is at level ``1 - 0.001/L`` (normal quantile), so by the
  union bound the cell's verdict is wrong with probability at most 0.001 however many looks it took.
* ``paper_rho_kl`` / ``paper_rho_mi``: the paper's own quantities by nested Monte Carlo
  (:func:`.paper_leakage.paper_paired_difference`, 99.8% intervals, ``p <= 5``), at a fixed budget
  ``(outer, inner)``.

T3 compares ``n -> n + 1`` at the cell's ``lam``; T4 compares ``lam -> 2 lam`` (:data:`T4_FACTOR`) at the cell's
``n``. A cell is ``rises`` (the claim fails there), ``falls`` or ``inconclusive``; an inconclusive cell says it
spent its budget and how wide its interval stayed (never thinned or dropped). For each ``(p, lam)`` the
*boundary* lies between the largest ``n/p`` at which the quantity was seen to rise and the smallest larger
``n/p`` at which it was seen to fall (cells between them, if any, are inconclusive).

The grid runs on :mod:`mileak.numeric.core.cell_folder`: one atomic file per cell, resumable after any kill,
parallel over ``jobs`` processes or a Dask ``scheduler``.
"""

from __future__ import annotations

import os

import numpy as np
from scipy.stats import norm

from mileak.numeric.core.atomic import PHASE_FORMAT, write_json_atomic
from mileak.numeric.core.cell_folder import check_folder, check_scheduler, grid_points, point_seed, run_cells
from mileak.numeric.core.checks import check_int, check_memory, check_seed
from mileak.numeric.falsify.population import (
    draws_bytes,
    paired_draws,
    paired_verdict,
    population_plugin,
    validate_setting,
)

QUANTITIES = ("neighbour_averaged", "paper_rho_kl", "paper_rho_mi")
PAPER_NAMES = {"paper_rho_kl": "rho_KL", "paper_rho_mi": "rho_MI"}  # the estimators' names (paper_leakage)
T4_FACTOR = 2.0  # a T4 cell at lam compares lam -> T4_FACTOR * lam
MAX_CELLS = 400  # a larger grid needs yes=True (--yes): said, never silently run or thinned
MISS_PROBABILITY = 1e-3  # a cell's verdict is wrong with at most this probability


def looks(trials: int, max_trials: int) -> int:
    """How many times a sequential cell may look: ``trials, 2 trials, ...`` while ``<= max_trials``."""
    return int(np.floor(np.log2(max_trials / trials))) + 1


CHUNK = 4000  # paired draws simulated at once (memory); a look's draws are made in chunks of at most this many


def neighbour_averaged_cell(claim, family, release, p, n, lam, noise, trials, max_trials, seed) -> dict:
    """The sequential paired test of the neighbour-averaged KL at one cell (module docstring)."""
    dlam = lam * (T4_FACTOR - 1) if claim == "T4" else None
    total = looks(trials, max_trials)
    z = float(norm.isf(MISS_PROBABILITY / (2 * total)))
    befores, afters, used = [], [], 0
    for look in range(total):
        batch = trials if look == 0 else used  # doubles the draws so far
        for j, start in enumerate(range(0, batch, CHUNK)):
            b, a = paired_draws(claim, family, release, p, n, lam, dlam, noise, min(CHUNK, batch - start),
                                point_seed(seed, 1000 * look + j))
            befores.append(b)
            afters.append(a)
        used += batch
        diff = np.concatenate(afters) - np.concatenate(befores)
        mean, half = float(diff.mean()), z * float(diff.std(ddof=1)) / np.sqrt(used)
        verdict = paired_verdict(mean - half, mean + half)
        if verdict != "inconclusive":
            break
    return {"verdict": verdict, "before": float(np.concatenate(befores).mean()),
            "after": float(np.concatenate(afters).mean()), "difference": mean, "low": float(mean - half),
            "high": float(mean + half), "trials": used, "looks": look + 1, "budget_spent": verdict == "inconclusive"}


def paper_cell(claim, family, quantity, p, n, lam, noise, outer, inner, seed) -> dict:
    """The paper's ``rho_KL`` or ``rho_MI`` paired test at one cell (nested Monte Carlo, fixed budget)."""
    from mileak.numeric.falsify.paper_leakage import paper_paired_difference

    dlam = lam * (T4_FACTOR - 1) if claim == "T4" else None
    r = paper_paired_difference(claim, family, p, n, lam, dlam, noise, outer, inner, seed=seed,
                                quantity=PAPER_NAMES[quantity])
    return {"verdict": r.verdict, "before": r.before, "after": r.after, "difference": r.difference, "low": r.low,
            "high": r.high, "outer": outer, "inner": inner, "budget_spent": r.verdict == "inconclusive"}


def run_phase_cell(claim, family, quantity, release, cell, noise, budget, seed, index) -> dict:
    """One cell's test (runs in a worker), seeded by ``point_seed(seed, index)``."""
    s = point_seed(seed, index)
    if quantity == "neighbour_averaged":
        return neighbour_averaged_cell(claim, family, release, cell["p"], cell["n"], cell["lam"], noise, *budget, s)
    return paper_cell(claim, family, quantity, cell["p"], cell["n"], cell["lam"], noise, *budget, s)


def check_grid_names(grid) -> None:
    if not isinstance(grid, dict) or set(grid) != {"p", "n", "lam"}:
        got = sorted(grid) if isinstance(grid, dict) else type(grid).__name__
        raise ValueError(f"a phase diagram's grid names p, n and lam (--grid p=.. --grid n=.. --grid lam=..), got {got}")


def _cells(grid, family, quantity, yes):
    """The grid's cells ``{p, n, lam}`` (ints and floats), each checked against the family's domains."""
    from mileak.numeric.falsify.paper_leakage import PAPER_MAX_P

    check_grid_names(grid)
    cells = grid_points(grid, yes, MAX_CELLS, what="cell")
    fam = population_plugin(family).family
    if "p" not in {q.name for q in fam.parameters}:  # a family of fixed dimension: p is its theta's length
        fixed = len(fam.theta)
        if any(p != fixed for p in grid["p"]):
            raise ValueError(f"family {fam.name!r} has a fixed dimension: grid p must be {fixed}, got {grid['p']}")
    for c in cells:
        for key in ("p", "n"):
            c[key] = check_int(f"grid {key}", c[key], 1, 1000 if key == "p" else 10**5)
        c["lam"] = float(c["lam"])
        if not c["lam"] > 0:
            raise ValueError(f"grid lam={c['lam']!r} must be in (0, oo) (lam = 0 leaves X'X singular when n <= p)")
        if quantity != "neighbour_averaged" and c["n"] < 2:
            raise ValueError(f"grid n={c['n']}: the paper's {PAPER_NAMES[quantity]} needs n >= 2 (the simulator's "
                             "D_rest has n - 1 records)")
        if quantity != "neighbour_averaged" and c["p"] > PAPER_MAX_P:
            raise ValueError(f"grid p={c['p']}: the paper's {PAPER_NAMES[quantity]} by nested Monte Carlo is practical only for "
                             f"p <= {PAPER_MAX_P} (the inner averages concentrate as p grows)")
        try:
            validate_setting(family, n=c["n"], lam=c["lam"], p=c["p"])
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"grid cell {c}: {exc}") from None
    return cells


def phase_diagram(claim, family, grid: dict, folder, quantity: str = "neighbour_averaged", release: str = "output",
                  noise: float = 1.0, trials: int = 2000, max_trials: int = 32000, outer: int = 400, inner: int = 200,
                  seed: int = 0, jobs: int = 1, scheduler: str | None = None, progress=None, yes: bool = False,
                  wait: bool = False, spelled=str) -> dict:
    """Paired tests of ``quantity`` over ``grid = {"p": [..], "n": [..], "lam": [..]}`` (module docstring); returns
    the configuration, every cell with its verdict, the boundaries and how many cells were resumed. An error names
    an argument by ``spelled(name)`` (the command line passes its option names)."""
    from mileak.numeric.core.checks import MAX_TRIALS, check_float
    from mileak.numeric.falsify.report import PAPER_RANGES
    from mileak.numeric.game.sweep import family_identity

    if claim not in ("T3", "T4"):
        raise ValueError(f"claim={claim!r} must be 'T3' or 'T4' for a phase diagram")
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity={quantity!r} must be one of {', '.join(QUANTITIES)}")
    plug = population_plugin(family, release)
    if quantity != "neighbour_averaged" and release != "output":
        raise ValueError(f"the paper's {PAPER_NAMES[quantity]} by nested Monte Carlo needs the output release (a Gaussian "
                         f"density), not {release}")
    check_float("noise", noise, lo=0, lo_open=True)
    check_seed(seed)
    check_int(spelled("jobs"), jobs, 1, 1024)
    check_folder(folder, PHASE_FORMAT, "phase diagram")
    check_scheduler(scheduler)
    if quantity == "neighbour_averaged":
        check_int(spelled("trials"), trials, 10, MAX_TRIALS)
        check_int(spelled("max_trials"), max_trials, trials, MAX_TRIALS)
        budget = {"trials": trials, "max_trials": max_trials}
    else:
        check_int(spelled("outer"), outer, *PAPER_RANGES["paper_outer"])
        check_int(spelled("inner"), inner, *PAPER_RANGES["paper_inner"])
        budget = {"outer": outer, "inner": inner}
    cells = _cells(grid, family, quantity, yes)
    if quantity == "neighbour_averaged":  # draws are simulated in chunks of at most CHUNK
        chunk = min(CHUNK, max_trials)
        worst = max(cells, key=lambda c: draws_bytes(family, c["p"], c["n"], chunk))
        check_memory(f"{chunk} paired draws at p={worst['p']}, n={worst['n']}",
                     draws_bytes(family, worst["p"], worst["n"], chunk), "lower --trials or p")
    config = {"format": PHASE_FORMAT, "claim": claim, "family": family_identity(family), "quantity": quantity,
              "release": release, "noise": noise, "grid": {k: list(v) for k, v in grid.items()}, "budget": budget,
              "seed": seed, "step": "n -> n + 1" if claim == "T3" else f"lam -> {T4_FACTOR:g} lam"}
    calls = [(c, (claim, family, quantity, release, c, noise, tuple(budget.values()), seed, i))
             for i, c in enumerate(cells)]
    results = run_cells(folder, config, calls, run_phase_cell, jobs=jobs, scheduler=scheduler, progress=progress,
                        wait=wait, what="phase diagram")
    out = [{**r["point"], "ratio": r["point"]["n"] / r["point"]["p"], **r["report"]} for r in results]
    named = {**config, "family": plug.name, **({} if isinstance(family, str) else {"declaration": config["family"]})}
    summary = {"config": named,
               "cells": out, "boundaries": boundaries(out), "counts": _counts(out),
               "predicted": predicted_boundary(plug, claim, quantity, release, grid["lam"])}
    write_json_atomic(os.path.join(folder, "summary.json"), summary)
    return {**summary, "resumed": sum(r["resumed"] for r in results), "folder": os.fspath(folder)}


def boundaries(cells: list[dict]) -> list[dict]:
    """For each ``(p, lam)``: ``last_rise``, the largest ``n/p`` seen to rise (``None`` when none rises), and
    ``first_fall``, the smallest larger ``n/p`` seen to fall (``None`` when none does); the claim starts to hold
    between them."""
    out = []
    for p in sorted({c["p"] for c in cells}):
        for lam in sorted({c["lam"] for c in cells}):
            row = sorted((c for c in cells if c["p"] == p and c["lam"] == lam), key=lambda c: c["n"])
            rising = [c["ratio"] for c in row if c["verdict"] == "rises"]
            last = max(rising) if rising else None
            falling = [c["ratio"] for c in row if c["verdict"] == "falls" and (last is None or c["ratio"] > last)]
            out.append({"p": p, "lam": lam, "last_rise": last,
                        "first_fall": None if last is None or not falling else min(falling),
                        "rises": len(rising), "cells": len(row)})
    return out


PREDICTION = "proportional limit (n, p -> oo)"


def predicted_boundary(plug, claim, quantity, release, lams) -> dict | None:
    """The family's limit prediction of the boundary (``limit_boundary`` of its plug-in), at the grid's ``lam``
    and on a fine ``lam`` curve between its ends; ``None`` when the family predicts none."""
    if quantity != "neighbour_averaged" or plug.limit_boundary is None:
        return None
    lo, hi = min(lams), max(lams)
    at_grid = plug.limit_boundary(claim, release, sorted(set(lams)), {})
    if at_grid is None:
        return None
    curve = plug.limit_boundary(claim, release, list(np.geomspace(lo, hi, 60)) if hi > lo else [lo], {})
    return {"label": PREDICTION, "at_grid": at_grid, "curve": curve}


def _counts(cells):
    return {v: sum(c["verdict"] == v for c in cells) for v in ("rises", "falls", "inconclusive")}
