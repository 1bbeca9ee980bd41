"""Is a symmetric matrix of expressions positive semidefinite on a domain? (T5's convexity assumptions)

``decide_psd(M, domains)`` returns an :class:`~mileak.proofs.core.status.Outcome`, trying in turn,
cheapest first:

1. **A witness.** ``M`` at a few deterministic points of the domain, exactly (rationals) or at 50
   digits: a symmetric LDL^T with diagonal pivoting (:func:`constant_psd`) finds a negative principal
   minor, and the claim is FALSIFIED at that point with that minor.
2. **A constant matrix** (no symbol left, e.g. the Hessian of a quadratic loss): the same exact LDL^T
   decides it, in O(k^3) operations for any size ``k``.
3. **Leading pivots** ``d_1, ..., d_k`` of ``M = L D L^T`` (Schur complements): when sympy proves
   ``d_1, ..., d_{k-1} > 0`` and ``d_k >= 0``, ``M`` is congruent to ``diag(d)`` and so PSD
   (Sylvester's law of inertia). k pivots, not 2^k minors. The pivots are decided on the interior
   of the domain; PSD matrices form a closed set, so a continuous ``M`` is PSD on its closure too.
4. **An evident sign** (1x1, or a *rank-one* ``M``: ``M d = v v^T`` identically with ``d = M_kk``, the
   Hessian of every generalised linear loss such as logistic regression's): ``d`` is nonnegative for
   all real values once put in a simpler form (``cancel``/``factor``, ``simplify``), by sympy's sign
   rules (squares, exponentials, even powers). Then ``w^T M w = (v^T w)^2 / d >= 0`` where ``d > 0``,
   and by continuity where ``d = 0``.
5. **Every principal minor >= 0** (the criterion for *semi*definiteness, needed when a pivot can
   vanish); 2^k - 1 minors, each decided by sympy.

Callers bound the work (:mod:`mileak.proofs.core.budget`); each simpler form tried here has its own
small allowance (``FORM_WORK``).

>>> import sympy as sp
>>> decide_psd(sp.Matrix([[2, 1], [1, 2]]), {}).status.value
'proved'
>>> decide_psd(sp.Matrix([[1, 2], [2, 1]]), {}).detail
'the principal minor on rows [0, 1] is -3'
"""

from __future__ import annotations

import itertools

import sympy as sp

from mileak.proofs.core.budget import WorkExhausted, within_budget
from mileak.proofs.core.decide import prove_nonnegative, sample_points, substitute_domains
from mileak.proofs.core.status import Outcome, falsified, proved, unproved

MAX_MINOR_SIZE = 10  # 2^10 principal minors; beyond, the pivots must decide
FORM_WORK = 20_000  # sympy operations for each simpler form of an entry (cancel/factor, simplify)


def constant_psd(m: sp.Matrix):
    """``(True, None)`` if the numeric symmetric ``m`` is PSD, else ``(False, rows)`` with a negative principal minor.

    LDL^T with diagonal pivoting on exact numbers (or 50-digit floats): at each stage the largest
    remaining diagonal entry is the pivot; a negative one, or a zero one with a nonzero entry in
    its row, shows a principal minor < 0 (returned as the rows of that minor).
    """
    a = sp.Matrix(m)
    k = a.shape[0]
    tol = 0 if all(e.is_Rational for e in a) else sp.Float("1e-40", 50)
    remaining = list(range(k))
    work = {(i, j): a[i, j] for i in range(k) for j in range(k)}
    chosen: list[int] = []
    while remaining:
        piv = max(remaining, key=lambda i: work[i, i])
        d = work[piv, piv]
        if d < -tol:
            return False, sorted(chosen + [piv])
        if abs(d) <= tol:
            for j in remaining:
                if j != piv and abs(work[piv, j]) > tol:  # [[0, b], [b, c]] has determinant -b^2 < 0
                    return False, sorted(chosen + [piv, j])
            remaining.remove(piv)
            continue
        remaining.remove(piv)
        chosen.append(piv)
        for i in remaining:
            for j in remaining:
                work[i, j] = work[i, j] - work[i, piv] * work[piv, j] / d
    return True, None


def _shown(value):
    """Exact when exact, else 20 digits."""
    return value if value.is_Rational else sp.N(value, 20)


def _minor(m: sp.Matrix, rows) -> sp.Expr:
    return m.extract(list(rows), list(rows)).det()


def _witness(m: sp.Matrix, domains: dict) -> Outcome | None:
    free = m.free_symbols
    if free - set(domains):
        return None
    probe = sp.Add(*[s for s in free])
    for point in sample_points(domains, probe):
        at = m.xreplace(point)
        if not all(e.is_Rational for e in at):
            at = at.evalf(50)
            if not all(e.is_real and e.is_finite for e in at):
                continue
        ok, rows = constant_psd(at)
        if not ok:
            value = _minor(at, rows)
            if value < 0:
                where = {str(k): str(v) for k, v in point.items()}
                return falsified(f"the principal minor on rows {rows} is {_shown(value)} at {where}", where)
    return None


def _leading_pivots(m: sp.Matrix):
    """``d_1, ..., d_k`` of ``M = L D L^T`` without pivoting (Schur complements), or ``None`` when one is 0."""
    a = sp.Matrix(m)
    k = a.shape[0]
    pivots = []
    for i in range(k):
        d = sp.cancel(a[i, i])
        pivots.append(d)
        if i == k - 1:
            break
        if d == 0:
            return None
        for r in range(i + 1, k):
            for c in range(i + 1, k):
                a[r, c] = sp.cancel(a[r, c] - a[r, i] * a[i, c] / d)
    return pivots


def decide_psd(m: sp.Matrix, domains: dict) -> Outcome:
    """Whether the symmetric ``m`` is positive semidefinite at every point of ``domains`` (module doc)."""
    m = sp.Matrix(m)
    k = m.shape[0]
    if k == 0:
        return proved("an empty matrix")
    if not m.free_symbols:
        ok, rows = constant_psd(m)
        if ok:
            return proved(f"exact LDL^T of the constant {k}x{k} matrix: every pivot >= 0")
        return falsified(f"the principal minor on rows {rows} is {_shown(_minor(m, rows))}", {})
    found = _witness(m, domains)
    if found is not None:
        return found
    if k == 1:
        form = evidently_nonnegative(m[0, 0])
        if form is not None:
            return proved(f"the 1x1 entry is >= 0 for all real values: {sp.sstr(form)[:80]}")
        out = prove_nonnegative(m[0, 0], domains)
        return out if not out.proved else proved("the 1x1 entry is >= 0")
    rank_one = _rank_one(m)
    if rank_one is not None:
        return rank_one
    pivots = _leading_pivots(m)
    if pivots is not None and all(_positive(d, domains) for d in pivots[:-1]):
        if prove_nonnegative(pivots[-1], domains).proved:
            return proved(f"LDL^T: pivots d_1..d_{k - 1} > 0 and d_{k} >= 0 (Sylvester's law of inertia)")
    if k > MAX_MINOR_SIZE:
        return unproved(f"the leading pivots of the {k}x{k} matrix are not all provably positive, and its "
                        f"2^{k} - 1 principal minors are too many to decide")
    for size in range(1, k + 1):
        for rows in itertools.combinations(range(k), size):
            out = prove_nonnegative(sp.simplify(_minor(m, rows)), domains)
            if not out.proved:
                return type(out)(out.status, f"principal minor on rows {list(rows)}: {out.detail}", out.witness)
    return proved("every principal minor >= 0")


def evidently_nonnegative(expr):
    """A form of ``expr`` that sympy's sign rules show ``>= 0`` for all real values of its symbols, or ``None``.

    Tried: ``expr`` itself, ``factor(cancel(expr))`` and ``simplify(expr)``, each within ``FORM_WORK``."""
    real = {s: sp.Dummy(s.name, real=True) for s in expr.free_symbols}
    e = expr.xreplace(real)
    for form in (lambda: e, lambda: sp.factor(sp.cancel(e)), lambda: sp.simplify(e)):
        try:
            candidate = within_budget(form, FORM_WORK, None)
        except WorkExhausted:
            continue
        if candidate.is_nonnegative:
            return candidate.xreplace({v: k for k, v in real.items()})
    return None


def _rank_one(m: sp.Matrix) -> Outcome | None:
    """PROVED when ``M d = v v^T`` identically (``d = M_kk``, ``v`` its column) and ``d`` is evidently ``>= 0``."""
    k = m.shape[0]
    pivot = next((i for i in range(k) if m[i, i] != 0), None)
    if pivot is None:
        return None
    d = m[pivot, pivot]
    try:
        identity = within_budget(lambda: all(sp.cancel(m[i, j] * d - m[i, pivot] * m[pivot, j]) == 0
                                             for i in range(k) for j in range(i, k)), FORM_WORK * k, None)
    except WorkExhausted:
        return None
    if not identity:
        return None
    form = evidently_nonnegative(d)
    if form is None:
        return None
    return proved(f"rank one: M d = v v^T with d = M[{pivot},{pivot}] = {sp.sstr(form)[:60]} >= 0 for all real "
                  "values, so w^T M w = (v^T w)^2 / d >= 0")


def _positive(expr, domains) -> bool:
    """``expr > 0`` on the domain: sympy sees it positive once each symbol is rewritten on its domain."""
    e = substitute_domains(expr, domains)
    return any(bool(c.is_positive) for c in (e, sp.factor(sp.cancel(e))))
