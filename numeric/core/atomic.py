"""Atomic result files: write to a temporary file in the same folder, then rename.

A reader (or a run killed at any moment) sees either the previous complete
file or the new complete file, never a partial one. ``path == "-"`` writes
to standard output.

>>> import json, os, tempfile
>>> d = tempfile.mkdtemp()
>>> write_json_atomic(os.path.join(d, "x.json"), {"a": 1})
>>> json.load(open(os.path.join(d, "x.json")))
{'a': 1}
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

PLOT_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}


def check_target(path, what: str = "json", stdout_ok: bool = True) -> str:
    """An output path, checked before any work: not empty, a regular file or a new name in an existing folder.

    Devices, FIFOs, sockets and directories are refused (a rename would replace them); ``-`` means standard
    output where ``stdout_ok``. For plots (``what == "plot"``) the suffix chooses the format: .png, .pdf, .svg.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} path must be a file path (str), got {type(path).__name__} {path!r:.60}")
    path = os.fspath(path)
    if path == "-" and stdout_ok:
        return path
    if not path.strip():
        raise ValueError(f"{what} path {path!r} is empty; give a file name" + (" or '-' for standard output"
                                                                             if stdout_ok else ""))
    if os.path.lexists(path) and not os.path.isfile(path):
        kind = "a directory" if os.path.isdir(path) else "not a regular file (a device, FIFO or socket)"
        raise ValueError(f"{what} path {path!r} is {kind}; give a file path")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError(f"{what} path {path!r}: folder {folder!r} does not exist")
    if what == "plot" and os.path.splitext(path)[1].lower() not in PLOT_FORMATS:
        raise ValueError(f"plot path {path!r} must end in one of {', '.join(PLOT_FORMATS)} (the format)")
    return path


def _umask_mode() -> int:
    """The mode a new file gets under the process's umask (``mkstemp`` would make it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_json_atomic(path: str, data) -> None:
    path = check_target(path, "json")
    text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
    os.chmod(tmp, _umask_mode())
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
