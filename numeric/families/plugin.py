"""The numeric side of one model family: a plug-in object, registered under its proofs ``Family``.

A family is one plug-in through the whole toolkit: its ``proofs`` file declares the
mathematics (parameters, loss, regulariser, closed forms) and its plug-in here gives
everything numeric, so that verify, leakage, falsify, simulate, audit, sweep and the
command line ask the registry (:mod:`mileak.numeric.families.registry`) and name no family.

Every field but ``family`` and ``sampler`` is optional; a command that needs a missing
one refuses the family with the reason (e.g. "family F has no simulator engine").

* ``sampler(rng, size, **values)``: population records, rows of an array ``(size, width)``
  (``rng`` a ``numpy.random.Generator``);
* ``engine``: a :class:`~mileak.numeric.families.engine.Engine` subclass (the simulator);
* ``oracles``: ``release -> kl(rest, z, z_prime, lam, noise, dps) -> (Certified, exact or None)``,
  the strong adversary's certified KL ``D(q(.|D_rest + z) || q(.|D_rest + z'))`` (the pointwise falsifier);
* ``batch_neighbour_kl(rest, z, z_prime, lam, release, noise, p)``: the same KL in float64 for
  arrays of trials (the population Monte Carlo), for the releases in ``population_releases``;
* ``record_strategy(p)``: a hypothesis strategy of one record with exact ``Fraction`` entries
  (the pointwise falsifier searches and shrinks over it);
* ``scenarios``: verify's scenario models this family provides (``model name -> factory(rng, sampled)``);
* ``leakage_entries(values, dps, pi)``: the family's own rows of ``mileak leakage`` (closed forms),
  or ``None`` for the generic rows;
* ``sensitivity(values)``: ``(L, how)`` when the gradient bound ``L`` of THEORY.md D3 is known in
  closed form, ``(None, why)`` when it is known to be unbounded, ``None`` to ask the sympy prover;
* ``survey_dims``: the dimensions ``p`` of the population survey grid;
* ``outside_releases``: the releases on which ``mileak verify`` runs T3/T4 outside the theorems'
  assumptions;
* ``exact_release_path``: the claim whose population check under the exact release (KL = oo) is an
  attack metric along ``lam`` (Tan et al. 2022), or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from mileak.proofs.families.family import Family


@dataclass(frozen=True)
class FamilyPlugin:
    family: Family
    sampler: Callable
    engine: type | None = None
    oracles: Mapping[str, Callable] = field(default_factory=dict)
    batch_neighbour_kl: Callable | None = None
    population_releases: tuple[str, ...] = ()
    record_strategy: Callable | None = None
    scenarios: Mapping[str, Callable] = field(default_factory=dict)
    leakage_entries: Callable | None = None
    sensitivity: Callable | None = None
    survey_dims: tuple[int, ...] = (1, 5)
    outside_releases: tuple[str, ...] = ()
    exact_release_path: str | None = None

    @property
    def name(self) -> str:
        return self.family.name

    def sample(self, rng, size: int, **values) -> np.ndarray:
        """Records from the sampler, checked: an array ``(size, record_width(p))`` of finite floats."""
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 1:
            raise ValueError(f"size={size!r} must be an int >= 1")
        data = np.asarray(self.sampler(rng, int(size), **values), dtype=float)
        width = self.family.record_width(values.get("p", 1))
        if data.shape != (size, width):
            raise ValueError(f"sampler of family {self.name!r} returned shape {data.shape}; expected ({size}, {width})")
        if not np.all(np.isfinite(data)):
            raise ValueError(f"sampler of family {self.name!r} returned non-finite records")
        return data

    def oracle(self, release: str) -> Callable:
        if release not in self.oracles:
            raise ValueError(f"release={release!r} has no certified neighbouring-KL oracle for family {self.name}; "
                             f"use one of {sorted(self.oracles)}")
        return self.oracles[release]

    def needs_engine(self):
        if self.engine is None:
            raise ValueError(f"family {self.name!r} has no simulator engine")
        return self.engine
