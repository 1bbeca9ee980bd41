"""Model families; ``FAMILIES`` maps a family's name to it.

Each module of this package that defines ``FAMILY`` is one catalogue family; the modules are found, not
listed (a family is its own file: docs/extending.md).
"""

import pkgutil
from importlib import import_module

from mileak.proofs.families.family import Family


def _catalogue() -> dict[str, Family]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.ispkg or info.name.startswith("_"):
            continue
        family = getattr(import_module(f"{__name__}.{info.name}"), "FAMILY", None)
        if isinstance(family, Family):
            if family.name in found:
                raise ValueError(f"two catalogue families are named {family.name!r}")
            found[family.name] = family
    return found


FAMILIES = _catalogue()


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
