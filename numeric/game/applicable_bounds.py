"""Every bound the catalogue gives on an attack, for one family, release and game.

Each bound is a dict with its ``source`` (the claim or the exact law it comes
from), ``status`` (``certified``: a computed certified number; ``monte carlo``:
an upper confidence limit at the run's level), the adversaries it applies to,
and the ``success``, ``auc`` and ``tpr(alpha)`` it allows:

* from a KL ``K`` (T2): success ``<= max(pi, 1-pi) + min(pi, 1-pi) min(1, sqrt(K/2), sqrt(1 - e^-K))``
  (Pinsker, Bretagnolle-Huber), TPR ``<= max{beta : d(beta||alpha) <= K}``, AUC ``<= int_0^1`` of it.
  KLs: the family's closed-form ``rho_KL`` where it declares one (F1; population adversary); T5's
  ``2 L^2 / (n^2 lam^2 sigma^2)`` where the family's ``lipschitz`` closed form gives a finite ``L``
  (output release; both adversaries); T6's ``eps^2 / (4 ln(1.25/delta))``
  when sigma is the classic calibration; the Monte Carlo mean neighbouring KL (both adversaries,
  by joint convexity for the population one).
* from the mean neighbouring TV (T2a's first inequality): success ``<= max + min E TV``;
  Hoeffding's upper limit (TV lies in ``[0, 1]``).
* the Gaussian trade-off at the Monte Carlo estimate of the shift (output release; not exact): the optimal
  pooled test of the strong adversary (:class:`.bound_curves.PooledGaussianROC`), which also bounds the weaker
  population adversary;
  and with a DP calibration of sensitivity ``Delta``, the worst-case ``Phi(Phi^-1(alpha) + Delta/sigma)``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from mileak.numeric.families.declared_lipschitz import finite_lipschitz
from mileak.numeric.game.curves import PooledGaussianROC, gaussian_auc, gaussian_tradeoff, kl_auc_bound, kl_tpr_bound
from mileak.numeric.measures.hypothesis_testing import tpr_upper_bound
from mileak.numeric.measures.sensitivity_bounds import t5_bound, t6_bound

BOTH = ("population", "strong")


def success_from_kl(kl: float, pi: float) -> float:
    if not np.isfinite(kl):
        return 1.0
    tv = min(1.0, math.sqrt(kl / 2), math.sqrt(-math.expm1(-kl)))
    return max(pi, 1 - pi) + min(pi, 1 - pi) * tv


def kl_bound(name, source, kl, status, applies, assumption, pi):
    return {"name": name, "source": source, "status": status, "applies_to": applies, "kl": float(kl),
            "success": success_from_kl(kl, pi), "auc": kl_auc_bound(kl), "assumption": assumption,
            "tpr": (lambda a, kl=kl: float(tpr_upper_bound(a, kl, dps=15).value) if np.isfinite(kl) else 1.0),
            "curve": (lambda a, kl=kl: kl_tpr_bound(a, kl) if np.isfinite(kl) else 1.0)}


def _mean_upper(x, level):
    x = np.asarray(x, float)
    if x.size < 2 or not np.all(np.isfinite(x)):
        return float("inf")
    z = stats.norm.ppf(level)
    with np.errstate(all="ignore"):  # KLs near 1e300 overflow the spread: the limit is then +inf, said as such
        upper = float(np.mean(x) + z * np.std(x, ddof=1) / math.sqrt(x.size))
    return upper if math.isfinite(upper) else float("inf")


def attack_bounds(engine, game, level: float, dp: dict | None = None) -> list:
    """The bounds that apply to ``game`` (see the module docstring); ``dp`` = ``{eps, delta, sensitivity, calibration}``."""
    pi, v, fam = game.pi, engine.values, engine.family
    out = []
    declared = {q.name: v[q.name] for q in fam.parameters if q.name in v}
    rho = fam.closed_form("rho_kl", **declared) if "rho_kl" in fam.closed_forms else None
    if rho is not None:
        out.append(kl_bound("T2 from rho_KL", f"{fam.name} closed-form rho_KL, T1/T2", float(rho.evalf(30)), "certified",
                            ("population",), "population law as declared by the family; pi as played", pi))
    L = finite_lipschitz(fam, declared)
    if L is not None and engine.release_kind == "output":
        kl = float(t5_bound(engine.n, v["lam"], v["sigma"], L, dps=30).value)
        out.append(kl_bound("T2 from T5", f"T5.kl with L = {L:g}", kl, "certified", BOTH,
                             "the data domain of the family's L, lam-strong convexity, converged ERM", pi))
        if dp and dp.get("calibration") == "classic":
            kl6 = float(t6_bound(dp["eps"], dp["delta"], dps=30).value)
            out.append(kl_bound("T2 from T6", "T6.kl: eps^2 / (4 ln(1.25/delta))", kl6, "certified", BOTH,
                                 "classic calibration, eps < 1, sensitivity 2L/(n lam) (T5.shift)", pi))
    if engine.release_kind != "exact":
        kl_mc = _mean_upper(game.neighbour_kl, level)
        out.append(kl_bound("T2 from mean neighbour KL", "E D(q(.|D+z)||q(.|D+z')), Monte Carlo upper limit",
                             kl_mc, "monte carlo", BOTH, "normal-approximation upper limit of a mean", pi))
    if game.neighbour_tv is not None:
        tv = float(np.mean(game.neighbour_tv)) + math.sqrt(math.log(1 / (1 - level)) / (2 * game.trials))
        tv = min(1.0, tv)
        out.append({"name": "T2a from mean neighbour TV", "source": "E TV, Hoeffding upper limit", "status": "monte carlo",
                    "applies_to": BOTH, "kl": None, "success": max(pi, 1 - pi) + min(pi, 1 - pi) * tv,
                    "auc": None, "tpr": None, "curve": None, "assumption": "TV in [0, 1]; Hoeffding at the run's level"})
    if engine.release_kind == "output" and engine.noise > 0:
        mu = np.sqrt(2 * game.neighbour_kl)  # ||theta_D - theta_D'|| / sigma
        roc = PooledGaussianROC(mu)
        hoeffding = math.sqrt(math.log(1 / (1 - level)) / 2)
        slack_all, slack = hoeffding / math.sqrt(game.trials), hoeffding / math.sqrt(min(game.trials, roc.MAX_TRIALS))
        out.append({"name": "Gaussian trade-off (MC estimate)", "source": "optimal strong test, pooled over trials (Monte Carlo)",
                    "status": "monte carlo", "applies_to": BOTH, "kl": None,
                    "success": min(1.0, roc.success(pi) + slack_all), "auc": min(1.0, roc.auc() + slack),
                    "tpr": (lambda a: min(1.0, roc.tpr(a) + slack)), "curve": roc.tpr,
                    "assumption": "release N(theta_D, sigma^2 I) (equal covariance)"})
    if dp and engine.release_kind == "output":
        out.append(gdp_bound(dp["sensitivity"] / engine.noise, pi, "sensitivity 2L/(n lam) (T5.shift): the family's "
                                                                   "data domain, converged ERM"))
    return [b for b in out if game.adversary in b["applies_to"]]


def gdp_bound(mu, pi, assumption):
    """The Gaussian mechanism's trade-off ``Phi(Phi^-1(alpha) + mu)`` as a bound (``mu = Delta / sigma``)."""
    curve = lambda a: float(gaussian_tradeoff(a, mu))  # noqa: E731
    return {"name": "GDP trade-off at Delta/sigma", "source": f"Gaussian mechanism, mu = {mu:.6g}",
            "status": "certified", "applies_to": BOTH, "kl": mu**2 / 2, "success": gaussian_success(mu, pi),
            "auc": gaussian_auc(mu), "tpr": curve, "curve": curve, "assumption": assumption}


def gaussian_success(mu, pi):
    t = math.log((1 - pi) / pi)
    fpr, tpr = stats.norm.cdf((-mu**2 / 2 - t) / mu), stats.norm.cdf((mu**2 / 2 - t) / mu)
    return float(pi * tpr + (1 - pi) * (1 - fpr))
