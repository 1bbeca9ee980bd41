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
    """Theorems by id; ``sharpness(claim)`` gives the tight case the claim declares (``None`` if none).

    ``register_lazy(theorem_id, load)`` registers a theorem whose module is imported (its sympy built) only when
    one of its claims, the theorem, or the whole catalogue is first asked for: claim ids start with their
    theorem's id (``T2.roc``), so asking for one claim builds one theorem. Listings keep the registration order.
    """

    def __init__(self):
        self._order: list[str] = []  # theorem ids as registered (eagerly or lazily)
        self._pending: dict = {}  # theorem id -> a zero-argument loader
        self._theorems: dict[str, Theorem] = {}
        self._claims: dict[str, Claim] = {}
        self._owner: dict[str, str] = {}

    def register(self, theorem: Theorem) -> None:
        ids = [theorem.id] + [c.id for c in theorem.claims]
        for i in ids:
            if i in self._theorems or i in self._claims or ids.count(i) > 1 or (
                    i in self._pending and i != theorem.id):
                raise ValueError(f"duplicate id {i!r} in the registry")
        if theorem.id not in self._order:
            self._order.append(theorem.id)
        self._theorems[theorem.id] = theorem
        self._theorems = {k: self._theorems[k] for k in self._order if k in self._theorems}
        self._claims = {c.id: c for t in self._theorems.values() for c in t.claims}
        for c in theorem.claims:
            self._owner[c.id] = theorem.id

    def register_lazy(self, theorem_id: str, load) -> None:
        if theorem_id in self._order:
            raise ValueError(f"duplicate id {theorem_id!r} in the registry")
        self._order.append(theorem_id)
        self._pending[theorem_id] = load

    def _load(self, theorem_id: str) -> None:
        load = self._pending.get(theorem_id)
        if load is None:
            return
        theorem = load()
        if theorem.id != theorem_id:
            raise ValueError(f"lazily registered {theorem_id!r} loaded theorem {theorem.id!r}")
        self.register(theorem)
        del self._pending[theorem_id]

    def _load_all(self) -> None:
        for theorem_id in list(self._pending):
            self._load(theorem_id)

    def _known(self, some_id) -> bool:
        """Whether ``some_id`` (a theorem or claim id) is known, building its theorem if it is pending."""
        if isinstance(some_id, str):
            self._load(some_id.split(".")[0])
        if some_id not in self._theorems and some_id not in self._claims:
            self._load_all()
        return some_id in self._theorems or some_id in self._claims

    @staticmethod
    def sharpness(claim: Claim):
        return None if claim.sharpness is None else claim.sharpness(claim)

    def theorems(self) -> list[Theorem]:
        self._load_all()
        return list(self._theorems.values())

    def claims(self) -> list[Claim]:
        self._load_all()
        return list(self._claims.values())

    def claim(self, claim_id: str) -> Claim:
        if not self._known(claim_id) or claim_id not in self._claims:
            raise KeyError(f"no claim {claim_id!r}; known: {', '.join(self._claims)}")
        return self._claims[claim_id]

    def theorem_of(self, claim_id: str) -> Theorem:
        self.claim(claim_id)
        return self._theorems[self._owner[claim_id]]

    def select(self, ids) -> list[Claim]:
        """Claims named by ids: a theorem id (``T1``) selects all its claims."""
        if not ids:
            return self.claims()
        out = []
        for i in ids:
            if not self._known(i):
                known = ", ".join(list(self._theorems) + list(self._claims))
                raise ValueError(f"theorem={i!r} is not registered; known ids: {known}")
            out.extend(self._theorems[i].claims if i in self._theorems else [self._claims[i]])
        unique = {c.id: c for c in out}
        return list(unique.values())
