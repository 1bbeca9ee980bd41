"""The scenario a claim is checked on, by model name: a generic game, or one a family plug-in provides.

Generic models (:mod:`mileak.numeric.measures.scenarios`): ``finite``, ``gaussian``,
``gaussian_equal``, ``parameters``, ``bernoulli_pair`` (``P1 = Bern(a)``, ``P0 = Bern(b)``, the test the
outcome itself: the tight cases of T1 and T2), ``linear_extremal`` (T5's tight case) and ``linear_extremal_dp``
(T6's); every other model name is looked up among the
registered family plug-ins' ``scenarios`` (e.g. F1's ``f1``), so no family is named here.

>>> import numpy as np
>>> make_scenario("finite", np.random.default_rng(0), {}).kind
'finite'
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from mileak.numeric.core.quadrature import certified_quad
from mileak.numeric.dp.subsampled_gaussian import chi2_by_quadrature, step_kl
from mileak.numeric.families.neighbour_scenario import LinearExtremal
from mileak.numeric.families.registry import plugins
from mileak.numeric.measures.scenarios import FiniteGame, GaussianEqualGame, GaussianGame, ParameterPoint, Scenario
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL

GENERIC = {
    "finite": lambda rng, sampled: FiniteGame.random(rng),
    "gaussian": lambda rng, sampled: GaussianGame.random(rng),
    "gaussian_equal": lambda rng, sampled: GaussianEqualGame(sampled["mu"]),
    "parameters": lambda rng, sampled: ParameterPoint(),
    "bernoulli_pair": lambda rng, sampled: bernoulli_pair(sampled),  # the tight cases of T1/T2
    "linear_extremal": LinearExtremal.random,  # T5's and T6's tight case (each claim checks a tight point)
    "linear_extremal_dp": LinearExtremal.random,
    "subsampled_gaussian": lambda rng, sampled: SubsampledGaussianStep(sampled["q"], sampled["z"]),  # T7
}


class SubsampledGaussianStep(Scenario):
    """One DP-SGD step of the add/remove game (T7): ``P1 = (1-q) N(0, z^2) + q N(1, z^2)``, ``P0 = N(0, z^2)``;
    ``KL`` and ``Chi2`` by certified quadrature (never the closed forms under test), ``ComposedKL`` of ``T``
    independent identical steps (the product case, where the chain rule is an equality)."""

    kind = "subsampled_gaussian"

    def __init__(self, q, z):
        self.q, self.z = q, z

    def quantity(self, name, laws, record, dps):
        if tuple(laws[:2]) != ((1, 0), (0, 1)):
            raise ValueError(f"scenario {self.kind} evaluates {name}(P1, P0) only, got laws {laws[:2]}")
        if name == "KL":
            return step_kl(self.q, self.z, dps=dps)
        if name == "Chi2":
            return chi2_by_quadrature(self.q, self.z, dps=dps)
        if name == "ComposedKL":
            return step_kl(self.q, self.z, dps=dps).scaled(laws[2])
        return super().quantity(name, laws, record, dps)

    def limit(self, e: sp.Limit, values, dps):
        """``lim c q^-2 KL(P1, P0)`` as ``q -> 0+``, or ``lim c z^2 KL(P1, P0)`` as ``z -> oo`` (``c`` a rational),
        as the integral of the integrand's pointwise limit (T7.kl_order_q, T7.kl_order_z).

        ``KL = int phi_z F(q u)`` with ``u = exp((2x - 1)/(2 z^2)) - 1`` and ``F(t) = (1+t) log(1+t) - t``;
        ``0 <= F(t) <= t^2`` on ``t >= -1`` dominates ``F(q u)/q^2`` by ``u^2``, so the first limit is
        ``int phi_z u^2 / 2`` (certified quadrature, the chi-square integrand at ``q = 1``); with ``x = z s``,
        ``z u -> s`` and the second is ``q^2 int phi s^2 / 2`` (certified quadrature). Neither uses the closed
        forms the claims state."""
        inner, var, point, _ = e.args
        scale = sp.cancel(inner / KL(P1, P0))
        if var.name == "q" and point == 0 and (scale * var**2).is_Rational:
            return chi2_by_quadrature(1, self.z, dps).scaled(_fraction(scale * var**2) / 2)
        if var.name == "z" and point == sp.oo and (scale / var**2).is_Rational:
            second = certified_quad(lambda: lambda s: s * s * mpmath.npdf(s), [-mpmath.inf, 0, mpmath.inf], dps,
                                    what="int s^2 phi(s)", positive=True)
            return second.scaled(_fraction(scale / var**2) / 2).scaled(self.q).scaled(self.q)
        raise ValueError(f"scenario {self.kind} evaluates lim c KL/q^2 (q -> 0+) and lim c z^2 KL (z -> oo) only, "
                         f"not {e}")

    def describe(self):
        return {"kind": self.kind, "q": mpmath.nstr(self.q, 17), "z": mpmath.nstr(self.z, 17)}


def _fraction(r: sp.Rational) -> Fraction:
    return Fraction(int(r.p), int(r.q))


def bernoulli_pair(sampled: dict) -> FiniteGame:
    """``P1 = Bern(a)``, ``P0 = Bern(b)``, one record, the test the outcome itself (``beta = a``, ``alpha = b``).

    ``1 - a`` and ``1 - b`` are formed exactly (``fsub(..., exact=True)``), so each vector sums to exactly 1
    at any ``--dps`` (a fixed 80-digit rounding made the equality case fail by 1e-82 at 100 digits).
    """
    a, b = (v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in (sampled["a"], sampled["b"]))  # not rounded
    one_minus = lambda v: mpmath.fsub(1, v, exact=True)  # noqa: E731
    return FiniteGame(sampled.get("pi", mpmath.mpf(1) / 2), [1], [[a, one_minus(a)]], [b, one_minus(b)], [[1, 0]])


def models() -> dict:
    """Every scenario model: the generic games and each plug-in's."""
    out = dict(GENERIC)
    for plug in plugins():
        for name, factory in plug.scenarios.items():
            if name in out:
                raise ValueError(f"scenario model {name!r} of family {plug.name} is declared twice")
            out[name] = factory
    return out


def make_scenario(model: str, rng: np.random.Generator, sampled: dict):
    """A random scenario of kind ``model``; ``sampled`` holds domain-sampled parameter values."""
    known = models()
    if model not in known:
        raise ValueError(f"model={model!r} must be one of {', '.join(sorted(known))}")
    return known[model](rng, sampled)
