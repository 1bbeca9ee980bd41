"""Where the caches of ``mileak verify``/``derive`` live and what invalidates them, without importing sympy.

:func:`symbolic_source_hash` is a SHA-256 of every ``.py`` file of the symbolic layer (``mileak.proofs``);
:func:`library_versions_text` names the versions of sympy, mpmath and Python (read from the installed
metadata, so asking costs no sympy import). The proof cache (:mod:`mileak.numeric.verify.proof_cache`) and the
printed-derivation cache of ``mileak derive`` key their entries on both.
"""

from __future__ import annotations

import sys

from mileak.numeric.core.cache_folder import cache_dir, files_hash, package_hash, versions_text

__all__ = ["cache_dir", "files_hash", "library_versions_text", "symbolic_source_hash"]


def symbolic_source_hash() -> str:
    """SHA-256 of every ``.py`` file of the symbolic layer, in path order (computed once per process)."""
    return package_hash("mileak.proofs")


def library_versions_text() -> str:
    return "\0".join((versions_text("sympy", "mpmath"), sys.version))
