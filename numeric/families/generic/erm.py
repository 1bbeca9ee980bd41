"""Regularised ERM for any family (shipped or user-given), solved to a certified tolerance.

``F_D(theta) = (1/n) sum_i loss(theta; z_i) + lam g(theta)``, with the family's sympy
``loss`` and ``regularizer``; gradient and Hessian are derived by sympy and
evaluated in ``mpmath`` at ``dps + 20`` digits. Newton's method (with step
halving while the objective does not decrease) runs until the certified bound

    ``||theta - theta_D|| <= ||grad F_D(theta)|| / lam``

(valid when ``loss`` is convex and ``g`` is 1-strongly convex: T5's assumptions,
which :func:`mileak.proofs.families.sensitivity.t5_assumptions` decides) is below
``10^-(dps+10)``. This is what makes every check run on a user family unchanged:
neighbouring-dataset KLs for the counterexample finder and the T5 check on sampled
datasets (:func:`mileak.numeric.families.t5_check.t5_check`).

>>> from mileak.proofs.families.user_family import from_sympy
>>> fam = from_sympy("log-cosh", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x", data_box={"x": (-1, 1)})
>>> fit = erm(fam, [[0.5], [-0.2], [0.9]], lam=0.5)
>>> fit.error < 1e-40
True
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from mileak.numeric.core.checks import check_positive
from mileak.numeric.core.precision import DEFAULT_DPS, PrecisionError, validate_dps, working_precision

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
        _COMPILED[key] = (mk(loss, th + z), mk(grad_l, th + z), mk(hess_l, th + z),
                          mk(reg, th), mk(grad_g, th), mk(hess_g, th))
    return _COMPILED[key]


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
    if rows.shape[1] != len(family.z):
        raise ValueError(f"records must have shape (n, {len(family.z)}), got {rows.shape}")
    f_l, g_l, h_l, f_g, g_g, h_g = _compiled(family, _subs_key(family, values))
    target = mpmath.mpf(10) ** (-(dps + 10))
    k = len(family.theta)
    with working_precision(dps + 20):
        lam_w = mpmath.mpf(lam)
        data = [[mpmath.mpf(float(v)) for v in r] for r in rows]
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
                return ERMFit([+t for t in theta], bound + mpmath.mpf(10) ** (-(dps + 17)), it)
            step = mpmath.lu_solve(h, mpmath.matrix(g))
            t = mpmath.mpf(1)
            if bound > mpmath.mpf(10) ** -6:  # damped far from the minimiser; full steps near it
                base = objective(theta)
                while t > mpmath.mpf(10) ** -12 and objective([a - t * step[i] for i, a in enumerate(theta)]) > base:
                    t /= 2
            theta = [a - t * step[i] for i, a in enumerate(theta)]
    raise PrecisionError(f"ERM for family {family.name!r} did not reach ||theta - theta_D|| < 1e-{dps + 10} in "
                         f"{max_iter} Newton steps; raise max_iter or lam, or check convexity")


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
