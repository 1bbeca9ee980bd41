"""Where mileak keeps what it can compute again, and what its keys are made of.

:func:`cache_dir` is ``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``
(the proof cache, kept outputs, tables of certified constants, the lowered statements and family cards);
:func:`files_hash` hashes the source a cached entry was computed by (:func:`package_hash` a whole package, found
by name without importing it), :func:`versions_text` the installed libraries it depends on (read from their
metadata, so asking imports none of them). :func:`kept_path`, :func:`read_kept` and :func:`keep` are how every
such cache names, reads and writes one JSON file: named by a SHA-256 of its key's parts, read as ``None`` when
absent or unreadable, written atomically, a failure to write not an error (it is a cache).

>>> cache_dir().name != ""
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from importlib import metadata
from pathlib import Path

from mileak.numeric.core.atomic import write_atomic

MAX_KEPT_BYTES = 64 * 2**20  # a larger kept file is not read
_PACKAGE_HASHES: dict[str, str] = {}


def cache_dir() -> Path:
    """``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``."""
    base = os.environ.get("MILEAK_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mileak" / "proofs"


def files_hash(root: Path, names=None) -> str:
    """SHA-256 of the ``.py`` files under ``root`` (or of the files ``names`` in it), paths and contents."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")) if names is None else [root / n for n in names]:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def versions_text(*distributions: str) -> str:
    """The installed versions of ``distributions``, joined (a cache key's part)."""
    return "\0".join(metadata.version(name) for name in distributions)


def package_hash(name: str) -> str:
    """:func:`files_hash` of the package ``name``'s folder, found without importing it (once per process)."""
    if name not in _PACKAGE_HASHES:
        spec = importlib.util.find_spec(name)
        _PACKAGE_HASHES[name] = files_hash(Path(next(iter(spec.submodule_search_locations))))
    return _PACKAGE_HASHES[name]


def kept_path(kind: str, parts, folder: Path | None = None) -> Path:
    """``folder/KIND-SHA256.json`` (``folder`` defaults to :func:`cache_dir`), the digest of the key's ``parts``."""
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return (folder or cache_dir()) / f"{kind}-{digest}.json"


def read_kept(path: Path):
    """The JSON kept at ``path``, or ``None`` (no file, too large, or not JSON)."""
    try:
        if path.stat().st_size > MAX_KEPT_BYTES:
            return None
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def keep(path: Path, payload, what: str) -> None:
    """Write ``payload`` (JSON-ready) to ``path`` atomically; a failure to write is not an error."""
    body = json.dumps(payload)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(str(path), lambda fh: fh.write(body.encode()), what)
    except OSError:
        pass
