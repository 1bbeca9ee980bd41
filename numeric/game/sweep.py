"""``mileak sweep``: the simulator over a grid of parameters, one atomic result file per point, resumable.

Layout of the sweep folder::

    config.json            the configuration (refused if it differs on a re-run)
    points/point-00017.json one per finished grid point, written atomically (temp file + fsync + rename)
    summary.json           all points, written when every point is done

Grid points are the Cartesian product of the ``grid`` values in a fixed order;
point ``i`` plays with the seed ``SeedSequence([seed, i])``, so its result does
not depend on which worker ran it, in which order, or how many times the sweep
was interrupted: a sweep killed at any moment (even SIGKILL) and run again
redoes only the points without a file and loses none. Parallel with joblib
(``jobs`` processes) or on a Dask cluster (``scheduler`` address, through
joblib's dask backend).

>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> r = sweep("gaussian-mean", {"n": [5, 10]}, {"sigma": 0.5}, d, trials=300, shadows=0)
>>> [p["point"]["n"] for p in r["points"]], r["resumed"]
([5, 10], 0)
"""

from __future__ import annotations

import glob
import itertools
import json
import math
import os
import re

import numpy as np

from mileak.numeric.core.atomic import SWEEP_FORMAT, write_json_atomic
from mileak.numeric.core.checks import check_int, check_seed
from mileak.numeric.game.membership_game import check_trials
from mileak.numeric.game.simulate import check_options, prepare, simulate

FORMAT = SWEEP_FORMAT
_ADDRESS = re.compile(r"(tcp|tls|ucx|inproc|ws|wss)://[\w.\-\[\]:]+(:\d+)?|[\w.\-]+:\d+")  # checked before any work


MAX_POINTS = 1000  # a larger grid needs yes=True (mileak sweep --yes): it is said, not silently run or thinned


def _grid_points(grid: dict, yes: bool = False) -> list[dict]:
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict of parameter -> list of values, got {type(grid).__name__} {grid!r:.60}")
    if not grid:
        raise ValueError("grid must name at least one parameter with values, e.g. {'n': [10, 20, 40]}")
    for name, vals in grid.items():
        if not isinstance(vals, (list, tuple)) or not vals:
            raise ValueError(f"grid {name!r}: needs a non-empty list of values, got {vals!r:.40}")
    size = math.prod(len(v) for v in grid.values())
    if size > MAX_POINTS and not yes:
        raise ValueError(f"the grid has {size} points (" + " x ".join(f"{len(v)} {k}" for k, v in grid.items())
                         + f"), more than {MAX_POINTS}; confirm with --yes (each point is a full simulation)")
    names = list(grid)
    return [dict(zip(names, combo)) for combo in itertools.product(*(grid[k] for k in names))]


def point_seed(seed: int, index: int) -> int:
    return int(np.random.SeedSequence([int(seed), int(index)]).generate_state(1)[0])


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
            "trials": trials, "seed": seed, "options": options}


def _lock(folder, wait: bool):
    """An exclusive ``flock`` on ``folder/.lock`` held for the whole run (released when the process ends,
    even by SIGKILL): a second sweep on the folder waits (``wait``) or is refused."""
    import fcntl

    os.makedirs(folder, exist_ok=True)
    fd = os.open(os.path.join(folder, ".lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        raise ValueError(f"sweep folder {str(folder)!r} is in use by another sweep; wait for it to finish, or pass "
                         "--wait to queue behind it") from None
    return fd


def _prepare(folder, config):
    """Under the lock: the configuration checked or written, and temp files of a killed run removed (no other
    run can be writing: it would hold the lock)."""
    os.makedirs(os.path.join(folder, "points"), exist_ok=True)
    path = os.path.join(folder, "config.json")
    if os.path.exists(path):
        with open(path) as fh:
            old = json.load(fh)
        if old != json.loads(json.dumps(config)):
            changed = sorted(k for k in set(old) | set(config) if old.get(k) != json.loads(json.dumps(config)).get(k))
            raise ValueError(f"sweep folder {folder!r} holds a sweep with another configuration (differs in "
                             f"{', '.join(changed)}); use a new folder")
    else:
        write_json_atomic(path, config)
    _remove_temp_files(folder)  # of a killed run: never a result


def _remove_temp_files(folder) -> None:
    """Temp files in the points folder: only this run's (it holds the folder's lock)."""
    for stale in glob.glob(os.path.join(folder, "points", ".tmp-*")):
        try:
            os.unlink(stale)
        except FileNotFoundError:  # a worker's own cleanup got there first
            pass


def _stop_workers(jobs, scheduler) -> None:
    """End the local worker processes at once (an interrupted run), so none is left writing a temp file."""
    if scheduler is None and jobs > 1:
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True, kill_workers=True)


def _point_path(folder, i):
    return os.path.join(folder, "points", f"point-{i:05d}.json")


def _done(folder, i):
    try:
        with open(_point_path(folder, i)) as fh:
            json.load(fh)
        return True
    except (OSError, ValueError):
        return False


def run_point(family, point, fixed, trials, seed, options, folder, index, parent=None):
    """Simulate one grid point and write its file; returns the index (runs in a worker, which ends itself
    within a second should ``parent``, the sweep's process, die: no orphan left computing after a SIGKILL)."""
    if parent is not None and parent != os.getpid():
        _exit_with(parent)
    values = {**fixed, **point}
    r = simulate(family, values, trials=trials, seed=point_seed(seed, index), **options)
    for entry in r["attacks"].values():
        entry.pop("roc", None)  # curves stay out of sweep files (size); `mileak simulate --plot` draws them
    write_json_atomic(_point_path(folder, index), {"index": index, "point": point, "report": r})
    return index


_WATCHING = []


def _exit_with(parent: int) -> None:
    """Start (once per worker process) a daemon thread that ends the process when ``parent`` is gone. Only for
    a worker that ``parent`` started itself (loky's): anything else is left alone."""
    if _WATCHING or os.getppid() != parent:
        return
    import threading
    import time

    def watch():  # the parent gone (even if not yet reaped: a zombie still answers kill(pid, 0)), we are
        while os.getppid() == parent:  # reparented at once
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="mileak-parent-watch", daemon=True).start()
    _WATCHING.append(parent)


def sweep(family: str, grid: dict, fixed: dict, folder: str, trials: int = 5000, seed: int = 0, jobs: int = 1,
          scheduler: str | None = None, progress=None, yes: bool = False, wait: bool = False, **options) -> dict:
    trials = check_trials(trials)
    check_int("jobs", jobs, 1, 1024)
    check_seed(seed)
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a path, got {type(folder).__name__} {folder!r:.60}")
    parent = os.path.dirname(os.path.abspath(folder))
    if not os.path.isdir(parent):
        raise ValueError(f"sweep folder (--out) {str(folder)!r}: its parent folder {parent!r} does not exist")
    if not isinstance(fixed, dict):
        raise TypeError(f"fixed must be a dict of parameter values, got {type(fixed).__name__} {fixed!r:.60}")
    if scheduler is not None and (not isinstance(scheduler, str) or not _ADDRESS.fullmatch(scheduler)):
        raise ValueError(f"scheduler={scheduler!r:.60} must be a Dask scheduler address like tcp://host:8786")
    points = _grid_points(grid, yes)
    overlap = set(grid) & set(fixed)
    if overlap:
        raise ValueError(f"parameters {sorted(overlap)} are both swept and fixed")
    for point in points:  # every point is checked before any work starts
        try:
            prepare(family, {**fixed, **point}, options.get("release", "output"), options.get("calibration", "analytic"))
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"grid point {point}: {exc}") from None
    unknown = set(options) - {"fprs", "level", "calibration", "release", "adversary", "shadows", "pi"}
    if unknown:
        raise TypeError(f"sweep got unknown options {sorted(unknown)}")
    check_options(**options)
    config = _config(family, grid, fixed, trials, seed, options)
    lock = _lock(folder, wait)
    try:
        _prepare(folder, config)
        todo = [i for i in range(len(points)) if not _done(folder, i)]
        resumed = len(points) - len(todo)
        calls = [(family, points[i], fixed, trials, seed, options, folder, i) for i in todo]
        finished = resumed
        if progress:
            progress(finished, len(points))
        try:
            for _ in _execute(calls, jobs, scheduler):
                finished += 1
                if progress:
                    progress(finished, len(points))
        except BaseException:  # Ctrl-C, SIGTERM or an error: stop the workers, then remove what they left
            _stop_workers(jobs, scheduler)
            _remove_temp_files(folder)
            raise
        results = []
        for i in range(len(points)):
            with open(_point_path(folder, i)) as fh:
                results.append(json.load(fh))
        summary = {"config": config, "points": [{"index": r["index"], "point": r["point"], **_headline(r["report"])}
                                                for r in results]}
        write_json_atomic(os.path.join(folder, "summary.json"), summary)
    finally:
        os.close(lock)  # releases the flock
    return {**summary, "resumed": resumed, "folder": folder}


def points_kept(folder) -> int:
    """How many point files a sweep folder holds (said when a sweep is interrupted)."""
    return len(glob.glob(os.path.join(folder, "points", "point-*.json")))


def _execute(calls, jobs, scheduler):
    if not calls:
        return
    if scheduler is None and jobs == 1:
        for c in calls:
            yield run_point(*c)
        return
    from joblib import Parallel, delayed, parallel_config

    if scheduler is not None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is in the test/cluster extras
            raise ValueError("--scheduler needs dask.distributed: pip install 'mileak[cluster]'") from exc
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, ValueError, TypeError) as exc:
            raise ValueError(f"scheduler={scheduler!r}: cannot connect to a Dask scheduler there ({exc})") from None
        try:
            with parallel_config(backend="dask"):
                yield from Parallel(return_as="generator_unordered")(delayed(run_point)(*c) for c in calls)
        finally:
            client.close()
        return
    parent = os.getpid()  # local worker processes watch it (a Dask worker on another host must not)
    yield from Parallel(n_jobs=jobs, return_as="generator_unordered")(delayed(run_point)(*c, parent) for c in calls)


def _headline(r):
    best = max(r["attacks"].items(), key=lambda kv: kv[1]["auc"]["auc"])
    tight = min(r["bounds"], key=lambda b: b["success"]) if r["bounds"] else None
    return {"best_attack": best[0], "success": best[1]["success"]["value"], "success_low": best[1]["success"]["low"],
            "success_high": best[1]["success"]["high"], "auc": best[1]["auc"]["auc"],
            "tpr": {str(t["nominal_fpr"]): t["tpr"]["value"] for t in best[1]["tpr_at_fpr"]},
            "bound": tight["name"] if tight else None, "success_bound": tight["success"] if tight else None,
            "mean_neighbour_kl": r["mean_neighbour_kl"], "exceeded": len(r["exceeded"]), "dropped": r["dropped"]}
