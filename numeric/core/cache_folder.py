"""Where mileak keeps what it can compute again: ``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs``
or ``~/.cache/mileak/proofs`` (the proof cache, kept outputs, and tables of certified constants).

>>> cache_dir().name != ""
True
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``."""
    base = os.environ.get("MILEAK_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mileak" / "proofs"
