"""F2 in the proportional limit: the Marchenko–Pastur resolvent moments by certified quadrature, the limit
neighbour-averaged KL, and the boundary ``n/p`` below which it rises with ``n`` (docs/theory.md F2).

``mu_gamma`` has density ``sqrt((b - x)(x - a)) / (2 pi gamma x)`` on ``[a, b] = [(1 - sqrt gamma)^2,
(1 + sqrt gamma)^2]`` and, when ``gamma > 1``, an atom ``1 - 1/gamma`` at 0. With ``x = a + (b - a) u``,
``u = sin^2(t/2)``, the moment ``int dmu(x) / (x + lam)^k`` is the smooth integral over ``t in [0, pi]`` of
``(b - a)^2 u (1 - u) / (2 pi gamma x (x + lam)^k)`` (the square-root endpoints are gone), integrated at two
precisions (:func:`~mileak.numeric.core.enclosure.two_precisions`), plus the atom's ``(1 - 1/gamma) / lam^k``.
This is the numeric check of ``F2.*``, independent of the closed forms the claims state.

>>> import mpmath
>>> m = MarchenkoPasturLaw().quantity("MPResolvent", (mpmath.mpf(2), mpmath.mpf("0.5"), 1), 0, 30)
>>> mpmath.nstr(m.value, 15)  # the closed form (sqrt(17/4) + 1/2) / 2 of F2.stieltjes
'1.28077640640442'
"""

from __future__ import annotations

import functools

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.enclosure import QUADRATURE_ADVICE, two_precisions
from mileak.numeric.measures.scenarios import Scenario


class MarchenkoPasturLaw(Scenario):
    """The ``marchenko_pastur`` model of verify: evaluates ``MPResolvent(gamma, lam, k)`` (``k = 1, 2, ...``)."""

    kind = "marchenko_pastur"

    @classmethod
    def random(cls, rng, sampled):
        return cls()

    def quantity(self, name, laws, z, dps) -> Certified:
        if name != "MPResolvent":
            return super().quantity(name, laws, z, dps)
        gamma, lam, k = laws
        if not (gamma > 0 and lam > 0 and k >= 1 and k == int(k)):
            raise ValueError(f"MPResolvent needs gamma > 0, lam > 0 and an integer k >= 1, got {gamma}, {lam}, {k}")
        return resolvent_moment(gamma, lam, int(k), dps)


def resolvent_moment(gamma, lam, k: int, dps: int) -> Certified:
    """``int dmu_gamma(x) / (x + lam)^k``, certified to ``dps`` digits (module docstring)."""

    def run():
        g, l = mpmath.mpf(gamma), mpmath.mpf(lam)
        root = mpmath.sqrt(g)
        a, width = (1 - root) ** 2, 4 * root

        def f(t):
            u = mpmath.sin(t / 2) ** 2
            u_over_x = 1 / (a / u + width) if u else (1 / width if a == 0 else mpmath.mpf(0))
            x = a + width * u
            return width**2 * u_over_x * (1 - u) / (2 * mpmath.pi * g * (x + l) ** k)

        scale = mpmath.sqrt((a + l) / width)  # the width in t of the peak at the lower edge when a + lam is small
        points = [mpmath.mpf(0)] + [scale * 4**j for j in range(8) if scale * 4**j < 1] + [mpmath.pi]
        value, err = mpmath.quad(f, points, error=True)
        if g > 1:
            value += (1 - 1 / g) / l**k
        return value, err

    return two_precisions(run, dps, what=f"Marchenko–Pastur resolvent moment k={k}", positive=True,
                          advice=QUADRATURE_ADVICE)


def limit_h(gamma: float, lam: float, s: float = 1.0) -> float:
    """``H(gamma, lam, s) = gamma^2 (s^2 + R) m' / (1 + gamma m)^2``: at fixed ``p`` the neighbour-averaged KL of
    the output release is ``~ H(p/n, lam) / (p sigma^2)``. The closed form is the one ``F2.limit_kl`` proves
    (:func:`mileak.proofs.theorems.f2_ridge_proportional.h_of_gamma`), compiled once to float64."""
    return float(_h_function()(gamma, lam, s))


@functools.cache
def _h_function():
    import sympy as sp

    from mileak.proofs.theorems import f2_ridge_proportional as f2

    return sp.lambdify((f2.g, f2.lam, f2.s), f2.h_of_gamma(), "math")


def boundary_ratio(lam: float, s: float = 1.0, gammas=(1e-3, 1e3)) -> float | None:
    """``n/p = 1/gamma*`` where ``gamma* = argmax_gamma H(gamma, lam, s)``: the neighbour-averaged KL rises with
    ``n`` for ``n/p`` below it and falls above it (in the limit); ``None`` when ``H`` rises all through ``gammas``
    (no rise with ``n`` at any ``n/p >= 1/max(gammas)``), and ``1/min(gammas)`` when it falls all through it (a
    rise at every ``n/p`` of the range)."""
    import numpy as np
    from scipy.optimize import minimize_scalar

    grid = np.geomspace(*gammas, 400)
    values = [limit_h(g, lam, s) for g in grid]
    i = int(np.argmax(values))
    if i == len(grid) - 1:
        return None
    if i == 0:
        return float(1 / grid[0])
    best = minimize_scalar(lambda t: -limit_h(float(np.exp(t)), lam, s),
                           bracket=(np.log(grid[i - 1]), np.log(grid[i]), np.log(grid[i + 1])), tol=1e-10)
    return float(np.exp(-best.x))


def limit_boundary(claim: str, release: str, lams, values: dict) -> list[dict] | None:
    """The plug-in's predicted boundary of a phase diagram: ``[{lam, ratio}]`` for T3 under the output release
    (the proportional limit above; ``s`` from ``values``, default 1), ``None`` for anything else."""
    if claim != "T3" or release != "output":
        return None
    s = float(values.get("s", 1.0))
    return [{"lam": float(lam), "ratio": boundary_ratio(float(lam), s)} for lam in lams]
