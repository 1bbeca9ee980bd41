"""Regularised ERM for any family (shipped or user-given), solved to a certified tolerance.

``F_D(theta) = (1/n) sum_i loss(theta; z_i) + lam g(theta)``, with the family's sympy
``loss`` and ``regularizer``; gradient and Hessian are derived by sympy and
evaluated in ``mpmath`` at ``dps + 20`` digits. Newton's method (with step
halving while the objective does not decrease) runs until ``||grad F_D(theta)|| / lam``
is below ``10^-(dps+10)``. The stop is then *certified* (:mod:`.certify`): interval
arithmetic shows ``F_D`` ``m``-strongly convex on a ball around it, so a strict local
minimiser lies within ``||grad F_D|| / m`` (the returned ``error``); a stop that is a
maximum or a saddle raises :class:`~.certify.NotAMinimiser` instead of being returned.
When ``loss`` is convex and ``g`` 1-strongly convex (T5's assumptions, decided by
:func:`mileak.proofs.families.sensitivity.t5_assumptions`) it is the global minimiser.

This is what makes every check run on a user family unchanged: neighbouring-dataset
KLs for the counterexample finder and the T5 check on sampled datasets (:func:`mileak.numeric.families.t5_check.t5_check`).

>>> from mileak.proofs.families.user_family import from_sympy
>>> fam = from_sympy("log-cosh", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x", data_box={"x": (-1, 1)})
>>> fit = erm(fam, [[0.5], [-0.2], [0.9]], lam=0.5)
>>> fit.error < 1e-40
True
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.checks import check_positive
from mileak.numeric.core.exact_input import datum_mpf
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps, working_precision

from .certify import NotAMinimiser, certify_local_minimiser

_COMPILED: dict = {}


@dataclass(frozen=True)
class ERMFit:
    theta: list
    error: mpmath.mpf
    iterations: int


def _compiled(family, subs_key):
    key = (family.name, sp.srepr(family.loss), sp.srepr(family.regularizer), subs_key)
    if key not in _COMPILED:
        subs = dict(subs_key)
        loss = family.loss.xreplace(subs)
        reg = family.regularizer.xreplace(subs)
        th, z = list(family.theta), list(family.z)
        free = (loss.free_symbols | reg.free_symbols) - set(th) - set(z)
        if free:
            raise ValueError(f"family {family.name!r} needs values for {sorted(map(str, free))}")
        grad_l = [sp.diff(loss, t) for t in th]
        hess_l = [[sp.diff(g, t) for t in th] for g in grad_l]
        grad_g = [sp.diff(reg, t) for t in th]
        hess_g = [[sp.diff(g, t) for t in th] for g in grad_g]
        mk = lambda e, args: sp.lambdify(args, e, modules="mpmath")  # noqa: E731 - code from a sympy tree
        iv = lambda e, args: sp.lambdify(args, e, modules=[_IV, "mpmath"])  # noqa: E731
        missing = sorted({type(f).__name__ for e in (loss, reg) for f in e.atoms(sp.Function)} - set(_IV_FUNCTIONS))
        enclosures = None if missing else (iv(grad_l, th + z), iv(hess_l, th + z), iv(grad_g, th), iv(hess_g, th))
        _COMPILED[key] = (mk(loss, th + z), mk(grad_l, th + z), mk(hess_l, th + z),
                          mk(reg, th), mk(grad_g, th), mk(hess_g, th), enclosures, missing)
    return _COMPILED[key]


def _iv_sinh(x):
    return (mpmath.iv.exp(x) - mpmath.iv.exp(-x)) / 2


def _iv_cosh(x):
    return (mpmath.iv.exp(x) + mpmath.iv.exp(-x)) / 2


def _iv_tanh(x):
    return 1 - 2 / (mpmath.iv.exp(2 * x) + 1)


# the functions whose interval enclosures the certificate can use (sympy name -> mpmath.iv); anything
# else (atan, erf, Max, ...) leaves a minimiser uncertified rather than enclosed by a point value
_IV_FUNCTIONS = {"exp": "exp", "log": "log", "sin": "sin", "cos": "cos", "tan": "tan", "Abs": "abs",
                 "sinh": "sinh", "cosh": "cosh", "tanh": "tanh"}
_IV = {"mpf": mpmath.iv.mpf, "exp": mpmath.iv.exp, "log": mpmath.iv.log, "sin": mpmath.iv.sin,
       "cos": mpmath.iv.cos, "tan": mpmath.iv.tan, "sqrt": mpmath.iv.sqrt, "pi": mpmath.iv.pi, "e": mpmath.iv.e,
       "E": mpmath.iv.e, "sinh": _iv_sinh, "cosh": _iv_cosh, "tanh": _iv_tanh}


def _subs_key(family, values):
    return tuple(sorted((p.symbol, sp.Rational(str(values[p.name])) if isinstance(values[p.name], float)
                         else sp.Rational(values[p.name])) for p in family.parameters if p.name in values))


def erm(family, records, lam, dps: int = DEFAULT_DPS, max_iter: int = 80, **values) -> ERMFit:
    """The minimiser of ``F_D`` over the rows ``records`` (one column per data symbol)."""
    from mileak.numeric.core.checks import check_array
    from mileak.proofs.families import resolve_family

    family = resolve_family(family)
    dps = validate_dps(dps)
    lam = check_positive("lam", lam)
    rows = check_array("records", records, 2)
    exact_rows = [list(r) for r in records] if isinstance(records, (list, tuple)) else None  # Fractions stay exact
    if rows.shape[1] != len(family.z):
        raise ValueError(f"records must have shape (n, {len(family.z)}), got {rows.shape}")
    f_l, g_l, h_l, f_g, g_g, h_g, enclosures, missing = _compiled(family, _subs_key(family, values))
    target = mpmath.mpf(10) ** (-(dps + 10))
    k = len(family.theta)
    with working_precision(dps + 20):
        lam_w = datum_mpf(lam)
        data = [[datum_mpf(v) for v in r] for r in (exact_rows if exact_rows is not None else rows)]
        n = len(data)

        def objective(th):
            return mpmath.fsum(f_l(*th, *r) for r in data) / n + lam_w * f_g(*th)

        def grad_hess(th):
            g = [lam_w * v for v in g_g(*th)]
            h = mpmath.matrix(h_g(*th)) * lam_w
            for r in data:
                gl, hl = g_l(*th, *r), h_l(*th, *r)
                for i in range(k):
                    g[i] += gl[i] / n
                    for j in range(k):
                        h[i, j] += hl[i][j] / n
            return g, h

        theta = [mpmath.mpf(0)] * k
        for it in range(1, max_iter + 1):
            g, h = grad_hess(theta)
            bound = mpmath.sqrt(mpmath.fsum(v * v for v in g)) / lam_w
            if bound < target:
                return _certified(family, theta, h, exact_rows if exact_rows is not None else data, lam, enclosures,
                                  missing, it)
            step = mpmath.lu_solve(h, mpmath.matrix(g))
            t = mpmath.mpf(1)
            if bound > mpmath.mpf(10) ** -6:  # damped far from the minimiser; full steps near it
                base = objective(theta)
                while t > mpmath.mpf(10) ** -12 and objective([a - t * step[i] for i, a in enumerate(theta)]) > base:
                    t /= 2
            theta = [a - t * step[i] for i, a in enumerate(theta)]
    raise PrecisionError(f"ERM for family {family.name!r} did not reach ||theta - theta_D|| < 1e-{dps + 10} in "
                         f"{max_iter} Newton steps; raise max_iter or lam, or check convexity")


def _enclosure(v):
    """An interval holding the exact datum ``v``: a ``Fraction`` such as ``1/3`` by interval division, an int or
    an ``mpf`` rounded outward, a binary float as its point."""
    if isinstance(v, Fraction):
        return mpmath.iv.mpf(v.numerator) / v.denominator
    if isinstance(v, numbers.Integral):
        return mpmath.iv.mpf(int(v))
    return mpmath.iv.mpf(v if isinstance(v, mpmath.mpf) else float(v))  # an mpf enclosed outward; floats exact


def _certified(family, theta, hessian, data, lam, enclosures, missing, iterations) -> ERMFit:
    """The stop ``theta`` with a certificate of a strict local minimiser (:mod:`.certify`), or :class:`NotAMinimiser`."""
    if enclosures is None:
        raise NotAMinimiser(f"family {family.name!r}: the minimiser cannot be certified: interval arithmetic has no "
                            f"enclosure of {', '.join(missing)}")
    g_l, h_l, g_g, h_g = enclosures
    n, k = len(data), len(theta)
    lam_iv = _enclosure(lam)
    rows = [[_enclosure(v) for v in r] for r in data]

    def grad_iv(box):
        g = [lam_iv * v for v in g_g(*box)]
        for r in rows:
            for i, v in enumerate(g_l(*box, *r)):
                g[i] += v / n
        return g

    def hess_iv(box):
        h = [[lam_iv * v for v in row] for row in h_g(*box)]
        for r in rows:
            for i, row in enumerate(h_l(*box, *r)):
                for j, v in enumerate(row):
                    h[i][j] += v / n
        return h

    sym = mpmath.matrix(k, k)
    for i in range(k):
        for j in range(k):
            sym[i, j] = (hessian[i, j] + hessian[j, i]) / 2
    smallest = min(mpmath.eigsy(sym, eigvals_only=True))
    try:
        error, _ = certify_local_minimiser(theta, grad_iv, hess_iv, smallest)
    except NotAMinimiser as exc:
        where = ", ".join(mpmath.nstr(t, 8) for t in theta)
        raise NotAMinimiser(f"family {family.name!r}: Newton stopped at theta = ({where}), which is not a certified "
                            f"minimiser of F_D: {exc}") from None
    return ERMFit([+t for t in theta], error, iterations)


def neighbour_output_kl(family, rest, z, z_prime, lam, sigma, dps: int = DEFAULT_DPS, **values):
    """``(||theta_D - theta_D'||^2 / (2 sigma^2))`` as an ``mpmath.iv`` interval, ERM solved generically."""
    sigma = check_positive("sigma", sigma)
    rest = [list(r) for r in rest]
    a = erm(family, rest + [list(z)], lam, dps, **values)
    b = erm(family, rest + [list(z_prime)], lam, dps, **values)
    with working_precision(dps + 20):
        d = mpmath.sqrt(mpmath.fsum((u - v) ** 2 for u, v in zip(a.theta, b.theta)))
        e = a.error + b.error
        shift = mpmath.iv.mpf([max(d - e, 0), d + e])
        return shift**2 / (2 * mpmath.iv.mpf(sigma) ** 2)
