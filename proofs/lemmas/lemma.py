"""A cited lemma: a named, referenced inequality that a derivation instantiates.

The lemma itself is taken from the literature (its ``reference``); what is
checked mechanically is the instantiation: the fact is produced by the
lemma's own builder (so it cannot be mistyped) and every side condition is
decided by sympy under the claim's declared domains.

>>> import sympy as sp
>>> from mileak.proofs.lemmas.information import GIBBS
>>> from mileak.proofs.definitions.laws import P1, P0
>>> GIBBS.instantiate(P=P1, Q=P0)[0]
KL(P1, P0) >= 0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Lemma:
    name: str
    reference: str
    pattern: str
    builder: Callable

    def instantiate(self, **kwargs):
        """Return ``(fact, conditions)`` for these arguments."""
        try:
            out = self.builder(**kwargs)
        except TypeError as exc:
            raise TypeError(f"lemma {self.name!r} ({self.pattern}) got arguments {sorted(kwargs)}: {exc}") from None
        return out if isinstance(out, tuple) else (out, ())
