"""Registered right-hand sides lowered once with sympy and kept as JSON: evaluating them later imports no sympy.

T1's and T2's bounds are registered statements whose right-hand sides, once their abstract quantities
(``E_z D(P1||P0)``, ``E_z TV``...) are named numbers, are elementary. :func:`lowered_rhs` reads such a side from
the registry (never restated), lowers it (:func:`mileak.numeric.measures.evaluate.lower`) and keeps the tree under
``$MILEAK_CACHE_DIR``, keyed by a SHA-256 of the symbolic layer's source, the sympy version and the lowering code:
change any of them and it is lowered again. Within a process each side is read once.

>>> lowered_rhs("T1.entropy", ())[0] in ("add", "mul")
True
"""

from __future__ import annotations

from pathlib import Path

from mileak.numeric.core.cache_folder import files_hash, keep, kept_path, package_hash, read_kept, versions_text
from mileak.numeric.measures.lowered import well_formed

ATOMS = ("rho_kl", "rho_kl_reverse", "e_tv")  # E_z KL(P1||P0), E_z KL(P0||P1), E_z TV(P1, P0)
_LOWERING = ("evaluate.py", "interval_ops.py", "lowered.py", "kept_statements.py")
_READ: dict[str, list] = {}


def atom_symbol(name: str) -> str:
    """The symbol standing for the atom ``name`` in a lowered side (a name no parameter has)."""
    return f"_atom_{name}"


def _atom_expressions() -> dict:
    from mileak.proofs.definitions.laws import P0, P1
    from mileak.proofs.definitions.quantities import KL, TV, Expect

    return {"rho_kl": Expect(KL(P1, P0)), "rho_kl_reverse": Expect(KL(P0, P1)), "e_tv": Expect(TV(P1, P0))}


def _path() -> Path:
    parts = [package_hash("mileak.proofs"), versions_text("sympy"), files_hash(Path(__file__).parent, _LOWERING)]
    return kept_path("lowered-statements", parts)


def _lower(claim_id: str, atoms: tuple[str, ...]) -> list:
    import sympy as sp

    from mileak.numeric.measures.evaluate import lower
    from mileak.proofs.theorems import REGISTRY

    expressions = _atom_expressions()
    names = {expressions[a]: sp.Symbol(atom_symbol(a)) for a in atoms}
    return lower(REGISTRY.claim(claim_id).statement.rhs.xreplace(names))


def lowered_rhs(claim_id: str, atoms: tuple[str, ...]) -> list:
    """The registered claim's right-hand side with the ``atoms`` (names in :data:`ATOMS`) as symbols, lowered."""
    unknown = [a for a in atoms if a not in ATOMS]
    if unknown:
        raise ValueError(f"atom {unknown[0]!r} must be one of {', '.join(ATOMS)}")
    key = f"{claim_id}|{','.join(atoms)}"
    if key not in _READ:
        path = _path()
        kept = read_kept(path)
        kept = kept if isinstance(kept, dict) else {}
        if not well_formed(kept.get(key)):  # absent, or not a tree (a damaged file): lowered again
            kept[key] = _lower(claim_id, atoms)
            keep(path, kept, "lowered statements")
        _READ[key] = kept[key]
    return _READ[key]
