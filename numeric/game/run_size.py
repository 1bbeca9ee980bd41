"""A membership-game run's size, from its configuration alone, checked before the run (or its pilot) starts.

``size = models x fit_operations`` floating-point operations, ``models = trials (2 + shadows)`` (each game fits
the target's two neighbouring datasets and, with LiRA, ``shadows`` shadow models), ``fit_operations`` the
engine's count for one fit (:meth:`mileak.numeric.families.engine.Engine.fit_operations`: ``n p^2 + p^3/3`` for
a linear solve, that times the Newton steps of an iterative fit), and the bytes the largest chunk holds at once
(``(2 + shadows)`` datasets per game of the chunk, each :meth:`~mileak.numeric.families.engine.Engine.dataset_bytes`).

Both are counts of the configuration, never timings: the same run is started or refused on every machine. The
time printed beside them is the count at :data:`NOMINAL_RATE` (what the engines' batched numpy reaches on one
2026 laptop core), a guide only. Above :data:`WORK_LIMIT` operations or :data:`MEMORY_LIMIT` bytes a run needs
``yes=True`` (``--yes``); above :data:`HARD_MEMORY_LIMIT` bytes it is refused whatever is given.

>>> RunSize(3.0e12, 2**30).text()
'about 3e+12 floating-point operations (about 50 min at 1 GFLOP/s) and 1.0 GiB at once'
"""

from __future__ import annotations

from dataclasses import dataclass

NOMINAL_RATE = 1e9  # floating-point operations per second: a guide for the printed time, never a limit
WORK_LIMIT = 1e12  # about 17 minutes at the nominal rate
MEMORY_LIMIT = 2 * 2**30
HARD_MEMORY_LIMIT = 16 * 2**30


@dataclass(frozen=True)
class RunSize:
    operations: float
    peak_bytes: float

    def __add__(self, other: RunSize) -> RunSize:
        return RunSize(self.operations + other.operations, max(self.peak_bytes, other.peak_bytes))

    def text(self) -> str:
        seconds = self.operations / NOMINAL_RATE
        when = (f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.0f} min" if seconds >= 90
                else f"{seconds:.0f} s")
        return (f"about {self.operations:.2g} floating-point operations (about {when} at {NOMINAL_RATE / 1e9:g} "
                f"GFLOP/s) and {self.peak_bytes / 2**30:.1f} GiB at once")


def game_run_size(engine, trials: int, shadows: int, adversary: str = "population") -> RunSize:
    """The size of ``trials`` games of ``engine`` by ``adversary`` with ``shadows`` LiRA shadow models each."""
    from mileak.numeric.game.membership_game import chunk_sizes, played_shadows

    shadows = played_shadows(adversary, shadows)
    per_game = 2 + shadows
    chunk = chunk_sizes(engine, trials, shadows)[0]
    return RunSize(float(trials) * per_game * engine.fit_operations(), float(chunk) * per_game * engine.dataset_bytes())


def check_run_size(size: RunSize, yes: bool, what: str, lower: str) -> RunSize:
    """``size``, or ValueError naming the estimate: above the limits without ``yes``, or above the hard memory
    limit at all. ``lower`` says which options make the run smaller."""
    if size.peak_bytes > HARD_MEMORY_LIMIT:
        raise ValueError(f"{what} needs {size.text()}, over the {HARD_MEMORY_LIMIT // 2**30} GiB a run may hold; "
                         f"{lower}")
    if not yes and (size.operations > WORK_LIMIT or size.peak_bytes > MEMORY_LIMIT):
        raise ValueError(f"{what} needs {size.text()}, over the {WORK_LIMIT:.0e} operations or "
                         f"{MEMORY_LIMIT // 2**30} GiB a run takes without --yes; {lower}, or pass --yes to run it")
    return size
