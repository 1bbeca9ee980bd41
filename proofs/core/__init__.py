"""The theorem core: parameters, decision procedures, steps, claims, registry.

The names below load on first use (plain imports under ``TYPE_CHECKING``), so a light submodule such as
:mod:`mileak.proofs.core.budget` imports without sympy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mileak._lazy import lazy_exports

if TYPE_CHECKING:
    from mileak.proofs.core.claim import Claim, ClaimChecker, ClaimProof, Theorem
    from mileak.proofs.core.parameters import Parameter
    from mileak.proofs.core.registry import Registry
    from mileak.proofs.core.status import Outcome, Status

__all__ = ["Claim", "ClaimChecker", "ClaimProof", "Outcome", "Parameter", "Registry", "Status", "Theorem"]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
