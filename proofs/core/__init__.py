"""The theorem core: parameters, decision procedures, steps, claims, registry."""

from mileak.proofs.core.claim import Claim, ClaimChecker, ClaimProof, Theorem
from mileak.proofs.core.parameters import Parameter
from mileak.proofs.core.registry import Registry
from mileak.proofs.core.status import Outcome, Status

__all__ = ["Claim", "ClaimChecker", "ClaimProof", "Outcome", "Parameter", "Registry", "Status", "Theorem"]
