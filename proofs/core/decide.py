"""Decision procedures: prove ``expr == 0`` or ``expr >= 0`` over declared domains.

Each returns an :class:`~mileak.proofs.core.status.Outcome`: PROVED only when sympy
decides the question; UNPROVED when it cannot (unknown is not false);
FALSIFIED with a witness when a point of the domain, evaluated at 50 digits,
violates the claim. The witness search runs *first* (a few deterministic
points, within ``WITNESS_WORK`` sympy operations), so a false claim is refuted
before any expensive simplification; the callers put the whole decision under a
work budget (:mod:`mileak.proofs.core.budget`).

Soundness devices (each a bijection of the domain, so nothing is assumed):

* every symbol with an interval domain is replaced by a positive variable
  ``u`` (``x = a + (b - a) u / (1 + u)`` on ``(a, b)``, ``x = a + u`` on
  ``(a, oo)``), so sympy's assumption system sees the signs;
* ``log`` is expanded only when every argument is provably positive;
* a positive variable under ``exp`` may be rewritten ``u = log(1 + v)``;
* a positive ``exp(...)`` may be generalised to a free positive variable
  (what holds for every positive value holds for that one);
* a single-variable expression with ``Min``, ``Max``, ``Abs`` or
  ``Piecewise`` is split into the regions of its branches, each decided
  separately.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> prove_nonnegative(sp.Max(x, 1 - x) - sp.Rational(1, 2), {x: sp.Interval.open(0, 1)}).status.value
'proved'
>>> prove_zero(sp.log(x**2) - 2 * sp.log(x), {x: sp.Interval.open(0, sp.oo)}).status.value
'proved'
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import decision_record
from mileak.proofs.core.budget import WorkExhausted, within_budget
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.core.status import Outcome, falsified, proved, unproved

_PIECEWISE_HEADS = (sp.Min, sp.Max, sp.Abs, sp.Piecewise, sp.sign, sp.Heaviside)


def _reparameterise(domain: sp.Interval, name: str):
    """Return (expression in a fresh variable, the variable) covering ``domain``'s interior.

    Closed finite endpoints are not covered here; callers check them separately.
    """
    lo, hi = domain.left, domain.right
    if lo == -sp.oo and hi == sp.oo:
        v = sp.Dummy(name, real=True)
        return v, v
    if hi == sp.oo:
        v = sp.Dummy(name, positive=True)
        return lo + v, v
    if lo == -sp.oo:
        v = sp.Dummy(name, positive=True)
        return hi - v, v
    v = sp.Dummy(name, positive=True)
    return lo + (hi - lo) * v / (1 + v), v


def _closed_endpoints(domain: sp.Interval):
    pts = []
    if domain.left.is_finite and not domain.left_open:
        pts.append(domain.left)
    if domain.right.is_finite and not domain.right_open:
        pts.append(domain.right)
    return pts


def _expand_logs_if_sound(e: sp.Expr) -> sp.Expr:
    """``expand_log(force=True)`` only if every log argument is provably positive.

    An argument is first brought to a single fraction (``factor(together(.))``),
    an equal expression whose sign sympy sees more easily.
    """
    logs = e.atoms(sp.log)
    if not logs:
        return e
    rewritten = {}
    for lg in logs:
        arg = lg.args[0]
        if arg.is_positive:
            continue
        alt = sp.factor(sp.together(arg))
        if not alt.is_positive:
            return e
        rewritten[lg] = sp.log(alt, evaluate=False)
    return sp.expand_log(e.xreplace(rewritten), force=True)


def _exp_substitution(e: sp.Expr) -> sp.Expr:
    """Rewrite positive ``u`` appearing in ``exp(+-c u)`` as ``log(1 + v)``, ``v > 0`` (a bijection)."""
    for u in sorted(e.free_symbols, key=str):
        if u.is_positive and any(u in a.free_symbols for a in e.atoms(sp.exp)):
            v = sp.Dummy("v", positive=True)
            e = e.xreplace({u: sp.log(1 + v)})
    return e


def _lambertw_rewrite(e: sp.Expr) -> sp.Expr:
    """Use ``exp(-W(a)) = W(a)/a`` (definition of the Lambert W function)."""
    e = sp.expand(e, power_exp=True)
    w = sp.Wild("w")
    return e.replace(sp.exp(-sp.LambertW(w)), lambda w: sp.LambertW(w) / w)


def _generalise_exponentials(e: sp.Expr) -> sp.Expr:
    """Replace each provably positive ``exp(...)`` by a free positive variable.

    Sound for both questions: a claim that holds for every positive value of
    the variable holds for the particular value ``exp(...)``.
    """
    exps = [a for a in e.atoms(sp.exp) if a.is_positive]
    return e.xreplace({a: sp.Dummy("e", positive=True) for a in exps})


def _candidates(e: sp.Expr):
    """Successively stronger simplifications of ``e`` (all equivalence-preserving)."""
    yield e
    e1 = _expand_logs_if_sound(e)
    yield e1
    if e.has(sp.exp):  # cheap before simplify: every exp(real) > 0 generalised to a free positive variable
        yield sp.factor(sp.together(_generalise_exponentials(e)))
    s = sp.simplify(e1)
    yield s
    yield sp.simplify(_expand_logs_if_sound(s))
    yield sp.factor(sp.together(s))
    logs = s.atoms(sp.log)
    if logs and all(a.args[0].is_positive for a in logs):  # combining logs of positive numbers is sound
        yield sp.simplify(sp.logcombine(s, force=True))
    if s.has(sp.erfc, sp.erf):
        yield sp.simplify(s.rewrite(sp.erf))
    if s.has(sp.LambertW):
        yield sp.simplify(_lambertw_rewrite(s))
    if s.has(sp.tanh, sp.sinh, sp.cosh):  # hyperbolic functions are rational in exponentials
        r = s.rewrite(sp.exp)
        yield sp.simplify(r)
        yield sp.simplify(_generalise_exponentials(r))
    if s.has(sp.exp):
        yield sp.simplify(_exp_substitution(s))
        yield sp.simplify(_expand_logs_if_sound(_generalise_exponentials(e)))


def _atomise(expr: sp.Expr):
    """Replace undefined-function applications (KL(P1,P0), ...) by real dummies."""
    apps = [a for a in expr.atoms(sp.Function) if isinstance(a.func, sp.core.function.UndefinedFunction)
            or getattr(a.func, "is_abstract_quantity", False)]
    mapping = {a: sp.Dummy(str(a), real=True) for a in apps}
    return expr.xreplace(mapping), mapping


def substitute_domains(expr, domains):
    """``expr`` with each symbol rewritten as a bijection of its domain (signs visible to sympy)."""
    subs = {}
    for sym, dom in domains.items():
        if sym in expr.free_symbols:
            new, _ = _reparameterise(dom, str(sym))
            subs[sym] = new
    return expr.xreplace(subs)


def sample_points(domains, expr, count=7):
    """Deterministic interior points of the domains, for looking for a witness."""
    syms = [s for s in domains if s in expr.free_symbols]
    fracs = [sp.Rational(1, 7), sp.Rational(1, 2), sp.Rational(5, 6), sp.Rational(1, 50), sp.Rational(49, 50)]
    pts = []
    for i in range(count):
        pt = {}
        for j, s in enumerate(syms):
            f = fracs[(i + 2 * j) % len(fracs)]
            d = domains[s]
            lo = d.inf if d.inf.is_finite else (d.sup - 10 if d.sup.is_finite else -3)  # inf/sup: a point too
            hi = d.sup if d.sup.is_finite else lo + 10
            pt[s] = lo + (hi - lo) * f
        pts.append(pt)
    return pts


def _search_witness(expr, domains, want):
    """Evaluate at sample points (50 digits); return a point where ``want`` visibly fails."""
    if expr.free_symbols - set(domains):
        return None
    for pt in sample_points(domains, expr):
        val = _violation(expr, pt, want)
        if val is not None:
            return pt, val
    return None


def _violation(expr, point, want):
    """``expr`` at ``point`` (50 digits) when it visibly breaks ``want`` ("zero" or "nonneg"), else ``None``."""
    try:
        val = sp.N(expr.xreplace(point), 50)
    except Exception:  # pragma: no cover - evaluation trouble is not a witness
        return None
    if not val.is_number or val.has(sp.nan, sp.zoo) or not val.is_real:
        return None
    if (want == "zero" and abs(val) > sp.Float("1e-30")) or (want == "nonneg" and val < sp.Float("-1e-30")):
        return val
    return None


def prove_zero(expr: sp.Expr, domains: dict) -> Outcome:
    """Decide ``expr == 0`` for all values of the symbols in their domains."""
    expr, domains = as_expr(expr), dict(domains)
    return decision_record.answer(expr, "zero", domains, lambda: _decide(expr, domains, "zero"))


def prove_nonnegative(expr: sp.Expr, domains: dict) -> Outcome:
    """Decide ``expr >= 0`` for all values of the symbols in their domains."""
    expr, domains = as_expr(expr), dict(domains)
    return decision_record.answer(expr, "nonneg", domains, lambda: _decide(expr, domains, "nonneg"))


def law_dependent_limits(expr) -> set:
    """The limits over an expression holding an abstract quantity (``KL(P1, P0)``): its laws depend on the
    parameters implicitly, so sympy's ``limit`` would hold it constant (``lim KL/q^2 = oo sign(KL)``)."""
    return {a for a in sp.preorder_traversal(expr) if isinstance(a, sp.Limit)
            and any(getattr(b, "is_abstract_quantity", False) for b in sp.preorder_traversal(a.args[0]))}


def _decide(expr, domains, want) -> Outcome:
    limits = law_dependent_limits(expr)
    if limits:  # decided only where they cancel, as unknowns
        atoms = {lim: sp.Dummy("limit") for lim in limits}
        expr = sp.expand(expr.xreplace(atoms))
        if expr.has(*atoms.values()):
            return unproved("a limit of a quantity of the laws: sympy would hold the laws fixed; derive it by a squeeze")
    if any(isinstance(a, (sp.Integral, sp.Limit, sp.Derivative, sp.Subs)) for a in sp.preorder_traversal(expr)):
        expr = expr.doit()  # sympy evaluates integrals, limits, derivatives; an unevaluated one stays undecided
    atomised, _ = _atomise(expr)
    domains = {s: d for s, d in domains.items() if s in atomised.free_symbols}
    out = _decide_interior(atomised, domains, want)
    if not out.proved:
        return out
    for sym, dom in domains.items():  # closed endpoints are not covered by the reparameterisation
        for pt in _closed_endpoints(dom):
            rest = {s: d for s, d in domains.items() if s != sym}
            sub = _decide(atomised.xreplace({sym: pt}), rest, want)
            if not sub.proved:
                return Outcome(sub.status, f"at the endpoint {sym}={pt}: {sub.detail}", sub.witness)
    return out


WITNESS_WORK = 150_000  # sympy operations evaluating at the sample points; sympy's simplification comes after


def _witness_first(atomised, domains, want):
    """A sample point where the claim visibly fails, looked for before any simplification."""
    try:
        return within_budget(lambda: _search_witness(atomised, domains, want), WITNESS_WORK, None)
    except WorkExhausted:
        return None


FREE_VALUES = (sp.Rational(3, 7), sp.Rational(-5, 3), sp.Rational(11, 4))  # for unknowns without a domain


def _free_witness(atomised, domains, want):
    """A point where ``want`` fails when the unknowns without a domain (abstract quantities made dummies) take
    values too: sympy treats them as free reals, so then no simplification can decide ``want`` (UNPROVED at
    once, not after the whole budget). Never a FALSIFIED: the quantities are not free."""
    free = sorted(atomised.free_symbols - set(domains), key=str)
    if not free:
        return None

    def search():
        for i, pt in enumerate(sample_points(domains, atomised, count=3)):
            point = {**pt, **{x: FREE_VALUES[(i + j) % len(FREE_VALUES)] for j, x in enumerate(free)}}
            if _violation(atomised, point, want) is not None:
                return point
        return None

    try:
        return within_budget(search, WITNESS_WORK, None)
    except WorkExhausted:
        return None


def _decide_interior(atomised, domains, want) -> Outcome:
    """The witness search, then each simplification in turn, then a case split."""
    w = _witness_first(atomised, domains, want)
    if w:
        what = "difference is" if want == "zero" else "value"
        return falsified(f"{what} {sp.N(w[1], 20)} at {w[0]}", {str(k): str(v) for k, v in w[0].items()})
    if _free_witness(atomised, domains, want) is not None:
        goal = "is not identically 0" if want == "zero" else "can be negative"
        return unproved(f"as a function of its unknowns (the abstract quantities, taken as free reals) it {goal}, so "
                        "sympy cannot decide it")
    e = substitute_domains(atomised, domains)
    for cand in _candidates(e):
        if want == "zero" and (cand == 0 or cand.is_zero):
            return proved("sympy reduces the difference to 0")
        if want == "nonneg" and cand.is_nonnegative:
            return proved("sympy decides the sign under the declared domains")
    if e.has(*_PIECEWISE_HEADS):
        out = _decide_piecewise(atomised, domains, want)
        if out is None:  # after reparameterisation other variables may have cancelled
            reduced = sp.simplify(e)
            if len(reduced.free_symbols) == 1:
                (u,) = reduced.free_symbols
                dom = sp.Interval.open(0, sp.oo) if u.is_positive else sp.Interval(-sp.oo, sp.oo)
                out = _decide_piecewise(reduced, {u: dom}, want)
        if out is not None:
            return out
    goal = "reduce to 0" if want == "zero" else "decide the sign of"
    return unproved(f"sympy could not {goal}: {sp.sstr(sp.simplify(e))[:200]}")


def _decide_piecewise(expr, domains, want) -> Outcome | None:
    """Univariate case split: decide each Piecewise branch on its own region."""
    free = [s for s in expr.free_symbols]
    if len(free) != 1 or free[0] not in domains:
        return None
    x = free[0]
    xr = sp.Symbol("x_", real=True)
    pw = sp.piecewise_fold(expr.xreplace({x: xr}).rewrite(sp.Piecewise))
    branches = pw.args if isinstance(pw, sp.Piecewise) else ((pw, sp.true),)
    remaining = domains[x]
    for branch, cond in branches:
        if remaining is sp.S.EmptySet:
            break
        region = remaining if cond is sp.true else cond.as_set().intersect(remaining)
        remaining = remaining - region
        pieces = region.args if isinstance(region, sp.Union) else (region,)
        for piece in pieces:
            out = _decide_on_piece(branch, xr, piece, want)
            if not out.proved:
                return out
    if remaining is not sp.S.EmptySet and remaining.measure != 0:
        return unproved(f"case split left {remaining} undecided")
    return proved("decided branch by branch over the regions of the case split")


def _decide_on_piece(branch, x, piece, want) -> Outcome:
    if piece is sp.S.EmptySet:
        return proved()
    if isinstance(piece, sp.FiniteSet):
        for pt in piece:
            v = sp.simplify(branch.xreplace({x: pt}))
            ok = (v == 0) if want == "zero" else v.is_nonnegative
            if not ok:
                return unproved(f"at {x}={pt}: {v}") if ok is None else falsified(f"at x={pt}: {v}", {"x": str(pt)})
        return proved()
    if not isinstance(piece, sp.Interval):
        return unproved(f"region {piece} is not an interval")
    inner = sp.Interval.open(piece.left, piece.right)
    decider = prove_zero if want == "zero" else prove_nonnegative
    out = decider(branch, {x: inner}) if x in branch.free_symbols else decider(branch, {})
    if not out.proved:
        return out
    return _decide_on_piece(branch, x, sp.FiniteSet(*_closed_endpoints(piece)), want)


def refutes(statement, witness: dict, domains: dict) -> bool:
    """Whether ``statement`` (a relation free of abstract quantities) is false at ``witness`` (50 digits).

    ``witness`` maps parameter names to the exact rationals of a decider's witness; a statement
    holding an abstract quantity (``KL(P1, P0)``, ...) cannot be evaluated and is never refuted here.
    """
    from mileak.proofs.core.facts import gap, is_equality

    atomised, mapping = _atomise(gap(statement))
    if mapping or not witness:
        return False
    by_name = {str(s): s for s in domains}
    try:
        point = {by_name[k]: sp.Rational(v) for k, v in witness.items()}
    except (KeyError, TypeError, ValueError):
        return False
    if atomised.free_symbols - set(point):
        return False
    return _violation(atomised, point, "zero" if is_equality(statement) else "nonneg") is not None
