"""Decision records kept between runs, so ``mileak verify`` checks a proved claim again in seconds.

A claim proved PROVED leaves, under ``$MILEAK_CACHE_DIR`` (default ``$XDG_CACHE_HOME/mileak/proofs`` or
``~/.cache/mileak/proofs``), the record of its decisions (:mod:`mileak.proofs.core.decision_record`): each
decision's question fingerprint and outcome. The next run checks the claim's own statement and derivation again;
a decision whose question is the one recorded takes the recorded outcome, any other is decided by sympy. The
facts, lemmas, limits and the printed derivation are the claim's own, computed in this process: nothing is read
but the answers to the very questions asked, so no entry can put one claim's steps under another's statement.

What makes an entry believed, and nothing less:

* it is sealed with an HMAC-SHA256 of this user's key, kept outside the cache folder, over its file name and
  contents (:func:`mileak.numeric.core.cache_folder.read_kept`): an edited entry, one copied onto another claim's
  name, or one written with another key (a shared folder, a cache restored from elsewhere) is not read;
* its file name is a SHA-256 of the symbolic layer's source, the versions of sympy, mpmath and Python, the claim
  id, the claim's content hash (statement, parameters and domains, hypotheses, each step's rule and
  description) and the step's work budget, and it names the claim id and content hash again inside;
* it is JSON of strings and numbers only (nothing read runs code).

An entry that does not bring its claim to PROVED is dropped and the claim proved again in full. Only PROVED
claims are kept (a TIMED_OUT one depends on the machine). ``mileak verify --no-cache`` neither reads nor writes.
"""

from __future__ import annotations

import hashlib

from mileak.numeric.core.cache_folder import keep, kept_path, read_kept
from mileak.numeric.verify import cache_keys
from mileak.proofs.core import ClaimChecker
from mileak.proofs.core.budget import DEFAULT_STEP_TIMEOUT_S, DEFAULT_STEP_WORK

FORMAT = "mileak-decision-record/1"


def content_hash(claim) -> str:
    """SHA-256 of what a claim says and how it is derived: statement, parameters with domains, hypotheses, and
    each step's rule and description (sympy's ``srepr``, which names assumptions)."""
    import sympy as sp

    parts = [claim.id, sp.srepr(claim.statement), *(f"{p.name}:{sp.srepr(p.domain)}" for p in claim.parameters),
             *(sp.srepr(h) for h in claim.hypotheses),
             *(f"{step.rule}:{step.describe()}" for step in claim.derivation)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _path(claim, step_budget):
    parts = (cache_keys.symbolic_source_hash(), cache_keys.library_versions_text(), claim.id, content_hash(claim),
             repr(step_budget))
    return kept_path("decision-record", parts)


def load_record(claim, step_budget) -> list | None:
    """The kept decision record of ``claim`` (a list), or ``None`` (none kept, not sealed here, not this claim's)."""
    entry = read_kept(_path(claim, step_budget))
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("claim") == claim.id
            and entry.get("content") == content_hash(claim) and isinstance(entry.get("decisions"), list)):
        return None
    return entry["decisions"]


def store_record(claim, step_budget, decisions) -> None:
    """Keep the decision record of a claim just proved PROVED; a failure to write is not an error."""
    keep(_path(claim, step_budget), {"format": FORMAT, "claim": claim.id, "content": content_hash(claim),
                                     "decisions": decisions}, "decision record")


class CachedChecker(ClaimChecker):
    """A checker that checks each claim against its kept decision record when it has one, and keeps the record of
    the claims it proves; a claim a derivation uses is checked the same way (:meth:`check` serves both). A claim
    its record does not bring to PROVED is proved again in full. ``loaded`` holds the ids checked from records."""

    def __init__(self, registry, step_budget, step_timeout=DEFAULT_STEP_TIMEOUT_S):
        super().__init__(registry, step_budget, step_timeout)
        self.loaded: set = set()

    def check(self, claim):
        from mileak.proofs.core import Status
        from mileak.proofs.core.decision_record import recording, replaying

        if claim.id in self._cache:
            return self._cache[claim.id]
        kept = load_record(claim, self.step_budget)
        if kept is not None:
            with recording(), replaying(kept):
                proof = super().check(claim)
            if proof.status is Status.PROVED:
                self.loaded.add(claim.id)
                return proof
            del self._cache[claim.id]  # the record did not bring it to PROVED: proved again in full
        with recording() as record, replaying([]):
            proof = super().check(claim)
        if proof.status is Status.PROVED:
            store_record(claim, self.step_budget, record)
        return proof


def cached_checker(step_budget=None, step_timeout=DEFAULT_STEP_TIMEOUT_S) -> CachedChecker:
    """A :class:`CachedChecker` of the default registry (``mileak verify``'s work budget when ``None``)."""
    from mileak.proofs.theorems import REGISTRY

    return CachedChecker(REGISTRY, DEFAULT_STEP_WORK if step_budget is None else step_budget, step_timeout)
