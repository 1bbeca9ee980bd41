"""A resumable grid run: one atomic result file per grid cell, in parallel, locked, refused on another configuration.

The engine under ``mileak sweep`` (the simulator over a grid) and ``mileak falsify --grid`` (a phase diagram of
paired tests). Layout of the folder::

    config.json             the configuration (refused if it differs on a re-run)
    points/point-00017.json one per finished cell: {"index", "point", "report"}, written atomically
    summary.json            written by the caller when every cell is done

Cell ``i`` is computed by ``work(*args_i)``, a module-level function (it runs in worker processes, or on a
Dask cluster): its result must not depend on which worker ran it, in which order, or how many times the run
was interrupted (the callers seed cell ``i`` by :func:`point_seed`). A run killed at any moment (even
SIGKILL) and run again redoes only the cells without a file and loses none.

>>> import os, tempfile
>>> d = os.path.join(tempfile.mkdtemp(), "run")
>>> out = run_cells(d, {"format": "demo"}, [({"x": 1}, (1,)), ({"x": 2}, (2,))], abs)
>>> [(c["point"]["x"], c["report"]) for c in out]
[(1, 1), (2, 2)]
"""

from __future__ import annotations

import glob
import itertools
import json
import math
import os
import re

import numpy as np

from mileak.numeric.core.atomic import write_json_atomic

_ADDRESS = re.compile(r"(tcp|tls|ucx|inproc|ws|wss)://[\w.\-\[\]:]+(:\d+)?|[\w.\-]+:\d+")


def grid_points(grid: dict, yes: bool = False, max_points: int = 1000, what: str = "point") -> list[dict]:
    """The Cartesian product of ``grid`` (name -> list of values) in a fixed order; more than ``max_points``
    cells need ``yes`` (said, never silently run or thinned)."""
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict of parameter -> list of values, got {type(grid).__name__} {grid!r:.60}")
    if not grid:
        raise ValueError("grid must name at least one parameter with values, e.g. {'n': [10, 20, 40]}")
    for name, vals in grid.items():
        if not isinstance(vals, (list, tuple)) or not vals:
            raise ValueError(f"grid {name!r}: needs a non-empty list of values, got {vals!r:.40}")
        if len(set(map(repr, vals))) != len(vals):
            raise ValueError(f"grid {name!r}: a value is repeated in {list(vals)!r:.80}")
    size = math.prod(len(v) for v in grid.values())
    if size > max_points and not yes:
        raise ValueError(f"the grid has {size} {what}s (" + " x ".join(f"{len(v)} {k}" for k, v in grid.items())
                         + f"), more than {max_points}; confirm with --yes (each {what} is a full computation)")
    names = list(grid)
    return [dict(zip(names, combo)) for combo in itertools.product(*(grid[k] for k in names))]


def point_seed(seed: int, index: int) -> int:
    """The seed of cell ``index``: ``SeedSequence([seed, index])`` (independent of workers and order)."""
    return int(np.random.SeedSequence([int(seed), int(index)]).generate_state(1)[0])


def check_folder(folder, fmt: str, what: str = "sweep") -> None:
    """Refuse, before any work, a folder a grid run may not write into: one whose parent is missing, a file, or an
    existing folder that holds anything but an empty folder or a run of this kind (its ``config.json`` of format
    ``fmt``): the run would write its ``summary.json``, ``config.json`` and ``points/`` over the user's files."""
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a path, got {type(folder).__name__} {folder!r:.60}")
    parent = os.path.dirname(os.path.abspath(folder))
    if not os.path.isdir(parent):
        raise ValueError(f"folder (--out) {str(folder)!r}: its parent folder {parent!r} does not exist")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise ValueError(f"folder (--out) {str(folder)!r} is a file, not a folder; choose a new or empty folder")
    if not os.path.isdir(folder):
        return
    # A directory listed while a run of ours renames a file into it (its atomic writes) may miss an entry, even
    # config.json (readdir beside a rename is unspecified): a folder that looks foreign is looked at again.
    ours = any(_looks_ours(folder, fmt) for _ in range(3))
    if not ours:
        raise ValueError(f"folder (--out) {str(folder)!r} already holds files and is not a {what} folder (no "
                         f"config.json of format {fmt}); choose a new or empty folder, nothing was written")


def _looks_ours(folder, fmt: str) -> bool:
    """One look at ``folder``: empty, a run of this kind (``config.json`` of format ``fmt``) or one that holds the
    lock and is writing its configuration (an atomic write's temp)."""
    from mileak.numeric.core.atomic import read_json_file

    entries = os.listdir(folder)
    config = os.path.join(folder, "config.json")
    if "config.json" in entries or os.path.exists(config):
        try:
            return read_json_file(config, "config", 2**20).get("format") == fmt
        except (ValueError, AttributeError, OSError):
            return False
    points = os.path.join(folder, "points")
    return all(f in (".lock", "points") or f.startswith(".tmp-") for f in entries) and (
        "points" not in entries or not os.path.isdir(points)
        or all(f.startswith((".tmp-", "point-")) for f in os.listdir(points)))  # ours, named as _point_path


def check_scheduler(scheduler) -> None:
    if scheduler is not None and (not isinstance(scheduler, str) or not _ADDRESS.fullmatch(scheduler)):
        raise ValueError(f"scheduler={scheduler!r:.60} must be a Dask scheduler address like tcp://host:8786")


def _lock(folder, wait: bool, what: str):
    """An exclusive ``flock`` on ``folder/.lock`` held for the whole run (released when the process ends,
    even by SIGKILL): a second run on the folder waits (``wait``) or is refused."""
    import fcntl

    os.makedirs(folder, exist_ok=True)
    fd = os.open(os.path.join(folder, ".lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        raise ValueError(f"{what} folder {str(folder)!r} is in use by another {what}; wait for it to finish, or pass "
                         "--wait to queue behind it") from None
    return fd


def _prepare(folder, config, what):
    """Under the lock: the configuration checked or written, and temp files of a killed run removed (no other
    run can be writing: it would hold the lock)."""
    os.makedirs(os.path.join(folder, "points"), exist_ok=True)
    path = os.path.join(folder, "config.json")
    wanted = json.loads(json.dumps(config))
    if os.path.exists(path):
        with open(path) as fh:
            old = json.load(fh)
        if old != wanted:
            changed = sorted(k for k in set(old) | set(wanted) if old.get(k) != wanted.get(k))
            raise ValueError(f"{what} folder {folder!r} holds a {what} with another configuration (differs in "
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


def run_cell(work, args, point, folder, index, parent=None):
    """``work(*args)`` for one cell, written to its file; returns the index (runs in a worker, which ends itself
    within a second should ``parent``, the run's process, die: no orphan left computing after a SIGKILL)."""
    if parent is not None and parent != os.getpid():
        _exit_with(parent)
    write_json_atomic(_point_path(folder, index), {"index": index, "point": point, "report": work(*args)})
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


def run_cells(folder, config: dict, cells: list, work, jobs: int = 1, scheduler: str | None = None, progress=None,
              wait: bool = False, what: str = "sweep") -> list[dict]:
    """Run ``work(*args)`` for every ``(point, args)`` in ``cells`` that has no file yet, and return every
    cell's file content in order; ``progress(done, total)`` after each (module docstring). ``what`` names the
    run in messages (``sweep``, ``phase diagram``)."""
    lock = _lock(folder, wait, what)
    try:
        _prepare(folder, config, what)
        todo = [i for i in range(len(cells)) if not _done(folder, i)]
        finished = len(cells) - len(todo)
        if progress:
            progress(finished, len(cells))
        calls = [(work, cells[i][1], cells[i][0], folder, i) for i in todo]
        try:
            for _ in _execute(calls, jobs, scheduler):
                finished += 1
                if progress:
                    progress(finished, len(cells))
        except BaseException:  # Ctrl-C, SIGTERM or an error: stop the workers, then remove what they left
            _stop_workers(jobs, scheduler)
            _remove_temp_files(folder)
            raise
        out = []
        for i in range(len(cells)):
            with open(_point_path(folder, i)) as fh:
                out.append({**json.load(fh), "resumed": i not in todo})
        return out
    finally:
        os.close(lock)  # releases the flock


def points_kept(folder) -> int:
    """How many cell files a folder holds (said when a run is interrupted)."""
    return len(glob.glob(os.path.join(folder, "points", "point-*.json")))


def _execute(calls, jobs, scheduler):
    if not calls:
        return
    if scheduler is None and jobs == 1:
        for c in calls:
            yield run_cell(*c)
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
                yield from Parallel(return_as="generator_unordered")(delayed(run_cell)(*c) for c in calls)
        finally:
            client.close()
        return
    parent = os.getpid()  # local worker processes watch it (a Dask worker on another host must not)
    yield from Parallel(n_jobs=jobs, return_as="generator_unordered")(delayed(run_cell)(*c, parent) for c in calls)
