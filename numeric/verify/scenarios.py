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

import mpmath
import numpy as np

from mileak.numeric.dp.subsampled_gaussian import chi2_by_quadrature, step_kl
from mileak.numeric.families.neighbour_scenario import LinearExtremal
from mileak.numeric.families.registry import plugins
from mileak.numeric.measures.scenarios import FiniteGame, GaussianEqualGame, GaussianGame, ParameterPoint, Scenario

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

    def describe(self):
        return {"kind": self.kind, "q": mpmath.nstr(self.q, 17), "z": mpmath.nstr(self.z, 17)}


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
