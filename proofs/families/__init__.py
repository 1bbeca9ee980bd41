"""Model families; ``FAMILIES`` maps a family's name to it."""

from mileak.proofs.families.family import Family
from mileak.proofs.families.gaussian_mean import GAUSSIAN_MEAN
from mileak.proofs.families.logistic import LOGISTIC
from mileak.proofs.families.ridge import RIDGE

FAMILIES = {f.name: f for f in (GAUSSIAN_MEAN, RIDGE, LOGISTIC)}


def resolve_family(family, allowed=None) -> Family:
    """A :class:`Family` from itself or its catalogue name; ``allowed`` restricts the names."""
    names = sorted(allowed or FAMILIES)
    if isinstance(family, Family):
        if allowed is not None and family.name not in allowed:
            raise ValueError(f"family={family.name!r} must be one of {names} here")
        return family
    if not isinstance(family, str):
        raise TypeError(f"family must be a Family or one of {names}, got {type(family).__name__} {family!r:.60}")
    if family not in FAMILIES or family not in names:
        raise ValueError(f"family={family!r} must be one of {names}")
    return FAMILIES[family]


__all__ = ["FAMILIES", "Family", "resolve_family"]
