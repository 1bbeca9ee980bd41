"""T5's sensitivity ``L >= sup ||grad_theta loss(theta; z)||`` certified by interval arithmetic, where sympy cannot.

``interval_lipschitz(family, values, lam)`` returns ``(L, how)`` with ``L`` an exact rational upper bound, or
``None``. Two domains, tried in turn:

1. the data box and every ``theta`` in ``R^p`` (:func:`.interval_bound.upper_bound` with infinite ends): enough
   for losses whose gradient stays bounded (logistic, softplus, log-cosh);
2. with ``lam`` and the regulariser ``||theta||^2/2``: the box ``|theta_j| <= r`` holding every minimiser of
   ``(1/n) sum loss + lam ||theta||^2/2``, ``r = sqrt(G0)/lam`` with ``G0 >= sup_z ||grad loss(0; z)||^2``
   (the objective is lam-strongly convex for a convex loss, T5's own assumption, so ``||theta*|| <=
   ||grad F(0)||/lam``). T5's proof uses the gradient at minimisers only.

>>> import sympy as sp
>>> from mileak.proofs.families.user_family import from_sympy
>>> fam = from_sympy("sq", "(y - a*u - b*v)**2/2", "(a**2 + b**2)/2", theta=["a", "b"], data=["u", "v", "y"],
...                  data_box={"u": (-1, 1), "v": (-1, 1), "y": (-1, 1)})
>>> L, how = interval_lipschitz(fam, {}, lam=sp.Rational(1, 2))
>>> 88.6 < float(L) ** 2 < 88.8   # the supremum on that box: (1 + 2 r)^2 * 2 with r = 2 sqrt(2)
True
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

from .interval_bound import upper_bound


def sqrt_up(value: Fraction, digits: int = 10) -> Fraction:
    """The least decimal with ``digits`` significant digits at or above ``sqrt(value)`` (checked exactly)."""
    if value <= 0:
        return Fraction(0)
    scale = Fraction(10) ** (digits - 1 - math.floor(math.log10(math.sqrt(float(value)))))
    guess = Fraction(math.ceil(math.sqrt(float(value)) * scale)) / scale
    while guess * guess < value:  # exact: the float square root may sit a unit low
        guess += 1 / scale
    while guess - 1 / scale > 0 and (guess - 1 / scale) ** 2 >= value:
        guess -= 1 / scale
    return guess


def decimal_text(value: Fraction) -> str:
    """A rational whose denominator divides a power of 10, written exactly as a decimal."""
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    text = str(abs(value.numerator * 10**places // value.denominator)).rjust(places + 1, "0")
    return ("-" if value < 0 else "") + (text[:-places] + "." + text[-places:] if places else text)


FORM_WORK = 30_000  # sympy operations for the factored form of ||grad loss||^2


def _forms(expr) -> list:
    """``expr`` and its factored form (a product of a data factor and a theta factor encloses far tighter:
    logistic's ``y^2 ||x||^2 (1 + e^s)^-2`` is at most ``R^2`` for every ``s``)."""
    from mileak.proofs.core.budget import WorkExhausted, within_budget

    try:
        factored = within_budget(lambda: sp.factor(sp.powsimp(expr)), FORM_WORK, None)
    except WorkExhausted:
        return [expr]
    return [expr] if factored == expr else [factored, expr]


def _least(bounds):
    """The first finite bound of the forms, tried lazily, factored form first (it encloses tighter)."""
    for bound in bounds:
        if bound is not None:
            return bound
    return None


def interval_lipschitz(family, values: dict, lam=None) -> tuple[Fraction, str] | None:
    """``(L, how)`` certified by interval arithmetic, or ``None`` (module doc)."""
    subs = {p.symbol: sp.Rational(values[p.name]) for p in family.parameters if p.name in values}
    loss = family.loss.xreplace(subs)
    box = family.box(**values)
    discrete = {s: list(vs) for s, vs in family.data_values.items()}
    data = {s: (iv.left, iv.right) for s, iv in box.items() if s not in discrete}
    if any(not (lo.is_finite and hi.is_finite) for lo, hi in data.values()):
        return None
    grad = [sp.diff(loss, t) for t in family.theta]
    g2 = sp.Add(*[g**2 for g in grad])
    forms = _forms(g2)
    whole = _least(upper_bound(f, {**data, **{t: (-sp.oo, sp.oo) for t in family.theta}}, discrete) for f in forms)
    if whole is not None:
        L = sqrt_up(whole)
        return L, (f"interval arithmetic: ||grad loss||^2 <= {float(whole):.9g} on the data box for every theta "
                   "(certified enclosures, bisected)")
    if lam is None or sp.simplify(family.regularizer - sum(t**2 for t in family.theta) / 2) != 0:
        return None
    g0 = sp.Add(*[g.xreplace({t: 0 for t in family.theta}) ** 2 for g in grad])
    top = _least(upper_bound(f, data, discrete) for f in _forms(g0))
    if top is None:
        return None
    radius = sqrt_up(top) / Fraction(sp.Rational(lam).p, sp.Rational(lam).q)
    r = sp.Rational(radius.numerator, radius.denominator)
    on_ball = _least(upper_bound(f, {**data, **{t: (-r, r) for t in family.theta}}, discrete) for f in forms)
    if on_ball is None:
        return None
    return sqrt_up(on_ball), (f"interval arithmetic on the minimisers' box |theta_j| <= {float(radius):.6g} "
                              f"(||theta*|| <= sqrt(G0)/lam, G0 = {float(top):.6g} >= sup ||grad loss(0; z)||^2): "
                              f"||grad loss||^2 <= {float(on_ball):.9g} there")
