"""Progress on stderr: a ``tqdm`` bar (done/total, rate, elapsed, ETA, never ``nan``); silent when ``quiet``.

>>> bar = ProgressBar("demo", quiet=True); bar(5, 10); bar.close(); (bar.done, bar.total)
(5, 10)
"""

from __future__ import annotations

import contextlib
import sys


class ProgressBar:
    """``bar(done, total)`` after each unit of work; ``close()`` at the end. ``done``/``total`` are kept, so an
    interrupted command can say how far it got."""

    def __init__(self, label: str, quiet: bool = False, stream=None, unit: str = "it"):
        self.label, self.quiet, self.stream, self.unit = label, quiet, stream or sys.stderr, unit
        self.done = self.total = 0
        self._bar = None

    def __call__(self, done: int, total: int):
        self.done, self.total = int(done), int(total)
        if self.quiet:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, desc=self.label, file=self.stream, unit=self.unit, dynamic_ncols=True,
                             mininterval=0.2, leave=True)
            _OPEN.append(self)
        if self._bar.total != self.total:
            self._bar.total = self.total
        self._bar.update(self.done - self._bar.n)

    def close(self):
        if self._bar is not None:
            self._bar.close()  # its final state, then a newline
            self._bar = None
            if self in _OPEN:
                _OPEN.remove(self)


_OPEN: list = []  # bars whose line is on stderr without its newline


def end_open_line(stream=None):
    """Close any open bar, so a message that follows starts on a line of its own."""
    for bar in list(_OPEN):
        bar.close()


@contextlib.contextmanager
def saying_what_is_kept(bar: ProgressBar, folder, unit: str):
    """Around a resumable grid run: should it stop (Ctrl-C, SIGTERM, an error) after work started, the exception
    carries the line the command prints, how many ``unit`` files ``folder`` keeps and how to resume."""
    try:
        yield
    except BaseException as exc:
        if bar.total:
            from mileak.numeric.core.cell_folder import points_kept

            exc.mileak_stopped = (f"{points_kept(folder)} of {bar.total} {unit} kept in {folder}; resume with the "
                                  "same command")
        raise


def stderr_progress(i, n, claim_id):
    """``mileak verify``'s progress: one line per claim on stderr."""
    print(f"[{i + 1}/{n}] checking {claim_id} ...", file=sys.stderr, flush=True)
