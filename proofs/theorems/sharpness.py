"""Where each inequality of the catalogue is tight, checked by sympy: the cases the claims declare.

Every entry gives the case in words and the expression whose limit sympy takes
(:class:`~mileak.proofs.core.sharpness.Sharpness`). The finite cases use two Bernoulli laws,
``P1 = Bern(a)`` and ``P0 = Bern(b)``, evaluated through the definitions
(:func:`~mileak.proofs.definitions.divergences.to_finite`); T5's case is the linear loss
``-theta z`` with ``|z| <= L`` and ``g = theta^2 / 2``, solved by sympy; T6's is the Gaussian
mechanism at the classic calibration. A claim declares its case itself
(``Claim(..., sharpness=t1_kl)``); equalities need none.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.sharpness import Sharpness, TightPoint
from mileak.proofs.definitions import dp_sgd
from mileak.proofs.definitions.divergences import binary_entropy, kl_normal, to_finite
from mileak.proofs.definitions.hypothesis_testing import bayes_success_l1_form, pinsker_bh_crossover
from mileak.proofs.definitions.information import membership_information_kl_form
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, TV

t = sp.Symbol("t", positive=True)
pi = sp.Symbol("pi", positive=True)
HALF = sp.Rational(1, 2)


_TINY = sp.Rational(1, 10**30)


def _pair(a, b, **values):
    """A numeric tight point on the Bernoulli pair ``P1 = Bern(a)``, ``P0 = Bern(b)`` (the test: the outcome itself)."""
    return TightPoint("bernoulli_pair", values, {"a": a, "b": b})


def _below(x, digits: int = 60):
    """A rational just below the real ``x`` (within ``10^-digits``): a domain's closed end approached from inside."""
    scaled = sp.floor(sp.N(x, digits + 20) * 10**digits)
    return sp.Rational(int(scaled), 10**digits)


def _bernoulli(expr, a, b):
    return to_finite(expr, {P1: [a, 1 - a], P0: [b, 1 - b]})


def _mi(pi_value, a, b):
    return _bernoulli(membership_information_kl_form(pi_value, P1, P0), a, b)


def _kl(a, b, first=P1, second=P0):
    return _bernoulli(KL(first, second), a, b)


def t1_kl(claim) -> Sharpness:
    a, b = HALF, sp.Rational(1, 4)
    kl = _kl(a, b)
    return Sharpness("P1 = Bern(1/2), P0 = Bern(1/4), pi -> 0", _mi(pi, a, b) / (pi * kl), ((pi, 0, "+"),),
                     point=_pair(a, b, pi=sp.Rational(1, 10**6)))


def t1_jeffreys(claim) -> Sharpness:
    jeff_b = sp.Symbol("b", positive=True)
    jeffreys = _mi(pi, HALF, jeff_b) / (pi * (1 - pi) * (_kl(HALF, jeff_b) + _kl(HALF, jeff_b, P0, P1)))
    return Sharpness("P1 = Bern(1/2), P0 = Bern(b), pi -> 0, then b -> 0 (P0 towards a point mass)",
                     jeffreys, ((pi, 0, "+"), (jeff_b, 0, "+")),
                     # numerically within 1.9% (b = 1e-32, pi = 1e-36): the evaluator's absolute error
                     # (~1e-41 at 30 digits) hides the smaller values a closer point needs
                     point=_pair(HALF, sp.Rational(1, 10**32), pi=sp.Rational(1, 10**36)))


def t1_entropy(claim) -> Sharpness:
    return Sharpness("P1 = Bern(1 - t), P0 = Bern(t) at pi = 1/3, t -> 0 (mutually singular laws)",
                     _mi(sp.Rational(1, 3), 1 - t, t) / binary_entropy(sp.Rational(1, 3)), ((t, 0, "+"),),
                     point=_pair(1 - _TINY, _TINY, pi=sp.Rational(1, 3)))


def _near():
    """Pinsker is tight as the laws merge: ``P1 = Bern(1/2 + t)``, ``P0 = Bern(1/2)``; the success excess over 1/2
    and the KL."""
    near = HALF + t
    return _bernoulli(bayes_success_l1_form(HALF), near, HALF) - HALF, _kl(near, HALF)


def t2_success_tv(claim) -> Sharpness:
    tv_pi = _bernoulli(TV(P1, P0), sp.Rational(3, 4), sp.Rational(1, 4))
    success_pi = _bernoulli(bayes_success_l1_form(HALF), sp.Rational(3, 4), sp.Rational(1, 4))
    return Sharpness("pi = 1/2, any pair (here Bern(3/4), Bern(1/4)): success = 1/2 + TV/2",
                     success_pi / (HALF + HALF * tv_pi), point=_pair(sp.Rational(3, 4), sp.Rational(1, 4), pi=HALF))


def t2_success_pinsker(claim) -> Sharpness:
    excess, kl_near = _near()
    return Sharpness("pi = 1/2, P1 = Bern(1/2 + t), P0 = Bern(1/2), t -> 0 (excess over 1/2)",
                     excess / (sp.sqrt(2) * sp.sqrt(kl_near) / 4), ((t, 0, "+"),),
                     point=_pair(HALF + sp.Rational(1, 10**4), HALF, pi=HALF))


def t2_success_bh(claim) -> Sharpness:
    far = 1 - t  # Bretagnolle-Huber is tight as the laws separate
    success_far = _bernoulli(bayes_success_l1_form(HALF), far, t)
    return Sharpness("pi = 1/2, P1 = Bern(1 - t), P0 = Bern(t), t -> 0 (excess over 1/2)",
                     (success_far - HALF) / (HALF * sp.sqrt(1 - sp.exp(-_kl(far, t)))), ((t, 0, "+"),),
                     point=_pair(1 - _TINY, _TINY, pi=HALF))


t2_success_half = t2_success_pinsker  # the same case: T2.success_half is T2.success_pinsker at pi = 1/2


def t2_roc(claim) -> Sharpness:
    alpha, beta = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)
    return Sharpness("P1 = Bern(beta), P0 = Bern(alpha): the test itself is the data",
                     (beta * sp.log(beta / alpha) + (1 - beta) * sp.log((1 - beta) / (1 - alpha))) / _kl(beta, alpha),
                     point=_pair(sp.Rational(7, 10), sp.Rational(1, 5)))


def t2_pinsker_region(claim) -> Sharpness:
    d_star = pinsker_bh_crossover()
    return Sharpness("D = D* = 2 + W(-2 e^-2), the region's end", d_star / 2 - (1 - sp.exp(-d_star)),
                     target=sp.Integer(0), point=TightPoint("parameters", {"D": _below(d_star)}))


def _gap(statement):
    return statement.rhs - statement.lhs


def _vanishing(claim, symbol_name, point, **fixed):
    """The gap of a sign claim tends to 0 (no constant bound of the other sign holds), others fixed."""
    syms = {s.name: s for s in claim.statement.free_symbols}
    gap = _gap(claim.statement).xreplace({syms[k]: sp.Rational(v) for k, v in fixed.items() if k in syms})
    held = [f"{k} = {v}" for k, v in fixed.items() if k in syms]
    where = f"{symbol_name} -> {point}" + (f" at {', '.join(held)}" if held else "")
    far = 10**12  # the gap is below 10^-20 there: a shifted claim fails
    return Sharpness(where, gap, ((syms[symbol_name], point, "-" if point == sp.oo else "+"),), target=sp.Integer(0),
                     point=TightPoint(claim.models[0], {symbol_name: sp.Integer(far)}))


def _at_boundary(claim, symbol_name, value):
    syms = {s.name: s for s in claim.statement.free_symbols}
    return Sharpness(f"{symbol_name} = {value} (the end of its domain): both sides equal",
                     _gap(claim.statement).xreplace({syms[symbol_name]: value}), target=sp.Integer(0),
                     point=TightPoint(claim.models[0], {symbol_name: sp.Integer(value)}))


def _linear_loss():
    """T5's extremal case: ``loss = -theta z``, ``|z| <= L``, ``g = theta^2/2``; ``theta_D = sum z / (n lam)``."""
    theta, rest, z = sp.symbols("theta S z", real=True)
    n, lam, big_l, sigma = sp.symbols("n lam L sigma", positive=True)
    objective = (-theta * (rest + z)) / n + lam * theta**2 / 2
    (minimiser,) = sp.solve(sp.diff(objective, theta), theta)
    shift = minimiser.xreplace({z: big_l}) - minimiser.xreplace({z: -big_l})
    return shift, n, lam, big_l, sigma


def t5_shift(claim) -> Sharpness:
    shift, n, lam, big_l, sigma = _linear_loss()
    return Sharpness("loss -theta z with |z| <= L, g = theta^2/2, z = L vs z' = -L: theta_D - theta_D' = 2L/(n lam)",
                     shift / (2 * big_l / (lam * n)), point=TightPoint("linear_extremal"))


def t5_kl(claim) -> Sharpness:
    shift, n, lam, big_l, sigma = _linear_loss()
    return Sharpness("the same linear loss with output noise N(0, sigma^2)",
                     kl_normal(0, sigma, shift, sigma) / (2 * big_l**2 / (lam**2 * n**2 * sigma**2)),
                     point=TightPoint("linear_extremal"))


def t6_kl(claim) -> Sharpness:
    eps, delta, sens = sp.symbols("eps delta Delta", positive=True)
    classic = sens * sp.sqrt(2 * sp.log(sp.Rational(5, 4) / delta)) / eps
    return Sharpness("the Gaussian mechanism at the classic sigma = Delta sqrt(2 ln(1.25/delta))/eps, a shift of Delta",
                     kl_normal(0, classic, sens, classic) / (eps**2 / (4 * sp.log(5 / (4 * delta)))),
                     point=TightPoint("linear_extremal_dp"))


_T7_SLACK = "the chi-square route: KL ~ chi^2/2 as q -> 0, and half the log bound at q = 1"


def _t7_case():
    """T7's bounds go through chi^2, which loses a factor 2 against the KL: recorded as not sharp, with the
    ratio of the sides at q = 1 (the plain Gaussian mechanism N(1, z^2) vs N(0, z^2)) decided by sympy.
    Returns ``z``, the KL ``1/(2 z^2)``, chi^2 at q = 1 and T7.kl_below's bound at q = 1."""
    z = sp.Symbol("z", positive=True)
    at_q1 = {dp_sgd.q: 1, dp_sgd.z: z}
    return z, kl_normal(1, z, 0, z), sp.exp(1 / z**2) - 1, (dp_sgd.CHI2 / 2 - dp_sgd.M3 / 6).xreplace(at_q1), at_q1


def t7_kl_step(claim) -> Sharpness:
    z, kl, chi2, _, _ = _t7_case()
    return Sharpness("q = 1: KL = 1/(2 z^2) against log(1 + chi^2) = 1/z^2", kl / sp.log(1 + chi2), target=HALF,
                     slack=_T7_SLACK)


def t7_kl_step_linear(claim) -> Sharpness:
    z, kl, chi2, _, _ = _t7_case()
    return Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against exp(1/z^2) - 1", kl / chi2, ((z, sp.oo, "-"),),
                     target=HALF, slack=_T7_SLACK)


def t7_compose(claim) -> Sharpness:
    z, kl, chi2, _, _ = _t7_case()
    steps = sp.Symbol("T", positive=True)
    return Sharpness("T identical non-adaptive steps at q = 1, z -> oo (the chain rule is then an equality)",
                     steps * kl / (steps * chi2), ((z, sp.oo, "-"),), target=HALF, slack=_T7_SLACK)


def t7_kl_below(claim) -> Sharpness:
    z, kl, _, below, _ = _t7_case()
    return Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against chi^2/2 - m3/6", kl / below, ((z, sp.oo, "-"),),
                     point=_LARGE_NOISE)


def t7_kl_above(claim) -> Sharpness:
    z, kl, _, below, at_q1 = _t7_case()
    return Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against chi^2/2 - m3/6 + m4/3",
                     kl / (below + (dp_sgd.M4 / 3).xreplace(at_q1)), ((z, sp.oo, "-"),), point=_LARGE_NOISE)


_LARGE_NOISE = TightPoint("subsampled_gaussian", {"q": 1, "z": 100})  # the brackets meet the KL to 1e-4 relative


_FIXED = {"n": 2, "lam": 1, "sigma": 1, "s": 1, "p": 1, "L": 1, "A": 1, "B": 1}


def vanishing(symbol_name: str, point):
    """The tight case of a sign claim: its gap tends to 0 as ``symbol_name -> point`` (the others at 1, or
    ``n = 2``), so no constant bound of the other sign holds."""
    return lambda claim: _vanishing(claim, symbol_name, point,
                                    **{k: v for k, v in _FIXED.items() if k != symbol_name})


def at_boundary(symbol_name: str, value):
    """The tight case of a claim whose sides are equal where ``symbol_name`` takes the end ``value`` of its domain."""
    return lambda claim: _at_boundary(claim, symbol_name, value)
