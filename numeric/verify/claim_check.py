"""Numeric verification of a claim (docs/theory.md section 5, "verified").

At each point the two sides of the registered statement are enclosed at
``dps`` digits (see :mod:`mileak.numeric.measures.evaluate`). For ``lhs <= rhs``:

* ``verified``  when ``lower(rhs) - upper(lhs) > 0`` (the margin beats the error);
* ``falsified`` when ``lower(lhs) - upper(rhs) > 0`` (a certified violation);
* ``tight``     when the sides agree to within the certified error (equality
  cases, e.g. the success bound at ``pi = 1/2``), which is not a violation;
* ``imprecise`` when the error is too large to tell.

For ``lhs == rhs``: ``verified`` when ``|lhs - rhs|`` is below the certified
error and that error is below ``10^-dps`` relative; ``falsified`` when the
enclosures are disjoint.

>>> import numpy as np
>>> from mileak.proofs.theorems import REGISTRY
>>> check = check_claim(REGISTRY.claim("T1.kl"), np.random.default_rng(0), points=2)
>>> check.status
'verified'
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from mileak.numeric.core.exact_input import exact_mpf
from mileak.numeric.core.precision import DEFAULT_DPS, GUARD_DPS, MAX_CHECK_DPS, validate_dps, working_precision
from mileak.numeric.measures.evaluate import evaluate, midpoint
from mileak.numeric.measures.scenarios import SCENARIO_DPS
from mileak.numeric.verify.scenarios import make_scenario
from mileak.proofs.definitions.quantities import Expect

VERDICTS = ("verified", "tight", "falsified", "imprecise")


@dataclass
class PointCheck:
    parameters: dict
    scenario: dict
    record: int | None
    lhs: str
    rhs: str
    margin: mpmath.mpf  # certified lower bound of rhs - lhs (inequality), or -|lhs - rhs| upper bound (equality)
    error: mpmath.mpf
    verdict: str

    def as_dict(self):
        return {"parameters": self.parameters, "scenario": self.scenario, "record": self.record,
                "lhs": self.lhs, "rhs": self.rhs, "margin": mpmath.nstr(self.margin, 8),
                "error": mpmath.nstr(self.error, 3), "verdict": self.verdict}


@dataclass
class NumericCheck:
    claim_id: str
    dps: int
    points: list = field(default_factory=list)
    seconds: float = 0.0

    def count(self, verdict):
        return sum(p.verdict == verdict for p in self.points)

    @property
    def status(self) -> str:
        if not self.points:
            return "unchecked"
        if self.count("falsified"):
            return "falsified"
        if self.count("imprecise") or not self.count("verified"):
            return "inconclusive"
        return "verified"

    @property
    def smallest_margin(self):
        return min((p.margin for p in self.points), default=None)

    @property
    def largest_error(self):
        return max((p.error for p in self.points), default=None)

    def as_dict(self):
        return {"claim": self.claim_id, "status": self.status, "dps": self.dps,
                "counts": {v: self.count(v) for v in VERDICTS},
                "smallest_margin": mpmath.nstr(self.smallest_margin, 8) if self.points else None,
                "largest_error": mpmath.nstr(self.largest_error, 3) if self.points else None,
                "points": [p.as_dict() for p in self.points]}


def _per_record(claim) -> bool:
    """A statement without ``E_z`` is checked at every record (laws and test rates depend on ``z``)."""
    return not claim.statement.has(Expect)


def judge(claim, lhs, rhs, dps):
    """Verdict, margin and error for enclosures ``lhs`` and ``rhs`` (mpmath.iv intervals)."""
    with working_precision(dps + 30):
        la, lb, ra, rb = (mpmath.mpf(v) for v in (lhs.a, lhs.b, rhs.a, rhs.b))
        error = max(lb - la, rb - ra) / 2
        scale = max(abs(la), abs(ra), mpmath.mpf(1))
        tol = scale * mpmath.mpf(10) ** (-dps)
        if claim.relation == "==":
            gap = max(abs(lb - ra), abs(rb - la))
            if la > rb or ra > lb:
                return "falsified", -gap, error
            return ("verified" if gap <= 4 * tol else "imprecise"), -gap, error
        margin = ra - lb
        if margin > 0:
            return "verified", margin, error
        if la - rb > 0:
            return "falsified", margin, error
        return ("tight" if error <= tol else "imprecise"), margin, error


def check_point(claim, scenario, values: dict, dps: int = DEFAULT_DPS, within_domain: bool = True) -> list:
    """Check ``claim`` on ``scenario`` with domain-sampled ``values``; one result per record if per-record.

    ``within_domain=False`` evaluates the statement outside its declared domains too (a search for
    where a claim fails once its assumptions are dropped); by default such a point is refused.
    """
    dps = validate_dps(dps)
    records = range(scenario.records) if _per_record(claim) else [None]
    out = []
    for z in records:
        given = {**scenario.values(z), **values}
        for p in claim.parameters if within_domain else ():  # the claim is stated on its domains only
            if p.name in given:
                p.validate(given[p.name])
        for guard in (0, 20, 40):  # an imprecise verdict is retried with more digits in the expressions' arithmetic
            lhs = evaluate(claim.statement.lhs, scenario, values, z=z, dps=dps, guard=guard)
            rhs = evaluate(claim.statement.rhs, scenario, values, z=z, dps=dps, guard=guard)
            verdict, margin, error = judge(claim, lhs, rhs, dps)
            if verdict != "imprecise":
                break
        shown = {k: mpmath.nstr(v, 17) for k, v in given.items()}
        with working_precision(dps + GUARD_DPS):
            sides = [mpmath.nstr(midpoint(x), dps) for x in (lhs, rhs)]
        out.append(PointCheck(shown, scenario.describe(), z, *sides, margin, error, verdict))
    return out


def _sample(param, rng):
    """A value from the parameter's typical range: log-uniform if it spans > 2 decades."""
    lo, hi = (sp.N(v, 40) for v in (param.typical.left, param.typical.right))
    lo_f, hi_f = float(lo), float(hi)
    if lo_f > 0 and hi_f / lo_f > 100:
        x = 10 ** rng.uniform(np.log10(lo_f), np.log10(hi_f))
    else:
        x = rng.uniform(lo_f, hi_f)
    if param.integer:
        return mpmath.mpf(int(min(max(round(x), math.ceil(lo_f)), math.floor(hi_f))))
    with working_precision(40):
        v = mpmath.mpf(float(x))
        return min(max(v, mpmath.mpf(str(lo))), mpmath.mpf(str(hi)))


def tight_point(claim):
    """The registered claim's numeric tight point (:class:`~mileak.proofs.core.sharpness.TightPoint`), or ``None``."""
    from mileak.proofs.theorems import REGISTRY

    try:
        sharp = REGISTRY.sharpness(claim)
    except (KeyError, ValueError):
        return None
    return None if sharp is None else sharp.point


def validate_check_dps(dps) -> int:
    """A numeric check's precision: at most ``MAX_CHECK_DPS`` (50) digits, since the random scenarios are formed
    at ``SCENARIO_DPS`` (80) and a check keeps 30 guard digits: above 50 an equality case would differ by the
    scenario's rounding (at 100 digits T1.compensation and T2.roc came out 'falsified' by 4e-82)."""
    return validate_dps(dps, MAX_CHECK_DPS, f"a claim's random scenarios are formed at {SCENARIO_DPS} digits and a "
                        "check keeps 30 guard digits; convert and leakage go to 1000")


def check_claim(claim, rng: np.random.Generator, points: int = 6, dps: int = DEFAULT_DPS) -> NumericCheck:
    """Check ``claim`` at ``points`` random points of its models and parameter domains."""
    dps = validate_check_dps(dps)
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ValueError(f"points={points!r} must be an int >= 1")
    result = NumericCheck(claim.id, dps)
    start = time.perf_counter()
    for i in range(points):
        model = claim.models[i % len(claim.models)]
        sampled = {p.name: _sample(p, rng) for p in claim.parameters if p.source == "domain"}
        scenario = make_scenario(model, rng, sampled)
        result.points.extend(check_point(claim, scenario, sampled, dps))
    tight = tight_point(claim)
    if tight is not None:  # where the claim is (nearly) attained: a strengthened statement fails here
        sampled = {p.name: _sample(p, rng) for p in claim.parameters if p.source == "domain"}
        sampled.update({k: exact_mpf(v, dps) for k, v in tight.values.items()})
        scenario = make_scenario(tight.model, rng, {**sampled, **{k: exact_mpf(v, dps) for k, v in tight.scenario.items()}})
        result.points.extend(check_point(claim, scenario, sampled, dps))
    result.seconds = time.perf_counter() - start
    return result
