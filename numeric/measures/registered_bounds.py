"""Leakage and attack bounds evaluated from the registered statements (T1, T2).

Each bound is the right-hand side of a registered claim, with its abstract
quantities (``E_z D(P1||P0)``, ``E_z TV``...) replaced by given numbers: the
formula is read from the registry, never restated here, lowered once and kept
(:mod:`mileak.numeric.measures.kept_statements`), so a warm call imports no sympy. Success bounds are
capped at 1 (docs/theory.md T2).

* ``t1_bounds(pi, rho_kl, rho_kl_reverse=None)``: ``pi rho_KL``, Jeffreys
  (when the reverse divergence is given) and ``h(pi)``, plus the smallest.
* ``success_bounds(pi, rho_kl=None, tv=None)``: Pinsker, Bretagnolle-Huber and
  (with ``tv``) the TV bound, each capped at 1, plus the smallest.

>>> import mpmath
>>> b = t1_bounds(0.9, 6.899)
>>> sorted(b)
['entropy', 'kl', 'smallest']
>>> b["smallest"][0]
'entropy'
"""

from __future__ import annotations

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_positive, check_probability
from mileak.numeric.core.enclosure import relatively_tight
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.measures.kept_statements import atom_symbol, lowered_rhs
from mileak.numeric.measures.lowered import evaluate_lowered


def _rhs(claim_id, atoms: dict, values: dict, dps: int, cap=None) -> Certified:
    """Evaluate the registered claim's right-hand side with ``atoms`` (names of
    :data:`~mileak.numeric.measures.kept_statements.ATOMS`) -> numbers, to ``dps`` digits relative to its value:
    an enclosure wider than that is evaluated again with more working digits
    (:func:`~mileak.numeric.core.enclosure.relatively_tight`)."""
    tree = lowered_rhs(claim_id, tuple(sorted(atoms)))
    given = {**values, **{atom_symbol(a): v for a, v in atoms.items()}}
    c = relatively_tight(lambda extra: Certified.from_interval(evaluate_lowered(tree, given, dps=dps + extra), dps), dps)
    if cap is not None and c.value - c.error > cap:
        return Certified.exact(cap, dps)
    return c


def _smallest(bounds: dict):
    name = min(bounds, key=lambda k: bounds[k].value)
    return name, bounds[name]


def t1_bounds(pi, rho_kl, rho_kl_reverse=None, dps: int = DEFAULT_DPS) -> dict:
    """T1 bounds on ``rho_MI``; ``smallest`` is ``(name, value)`` of the tightest."""
    dps = validate_dps(dps)
    pi = check_probability("pi", pi)
    d10 = check_positive("rho_kl", rho_kl, allow_zero=True)
    out = {"kl": _rhs("T1.kl", {"rho_kl": d10}, {"pi": pi}, dps),
           "entropy": _rhs("T1.entropy", {}, {"pi": pi}, dps)}
    if rho_kl_reverse is not None:
        d01 = check_positive("rho_kl_reverse", rho_kl_reverse, allow_zero=True)
        out["jeffreys"] = _rhs("T1.jeffreys", {"rho_kl": d10, "rho_kl_reverse": d01}, {"pi": pi}, dps)
    out["smallest"] = _smallest(out)
    return out


def success_bounds(pi, rho_kl=None, tv=None, dps: int = DEFAULT_DPS) -> dict:
    """T2 bounds on any adversary's success probability, each capped at 1."""
    dps = validate_dps(dps)
    pi = check_probability("pi", pi)
    if rho_kl is None and tv is None:
        raise ValueError("give rho_kl (a divergence in [0, oo)) and/or tv (a total variation in [0, 1])")
    out = {}
    if rho_kl is not None:
        d = check_positive("rho_kl", rho_kl, allow_zero=True)
        out["pinsker"] = _rhs("T2.success_pinsker", {"rho_kl": d}, {"pi": pi}, dps, cap=1)
        out["bh"] = _rhs("T2.success_bh", {"rho_kl": d}, {"pi": pi}, dps, cap=1)
    if tv is not None:
        t = check_probability("tv", tv, open_interval=False)
        out["tv"] = _rhs("T2.success_tv", {"e_tv": t}, {"pi": pi}, dps, cap=1)
    out["smallest"] = _smallest(out)
    return out


