"""The registry of family plug-ins, keyed by the proofs ``Family``.

Catalogue plug-ins are found, not listed: every sub-package of
:mod:`mileak.numeric.families` whose ``registration`` module defines ``PLUGIN`` is
registered when the registry is first asked, so adding a family touches only its own
files (the package's ``__init__`` stays empty, so one of its modules imports alone). A user
family (``from_sympy``) gets the generic plug-in
(:func:`mileak.numeric.families.generic.plugin.generic_plugin`); a family
defined in another installed package is registered by an entry point of the group ``mileak.families``
(``my-family = "mypkg.registration:PLUGIN"`` in that package's ``pyproject.toml``; docs/extending.md), and one
defined in a running program (a test, a notebook) with :func:`register`.

>>> {"gaussian-mean", "logistic", "ridge"} <= set(names())
True
>>> plugin("ridge").family.name
'ridge'
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import warnings
from importlib.metadata import entry_points

from mileak.proofs.families.family import Family

from .plugin import FamilyPlugin

_PLUGINS: dict[str, FamilyPlugin] = {}
_FOUND: dict[str, FamilyPlugin] = {}  # the catalogue as discovered (what the kept family cards describe)
_DISCOVERED = False


def _discover():
    global _DISCOVERED
    if _DISCOVERED:
        return
    package = importlib.import_module(__package__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"{__package__}.{info.name}.registration"
        if importlib.util.find_spec(name) is None:
            continue
        found = getattr(importlib.import_module(name), "PLUGIN", None)
        if found is not None and found.name not in _FOUND:
            _FOUND[found.name] = found
            _PLUGINS.setdefault(found.name, found)
    _DISCOVERED = True
    for point in entry_points(group="mileak.families"):  # plug-ins of other installed packages
        _register_entry_point(point)


def _register_entry_point(point) -> None:
    """The plug-in an entry point names, registered under its family's name; one that fails to load, is not a
    ``FamilyPlugin`` or takes a catalogue family's name is left out with a warning naming it (a broken plug-in
    of one package never stops the others, nor the catalogue)."""
    try:
        entry = point.load()
    except Exception as exc:  # noqa: BLE001 - any failure of another package's import is reported, not raised
        warnings.warn(f"family plug-in {point.name} = {point.value!r} (entry point group mileak.families) did not "
                      f"load: {type(exc).__name__}: {exc}", stacklevel=3)
        return
    if not isinstance(entry, FamilyPlugin):
        warnings.warn(f"family plug-in {point.name} = {point.value!r} is a {type(entry).__name__}, not a FamilyPlugin;"
                      " left out", stacklevel=3)
    elif entry.name in _FOUND:
        warnings.warn(f"family plug-in {point.value!r} takes the catalogue family's name {entry.name!r}; left out",
                      stacklevel=3)
    else:
        _PLUGINS.setdefault(entry.name, entry)


def register(entry: FamilyPlugin, replace: bool = False) -> FamilyPlugin:
    """Add a plug-in; a second plug-in under the same family name is an error unless ``replace``."""
    if not isinstance(entry, FamilyPlugin):
        raise TypeError(f"entry must be a FamilyPlugin, got {type(entry).__name__}")
    _discover()
    if entry.name in _PLUGINS and not replace and _PLUGINS[entry.name] is not entry:
        raise ValueError(f"a plug-in for family {entry.name!r} is registered already")
    _PLUGINS[entry.name] = entry
    return entry


def unregister(name: str) -> None:
    _PLUGINS.pop(name, None)


def names() -> list[str]:
    """The registered families' names, sorted (the command line's choices)."""
    _discover()
    return sorted(_PLUGINS)


def plugins() -> list[FamilyPlugin]:
    _discover()
    return [_PLUGINS[k] for k in sorted(_PLUGINS)]


def catalogue_plugins() -> list[FamilyPlugin]:
    """The catalogue's plug-ins as discovered, sorted by name (none registered or replaced in this process)."""
    _discover()
    return [_FOUND[k] for k in sorted(_FOUND)]


def plugin(family) -> FamilyPlugin:
    """The plug-in of a family given by name, by :class:`Family` (a user family: the generic plug-in)."""
    _discover()
    if isinstance(family, FamilyPlugin):
        return family
    if isinstance(family, Family):
        known = _PLUGINS.get(family.name)
        if known is not None and known.family is family:
            return known
        from .generic.plugin import generic_plugin

        return generic_plugin(family)
    if not isinstance(family, str):
        raise TypeError(f"family must be a Family or one of {names()}, got {type(family).__name__} {family!r:.60}")
    if family not in _PLUGINS:
        raise ValueError(f"family={family!r} must be one of {names()} (or a Family from from_sympy)")
    return _PLUGINS[family]



def default_release(family) -> str:
    """The release a command uses when none is given: ``output`` where the family has it, else its first."""
    releases = plugin(family).family.releases
    return "output" if "output" in releases else releases[0]


def make_engine(family, release: str, values: dict):
    """The family's simulator engine for ``release`` at ``values`` (checked: domains, release, ``n``).

    >>> make_engine("ridge", "output", {"n": 10, "lam": 0.1, "sigma": 1.0}).describe()
    'ridge (output release; p=1, s=1.0, beta_seed=0, n=10, lam=0.1, sigma=1.0)'
    """
    if not isinstance(family, str | Family | FamilyPlugin):
        raise ValueError(f"family={family!r:.40} has no simulator engine; choose one of {', '.join(names())}")
    engine = plugin(family).needs_engine()
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise TypeError(f"values must be a dict of family parameters, got {type(values).__name__} {values!r:.60}")
    return engine(release=release, **values)
