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
    try:  # the atomic write makes a temp file beside the target and renames it: try exactly that first
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".mileak-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ValueError(f"{what} path {path!r}: cannot create a file in folder {folder!r} ({exc.strerror}); "
                         "choose a folder you can write to") from None
    return path


def _umask_mode() -> int:
    """The mode a new file gets under the process's umask (``mkstemp`` would make it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str, write, what: str = "file") -> None:
    """``write(binary file)`` into a temp file in ``path``'s folder (mode from the umask), fsync, then rename it
    onto ``path``: a reader sees the old file or the new one. Errors name ``path``; the temp file never stays."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.splitext(path)[1], dir=folder)
    except OSError as exc:
        raise OSError(f"cannot write the {what} {path!r}: {exc.strerror} (folder {folder!r})") from None
    try:
        os.chmod(tmp, _umask_mode())
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # named by the user's path, not the temporary file's
        raise OSError(f"cannot write the {what} {path!r}: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_json_atomic(path: str, data) -> None:
    path = check_target(path, "json")
    text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(path, lambda fh: fh.write(text.encode()), "json")


MAX_READ_BYTES = 16 * 2**20  # a certificate or result file is kilobytes; 16 MiB is a generous ceiling


def read_json_file(path, what: str = "file", max_bytes: int = MAX_READ_BYTES):
    """The JSON value in ``path``: a regular file of at most ``max_bytes``, nested at most a few hundred deep.

    FIFOs, devices and directories are refused without blocking (opened non-blocking, checked with
    ``fstat`` on the open descriptor, so a swapped-in FIFO cannot slip past); an over-long file, invalid
    JSON and pathological nesting (``[[[[...]]]]``) each give one ``ValueError`` naming ``path``.
    """
    import stat

    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path).strip():
        raise ValueError(f"{what} path {path!r:.60} must be a file path")
    path = os.fspath(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValueError(f"{what} {path!r}: cannot open ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{what} {path!r} is not a regular file (a directory, device or FIFO); give a file")
        if info.st_size > max_bytes:
            raise ValueError(f"{what} {path!r} is {info.st_size} bytes; at most {max_bytes} are read")
        with os.fdopen(fd, "rb") as fh:
            fd = None
            raw = fh.read(max_bytes + 1)
    finally:
        if fd is not None:
            os.close(fd)
    if len(raw) > max_bytes:
        raise ValueError(f"{what} {path!r} is over {max_bytes} bytes; at most {max_bytes} are read")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError(f"{what} {path!r} is nested too deeply to be a result file") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{what} {path!r} is not valid JSON ({exc})") from None


SWEEP_FORMAT = "mileak-sweep-1"  # the "format" field of a sweep folder's config.json
PHASE_FORMAT = "mileak-phase-1"  # ... and of a phase-diagram folder's (mileak falsify --grid)


def run_folder_of(path) -> str | None:
    """The sweep or phase-diagram folder ``path`` lies in (a folder, or an ancestor up to three levels, whose
    config.json has either format), or ``None``: a result written there would clobber a cell or the
    configuration."""
    if path == "-":
        return None
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(3):
        config = os.path.join(folder, "config.json")
        if os.path.isfile(config):
            try:
                if read_json_file(config, "config", 2**20).get("format") in (SWEEP_FORMAT, PHASE_FORMAT):
                    return folder
            except (ValueError, AttributeError):
                pass
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None
