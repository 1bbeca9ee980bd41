"""mileak's symbolic layer (sympy): definitions, families, theorems and the rules that check their derivations.

The public surface is ``proofs.__all__`` (loaded on first use).
"""

from __future__ import annotations

import importlib

_PUBLIC = {
    "Claim": "proofs.core", "ClaimChecker": "proofs.core", "Parameter": "proofs.core", "Registry": "proofs.core",
    "Status": "proofs.core", "REGISTRY": "proofs.theorems", "FAMILIES": "proofs.families", "Family": "proofs.families",
    "from_sympy": "proofs.families.user_family", "parse_formula": "proofs.core.safe_parse",
    "lipschitz_constant": "proofs.families.sensitivity", "t5_assumptions": "proofs.families.sensitivity",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'proofs' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
