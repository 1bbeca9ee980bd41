"""Where each inequality of the catalogue is tight (issue: sharp bounds), checked by sympy.

Every entry gives the case in words and the expression whose limit sympy takes
(:class:`~mileak.proofs.core.sharpness.Sharpness`). The finite cases use two Bernoulli laws,
``P1 = Bern(a)`` and ``P0 = Bern(b)``, evaluated through the definitions
(:func:`~mileak.proofs.definitions.divergences.to_finite`); T5's case is the linear loss
``-theta z`` with ``|z| <= L`` and ``g = theta^2 / 2``, solved by sympy; T6's is the Gaussian
mechanism at the classic calibration. ``SHARPNESS`` maps a claim id to its entry; equalities
need none.
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


def _t1():
    a, b = HALF, sp.Rational(1, 4)
    kl = _kl(a, b)
    jeff_b = sp.Symbol("b", positive=True)
    jeffreys = _mi(pi, HALF, jeff_b) / (pi * (1 - pi) * (_kl(HALF, jeff_b) + _kl(HALF, jeff_b, P0, P1)))
    return {
        "T1.kl": Sharpness("P1 = Bern(1/2), P0 = Bern(1/4), pi -> 0", _mi(pi, a, b) / (pi * kl), ((pi, 0, "+"),),
                           point=_pair(a, b, pi=sp.Rational(1, 10**6))),
        "T1.jeffreys": Sharpness("P1 = Bern(1/2), P0 = Bern(b), pi -> 0, then b -> 0 (P0 towards a point mass)",
                                 jeffreys, ((pi, 0, "+"), (jeff_b, 0, "+")),
                                 # numerically within 1.9% (b = 1e-32, pi = 1e-36): the evaluator's absolute error
                                 # (~1e-41 at 30 digits) hides the smaller values a closer point needs
                                 point=_pair(HALF, sp.Rational(1, 10**32), pi=sp.Rational(1, 10**36))),
        "T1.entropy": Sharpness("P1 = Bern(1 - t), P0 = Bern(t) at pi = 1/3, t -> 0 (mutually singular laws)",
                                _mi(sp.Rational(1, 3), 1 - t, t) / binary_entropy(sp.Rational(1, 3)), ((t, 0, "+"),),
                                point=_pair(1 - _TINY, _TINY, pi=sp.Rational(1, 3))),
    }


def _t2():
    alpha, beta = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)
    near = HALF + t  # Pinsker is tight as the laws merge
    success_near = _bernoulli(bayes_success_l1_form(HALF), near, HALF)
    kl_near = _kl(near, HALF)
    far = 1 - t  # Bretagnolle-Huber is tight as the laws separate
    success_far = _bernoulli(bayes_success_l1_form(HALF), far, t)
    kl_far = _kl(far, t)
    tv_pi = _bernoulli(TV(P1, P0), sp.Rational(3, 4), sp.Rational(1, 4))
    success_pi = _bernoulli(bayes_success_l1_form(HALF), sp.Rational(3, 4), sp.Rational(1, 4))
    d_star = pinsker_bh_crossover()
    return {
        "T2.success_tv": Sharpness("pi = 1/2, any pair (here Bern(3/4), Bern(1/4)): success = 1/2 + TV/2",
                                   success_pi / (HALF + HALF * tv_pi),
                                   point=_pair(sp.Rational(3, 4), sp.Rational(1, 4), pi=HALF)),
        "T2.success_pinsker": Sharpness("pi = 1/2, P1 = Bern(1/2 + t), P0 = Bern(1/2), t -> 0 (excess over 1/2)",
                                        (success_near - HALF) / (sp.sqrt(2) * sp.sqrt(kl_near) / 4), ((t, 0, "+"),),
                                        point=_pair(HALF + sp.Rational(1, 10**4), HALF, pi=HALF)),
        "T2.success_bh": Sharpness("pi = 1/2, P1 = Bern(1 - t), P0 = Bern(t), t -> 0 (excess over 1/2)",
                                   (success_far - HALF) / (HALF * sp.sqrt(1 - sp.exp(-kl_far))), ((t, 0, "+"),),
                                   point=_pair(1 - _TINY, _TINY, pi=HALF)),
        "T2.success_half": Sharpness("P1 = Bern(1/2 + t), P0 = Bern(1/2), t -> 0 (excess over 1/2)",
                                     (success_near - HALF) / (sp.sqrt(2) * sp.sqrt(kl_near) / 4), ((t, 0, "+"),),
                                     point=_pair(HALF + sp.Rational(1, 10**4), HALF, pi=HALF)),
        "T2.roc": Sharpness("P1 = Bern(beta), P0 = Bern(alpha): the test itself is the data",
                            (beta * sp.log(beta / alpha) + (1 - beta) * sp.log((1 - beta) / (1 - alpha)))
                            / _kl(beta, alpha), point=_pair(sp.Rational(7, 10), sp.Rational(1, 5))),
        "T2.pinsker_region": Sharpness("D = D* = 2 + W(-2 e^-2), the region's end",
                                       d_star / 2 - (1 - sp.exp(-d_star)), target=sp.Integer(0),
                                       point=TightPoint("parameters", {"D": _below(d_star)})),
    }


def _gap(statement):
    return statement.rhs - statement.lhs


def _vanishing(claim, symbol_name, point, **fixed):
    """The gap of a sign claim tends to 0 (no constant bound of the other sign holds), others fixed."""
    syms = {s.name: s for s in claim.statement.free_symbols}
    gap = _gap(claim.statement).xreplace({syms[k]: sp.Rational(v) for k, v in fixed.items() if k in syms})
    where = f"{symbol_name} -> {point}" + (f" at {', '.join(f'{k} = {v}' for k, v in fixed.items() if k in syms)}"
                                           if fixed else "")
    far = {"n": 10**12, "lam": 10**12}[symbol_name]  # the gap is below 10^-20 there: a shifted claim fails
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


def _t5_t6():
    shift, n, lam, big_l, sigma = _linear_loss()
    kl = kl_normal(0, sigma, shift, sigma)
    eps, delta, sens = sp.symbols("eps delta Delta", positive=True)
    classic = sens * sp.sqrt(2 * sp.log(sp.Rational(5, 4) / delta)) / eps
    return {
        "T5.shift": Sharpness("loss -theta z with |z| <= L, g = theta^2/2, z = L vs z' = -L: "
                              "theta_D - theta_D' = 2L/(n lam)", shift / (2 * big_l / (lam * n)),
                              point=TightPoint("linear_extremal")),
        "T5.kl": Sharpness("the same linear loss with output noise N(0, sigma^2)",
                           kl / (2 * big_l**2 / (lam**2 * n**2 * sigma**2)), point=TightPoint("linear_extremal")),
        "T6.kl": Sharpness("the Gaussian mechanism at the classic sigma = Delta sqrt(2 ln(1.25/delta))/eps, "
                           "a shift of Delta", kl_normal(0, classic, sens, classic) / (eps**2 / (4 * sp.log(5 / (4 * delta)))),
                           point=TightPoint("linear_extremal_dp")),
    }


def _t7():
    """T7's bounds go through chi^2, which loses a factor 2 against the KL: recorded as not sharp, with the
    ratio of the sides at q = 1 (the plain Gaussian mechanism N(1, z^2) vs N(0, z^2)) decided by sympy."""
    z, steps = sp.Symbol("z", positive=True), sp.Symbol("T", positive=True)
    kl = kl_normal(1, z, 0, z)  # D(N(1, z^2) || N(0, z^2)) = 1 / (2 z^2)
    chi2 = sp.exp(1 / z**2) - 1  # q^2 (exp(1/z^2) - 1) at q = 1
    at_q1 = {dp_sgd.q: 1, dp_sgd.z: z}
    below = (dp_sgd.CHI2 / 2 - dp_sgd.M3 / 6).xreplace(at_q1)  # T7.kl_below's bound at q = 1
    above = below + (dp_sgd.M4 / 3).xreplace(at_q1)
    slack = "the chi-square route: KL ~ chi^2/2 as q -> 0, and half the log bound at q = 1"
    return {
        "T7.kl_step": Sharpness("q = 1: KL = 1/(2 z^2) against log(1 + chi^2) = 1/z^2", kl / sp.log(1 + chi2),
                                target=HALF, slack=slack),
        "T7.kl_step_linear": Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against exp(1/z^2) - 1", kl / chi2,
                                       ((z, sp.oo, "-"),), target=HALF, slack=slack),
        "T7.compose": Sharpness("T identical non-adaptive steps at q = 1, z -> oo (the chain rule is then an "
                                "equality)", steps * kl / (steps * chi2), ((z, sp.oo, "-"),), target=HALF,
                                slack=slack),
        "T7.kl_below": Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against chi^2/2 - m3/6", kl / below,
                                 ((z, sp.oo, "-"),), point=_LARGE_NOISE),
        "T7.kl_above": Sharpness("q = 1, z -> oo: KL = 1/(2 z^2) against chi^2/2 - m3/6 + m4/3", kl / above,
                                 ((z, sp.oo, "-"),), point=_LARGE_NOISE),
    }


_LARGE_NOISE = TightPoint("subsampled_gaussian", {"q": 1, "z": 100})  # the brackets meet the KL to 1e-4 relative


_SIGN_CLAIMS = {  # claim id -> (the variable that sends the gap to 0, the point)
    "T3.f1_kl": ("n", sp.oo), "T3.f1_c2": ("n", sp.oo), "T4.f1_kl": ("n", sp.oo), "T4.f1_c2": ("n", sp.oo),
    "T5.falls_in_n": ("n", sp.oo), "T5.falls_in_lam": ("lam", sp.oo), "T5.grows_with_L": ("n", sp.oo),
}
_BOUNDARY_CLAIMS = {"T3.f1_mi": ("h", 0), "T4.f1_mi": ("h", 0)}
_FIXED = {"n": 2, "lam": 1, "sigma": 1, "s": 1, "p": 1, "L": 1}


def sharpness_of(claim) -> Sharpness | None:
    """The recorded tight case of ``claim`` (``None`` for an equality, or when none is recorded)."""
    if claim.id in _SIGN_CLAIMS:
        name, point = _SIGN_CLAIMS[claim.id]
        return _vanishing(claim, name, point, **{k: v for k, v in _FIXED.items() if k != name})
    if claim.id in _BOUNDARY_CLAIMS:
        return _at_boundary(claim, *_BOUNDARY_CLAIMS[claim.id])
    builder = _BUILDERS.get(claim.id.split(".")[0])
    if builder is not None and builder not in _BUILT:
        _TABLE.update(builder())  # one theorem's entries, built when one of its claims is first asked for
        _BUILT.add(builder)
    return _TABLE.get(claim.id)


_TABLE: dict[str, Sharpness] = {}
_BUILT: set = set()
_BUILDERS = {"T1": _t1, "T2": _t2, "T5": _t5_t6, "T6": _t5_t6, "T7": _t7}
