"""What ``mileak derive`` and ``mileak families`` print, kept beside the proof cache: warm, they import no sympy.

Both print what the symbolic layer holds (derivations the proof cache already keeps; the catalogue's families
and their parameter domains), and building that needs sympy, whose import alone takes about 0.4 s. An entry
keeps the output of one request under a SHA-256 of: the symbolic layer's source and the library versions (what
the proof cache keys on, :mod:`mileak.numeric.verify.cache_keys`), the sources the output is made from (the
renderer in this folder; for ``families`` the family plug-ins too), and the request itself (ids, options).
Change any of them and the output is built again. ``derive --no-cache`` bypasses it; an unreadable entry is
ignored; an entry is written atomically, and only for a request that succeeded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mileak.numeric.core.atomic import write_atomic
from mileak.numeric.verify import cache_keys

_CLI = Path(__file__).parent
SOURCES = {
    "derive": [(_CLI, ("tables.py", "proof_commands.py", "output_cache.py"))],
    "families": [(_CLI, ("measure_commands.py", "output_cache.py")), (_CLI / "text", None),
                 (_CLI.parent / "families", None)],
}


def _path(kind: str, request) -> Path:
    parts = [cache_keys.symbolic_source_hash(), cache_keys.library_versions_text(), kind, json.dumps(request)]
    parts += [cache_keys.files_hash(root, names) for root, names in SOURCES[kind]]
    return cache_keys.cache_dir() / f"{kind}-{hashlib.sha256(chr(0).join(parts).encode()).hexdigest()}.json"


def cached(kind: str, request):
    """The payload kept for ``request`` (a JSON-ready list), or ``None``."""
    try:
        return json.loads(_path(kind, request).read_text())["payload"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(kind: str, request, payload) -> None:
    """Keep ``payload`` (JSON-ready) for ``request``; a failure to write is not an error."""
    path = _path(kind, request)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"payload": payload})
        write_atomic(str(path), lambda fh: fh.write(body.encode()), f"{kind} output cache entry")
    except OSError:
        pass
