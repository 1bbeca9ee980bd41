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
* ``batch_neighbour_kl(rest, z, z_prime, lam, release, noise, p, values)``: the same KL in float64
  for arrays of trials (the population Monte Carlo), for the releases in ``population_releases``;
  ``values`` holds the family's other parameter values;
* ``draw_record(draw, p)``: one record with exact ``Fraction`` entries, drawn with hypothesis'
  ``draw`` (the pointwise falsifier searches and shrinks over it); ``label_columns``: how many
  trailing record columns are labels rather than features;
* ``scenarios``: verify's scenario models this family provides (``model name -> factory(rng, sampled)``);
* ``leakage_entries(values, dps, pi)``: the family's own rows of ``mileak leakage`` (closed forms),
  or ``None`` for the generic rows;
* ``survey_dims``: the dimensions ``p`` of the population survey grid;
* ``outside_releases``: the releases on which ``mileak verify`` runs T3/T4 outside the theorems'
  assumptions;
* ``exact_release_path``: the claim whose population check under the exact release (KL = oo) is an
  attack metric along ``lam`` (Tan et al. 2022), or ``None``;
* ``real_data``: the model trains on labelled real rows with ``||x|| <= R`` (``mileak audit``);
* ``limit_boundary(claim, release, lams, values)``: a boundary predicted in some limit for a phase diagram
  (``mileak falsify --grid``): ``[{"lam", "ratio"}]``, the ``n/p`` below which the neighbour-averaged KL rises
  at each ``lam`` (``ratio`` ``None`` where none is predicted), or ``None`` when the family predicts nothing
  for that claim and release;
* ``exact_falsify(claim, release, progress=None)``: for a family whose quantities are exact, ``mileak falsify``'s
  whole report (T3/T4 decided step by step with certified differences), in place of the searches and the
  Monte Carlo;
* ``dp_sgd``: a batched DP-SGD trainer ``train(X, y, members, canary, q, z, steps, rng, C, lr, lam)``
  (``mileak simulate dp-sgd``'s final-model adversary).

The sensitivity ``L`` is not a plug-in field: it is the proofs family's ``lipschitz`` closed form
(``oo`` when unbounded), else the sympy prover's answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from mileak.numeric.families.sampling import checked_records
from mileak.proofs.families.family import Family


@dataclass(frozen=True)
class FamilyPlugin:
    family: Family
    sampler: Callable
    engine: type | None = None
    oracles: Mapping[str, Callable] = field(default_factory=dict)
    batch_neighbour_kl: Callable | None = None
    population_releases: tuple[str, ...] = ()
    draw_record: Callable | None = None
    label_columns: int = 0
    scenarios: Mapping[str, Callable] = field(default_factory=dict)
    leakage_entries: Callable | None = None
    survey_dims: tuple[int, ...] = (1, 5)
    outside_releases: tuple[str, ...] = ()
    exact_release_path: str | None = None
    real_data: bool = False
    dp_sgd: Callable | None = None
    exact_falsify: Callable | None = None
    limit_boundary: Callable | None = None

    @property
    def name(self) -> str:
        return self.family.name

    def sample(self, rng, size: int, **values) -> np.ndarray:
        """Records from the sampler, checked: an array ``(size, record_width(p))`` of finite floats."""
        return checked_records(self.family, self.sampler, rng, size, values)

    def oracle(self, release: str) -> Callable:
        if release not in self.oracles:
            raise ValueError(f"release={release!r} has no certified neighbouring-KL oracle for family {self.name}; "
                             f"use one of {sorted(self.oracles)}")
        return self.oracles[release]

    def needs_engine(self):
        if self.engine is None:
            raise ValueError(f"family {self.name!r} has no simulator engine")
        return self.engine
