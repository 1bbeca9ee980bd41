"""Lemmas of real analysis cited by T2 (Jensen, concavity)."""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative
from mileak.proofs.definitions.information import expect
from mileak.proofs.lemmas.lemma import Lemma


def _jensen(f: sp.Lambda, X, var, support):
    """``E f(X) <= f(E X)`` for ``f`` concave on ``support`` (``f'' <= 0`` decided by sympy)."""
    (x,) = f.variables
    second = sp.diff(f.expr, x, 2).xreplace({x: var})
    fact = sp.Le(expect(f(X)), f(expect(X)))
    return fact, (OnDomain(Nonnegative(-second), {var: support}),)


JENSEN_CONCAVE = Lemma(
    "Jensen's inequality for a concave function",
    "Cover & Thomas (2006), Thm 2.6.2",
    "E f(X) <= f(E X) for f concave on the support of X",
    _jensen,
)


def _above_chord(f: sp.Lambda, var, a, b):
    (x,) = f.variables
    second = sp.diff(f.expr, x, 2).xreplace({x: var})
    dom = {var: sp.Interval(a, b)}
    fact = sp.Ge(f(var), 0)
    return fact, (
        OnDomain(Nonnegative(-second), dom),
        OnDomain(Nonnegative(f(a)), {}),
        OnDomain(Nonnegative(f(b)), {}),
    )


CONCAVE_ABOVE_CHORD = Lemma(
    "a concave function lies above its chord",
    "Boyd & Vandenberghe, Convex Optimization (2004), section 3.1.1",
    "f concave on [a, b], f(a) >= 0, f(b) >= 0  =>  f >= 0 on [a, b]",
    _above_chord,
)


class OnDomain:
    """A condition checked on its own domain (a bound variable), not the claim's."""

    def __init__(self, condition, domains):
        self.condition, self.domains = condition, domains

    def check(self, domains, reparam=None):
        return self.condition.check({**domains, **self.domains}, reparam)

    def text(self):
        doms = ", ".join(f"{k} in {v}" for k, v in self.domains.items())
        return self.condition.text() + (f" for {doms}" if doms else "")


def _sqrt_dominates(a, c):
    """``sqrt(a^2 + c) + a >= 0`` for ``c >= 0`` (decided by sympy on the claim's domains)."""
    return sp.Ge(sp.sqrt(a**2 + c) + a, 0), (Nonnegative(c),)


SQRT_DOMINATES = Lemma(
    "a square root dominates its radicand's square part",
    "elementary: sqrt(a^2 + c) >= sqrt(a^2) = |a| >= -a for c >= 0",
    "sqrt(a^2 + c) + a >= 0 for c >= 0",
    _sqrt_dominates,
)
