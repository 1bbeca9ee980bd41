"""The scenario a claim is checked on, by model name: a generic game, or one a family plug-in provides.

Generic models (:mod:`mileak.numeric.measures.scenarios`): ``finite``, ``gaussian``,
``gaussian_equal``, ``parameters``; every other model name is looked up among the
registered family plug-ins' ``scenarios`` (e.g. F1's ``f1``), so no family is named here.

>>> import numpy as np
>>> make_scenario("finite", np.random.default_rng(0), {}).kind
'finite'
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.families.registry import plugins
from mileak.numeric.measures.scenarios import FiniteGame, GaussianEqualGame, GaussianGame, ParameterPoint

GENERIC = {
    "finite": lambda rng, sampled: FiniteGame.random(rng),
    "gaussian": lambda rng, sampled: GaussianGame.random(rng),
    "gaussian_equal": lambda rng, sampled: GaussianEqualGame(sampled["mu"]),
    "parameters": lambda rng, sampled: ParameterPoint(),
}


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
