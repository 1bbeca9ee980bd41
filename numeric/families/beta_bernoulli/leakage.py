"""F4's rows of ``mileak leakage``: the paper's ``rho_KL`` and ``rho_MI`` (certified quadrature), the neighbour
average and the strong adversary's worst neighbouring KL (closed forms), and the T1/T2 bounds from ``rho_KL``.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import Certified, mpf_fraction
from mileak.numeric.core.precision import working_precision
from mileak.numeric.families.cards import family_card
from mileak.numeric.measures.registered_bounds import t1_bounds
from mileak.numeric.measures.report_entries import entry, success_entries, upper

from .counts import beta_kl_ball, prior_counts
from .information import neighbour_average, rho_kl, rho_mi
from .sampler import DEFAULTS

FAMILY = "beta-bernoulli"


def _exact(name, value) -> Fraction:
    if isinstance(value, mpmath.mpf):
        return mpf_fraction(value)
    try:
        return Fraction(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r:.40} must be an exact number (a Fraction, an int or decimal text)") from None


def worst_neighbour_kl(n, lam, m0, dps):
    """``max`` over the other records' successes ``j`` and both orders of the neighbouring KL (the strong adversary's
    worst case, what a DP accountant would bound): closed forms in Arb, the largest midpoint's ball."""
    a, b = prior_counts(lam, m0)
    prec = int((dps + 20) * 3.33) + 64
    balls = [beta_kl_ball(x1, y1, x2, y2, prec) for j in range(n)  # each ball formed at prec bits
             for (x1, y1, x2, y2) in ((a + j + 1, b + n - 1 - j, a + j, b + n - j),
                                      (a + j, b + n - j, a + j + 1, b + n - 1 - j))]
    ends = [Certified.from_ball(ball, dps) for ball in balls]
    with working_precision(dps + 30):
        low = max(c.value - c.error for c in ends)
        high = max(c.value + c.error for c in ends)
        middle = (low + high) / 2
        return Certified(middle, (high - low) / 2 + abs(middle) * mpmath.mpf(2) ** (1 - mpmath.mp.prec), dps)


def leakage_entries(values, dps, pi):
    v = {**DEFAULTS, **values}
    if "n" not in v or "lam" not in v:
        raise ValueError("beta-bernoulli needs the parameters n (an int >= 1) and lam (the prior strength, > 0)")
    family_card(FAMILY).validate(**v)
    n = int(v["n"])
    lam, m0, theta0 = (_exact(k, v[k]) for k in ("lam", "m0", "theta0"))
    kl = rho_kl(n, lam, m0, theta0, dps)
    out = [entry("rho_KL", kl, "certified quadrature of the Beta mixtures P1_z, P0 (docs/theory.md F4)", dps)]
    for key, c in t1_bounds(pi, upper(kl), dps=dps).items():
        if key != "smallest":
            out.append(entry(f"T1 bound on rho_MI ({key})", c, "T1", dps))
    out.append(entry("rho_MI", rho_mi(_exact("pi", pi), n, lam, m0, theta0, dps),
                     "certified quadrature of the Beta mixtures (docs/theory.md F4)", dps))
    out += success_entries(kl, pi, dps, "rho_KL")
    out.append(entry("E[neighbouring KL] (>= rho_KL by joint convexity)", neighbour_average(n, lam, m0, theta0, dps),
                     "finite sum of F4.neighbour_kl closed forms", dps))
    out.append(entry("worst neighbouring KL (strong adversary)", worst_neighbour_kl(n, lam, m0, dps),
                     "max over the data of the closed forms (F4.neighbour_kl)", dps))
    return out
