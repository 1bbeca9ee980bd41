"""The sensitivity ``L = sup ||grad_theta loss(theta; z)||`` of a family, and T5's other assumptions.

``lipschitz_constant(family, **values)``: the data domain is the family's
declared box (parameter values substituted), ``theta`` ranges over ``R^p``.

1. A numeric exploration evaluates ``||grad||^2`` on the box (corners and
   random points) with ``theta`` at growing scales. If it keeps growing with
   the scale the result is ``unbounded`` (with the evidence): no ``L`` is
   guessed, and T5 does not apply.
2. Otherwise the largest value seen suggests a candidate ``c`` (the nearest
   simple rational at or above it), and sympy must *prove* ``c - ||grad||^2 >= 0``
   on the whole domain (:func:`mileak.proofs.core.decide.prove_nonnegative`); then
   ``L = sqrt(c)`` is ``proved``. If sympy cannot decide, the estimate is
   returned as ``unproved`` and must not be used as a bound.

``t5_assumptions``: ``loss`` convex in ``theta`` and ``g`` 1-strongly convex: the Hessians
positive semidefinite (:func:`mileak.proofs.families.definiteness.decide_psd`: a witness first,
then exact LDL^T, leading pivots, principal minors).

Each question runs within ``PROVER_BUDGET_S`` seconds of wall time; over it the answer is
``unproved`` "timed out", never a hang.

>>> from mileak.proofs.families.logistic import LOGISTIC
>>> lipschitz_constant(LOGISTIC, R=1).status
'proved'
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import sympy as sp

from mileak.proofs.core.budget import DEFAULT_STEP_BUDGET_S, BudgetExceeded, within_budget
from mileak.proofs.core.decide import prove_nonnegative
from mileak.proofs.core.status import Outcome, unproved
from mileak.proofs.families.definiteness import decide_psd

PROVER_BUDGET_S = DEFAULT_STEP_BUDGET_S


@dataclass(frozen=True)
class Sensitivity:
    status: str  # 'proved', 'unbounded' or 'unproved'
    value: sp.Expr | None  # L (sympy number), oo, or the unproved estimate
    detail: str

    @property
    def proved(self) -> bool:
        return self.status == "proved"


def _domains(family, box):
    return {**box, **{t: sp.Interval(-sp.oo, sp.oo) for t in family.theta}}


def t5_assumptions(family, **values) -> list[tuple[str, Outcome]]:
    """``[(assumption, Outcome)]`` for convexity of the loss and 1-strong convexity of ``g``."""
    from mileak.proofs.families import resolve_family

    family = resolve_family(family)
    family.validate(**values)
    box = family.box(**values)
    subs = {p.symbol: sp.Rational(values[p.name]) for p in family.parameters if p.name in values}
    domains = _domains(family, box)
    out = []
    checks = (("loss(.; z) convex in theta", family.hessian().xreplace(subs)),
              ("g 1-strongly convex", sp.hessian(family.regularizer, family.theta).xreplace(subs) - sp.eye(len(family.theta))))
    for text, hess in checks:
        try:
            outcome = within_budget(lambda: decide_psd(hess, domains), PROVER_BUDGET_S)  # noqa: B023 - called at once
        except BudgetExceeded as exc:
            outcome = unproved(f"positive semidefiniteness of the Hessian {exc}")
        out.append((text, outcome))
    return out


def _explore(g2, family, box, rng):
    """Largest ``||grad loss||^2`` seen at random data and theta, at theta scales 1, 10, 100, 1000.

    Pure Python (``random.Random``, a ``math`` lambdify): the symbolic layer imports no numpy.
    """
    syms = list(family.z) + list(family.theta)
    f = sp.lambdify(syms, g2, modules="math")
    maxima = []
    corners = 2 ** min(len(family.z), 10)  # the first draws are the box's corners (where sups of data terms sit)
    for scale in (1.0, 10.0, 100.0, 1000.0):
        cols = []
        for j, sym in enumerate(family.z):
            lo, hi = box[sym].left, box[sym].right
            lo_f = float(lo) if lo.is_finite else -scale
            hi_f = float(hi) if hi.is_finite else scale
            pool = [lo_f, hi_f, (lo_f + hi_f) / 2] + [rng.uniform(lo_f, hi_f) for _ in range(400)]
            cols.append([(lo_f, hi_f)[(i >> j) & 1] if i < corners else rng.choice(pool) for i in range(2000)])
        thetas = [[scale * rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 1) for _ in range(2000)] for _ in family.theta]
        best = -math.inf
        for i in range(2000):
            try:
                v = float(f(*(c[i] for c in cols), *(t[i] for t in thetas)))
            except (OverflowError, ValueError, ZeroDivisionError, TypeError):
                continue
            if math.isfinite(v):
                best = max(best, v)
        maxima.append(best if best > -math.inf else math.inf)
    return maxima


_CACHE: dict = {}


def _lipschitz(family, loss, box):
    key = (family.name, sp.srepr(loss), tuple(sorted((str(k), str(v)) for k, v in box.items())))
    if key not in _CACHE:
        _CACHE[key] = _compute_lipschitz(family, loss, box)
    return _CACHE[key]


def _round_up(value: float, digits: int) -> sp.Rational:
    """The smallest number with ``digits`` significant digits that is >= ``value`` (> 0)."""
    step = sp.Rational(10) ** (math.floor(math.log10(value)) - digits + 1)
    return sp.ceiling(sp.Rational(value) / step) * step


def _candidate_bounds(top: float) -> list:
    """Simple values at or above the largest ``||grad||^2`` seen, smallest first (at most 3).

    The supremum is often a round number approached only as ``|theta| -> oo`` (logistic: ``R^2``),
    so the sample maximum sits a little below it: a nearby simple fraction, and ``top`` rounded up
    to 2 and to 1 significant digits.
    """
    if top <= 0:
        return [sp.Integer(0)]
    found = {sp.nsimplify(top, tolerance=t * top, rational=True) for t in (5e-2, 1e-2)}
    found |= {_round_up(top, 2), _round_up(top, 1)}
    return sorted(c for c in found if c >= top * (1 - 1e-12))[:3]  # top is a float: 1/9 may print as 0.1111...2


def _compute_lipschitz(family, loss, box):
    grad = [sp.diff(loss, t) for t in family.theta]
    g2 = _simplified(sum(gi**2 for gi in grad))
    if g2.free_symbols - set(family.z) - set(family.theta):
        missing = sorted(map(str, g2.free_symbols - set(family.z) - set(family.theta)))
        raise ValueError(f"the gradient of family {family.name!r} needs values for {missing}")
    maxima = _explore(g2, family, box, random.Random(0))
    if not math.isfinite(maxima[-1]) or maxima[-1] > 10 * max(maxima[1], 1e-300) or maxima[-1] > 1e12:
        return Sensitivity("unbounded", sp.oo, "||grad loss||^2 grows with the scale of theta or the data: "
                           + ", ".join(f"{m:.3g}" for m in maxima) + " at scales 1, 10, 100, 1000")
    top = max(maxima)
    candidates = _candidate_bounds(top)
    details = []
    domains = _domains(family, box)

    def prove():
        split = _split_by_theta(g2, family)
        if split is not None:  # sup(A(z) B(theta, z)) <= sup A * sup B, each proved on its own
            bounds = [_prove_bound(part, _candidate_bounds(max(_explore(part, family, box, random.Random(1)))),
                                   domains, details) for part in split]
            if all(b is not None for b in bounds) and bounds[0] * bounds[1] <= candidates[-1]:
                return bounds[0] * bounds[1], f"sympy proves {split[0]} <= {bounds[0]} and {split[1]} <= {bounds[1]}"
        bound = _prove_bound(g2, candidates, domains, details)
        return None if bound is None else (bound, f"sympy proves ||grad loss||^2 <= {bound} on the domain")

    try:
        found = within_budget(prove, PROVER_BUDGET_S)
    except BudgetExceeded as exc:
        details.append(f"the proof {exc}")
        found = None
    if found is not None:
        return Sensitivity("proved", sp.sqrt(found[0]), found[1])
    return Sensitivity("unproved", sp.sqrt(candidates[-1]), f"estimate only (largest value seen {top:.6g}); sympy "
                       f"could not prove ||grad loss||^2 <= c for c in " + "; ".join(details))


SIMPLIFY_BUDGET_S = 5.0


def _simplified(expr):
    """``simplify(expr)`` within ``SIMPLIFY_BUDGET_S`` (a simpler form evaluates without overflow:
    ``tanh`` rather than ``sinh/cosh``), else ``expr`` as it is."""
    try:
        return within_budget(lambda: sp.simplify(expr), SIMPLIFY_BUDGET_S)
    except BudgetExceeded:
        return expr


def _split_by_theta(g2, family):
    """``(A(z), B(theta, z))`` with ``g2 = A * B``, both non-negative, when ``g2`` factors that way; else ``None``.

    Logistic: ``||grad||^2 = x^2 y^2 * e^{-2u} / (1 + e^{-u})^2`` with ``u = theta x y``; the data
    factor is bounded on the box and the other by 1, where a proof of the product as a whole stalls.
    """
    factors = sp.Mul.make_args(sp.factor(sp.powsimp(g2)))
    theta = set(family.theta)
    data = sp.Mul(*[f for f in factors if not f.free_symbols & theta])
    rest = sp.Mul(*[f for f in factors if f.free_symbols & theta])
    if data.is_number or rest.is_number:
        return None
    if not (data.is_nonnegative or _is_square(data)) or not (rest.is_nonnegative or _is_square(rest)):
        return None
    return data, rest


def _is_square(e) -> bool:
    """A product of even powers of real expressions (so non-negative)."""
    return all(isinstance(f, sp.Pow) and f.exp.is_even or f.is_nonnegative for f in sp.Mul.make_args(e))


def _prove_bound(expr, candidates, domains, details):
    """The first candidate ``c`` with ``c - expr >= 0`` proved by sympy, else ``None`` (reasons in ``details``)."""
    for candidate in candidates:
        outcome = prove_nonnegative(candidate - expr, domains)
        if outcome.proved:
            return candidate
        details.append(f"{candidate}: {outcome.status.value}")
    return None


def lipschitz_constant(family, **values) -> Sensitivity:
    """``L`` for the family at these parameter values (see the module docstring)."""
    from mileak.proofs.families import resolve_family

    family = resolve_family(family)
    family.validate(**values)
    box = family.box(**values)
    subs = {p.symbol: sp.Rational(values[p.name]) for p in family.parameters if p.name in values}
    return _lipschitz(family, family.loss.xreplace(subs), box)
