"""mileak's symbolic layer (sympy only): definitions, families, theorems and the rules that check their derivations.

The public surface is ``__all__`` (plain imports below, loaded on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mileak._lazy import lazy_exports

if TYPE_CHECKING:
    from .core import Claim, ClaimChecker, Parameter, Registry, Status
    from .core.safe_parse import parse_formula
    from .families import FAMILIES, Family
    from .families.sensitivity import lipschitz_constant, t5_assumptions
    from .families.user_family import from_sympy
    from .theorems import REGISTRY

__all__ = [
    "Claim", "ClaimChecker", "FAMILIES", "Family", "Parameter", "REGISTRY", "Registry", "Status",
    "from_sympy", "lipschitz_constant", "parse_formula", "t5_assumptions",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
