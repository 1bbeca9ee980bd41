"""dp_accounting's PLD accountant for a DP-SGD run, as a comparison beside T7 (optional: the test extra).

``pld_accountant(q, z, steps, game)`` composes ``steps`` Poisson-subsampled Gaussian steps (add/remove or
replace);
``pld_tpr(pld, alpha)`` is the largest TPR at FPR ``alpha`` its ``delta(eps)`` curve allows,
``min over eps >= 0 of e^eps alpha + delta(eps)`` (Dong, Roth & Su 2022, Prop. 2.12), on a grid of ``eps``
(float64: a comparison, never a certified number). ``None`` when dp_accounting is not installed.
"""

from __future__ import annotations

import numpy as np


def pld_accountant(q: float, z: float, steps: int, game: str = "add_remove"):
    """The composed PLD accountant of the ``game`` (``add_remove`` or ``replace``: dp_accounting's matching
    ``NeighboringRelation``), or ``None`` without dp_accounting."""
    try:
        from dp_accounting import dp_event, privacy_accountant
        from dp_accounting.pld import pld_privacy_accountant
    except ImportError:
        return None
    relation = {"add_remove": privacy_accountant.NeighboringRelation.ADD_OR_REMOVE_ONE,
                "replace": privacy_accountant.NeighboringRelation.REPLACE_ONE}[game]
    pld = pld_privacy_accountant.PLDAccountant(relation)
    pld.compose(dp_event.SelfComposedDpEvent(dp_event.PoissonSampledDpEvent(float(q), dp_event.GaussianDpEvent(float(z))),
                                             int(steps)))
    return pld


_CURVES: dict = {}  # (id of an accountant, grid) -> (the accountant, eps grid, its delta(eps)): computed once


def _delta_curve(pld, grid: int):
    key = (id(pld), grid)
    if key not in _CURVES or _CURVES[key][0] is not pld:
        eps = np.concatenate([[0.0], np.geomspace(1e-4, 60, grid)])
        _CURVES.clear()  # one accountant at a time: no growth
        _CURVES[key] = (pld, eps, np.array([pld.get_delta(float(e)) for e in eps]))
    return _CURVES[key][1:]


def pld_tpr(pld, alpha: float, grid: int = 400) -> float:
    """``min over eps >= 0 of e^eps alpha + delta(eps)`` (capped at 1) on ``grid`` values of ``eps`` in [1e-4, 60]
    (the accountant's ``delta(eps)`` is computed once per accountant and grid)."""
    eps, deltas = _delta_curve(pld, grid)
    return float(min(1.0, np.min(np.exp(eps) * float(alpha) + deltas)))
