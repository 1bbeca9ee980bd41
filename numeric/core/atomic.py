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


def write_json_atomic(path: str, data) -> None:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"json path must be a file path (str), got {type(path).__name__} {path!r:.60}")
    path = os.fspath(path)
    text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError(f"json path {path!r}: folder {folder!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
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
