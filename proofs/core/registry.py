"""Registry of theorems; claim and theorem ids are unique.

>>> reg = Registry()
>>> reg.register(Theorem("TX", "demo", "none", ()))
>>> reg.register(Theorem("TX", "demo", "none", ()))
Traceback (most recent call last):
...
ValueError: duplicate id 'TX' in the registry
"""

from __future__ import annotations

from mileak.proofs.core.claim import Claim, Theorem


class Registry:
    """Theorems by id; ``sharpness(claim)`` gives a claim's recorded tight case (``None`` if none)."""

    def __init__(self, sharpness=None):
        self._sharpness = sharpness
        self._theorems: dict[str, Theorem] = {}
        self._claims: dict[str, Claim] = {}
        self._owner: dict[str, str] = {}

    def register(self, theorem: Theorem) -> None:
        ids = [theorem.id] + [c.id for c in theorem.claims]
        for i in ids:
            if i in self._theorems or i in self._claims or ids.count(i) > 1:
                raise ValueError(f"duplicate id {i!r} in the registry")
        self._theorems[theorem.id] = theorem
        for c in theorem.claims:
            self._claims[c.id] = c
            self._owner[c.id] = theorem.id

    def sharpness(self, claim: Claim):
        return None if self._sharpness is None else self._sharpness(claim)

    def theorems(self) -> list[Theorem]:
        return list(self._theorems.values())

    def claims(self) -> list[Claim]:
        return list(self._claims.values())

    def claim(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            raise KeyError(f"no claim {claim_id!r}; known: {', '.join(self._claims)}") from None

    def theorem_of(self, claim_id: str) -> Theorem:
        return self._theorems[self._owner[claim_id]]

    def select(self, ids) -> list[Claim]:
        """Claims named by ids: a theorem id (``T1``) selects all its claims."""
        if not ids:
            return self.claims()
        out = []
        for i in ids:
            if i in self._theorems:
                out.extend(self._theorems[i].claims)
            elif i in self._claims:
                out.append(self._claims[i])
            else:
                known = ", ".join(list(self._theorems) + list(self._claims))
                raise ValueError(f"theorem={i!r} is not registered; known ids: {known}")
        unique = {c.id: c for c in out}
        return list(unique.values())
