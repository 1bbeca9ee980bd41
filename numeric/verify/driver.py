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

from mileak.numeric.core.checks import check_int
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.verify import proof_cache
from mileak.numeric.verify.claim_check import NumericCheck, check_claim, validate_check_dps
from mileak.numeric.verify.profiles import get_profile
from mileak.proofs.core import ClaimChecker, Status
from mileak.proofs.core.budget import DEFAULT_STEP_TIMEOUT_S, DEFAULT_STEP_WORK
from mileak.proofs.core.certificate import library_versions, symbolic_certificate
from mileak.proofs.theorems import REGISTRY


@dataclass
class VerifyRow:
    theorem_id: str
    proof: object
    numeric: NumericCheck | None
    seconds: float
    cached: bool = False  # checked with its sealed decision record (proof_cache), not from scratch

    @property
    def claim(self):
        return self.proof.claim

    @property
    def timed_out(self) -> bool:
        """The wall-clock safety net stopped a step or the sharpness check: no verdict (the row does not pass)."""
        return Status.TIMED_OUT in (self.proof.status, self.proof.sharp.status)

    @property
    def passed(self) -> bool:
        numeric_ok = self.numeric is None or self.numeric.status == "verified"
        return self.proof.status is Status.PROVED and numeric_ok and not self.timed_out


def verify(ids=None, profile: str = "ci", dps: int = DEFAULT_DPS, seed: int = 0, numeric: bool = True,
           registry=REGISTRY, progress=None, step_budget: int | None = DEFAULT_STEP_WORK,
           jobs: int = 1, cache: bool = False, step_timeout: float | None = DEFAULT_STEP_TIMEOUT_S) -> list[VerifyRow]:
    """The rows of :func:`verify_with` with nothing beside the claims."""
    return verify_with((), ids, profile, dps, seed, numeric, registry, progress, step_budget, jobs, cache,
                       step_timeout)[0]


def verify_with(beside, ids=None, profile: str = "ci", dps: int = DEFAULT_DPS, seed: int = 0, numeric: bool = True,
                registry=REGISTRY, progress=None, step_budget: int | None = DEFAULT_STEP_WORK,
                jobs: int = 1, cache: bool = False,
                step_timeout: float | None = DEFAULT_STEP_TIMEOUT_S) -> tuple[list[VerifyRow], list]:
    """Check the selected claims (all by default); ``progress(i, n, claim_id)`` is called as each starts
    (``jobs == 1``) or ends (``jobs > 1``).

    ``step_budget``: sympy operations per derivation step (a step over it is UNPROVED "used its work budget", on
    any machine); ``step_timeout``: the wall-clock safety net per step (a step stopped by it is TIMED_OUT, and
    the row does not pass). ``jobs``: worker
    processes (forked; a claim draws its points from ``SeedSequence([seed, crc32(claim id)])`` wherever it runs and
    whatever else is selected (:func:`claim_stream`), so the
    rows are the same with any ``jobs``); the registry is the default one when ``jobs > 1``. ``cache``: read and
    keep PROVED derivations in the proof cache (:mod:`mileak.numeric.verify.proof_cache`).

    ``beside``: zero-argument picklable callables (e.g. ``functools.partial`` of a module function) run in the
    same worker pool as the claims, first (the pool then ends on the short claims, not on a long side task);
    their results are returned in order, after the rows. With one job they run after the claims."""
    prof = get_profile(profile)
    dps = validate_dps(dps) if not numeric else validate_check_dps(dps)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed={seed!r} must be an int >= 0")
    jobs = check_int("jobs", jobs, 1, 64)
    claims = registry.select(ids or [])
    budgets = (step_budget, step_timeout)
    task = (tuple(c.id for c in claims), prof.points, dps, seed, numeric, budgets, cache)
    beside = list(beside)
    if jobs > 1 and len(claims) + len(beside) > 1 and registry is REGISTRY:
        return _in_workers(task, beside, jobs, registry, progress)
    _WORKER["checker"] = _checker(registry, budgets, cache)
    rows = []
    for i, claim in enumerate(claims):
        if progress:
            progress(i, len(claims), claim.id)
        rows.append(_row(task, i, registry))
    return rows, [fn() for fn in beside]


_WORKER: dict = {}  # a process's ClaimChecker (its proofs of the claims a derivation uses are reused)


def _checker(registry, budgets, cache):
    """The proof cache's checker for the default registry (a user's registry is never cached: its ids may
    coincide), else a plain one; ``budgets`` is ``(step_budget, step_timeout)``."""
    if cache and registry is REGISTRY:
        return proof_cache.cached_checker(*budgets)
    return ClaimChecker(registry, *budgets)


def _row(task, i, registry=REGISTRY) -> VerifyRow:
    ids, points, dps, seed, numeric, budgets, cache = task
    checker = _WORKER.get("checker") or _WORKER.setdefault("checker", _checker(registry, budgets, cache))
    claim = registry.claim(ids[i])
    start = time.perf_counter()
    proof = checker.check(claim)
    cached = claim.id in getattr(checker, "loaded", ())
    check = check_claim(claim, claim_stream(seed, claim.id), points=points, dps=dps) if numeric else None
    return VerifyRow(registry.theorem_of(claim.id).id, proof, check, time.perf_counter() - start, cached)


def claim_stream(seed: int, claim_id: str) -> np.random.Generator:
    """The random stream of one claim's numeric points: seeded by ``seed`` and the claim's id, never its position in
    the selection, so ``--theorem T1.kl`` checks the same points as the full run."""
    import zlib

    return np.random.default_rng([seed, zlib.crc32(claim_id.encode())])


def _worker_row(task, i):
    """In a worker: the row, its proof's claim detached (a claim holds lambdas, which do not pickle)."""
    import dataclasses

    row = _row(task, i)
    row.proof = dataclasses.replace(row.proof, claim=None)  # a copy: the checker's cached proof keeps its claim
    return i, row


def _quiet_worker(budgets, cache):
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's terminate(): end at once, silently (not the
    # command's SIGTERM handler, inherited through fork, which would unwind with a traceback)
    _WORKER["checker"] = _checker(REGISTRY, budgets, cache)


def _in_workers(task, beside, jobs, registry, progress):
    import dataclasses
    import multiprocessing

    ids = task[0]
    items = [("beside", k, fn) for k, fn in enumerate(beside)] + [("claim", i, task) for i in range(len(ids))]
    pool = multiprocessing.get_context("fork").Pool(min(jobs, len(items)), initializer=_quiet_worker,
                                                    initargs=(task[5], task[6]))
    rows, results = [None] * len(ids), [None] * len(beside)
    try:
        done = 0
        for kind, i, out in pool.imap_unordered(_call_worker_item, items):
            if kind == "beside":
                results[i] = out
                continue
            out.proof = dataclasses.replace(out.proof, claim=registry.claim(ids[i]))
            rows[i] = out
            if progress:
                progress(done, len(ids), ids[i])
            done += 1
        pool.close()
    finally:
        pool.terminate()  # on Ctrl-C, SIGTERM or an error: no worker is left running
        pool.join()
    return rows, results


def _call_worker_item(item):
    kind, i, payload = item
    if kind == "beside":
        return kind, i, payload()
    return (kind, *_worker_row(payload, i))


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
