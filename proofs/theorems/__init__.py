"""The theorem catalogue: each module ``<id>_<words>.py`` of this package defines one theorem, named by its id
(``t1_kl_bound.py`` defines ``T1``); the modules are found, not listed. ``REGISTRY`` collects them, the
catalogue's theorems (``T...``) first, then its families' closed forms (``F...``), each in numeric order.

A theorem kept in another package is registered by an entry point of the group ``mileak.theorems`` in that
package's ``pyproject.toml`` (``T8 = "mypkg.t8_mine:T8"``; docs/extending.md).

Each theorem's module is imported when one of its claims is first asked for (``Registry.register_lazy``), so a
command that needs T1 and T2 does not build T6's limits or T7's integrals.
"""

import pkgutil
import re
import warnings
from importlib import import_module
from importlib.metadata import entry_points

from mileak.proofs.core.registry import Registry

_MODULE = re.compile(r"([a-z])(\d+)_\w+")


def _catalogue() -> dict[str, str]:
    """Theorem id -> its module's name, found by name (``t1_kl_bound`` -> ``T1``), in catalogue order."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        match = _MODULE.fullmatch(info.name)
        if match and not info.ispkg:
            found[f"{match[1].upper()}{match[2]}"] = info.name
    return dict(sorted(found.items(), key=lambda kv: (kv[0][0] != "T", kv[0][0], int(kv[0][1:]))))


MODULES = _catalogue()


def _load(module: str, name: str):
    return getattr(import_module(f"{__name__}.{module}"), name)


REGISTRY = Registry()
for _id, _module in MODULES.items():
    REGISTRY.register_lazy(_id, lambda m=_module, n=_id: _load(m, n))
for _point in entry_points(group="mileak.theorems"):  # theorems of other packages (docs/extending.md)
    if _point.name in MODULES:
        warnings.warn(f"entry point {_point.name} = {_point.value!r} of group mileak.theorems is not registered: "
                      f"{_point.name} is a theorem of the catalogue", stacklevel=1)
    else:
        REGISTRY.register_lazy(_point.name, _point.load)

__all__ = ["REGISTRY"]
