"""The plug-in contract, typed: one small ``Protocol`` per capability of :class:`~.plugin.FamilyPlugin`, and
:func:`contract_problems`, which checks a plug-in against them (``tests/contracts/test_every_plugin.py`` runs it
on every registered plug-in, so a field of the wrong shape fails a test, not a user's command).

A ``Protocol`` says how the toolkit calls a field (the parameter names it passes, in order); the check
compares each field's signature with it, and an engine's class with :class:`~.engine.Engine`'s interface.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Protocol

import numpy as np

from .engine import Engine


class Sampler(Protocol):
    """Population records: an array ``(size, record_width)``."""

    def __call__(self, rng: np.random.Generator, size: int, **values) -> np.ndarray: ...


class NeighbourOracle(Protocol):
    """The strong adversary's certified KL between the releases of ``rest + z`` and ``rest + z_prime``:
    ``(Certified, exact value or None)``."""

    def __call__(self, rest, z, z_prime, lam, noise, dps): ...


class BatchNeighbourKL(Protocol):
    """The same KL in float64 for arrays of trials (the population Monte Carlo)."""

    def __call__(self, rest, z, z_prime, lam, release, noise, p, values): ...


class RecordDrawer(Protocol):
    """One record with exact entries, drawn with hypothesis' ``draw`` (the pointwise falsifier's search)."""

    def __call__(self, draw, p): ...


class ScenarioFactory(Protocol):
    """A verify scenario from a generator and the claim's sampled parameters."""

    def __call__(self, rng, sampled): ...


class LeakageRows(Protocol):
    """The family's own rows of ``mileak leakage``."""

    def __call__(self, values, dps, pi): ...


class ExactFalsify(Protocol):
    """``mileak falsify``'s whole report for a family whose quantities are exact."""

    def __call__(self, claim, release, progress=None): ...


class LimitBoundary(Protocol):
    """A boundary predicted in some limit for a phase diagram."""

    def __call__(self, claim, release, lams, values): ...


class DPSGDTrainer(Protocol):
    """A batched DP-SGD trainer (``mileak simulate dp-sgd``)."""

    def __call__(self, X, y, members, canary, q, z, steps, rng, C=None, lr=None, progress=None): ...


FIELDS = {"sampler": Sampler, "batch_neighbour_kl": BatchNeighbourKL, "draw_record": RecordDrawer,
          "leakage_entries": LeakageRows, "exact_falsify": ExactFalsify, "limit_boundary": LimitBoundary,
          "dp_sgd": DPSGDTrainer}
MAPPINGS = {"oracles": NeighbourOracle, "scenarios": ScenarioFactory}
ENGINE_METHODS = ("draw_rest", "fit", "loss")  # what a subclass must implement (the base raises)


def _accepts(fn, protocol) -> str | None:
    """Why ``fn`` cannot be called the way ``protocol`` says the toolkit calls it (``None`` when it can): its
    parameters without a default are passed by position, those with one (``=None``) by keyword."""
    if not callable(fn):
        return f"is a {type(fn).__name__}, not callable"
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without a signature: taken as it is
        return None
    call = [p for p in inspect.signature(protocol.__call__).parameters.values()
            if p.name != "self" and p.kind is not p.VAR_KEYWORD]
    positional = [p.name for p in call if p.default is p.empty]
    keywords = {p.name: None for p in call if p.default is not p.empty}
    try:
        signature.bind(*positional, **keywords)
    except TypeError as exc:
        return f"cannot be called as {protocol.__name__}({', '.join(positional + [f'{k}=...' for k in keywords])}): {exc}"
    return None


def contract_problems(plugin) -> list[str]:
    """Every way ``plugin`` breaks the contract, each naming the field (empty when it keeps it)."""
    out = []
    family = plugin.family
    for field_name, protocol in FIELDS.items():
        fn = getattr(plugin, field_name)
        if fn is not None and (why := _accepts(fn, protocol)):
            out.append(f"{field_name} {why}")
    for field_name, protocol in MAPPINGS.items():
        table = getattr(plugin, field_name)
        if not isinstance(table, Mapping):
            out.append(f"{field_name} must be a mapping, got {type(table).__name__}")
            continue
        for key, fn in table.items():
            if (why := _accepts(fn, protocol)):
                out.append(f"{field_name}[{key!r}] {why}")
    for release in plugin.oracles:
        if release not in family.releases:
            out.append(f"oracles[{release!r}]: the family has no release {release!r} (it has {family.releases})")
    for release in plugin.population_releases:
        if release not in family.releases:
            out.append(f"population_releases: the family has no release {release!r}")
    if plugin.population_releases and plugin.batch_neighbour_kl is None:
        out.append("population_releases without batch_neighbour_kl: the population survey has nothing to call")
    if plugin.engine is not None:
        engine = plugin.engine
        if not (isinstance(engine, type) and issubclass(engine, Engine)):
            out.append(f"engine must be an Engine subclass, got {engine!r:.60}")
        else:
            for method in ENGINE_METHODS:
                if getattr(engine, method) is getattr(Engine, method):
                    out.append(f"engine {engine.__name__} does not implement {method}")
            if engine.family is not family:
                out.append(f"engine {engine.__name__}.family is not the plug-in's family")
            missing = [r for r in engine.releases if r not in family.releases]
            if missing:
                out.append(f"engine {engine.__name__} releases {missing}, which the family does not declare")
    return out
