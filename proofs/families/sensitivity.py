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
   ``L = sqrt(c)`` is ``proved``. If sympy cannot decide, the answer is
   ``unproved`` with no value: the largest value seen is a *lower* bound of the
   supremum, never printed as ``L`` (the numeric layer may certify an upper bound
   by interval arithmetic, :mod:`mileak.numeric.families.generic.interval_lipschitz`).

``t5_assumptions``: ``loss`` convex in ``theta`` and ``g`` 1-strongly convex: the Hessians
positive semidefinite (:func:`mileak.proofs.families.definiteness.decide_psd`: a witness first,
then exact LDL^T, leading pivots, principal minors).

Each question runs within ``PROVER_WORK`` sympy operations (:mod:`mileak.proofs.core.budget`): over it the
answer is ``unproved`` "used its work budget", the same on any machine, never a hang.

>>> from mileak.proofs.families.logistic import LOGISTIC
>>> lipschitz_constant(LOGISTIC, R=1).status
'proved'
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import sympy as sp

from mileak.proofs.core.budget import BudgetExceeded, WorkExhausted, within_budget
from mileak.proofs.core.decide import prove_nonnegative
from mileak.proofs.core.status import Outcome, over_budget
from mileak.proofs.families.definiteness import decide_psd

PROVER_WORK = 50_000  # sympy operations for each question (a user family's L, or one Hessian's definiteness)
PROVER_TIMEOUT_S = 120.0  # the wall-clock safety net (TIMED_OUT, never UNPROVED)


@dataclass(frozen=True)
class Sensitivity:
    status: str  # 'proved', 'unbounded' or 'unproved'
    value: sp.Expr | None  # L (sympy number), oo, or None when unproved
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
            outcome = within_budget(lambda: decide_psd(hess, domains),  # noqa: B023 - called at once
                                    PROVER_WORK, PROVER_TIMEOUT_S)
        except BudgetExceeded as exc:
            outcome = over_budget("positive semidefiniteness of the Hessian", exc)
        out.append((text, outcome))
    return out


def _explore(g2, family, box, rng, radius=None):
    """Largest ``||grad loss||^2`` seen at random data and theta, at theta scales 1, 10, 100, 1000 (or, with
    ``radius``, theta uniform in ``[-radius, radius]`` per coordinate, at one scale).

    Pure Python (``random.Random``, a ``math`` lambdify): the symbolic layer imports no numpy.
    """
    syms = list(family.z) + list(family.theta)
    f = sp.lambdify(syms, g2, modules="math")
    maxima = []
    corners = 2 ** min(len(family.z), 10)  # the first draws are the box's corners (where sups of data terms sit)
    for scale in (1.0, 10.0, 100.0, 1000.0) if radius is None else (float(radius),):
        cols = []
        for j, sym in enumerate(family.z):
            lo, hi = box[sym].left, box[sym].right
            lo_f = float(lo) if lo.is_finite else -scale
            hi_f = float(hi) if hi.is_finite else scale
            pool = [lo_f, hi_f, (lo_f + hi_f) / 2] + [rng.uniform(lo_f, hi_f) for _ in range(400)]
            cols.append([(lo_f, hi_f)[(i >> j) & 1] if i < corners else rng.choice(pool) for i in range(2000)])
        low = 0.5 if radius is None else 0.0  # a ball: its centre and its edge both matter
        thetas = [[scale * rng.choice((-1.0, 1.0)) * (1.0 if radius is not None and i % 3 == 0 else rng.uniform(low, 1))
                   for i in range(2000)] for _ in family.theta]
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


def _lipschitz(family, loss, box, radius=None):
    key = (family.name, sp.srepr(loss), tuple(sorted((str(k), str(v)) for k, v in box.items())), str(radius))
    if key not in _CACHE:
        _CACHE[key] = _compute_lipschitz(family, loss, box, radius)
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


def _compute_lipschitz(family, loss, box, radius=None):
    grad = [sp.diff(loss, t) for t in family.theta]
    g2 = _simplified(sum(gi**2 for gi in grad))
    if g2.free_symbols - set(family.z) - set(family.theta):
        missing = sorted(map(str, g2.free_symbols - set(family.z) - set(family.theta)))
        raise ValueError(f"the gradient of family {family.name!r} needs values for {missing}")
    maxima = _explore(g2, family, box, random.Random(0), radius)
    if radius is None and (not math.isfinite(maxima[-1]) or maxima[-1] > 10 * max(maxima[1], 1e-300)
                           or maxima[-1] > 1e12):
        return Sensitivity("unbounded", sp.oo, "||grad loss||^2 grows with the scale of theta or the data: "
                           + ", ".join(f"{m:.3g}" for m in maxima) + " at scales 1, 10, 100, 1000")
    top = max(maxima)
    if not math.isfinite(top):
        return Sensitivity("unbounded", sp.oo, f"||grad loss||^2 is not finite on the data box with |theta| <= {radius}")
    candidates = _candidate_bounds(top)
    details = []
    domains = _domains(family, box)
    if radius is not None:
        domains.update({t: sp.Interval(-radius, radius) for t in family.theta})

    def prove():
        split = _split_by_theta(g2, family)
        if split is not None:  # sup(A(z) B(theta, z)) <= sup A * sup B, each proved on its own
            bounds = [_prove_bound(part, _candidate_bounds(max(_explore(part, family, box, random.Random(1), radius))),
                                   domains, details) for part in split]
            if all(b is not None for b in bounds) and bounds[0] * bounds[1] <= candidates[-1]:
                return bounds[0] * bounds[1], f"sympy proves {split[0]} <= {bounds[0]} and {split[1]} <= {bounds[1]}"
        bound = _prove_bound(g2, candidates, domains, details)
        return None if bound is None else (bound, f"sympy proves ||grad loss||^2 <= {bound} on the domain")

    try:
        found = within_budget(prove, PROVER_WORK, PROVER_TIMEOUT_S)
    except BudgetExceeded as exc:
        details.append(f"the proof {exc}")
        found = None
    if found is not None:
        return Sensitivity("proved", sp.sqrt(found[0]), found[1])
    return Sensitivity("unproved", None, f"sympy could not prove ||grad loss||^2 <= c (the largest value seen, "
                       f"{top:.6g}, is only a lower bound of the supremum) for c in " + "; ".join(details))


SIMPLIFY_WORK = 40_000


def _simplified(expr):
    """``simplify(expr)`` within ``SIMPLIFY_WORK`` sympy operations (a simpler form evaluates without overflow:
    ``tanh`` rather than ``sinh/cosh``), else ``expr`` as it is."""
    try:
        return within_budget(lambda: sp.simplify(expr), SIMPLIFY_WORK, None)
    except WorkExhausted:
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


def lipschitz_constant(family, lam=None, **values) -> Sensitivity:
    """``L`` for the family at these parameter values (see the module docstring).

    With ``lam`` and a gradient unbounded over all theta, ``L`` is sought on the ball where every minimiser
    lies instead (:func:`minimiser_radius`): enough for T5, whose proof evaluates gradients at minimisers only.
    """
    from mileak.proofs.families import resolve_family

    family = resolve_family(family)
    family.validate(**values)
    box = family.box(**values)
    subs = {p.symbol: sp.Rational(values[p.name]) for p in family.parameters if p.name in values}
    loss = family.loss.xreplace(subs)
    found = _lipschitz(family, loss, box)
    if found.status != "unbounded" or lam is None:
        return found
    radius = minimiser_radius(family, loss, box, lam)
    if radius is None:
        return found
    on_ball = _lipschitz(family, loss, box, radius[0])
    if not on_ball.proved:
        return Sensitivity(on_ball.status, on_ball.value, f"on the minimisers' box |theta_j| <= {radius[0]}: "
                           + on_ball.detail)
    return Sensitivity("proved", on_ball.value, f"{radius[1]}; there {on_ball.detail}")


def minimiser_radius(family, loss, box, lam):
    """``(r, why)`` with every minimiser of ``(1/n) sum loss(theta; z_i) + lam ||theta||^2/2`` in ``|theta_j| <= r``,
    or ``None`` when the regulariser is not ``||theta||^2/2`` or the bound cannot be proved.

    The objective ``F`` is ``lam``-strongly convex (a convex loss), so ``||theta* - 0|| <= ||grad F(0)|| / lam
    <= G0 / lam`` with ``G0^2 = sup_z ||grad loss(0; z)||^2`` proved by sympy on the data box. (Its
    convexity is T5's own assumption, decided beside it.)
    """
    if sp.simplify(family.regularizer - sum(t**2 for t in family.theta) / 2) != 0:
        return None
    lam = sp.Rational(lam)
    at_zero = loss.xreplace({t: 0 for t in family.theta})
    g0 = _simplified(sum(sp.diff(loss, t).xreplace({t2: 0 for t2 in family.theta}) ** 2 for t in family.theta))
    if g0.free_symbols - set(family.z) or at_zero.has(sp.nan, sp.zoo):
        return None
    top = max(_explore(g0, family, box, random.Random(2), 1.0))
    if not math.isfinite(top):
        return None
    details = []
    try:
        bound = within_budget(lambda: _prove_bound(g0, _candidate_bounds(top), _domains(family, box), details),
                              PROVER_WORK, PROVER_TIMEOUT_S)
    except BudgetExceeded:
        return None
    if bound is None:
        return None
    bound = max(bound, sp.Rational(1, 10**6))  # a larger ball is as valid, and keeps theta's box an interval
    radius = _round_up_sqrt(bound) / lam
    return radius, (f"every minimiser lies in ||theta|| <= sqrt({bound})/lam <= {radius} (sympy proves "
                    f"||grad loss(0; z)||^2 <= {bound}; the objective is lam-strongly convex)")


def _round_up_sqrt(value) -> sp.Rational:
    """A rational at or above ``sqrt(value)`` (``value`` a non-negative rational), exact when it is a square."""
    root = sp.sqrt(sp.Rational(value))
    if root.is_Rational:
        return root
    guess = _round_up(float(root) * (1 + 1e-12), 6)
    while guess**2 < value:  # exact check
        guess *= sp.Rational(1000001, 1000000)
    return guess
