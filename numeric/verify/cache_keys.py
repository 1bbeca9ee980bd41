"""Where the caches of ``mileak verify``/``derive`` live and what invalidates them, without importing sympy.

:func:`symbolic_source_hash` is a SHA-256 of every ``.py`` file of the symbolic layer (``mileak.proofs``);
:func:`library_versions_text` names the versions of sympy, mpmath and Python (read from the installed
metadata, so asking costs no sympy import). The proof cache (:mod:`mileak.numeric.verify.proof_cache`) and the
printed-derivation cache of ``mileak derive`` key their entries on both.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

from mileak.numeric.core.cache_folder import cache_dir  # noqa: F401 - the callers' name for it

_SOURCE_HASH: list = []


def symbolic_source_hash() -> str:
    """SHA-256 of every ``.py`` file of the symbolic layer, in path order (computed once per process)."""
    if not _SOURCE_HASH:
        import mileak.proofs as proofs

        _SOURCE_HASH.append(files_hash(Path(proofs.__file__).parent))
    return _SOURCE_HASH[0]


def files_hash(root: Path, names=None) -> str:
    """SHA-256 of the ``.py`` files under ``root`` (or of the files ``names`` in it), paths and contents."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")) if names is None else [root / n for n in names]:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def library_versions_text() -> str:
    return "\0".join((metadata.version("sympy"), metadata.version("mpmath"), sys.version))
