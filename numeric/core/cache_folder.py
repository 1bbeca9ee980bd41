"""Where mileak keeps what it can compute again, and what its keys are made of.

:func:`cache_dir` is ``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``
(the proof cache, kept outputs, and tables of certified constants); :func:`files_hash` hashes the source a cached
entry was computed by, :func:`versions_text` the installed libraries it depends on (read from their metadata, so
asking imports none of them).

>>> cache_dir().name != ""
True
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path


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
