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

``t5_assumptions``: ``loss`` convex in ``theta`` and ``g`` 1-strongly convex,
decided from the principal minors of the Hessians.

>>> from mileak.proofs.families.logistic import LOGISTIC
>>> lipschitz_constant(LOGISTIC, R=1).status
'proved'
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import sympy as sp

from mileak.proofs.core.decide import prove_nonnegative
from mileak.proofs.core.status import Outcome, proved


@dataclass(frozen=True)
class Sensitivity:
    status: str  # 'proved', 'unbounded' or 'unproved'
    value: sp.Expr | None  # L (sympy number), oo, or the unproved estimate
    detail: str

    @property
    def proved(self) -> bool:
        return self.status == "proved"


def _principal_minors(m: sp.Matrix):
    k = m.shape[0]
    for r in range(1, k + 1):
        for idx in itertools.combinations(range(k), r):
            yield m.extract(list(idx), list(idx)).det()


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
        outcome = None
        for minor in _principal_minors(hess):
            o = prove_nonnegative(sp.simplify(minor), domains)
            if not o.proved:
                outcome = o
                break
        out.append((text, outcome or proved("every principal minor >= 0")))
    return out


def _explore(g2, family, box, rng):
    """Largest ``||grad loss||^2`` seen at random data and theta, at theta scales 1, 10, 100, 1000.

    Pure Python (``random.Random``, a ``math`` lambdify): the symbolic layer imports no numpy.
    """
    syms = list(family.z) + list(family.theta)
    f = sp.lambdify(syms, g2, modules="math")
    maxima = []
    for scale in (1.0, 10.0, 100.0, 1000.0):
        cols = []
        for sym in family.z:
            lo, hi = box[sym].left, box[sym].right
            lo_f = float(lo) if lo.is_finite else -scale
            hi_f = float(hi) if hi.is_finite else scale
            pool = [lo_f, hi_f, (lo_f + hi_f) / 2] + [rng.uniform(lo_f, hi_f) for _ in range(400)]
            cols.append([rng.choice(pool) for _ in range(2000)])
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


def _compute_lipschitz(family, loss, box):
    grad = [sp.diff(loss, t) for t in family.theta]
    g2 = sp.simplify(sum(gi**2 for gi in grad))
    if g2.free_symbols - set(family.z) - set(family.theta):
        missing = sorted(map(str, g2.free_symbols - set(family.z) - set(family.theta)))
        raise ValueError(f"the gradient of family {family.name!r} needs values for {missing}")
    maxima = _explore(g2, family, box, random.Random(0))
    if not math.isfinite(maxima[-1]) or maxima[-1] > 10 * max(maxima[1], 1e-300) or maxima[-1] > 1e12:
        return Sensitivity("unbounded", sp.oo, "||grad loss||^2 grows with the scale of theta or the data: "
                           + ", ".join(f"{m:.3g}" for m in maxima) + " at scales 1, 10, 100, 1000")
    top = max(maxima)
    if top <= 0:
        candidates = [sp.Integer(0)]
    else:  # simple values at or above the largest value seen: the true sup is often a round number
        candidates = sorted({c for c in (sp.nsimplify(top, tolerance=t * top, rational=True) for t in (5e-2, 1e-2))
                             if c >= top} | {sp.Rational(math.ceil(top * 1.01 * 1000), 1000)})
    details = []
    for candidate in candidates[:2]:
        outcome = prove_nonnegative(candidate - g2, _domains(family, box))
        if outcome.proved:
            return Sensitivity("proved", sp.sqrt(candidate), f"sympy proves ||grad loss||^2 <= {candidate} on the domain")
        details.append(f"{candidate}: {outcome.status.value}")
    return Sensitivity("unproved", sp.sqrt(candidates[-1]), f"estimate only (largest value seen {top:.6g}); sympy "
                       f"could not prove ||grad loss||^2 <= c for c in " + "; ".join(details))


def lipschitz_constant(family, **values) -> Sensitivity:
    """``L`` for the family at these parameter values (see the module docstring)."""
    from mileak.proofs.families import resolve_family

    family = resolve_family(family)
    family.validate(**values)
    box = family.box(**values)
    subs = {p.symbol: sp.Rational(values[p.name]) for p in family.parameters if p.name in values}
    return _lipschitz(family, family.loss.xreplace(subs), box)
