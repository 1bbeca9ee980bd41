"""What ``mileak derive`` prints, kept beside the proof cache: warm, it imports no sympy.

It prints what the symbolic layer holds (derivations the proof cache already keeps), and building that needs
sympy, whose import alone takes about 0.4 s. (``mileak families`` reads the kept family cards instead,
:mod:`mileak.numeric.families.cards`.) An entry keeps the output of one request under a SHA-256 of: the symbolic
layer's source and the library versions (what the proof cache keys on, :mod:`mileak.numeric.verify.cache_keys`),
the sources the output is made from (the renderer in this folder), and the request itself (ids, options).
Change any of them and the output is built again. ``derive --no-cache`` bypasses it; an unreadable entry is
ignored; an entry is written atomically, and only for a request that succeeded.
"""

from __future__ import annotations

import json
from pathlib import Path

from mileak.numeric.core.cache_folder import keep as keep_json
from mileak.numeric.core.cache_folder import kept_path, read_kept
from mileak.numeric.verify import cache_keys

_CLI = Path(__file__).parent
SOURCES = {"derive": [(_CLI, ("tables.py", "proof_commands.py", "output_cache.py"))]}


def _path(kind: str, request) -> Path:
    parts = [cache_keys.symbolic_source_hash(), cache_keys.library_versions_text(), kind, json.dumps(request)]
    parts += [cache_keys.files_hash(root, names) for root, names in SOURCES[kind]]
    return kept_path(kind, parts)


def cached(kind: str, request):
    """The payload kept for ``request`` (a JSON-ready list), or ``None``."""
    try:
        return read_kept(_path(kind, request))["payload"]
    except (KeyError, TypeError):
        return None


def keep(kind: str, request, payload) -> None:
    """Keep ``payload`` (JSON-ready) for ``request``; a failure to write is not an error."""
    keep_json(_path(kind, request), {"payload": payload}, f"{kind} output cache entry")
