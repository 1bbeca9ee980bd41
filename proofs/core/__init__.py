"""The theorem core: parameters, decision procedures, steps, claims, registry."""

from .claim import Claim, ClaimChecker, ClaimProof, Theorem
from .parameters import Parameter
from .registry import Registry
from .status import Outcome, Status

__all__ = ["Claim", "ClaimChecker", "ClaimProof", "Outcome", "Parameter", "Registry", "Status", "Theorem"]
