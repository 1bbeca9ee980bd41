"""A family's card: what a command reads about a registered family before any work, kept so it needs no sympy.

A card holds a family's name, title, releases, whether it has a simulator, its parameters (exact domain bounds,
:class:`~mileak.proofs.core.domain_bounds.DomainBounds`, and one line of meaning), the learner's ``n``, ``lam``,
``sigma`` where the family does not declare them, and where its own ``mileak leakage`` rows are computed
(``module:function``, or ``None``). It is made from the family's plug-in (:func:`card_of`); the catalogue's
cards are kept as JSON under ``$MILEAK_CACHE_DIR``, keyed by a SHA-256 of the symbolic layer's and the families'
source and the sympy version, so ``mileak leakage``/``families`` read them warm without importing sympy (about
0.4 s). A family registered in this process (:func:`~mileak.numeric.families.registry.register`) is read from
the registry itself: registering one imported the registry, and then :func:`family_card` asks it.

>>> c = family_card("gaussian-mean")
>>> c.name, [(q.name, q.bounds.text()) for q in c.parameters][:2]
('gaussian-mean', [('n', '[2, oo)'), ('lam', '[0, oo)')])
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from mileak.numeric.core.cache_folder import keep, kept_path, package_hash, read_kept, versions_text
from mileak.proofs.core.domain_bounds import DomainBounds, check_declared

_REGISTRY = "mileak.numeric.families.registry"
_CATALOGUE_MODULES = "mileak.numeric.families."
_CATALOGUE: dict = {}


@dataclass(frozen=True)
class ParameterCard:
    name: str
    bounds: DomainBounds
    meaning: str

    def validate(self, value):
        return self.bounds.validate(self.name, value)


@dataclass(frozen=True)
class FamilyCard:
    name: str
    title: str
    releases: tuple[str, ...]
    simulator: bool
    parameters: tuple[ParameterCard, ...]  # the family's own, as declared
    learner: tuple[ParameterCard, ...]  # the learner's n, lam, sigma the family does not declare
    leakage_entries: str | None = None  # "module:function" of the plug-in's own leakage rows
    rows: Callable | None = field(default=None, compare=False, repr=False)  # the function itself, when made here

    def validate(self, **values) -> dict:
        """Check each value against its declared domain; a name the family does not declare is an error
        (as ``Family.validate``, with the same messages)."""
        return check_declared(self.name, {q.name: q.bounds for q in self.parameters}, values)

    def leakage_rows(self):
        """The plug-in's ``leakage_entries`` function: the plug-in's own when the card was made from it (a
        registered family's may be a closure), else imported by name (the package's other modules are not)."""
        if self.rows is not None:
            return self.rows
        module, _, function = self.leakage_entries.partition(":")
        return getattr(importlib.import_module(module), function)

    def as_json(self) -> dict:
        def rows(params):
            return [[q.name, q.bounds.as_json(), q.meaning] for q in params]

        return {"name": self.name, "title": self.title, "releases": list(self.releases), "simulator": self.simulator,
                "parameters": rows(self.parameters), "learner": rows(self.learner),
                "leakage_entries": self.leakage_entries}

    @classmethod
    def parse(cls, item: dict) -> FamilyCard:
        """The card from :meth:`as_json` (a kept catalogue); anything else is a ``ValueError``, and so is a
        ``leakage_entries`` outside the catalogue's own modules (a kept file names no other code to import)."""
        def rows(listed):
            return tuple(ParameterCard(str(n), DomainBounds.parse(b), str(m)) for n, b, m in listed)

        rows_at = item["leakage_entries"]
        if rows_at is not None and not (isinstance(rows_at, str) and rows_at.startswith(_CATALOGUE_MODULES)):
            raise ValueError(f"leakage_entries={rows_at!r:.80} is not a catalogue module's function")
        return cls(str(item["name"]), str(item["title"]), tuple(str(r) for r in item["releases"]),
                   bool(item["simulator"]), rows(item["parameters"]), rows(item["learner"]),
                   None if item["leakage_entries"] is None else str(item["leakage_entries"]))


def card_of(plug) -> FamilyCard:
    """The card of a plug-in (:class:`~mileak.numeric.families.plugin.FamilyPlugin`)."""
    from mileak.proofs.families.user_family import LEARNER_PARAMETERS

    fam = plug.family
    own = {q.name for q in fam.parameters}
    rows = plug.leakage_entries
    return FamilyCard(fam.name, fam.title, tuple(fam.releases), plug.engine is not None,
                      tuple(ParameterCard(q.name, q.bounds, q.description) for q in fam.parameters),
                      tuple(ParameterCard(q.name, q.bounds, q.description) for q in LEARNER_PARAMETERS if q.name not in own),
                      None if rows is None else f"{rows.__module__}:{rows.__qualname__}", rows)


def _path():
    parts = [package_hash("mileak.proofs"), package_hash("mileak.numeric.families"), versions_text("sympy")]
    return kept_path("family-cards", parts)


def catalogue_cards() -> dict[str, FamilyCard]:
    """The catalogue's cards by name: kept ones, else made from the registry's plug-ins (and kept)."""
    if not _CATALOGUE:
        path = _path()
        try:
            cards = {c["name"]: FamilyCard.parse(c) for c in read_kept(path)}
        except (TypeError, KeyError, ValueError):  # None (nothing kept), or not cards
            from mileak.numeric.families.registry import catalogue_plugins

            cards = {plug.name: card_of(plug) for plug in catalogue_plugins()}
            keep(path, [c.as_json() for c in cards.values()], "family cards")
        _CATALOGUE.update(cards)
    return dict(_CATALOGUE)


def family_cards() -> list[FamilyCard]:
    """Every registered family's card, by name: the kept catalogue, or (once the registry is imported, so a
    family may have been registered in this process) the registry's plug-ins."""
    if _REGISTRY not in sys.modules:
        return [card for _, card in sorted(catalogue_cards().items())]
    from mileak.numeric.families.registry import plugins

    return [card_of(plug) for plug in plugins()]


def family_card(family) -> FamilyCard:
    """The card of a family given by name (kept, for the catalogue's), ``Family`` or plug-in (from the registry)."""
    if isinstance(family, str) and _REGISTRY not in sys.modules:  # nothing can have been registered in this process
        known = catalogue_cards()
        if family in known:
            return known[family]
    from mileak.numeric.families.registry import plugin

    return card_of(plugin(family))  # an unknown name: the registry's one-line refusal
