"""T5 checked on sampled data for any family: exact neighbouring KLs against ``2 L^2 / (n^2 lam^2 sigma^2)``.

Datasets come from the family's plug-in sampler; each ERM is solved by the certified generic
route (:mod:`.generic.erm`); the bound is read from the registered ``T5.kl``.
"""

from __future__ import annotations

import numpy as np

from mileak.numeric.core.checks import check_int, check_positive, check_seed
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.families.generic.erm import neighbour_output_kl
from mileak.numeric.families.registry import plugin
from mileak.numeric.measures.sensitivity_bounds import t5_bound


def t5_check(family, L, n: int, lam, sigma, trials: int = 5, seed: int = 0, dps: int = DEFAULT_DPS, **values):
    """Exact neighbouring KLs on sampled datasets against the T5 bound ``2 L^2 / (n^2 lam^2 sigma^2)``.

    Returns ``(bound, [kl intervals])``; the caller asserts ``kl.b < bound`` for each.
    """
    plug = plugin(family)
    family = plug.family
    for name, v in (("L", L), ("lam", lam), ("sigma", sigma)):
        check_positive(name, v)
    check_int("n", n, 1, 10**6)
    check_int("trials", trials, 1, 10**4)
    check_seed(seed)
    dps = validate_dps(dps)
    family.validate(**values)
    rng = np.random.default_rng(seed)
    data = plug.sample(rng, trials * (n + 1), **values).reshape(trials, n + 1, -1)
    bound = t5_bound(n, lam, sigma, L, dps=dps).value
    kls = [neighbour_output_kl(family, d[: n - 1], d[n - 1], d[n], lam, sigma, dps, **values) for d in data]
    return bound, kls
