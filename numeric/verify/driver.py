"""``mileak verify``: check every selected claim symbolically and numerically.

For each claim of the registry: the derivation is checked by sympy
(:class:`mileak.proofs.core.ClaimChecker`), then the statement is evaluated at
random points of its models and domains at ``dps`` digits
(:func:`mileak.numeric.verify.claim_check.check_claim`), seeded by ``seed``. A claim
*passes* when it is PROVED and its numeric status is ``verified``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.verify.claim_check import NumericCheck, check_claim, validate_check_dps
from mileak.numeric.verify.profiles import get_profile
from mileak.proofs.core import ClaimChecker, Status
from mileak.proofs.core.budget import DEFAULT_STEP_BUDGET_S
from mileak.proofs.core.certificate import library_versions, symbolic_certificate
from mileak.proofs.theorems import REGISTRY


@dataclass
class VerifyRow:
    theorem_id: str
    proof: object
    numeric: NumericCheck | None
    seconds: float

    @property
    def claim(self):
        return self.proof.claim

    @property
    def passed(self) -> bool:
        numeric_ok = self.numeric is None or self.numeric.status == "verified"
        return self.proof.status is Status.PROVED and numeric_ok


def verify(ids=None, profile: str = "ci", dps: int = DEFAULT_DPS, seed: int = 0, numeric: bool = True,
           registry=REGISTRY, progress=None, step_budget: float | None = DEFAULT_STEP_BUDGET_S) -> list[VerifyRow]:
    """Check the selected claims (all by default); ``progress(i, n, claim_id)`` is called before each.

    ``step_budget``: wall seconds per derivation step (a step over it is UNPROVED "timed out")."""
    prof = get_profile(profile)
    dps = validate_dps(dps) if not numeric else validate_check_dps(dps)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed={seed!r} must be an int >= 0")
    claims = registry.select(ids or [])
    checker = ClaimChecker(registry, step_budget=step_budget)
    rows = []
    for i, claim in enumerate(claims):
        if progress:
            progress(i, len(claims), claim.id)
        start = time.perf_counter()
        proof = checker.check(claim)
        rng = np.random.default_rng([seed, i])
        check = check_claim(claim, rng, points=prof.points, dps=dps) if numeric else None
        rows.append(VerifyRow(registry.theorem_of(claim.id).id, proof, check, time.perf_counter() - start))
    return rows


def certificates(rows, profile: str, dps: int, seed: int) -> dict:
    """JSON-ready certificates of the checked claims, with what is needed to re-run them.

    No timings: the same seed gives the same bytes (timings are in the text output)."""
    ids = " ".join(r.claim.id for r in rows)
    return {
        "tool": "mileak verify",
        "rerun": f"mileak verify --theorem {ids} --profile {profile} --dps {dps} --seed {seed}",
        "versions": library_versions(),
        "profile": profile,
        "dps": dps,
        "seed": seed,
        "passed": all(r.passed for r in rows),
        "claims": [
            {**symbolic_certificate(r.proof), "theorem": r.theorem_id,
             "numeric": r.numeric.as_dict() if r.numeric else None,
             "passed": r.passed}
            for r in rows
        ],
    }
