"""A cache of PROVED derivations, so ``mileak verify`` does not redo sympy's work when nothing it reads changed.

The key of a claim's entry is a SHA-256 of: the source of every module of the symbolic layer
(``mileak.proofs``: definitions, lemmas, rules, theorems, the decider; a superset of what any derivation
reads), the versions of sympy, mpmath and Python, the claim id and the step's work budget. Change one character
of the symbolic layer, or upgrade sympy, and every claim is proved again. Only PROVED outcomes are stored (a
TIMED_OUT one depends on the machine; a PROVED one does not depend on the wall-clock safety net). Entries
are pickles written atomically under ``$MILEAK_CACHE_DIR`` (default ``$XDG_CACHE_HOME/mileak/proofs`` or
``~/.cache/mileak/proofs``); an unreadable or stale entry is ignored and proved again. ``mileak verify --no-cache`` bypasses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

from mileak.numeric.core.atomic import write_atomic
from mileak.numeric.verify import cache_keys
from mileak.proofs.core import ClaimChecker
from mileak.proofs.core.budget import DEFAULT_STEP_TIMEOUT_S, DEFAULT_STEP_WORK


def key(claim_id: str, step_budget) -> str:
    parts = (cache_keys.symbolic_source_hash(), cache_keys.library_versions_text(), claim_id, repr(step_budget))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def load(claim, step_budget):
    """The cached PROVED proof of ``claim`` (its ``claim`` field restored), or ``None``."""
    path = cache_keys.cache_dir() / f"{key(claim.id, step_budget)}.pickle"
    try:
        with open(path, "rb") as fh:
            proof = pickle.load(fh)
        steps = [dataclasses.replace(r, fact=_thawed(r.fact)) for r in proof.steps]
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return dataclasses.replace(proof, claim=claim, steps=steps)


def _frozen(fact):
    """A step's fact as ``(relation class, lhs, rhs)``: a pickled relation is evaluated again when loaded, and
    sympy then collapses one it can decide (``-4 L^2/(lam^2 n^3 sigma^2) <= 0``) to ``True``."""
    import sympy as sp

    if isinstance(fact, sp.core.relational.Relational):
        return ("relation", type(fact), fact.lhs, fact.rhs)
    return fact


def _thawed(fact):
    if isinstance(fact, tuple) and len(fact) == 4 and fact[0] == "relation":
        return fact[1](fact[2], fact[3], evaluate=False)
    return fact


def store(proof, step_budget) -> None:
    """Keep a PROVED proof (without its claim, which holds lambdas); a failure to write is not an error."""
    from mileak.proofs.core import Status

    if proof.status is not Status.PROVED:
        return
    folder = cache_keys.cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        entry = dataclasses.replace(proof, claim=None,
                                    steps=[dataclasses.replace(r, fact=_frozen(r.fact)) for r in proof.steps])
        write_atomic(str(folder / f"{key(proof.claim.id, step_budget)}.pickle"), lambda fh: pickle.dump(entry, fh),
                     "proof cache entry")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass


class CachedChecker(ClaimChecker):
    """A checker that reads PROVED derivations from the proof cache and keeps the ones it proves there; a claim a
    derivation uses is read the same way (:meth:`check` serves both). ``loaded`` holds the ids read."""

    def __init__(self, registry, step_budget, step_timeout=DEFAULT_STEP_TIMEOUT_S):
        super().__init__(registry, step_budget, step_timeout)
        self.loaded: set = set()

    def check(self, claim):
        if claim.id in self._cache:
            return self._cache[claim.id]
        proof = load(claim, self.step_budget)
        if proof is not None:
            self._cache[claim.id] = proof
            self.loaded.add(claim.id)
            return proof
        proof = super().check(claim)
        store(proof, self.step_budget)
        return proof


def cached_checker(step_budget=None, step_timeout=DEFAULT_STEP_TIMEOUT_S) -> CachedChecker:
    """A :class:`CachedChecker` of the default registry (``mileak verify``'s work budget when ``None``)."""
    from mileak.proofs.theorems import REGISTRY

    return CachedChecker(REGISTRY, DEFAULT_STEP_WORK if step_budget is None else step_budget, step_timeout)
