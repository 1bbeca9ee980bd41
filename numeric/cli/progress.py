"""A one-line progress bar on stderr (``done/total``, rate, ETA); silent when ``quiet``.

>>> bar = ProgressBar("demo", quiet=True); bar(5, 10); bar.close()
"""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str, quiet: bool = False, stream=None):
        self.label, self.quiet, self.stream = label, quiet, stream or sys.stderr
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int):
        if self.quiet:
            return
        elapsed = time.monotonic() - self.start
        frac = done / total if total else 1.0
        eta = elapsed * (1 - frac) / frac if frac > 0 else float("nan")
        width = 24
        bar = "#" * int(width * frac) + "." * (width - int(width * frac))
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}  {elapsed:5.1f}s  eta {eta:5.1f}s")
        self.stream.flush()
        self.shown = True
        _OPEN_LINE[0] = True

    def close(self):
        if self.shown and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
            _OPEN_LINE[0] = False


_OPEN_LINE = [False]  # a bar's line is on stderr without its newline


def end_open_line(stream=None):
    """Finish a progress bar's line, so a message that follows starts on a line of its own."""
    if _OPEN_LINE[0]:
        (stream or sys.stderr).write("\n")
        _OPEN_LINE[0] = False


def stderr_progress(i, n, claim_id):
    """``mileak verify``'s progress: one line per claim on stderr."""
    print(f"[{i + 1}/{n}] checking {claim_id} ...", file=sys.stderr, flush=True)
