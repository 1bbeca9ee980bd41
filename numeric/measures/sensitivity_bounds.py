"""T5 and T6 evaluated from their registered statements: the sensitivity ``2 L / (n lam)`` and the KL bounds.

``t5_shift(n, lam, L)`` is the right-hand side of ``T5.shift`` (``||theta_D - theta_D'||``,
the L2 sensitivity a DP calibration needs) and ``t5_bound(n, lam, sigma, L)`` the right-hand
side of ``T5.kl`` (``2 L^2 / (n^2 lam^2 sigma^2)``), ``t6_bound(eps, delta)`` that of ``T6.kl``
(``eps^2 / (4 ln(1.25/delta))``, the classic calibration); all are read from the registry and
evaluated in interval arithmetic, never restated (one source per fact).

>>> float(t5_shift(10, 0.5, 1).value)
0.4
>>> float(t5_bound(10, 0.5, 2, 1).value)
0.02
>>> round(float(t6_bound(0.5, 1e-5).value), 6)
0.005325
"""

from __future__ import annotations

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_int, check_positive
from mileak.numeric.core.exact_input import exact_mpf
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.measures.evaluate import evaluate
from mileak.numeric.measures.scenarios import ParameterPoint
from mileak.proofs.theorems import REGISTRY


def _registered_rhs(claim_id, values: dict, dps) -> Certified:
    dps = validate_dps(dps)
    rhs = REGISTRY.claim(claim_id).statement.rhs
    x = evaluate(rhs, ParameterPoint(), {k: exact_mpf(v, dps) for k, v in values.items()}, dps=dps)
    return Certified.from_interval(x, dps)


def t5_shift(n, lam, L, dps=DEFAULT_DPS) -> Certified:
    """``2 L / (n lam)``: the bound on ``||theta_D - theta_D'||`` of the registered ``T5.shift``."""
    check_int("n", n, 1, None)
    for name, v in (("lam", lam), ("L", L)):
        check_positive(name, v)
    return _registered_rhs("T5.shift", {"n": n, "lam": lam, "L": L}, dps)


def t5_bound(n, lam, sigma, L, dps=DEFAULT_DPS) -> Certified:
    """``2 L^2 / (n^2 lam^2 sigma^2)``, the right-hand side of the registered ``T5.kl``."""
    check_int("n", n, 1, None)
    for name, v in (("lam", lam), ("sigma", sigma), ("L", L)):
        check_positive(name, v)
    return _registered_rhs("T5.kl", {"n": n, "lam": lam, "sigma": sigma, "L": L}, dps)


def t6_bound(eps, delta, dps=DEFAULT_DPS) -> Certified:
    """``eps^2 / (4 ln(1.25/delta))``, the right-hand side of the registered ``T6.kl`` (classic calibration)."""
    check_positive("eps", eps)
    check_positive("delta", delta)
    return _registered_rhs("T6.kl", {"eps": eps, "delta": delta}, dps)
