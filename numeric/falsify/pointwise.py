"""Counterexample search for T3 and T4 in their pointwise (strong-adversary) form.

The claims, for neighbouring datasets ``D = D_rest + z``, ``D' = D_rest + z'``:

* T3: adding a record ``w`` to ``D_rest`` (so ``n -> n + 1``) does not raise
  ``KL_n = D(q(.|D) || q(.|D'))``;
* T4: raising ``lam`` to ``lam + dlam`` does not raise it.

A case is a small dataset with integer features (and labels ``+-1`` for
logistic regression), ``lam``, ``dlam`` and the noise (``sigma`` or ``tau``)
in tenths. ``hypothesis.find`` searches for a case where the KL *rises* by
more than the certified error of both sides, and shrinks it to a minimal
one (fewest records, smallest numbers). The two sides are exact rationals
where the family allows (ridge and F1 under output perturbation), else
intervals of width ``< 10^-dps``.

>>> ce = search("T4", "ridge", "output", budget=200, seed=0)
>>> ce is not None and ce.after > ce.before
True
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from mileak.numeric.core.certified import shown
from mileak.numeric.core.checks import check_int, check_seed
from mileak.numeric.core.exact_input import exact_decimal
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps, working_precision
from mileak.numeric.families.registry import names, plugin

MAX_BUDGET = 10**5  # examples for the search; more would not finish in a session

CLAIMS = ("T3", "T4")


@dataclass
class Case:
    rest: list
    z: list
    z_prime: list
    extra: list  # the record w added for T3 (unused for T4)
    lam: Fraction
    dlam: Fraction
    noise: Fraction


@dataclass
class Counterexample:
    claim: str
    family: str
    release: str
    case: Case
    before: mpmath.mpf
    after: mpmath.mpf
    error: mpmath.mpf
    exact_before: Fraction | None = None
    exact_after: Fraction | None = None
    dps: int = DEFAULT_DPS
    examples: int = 0
    extra: dict = field(default_factory=dict)
    user_family: dict | None = None  # a user family's formulas and domains (:func:`family_spec`), for the replay

    @property
    def n(self):
        return len(self.case.rest) + 1

    def __str__(self) -> str:
        """A readable report: the claim, the smallest case found, both sides (exact where the family allows)."""
        d = self.as_dict()
        ch, ex = d["changed"], d["exact"]
        after = f"{ex['after']} = " if ex else ""
        before = f"{ex['before']} = " if ex else ""
        return "\n".join([
            f"{self.claim} fails pointwise on {self.family} ({self.release} release): {d['statement']} is false at",
            "  " + ", ".join(f"{k} = {v}" for k, v in d["parameters"].items()),
            f"  changed: {ch['parameter']} {ch['from']} -> {ch['to']}",
            "  data: " + ", ".join(f"{k} = {v}" for k, v in d["data"].items()),
            f"  KL after  = {after}{d['lhs (after)']}",
            f"  KL before = {before}{d['rhs (before)']}  (certified error {d['certified_error']})"])

    def as_dict(self) -> dict:
        c = self.case
        fr = lambda v: str(v)  # noqa: E731 - exact rational text, e.g. '3/10'
        noise = "sigma" if self.release == "output" else "tau"
        (after, err_a), (before, err_b) = (shown(v, self.error, self.dps) for v in (self.after, self.before))
        error = max((err_a, err_b), key=mpmath.mpf)
        changed = ("n", self.n, self.n + 1) if self.claim == "T3" else ("lam", fr(c.lam), fr(c.lam + c.dlam))
        out = {
            "claim": self.claim, "form": "pointwise (strong adversary: D_rest, z, z' fixed)",
            "family": self.family, "release": self.release, "status": "falsified",
            "statement": ("KL(n + 1) <= KL(n)" if self.claim == "T3" else "KL(lam + dlam) <= KL(lam)"),
            "parameters": {"n": self.n, "lam": fr(c.lam), "dlam": fr(c.dlam), noise: fr(c.noise), "p": len(c.z) - self._label()},
            "data": {"D_rest": [[fr(v) for v in r] for r in c.rest], "z": [fr(v) for v in c.z],
                     "z_prime": [fr(v) for v in c.z_prime], **({"w": [fr(v) for v in c.extra]} if self.claim == "T3" else {})},
            "changed": {"parameter": changed[0], "from": changed[1], "to": changed[2]},
            "lhs (after)": after, "rhs (before)": before,
            "exact": ({"after": fr(self.exact_after), "before": fr(self.exact_before)}
                      if self.exact_after is not None else None),
            "certified_error": error, "dps": self.dps, "examples_tried": self.examples,
            "rerun": f"mileak falsify {self.claim} --family {self.family} --release {self.release} --replay CERT.json",
        }
        if self.user_family is not None:  # its formulas and domains: ``--replay CERT.json`` alone rebuilds it
            out["user_family"] = self.user_family
            out["rerun"] = f"mileak falsify {self.claim} --release {self.release} --replay CERT.json"
        out["sha256"] = content_hash(out)
        return out

    def _label(self):
        return plugin(self.family).label_columns if self.family in names() else 0  # a user family: no labels


def _cases(family, p: int):
    """Cases of small exact records drawn by the family's plug-in (``draw_record``)."""
    plug = plugin(family)
    if plug.draw_record is None:
        raise ValueError(f"family {plug.name!r} declares no records for the pointwise search (draw_record)")
    tenths = st.integers(1, 30).map(lambda k: Fraction(k, 10))

    @st.composite
    def case(draw):
        k = draw(st.integers(0, 3))
        rest = [plug.draw_record(draw, p) for _ in range(k)]
        return Case(rest, plug.draw_record(draw, p), plug.draw_record(draw, p), plug.draw_record(draw, p),
                    draw(tenths), draw(tenths), draw(tenths))

    return case()


def _remembered(kl):
    """``kl`` with its results kept for the search: shrinking a case changes one part at a time, so a side of the
    claim (the KL before adding ``w``, or at ``lam``) is asked again and again (22% of the calls of verify's six
    searches); the arguments are exact rationals, so a kept result is the one a new call would certify."""
    kept = {}

    def remembered(rest, z, z_prime, lam, noise, dps):
        key = (tuple(map(tuple, rest)), tuple(z), tuple(z_prime), lam, noise, dps)
        if key not in kept:
            try:
                kept[key] = (kl(rest, z, z_prime, lam, noise, dps), None)
            except (ValueError, ArithmeticError) as exc:
                kept[key] = (None, exc)
        value, error = kept[key]
        if error is not None:
            raise error
        return value

    return remembered


def evaluate_case(claim, kl, case: Case, dps):
    """``(before, after)`` as ``(Certified, exact)`` pairs for ``claim`` on ``case``."""
    before = kl(case.rest, case.z, case.z_prime, case.lam, case.noise, dps)
    if claim == "T3":
        after = kl(case.rest + [case.extra], case.z, case.z_prime, case.lam, case.noise, dps)
    else:
        after = kl(case.rest, case.z, case.z_prime, case.lam + case.dlam, case.noise, dps)
    return before, after


def _rises(before, after) -> bool:
    (b, be), (a, ae) = before, after
    if be is not None and ae is not None:
        return ae > be
    return a.value - a.error > b.value + b.error


def search(claim: str, family: str, release: str, budget: int = 300, seed: int = 0, p: int = 1,
           dps: int = DEFAULT_DPS) -> Counterexample | None:
    """The smallest case found where the pointwise claim fails, or ``None`` if none in ``budget`` examples."""
    if claim not in CLAIMS:
        raise ValueError(f"claim={claim!r} must be one of {CLAIMS}")
    plug = plugin(family)  # a registered name or a Family (a user family: the generic plug-in)
    check_int("budget", budget, 1, MAX_BUDGET)
    check_seed(seed)
    if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= 4:
        raise ValueError(f"p={p!r} must be an int in [1, 4]")
    dps = validate_dps(dps)
    kl = _remembered(plug.oracle(release))
    tried = {"n": 0}

    def fails(case):
        tried["n"] += 1
        try:
            return _rises(*evaluate_case(claim, kl, case, dps))
        except (ValueError, ArithmeticError):  # singular system (lam > 0 prevents it) or uncertifiable
            return False

    opts = settings(max_examples=budget, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))
    try:
        case = find(_cases(family, p), fails, settings=opts, random=random.Random(seed))
    except NoSuchExample:
        return None
    before, after = evaluate_case(claim, kl, case, dps)
    error = max(before[0].error, after[0].error)
    name = family if isinstance(family, str) else family.name
    return Counterexample(claim, name, release, case, before[0].value, after[0].value, error,
                          before[1], after[1], dps, tried["n"],
                          user_family=None if isinstance(family, str) else family_spec(family))


def family_spec(family) -> dict:
    """A user family as text a certificate can hold: its loss and regulariser (sympy's printing, which the
    restricted parser reads back), theta and data names, data box and finite values."""
    import sympy as sp

    return {"name": family.name, "loss": sp.sstr(family.loss), "regularizer": sp.sstr(family.regularizer),
            "theta": [t.name for t in family.theta], "data": [z.name for z in family.z],
            "box": {s.name: [str(lo), str(hi)] for s, (lo, hi) in family.data_box.items()
                    if s not in family.data_values},
            "values": {s.name: [str(v) for v in vs] for s, vs in family.data_values.items()}}


def family_from_spec(spec) -> object:
    """The user family a certificate records (:func:`family_spec`), rebuilt through the restricted parser."""
    from mileak.proofs.families.user_family import from_sympy

    try:
        return from_sympy(str(spec["name"]), spec["loss"], spec["regularizer"], theta=list(spec["theta"]),
                          data=list(spec["data"]),
                          data_box={k: tuple(exact_decimal(v, f"user_family box {k}") for v in b)
                                    for k, b in spec["box"].items()},
                          data_values={k: [exact_decimal(v, f"user_family values {k}") for v in vs]
                                       for k, vs in spec["values"].items()})
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"certificate field 'user_family' is malformed: {exc}") from None


def content_hash(cert: dict) -> str:
    """SHA-256 of a certificate's recorded fields (canonical JSON, the hash field itself left out)."""
    body = {k: v for k, v in cert.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _recorded_number(value, field: str) -> Fraction:
    """A certificate's number: exact text (``'1/10'``, ``'0.1'``) or a JSON integer, its exponent bounded."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"field {field!r} holds {value!r:.40}; a certificate records numbers as exact text")
    return Fraction(value) if isinstance(value, int) else exact_decimal(value, f"field {field!r}")


def replay(cert: dict, user_family=None, claim=None, family=None, release=None) -> Counterexample:
    """Recompute a certificate written by :func:`search` and compare every recorded value.

    ``claim``, ``family`` and ``release`` (the command line's, when given) must be the certificate's. The
    content hash must match the recorded fields; each side is recomputed from the recorded data and must
    agree with the recorded value: exact rationals exactly, decimals within the certified error and the
    printed digits. Any difference is an error that names the field. Pass the ``Family`` for a user family.
    """
    if not isinstance(cert, dict):
        raise ValueError("certificate is malformed: not a JSON object")
    for field_name, wanted in (("claim", claim), ("family", family), ("release", release)):
        if wanted is not None and cert.get(field_name) != wanted:
            raise ValueError(f"certificate field {field_name!r} is {cert.get(field_name)!r}, not {wanted!r} as asked")
    if "sha256" not in cert:
        raise ValueError("certificate field 'sha256' is missing: a certificate written by --json carries the hash "
                         "of its content")
    if cert["sha256"] != content_hash(cert):
        raise ValueError("certificate does not match its content hash (sha256): a recorded field was changed")
    if cert.get("status") != "falsified":
        raise ValueError(f"certificate field 'status' is {cert.get('status')!r}; a counterexample records 'falsified'")
    try:
        claim, family_name, release = cert["claim"], cert["family"], cert["release"]
        data, params = cert["data"], cert["parameters"]
        parse = lambda row, where: [_recorded_number(v, where) for v in row]  # noqa: E731
        noise = params.get("sigma", params.get("tau"))
        case = Case([parse(r, "D_rest") for r in data["D_rest"]], parse(data["z"], "z"), parse(data["z_prime"], "z_prime"),
                    parse(data.get("w", data["z"]), "w"), _recorded_number(params["lam"], "lam"),
                    _recorded_number(params["dlam"], "dlam"), _recorded_number(noise, "sigma"))
        if isinstance(cert.get("dps"), bool) or not isinstance(cert.get("dps"), int):
            raise ValueError(f"field 'dps' is {cert.get('dps')!r}; it records the working digits as an integer")
        dps = validate_dps(cert["dps"])
        exact = {k: _recorded_number(cert[k], k) for k in ("lhs (after)", "rhs (before)", "certified_error")}
        if exact["certified_error"] < 0:
            raise ValueError(f"field 'certified_error' is {cert['certified_error']}; an error bound is >= 0")
        with working_precision(dps + 20):  # the recorded decimals at full precision (not mpmath's default 15 digits)
            recorded = {k: mpmath.mpf(v.numerator) / v.denominator for k, v in exact.items()}
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"certificate is malformed: {exc}") from None
    if claim not in CLAIMS:
        raise ValueError(f"certificate field 'claim' is {claim!r}; it must be one of {CLAIMS}")
    spec = cert.get("user_family")
    if spec is not None:
        if user_family is None:
            user_family = family_from_spec(spec)
        elif family_spec(user_family) != {**spec, "name": user_family.name}:
            raise ValueError("certificate field 'user_family' records another loss or domain than the one given "
                             f"({spec.get('loss')!r}); replay it without --loss, or give its own")
    elif user_family is not None:
        raise ValueError("the certificate is of a registered family, not a user family: replay it without --loss")
    kl = plugin(user_family if user_family is not None else family_name).oracle(release)
    before, after = evaluate_case(claim, kl, case, dps)
    ce = Counterexample(claim, family_name, release, case, before[0].value, after[0].value,
                        max(before[0].error, after[0].error), before[1], after[1], dps)
    fresh = ce.as_dict()
    for key in ("statement", "parameters", "changed"):
        if cert.get(key) != fresh[key]:
            raise ValueError(f"certificate field {key!r} is {cert.get(key)!r}; the recorded data give {fresh[key]!r}")
    if cert.get("exact") is not None and cert["exact"] != fresh["exact"]:
        raise ValueError(f"certificate field 'exact' is {cert['exact']!r}; recomputed exactly: {fresh['exact']!r}")
    for key, (value, error) in (("lhs (after)", (after[0].value, after[0].error)),
                                ("rhs (before)", (before[0].value, before[0].error))):
        with working_precision(dps + 20):
            allowed = error + abs(value) * mpmath.mpf(10) ** (1 - dps)  # certified error + the printed digits
            if abs(recorded[key] - value) > allowed:
                raise ValueError(f"certificate field {key!r} is {cert[key]}; recomputed {mpmath.nstr(value, dps)} "
                                 f"(certified error {mpmath.nstr(error, 3)})")
    if recorded["certified_error"] < mpmath.mpf(fresh["certified_error"]) * (1 - mpmath.mpf(10) ** -3):
        raise ValueError(f"certificate field 'certified_error' is {cert['certified_error']}; the recomputed certified "
                         f"error is {fresh['certified_error']} (a certificate may not claim more precision than it has)")
    if not _rises(before, after):
        raise ValueError("certificate does not reproduce: the KL does not rise at the recorded point")
    return ce


def replay_document(doc: dict, user_family=None, claim=None, family=None, release=None) -> Counterexample:
    """Replay what ``mileak falsify --json`` wrote: the whole report (its ``sha256`` covering every field, the
    summary included, and its summary agreeing with its counterexample) or a bare pointwise certificate."""
    if not isinstance(doc, dict):
        raise ValueError("certificate is malformed: not a JSON object")
    if "pointwise" not in doc:
        return replay(doc, user_family, claim, family, release)
    if "sha256" not in doc:
        raise ValueError("report field 'sha256' is missing: a report written by --json carries the hash of its content")
    if doc["sha256"] != content_hash(doc):
        raise ValueError("report does not match its content hash (sha256): a recorded field was changed")
    cert = doc["pointwise"]
    if not isinstance(cert, dict):
        raise ValueError("report field 'pointwise' holds no counterexample: nothing to replay")
    for key in ("claim", "family", "release"):
        if doc.get(key) != cert.get(key):
            raise ValueError(f"report field {key!r} is {doc.get(key)!r}, its counterexample's {cert.get(key)!r}")
    summary = doc.get("summary")
    if not isinstance(summary, dict) or summary.get("pointwise_kl") != "falsified":
        raise ValueError(f"report field 'summary' says pointwise_kl is {(summary or {}).get('pointwise_kl')!r}, "
                         "but the report holds a counterexample")
    return replay(cert, user_family, claim, family, release)
