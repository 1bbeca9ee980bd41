"""``mileak falsify classic-gaussian``: where the classic Gaussian calibration misses its ``delta``.

The classic calibration ``sigma = Delta sqrt(2 ln(1.25/delta)) / eps`` is proved for ``0 < eps < 1``
(Dwork & Roth 2014, Thm A.1). Outside that region it can be too small: the exact privacy curve of
the Gaussian mechanism (:func:`mileak.numeric.dp.gaussian_mechanism.privacy_delta`, Balle & Wang 2018) at that
``sigma`` exceeds the claimed ``delta``. A ``hypothesis`` search over ``eps = k/10`` (``k <= 500``) and
``delta = 10^-j`` (``j <= 300``) finds such points and shrinks to the smallest; a violation counts only
when the certified lower end of the true ``delta`` is above the claim. Then the stated region
``eps < 1`` is scanned on a grid and must show no violation.

>>> r = search_classic(budget=100, seed=0, region_grid=(4, 4))
>>> r["counterexample"]["violated"], r["region"]["violations"]
(True, 0)
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from mileak.numeric.core.certified import shown
from mileak.numeric.core.exact_input import exact_mpf
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps, working_precision
from mileak.numeric.dp.gaussian_mechanism import classic_sigma, privacy_delta


def check_point(eps, delta, dps: int = DEFAULT_DPS) -> dict:
    """The classic ``sigma`` at ``(eps, delta)`` (``Delta = 1``) and the certified true ``delta`` there.

    ``eps`` and ``delta`` are taken exactly (``Fraction``, int, ``mpf``; a float at its decimal text):
    the grid points ``k/10`` and ``10^-j`` are exact rationals, never binary doubles.
    """
    from fractions import Fraction

    if isinstance(eps, Fraction) or isinstance(delta, Fraction):
        eps, delta = exact_mpf(eps, dps), exact_mpf(delta, dps)
    sigma = classic_sigma(eps, delta, 1, dps, enforce_region=False)
    true = privacy_delta(eps, sigma.value, dps)
    with working_precision(dps + 20):
        violated = true.value - true.error > mpmath.mpf(delta)
        ratio = true.value / mpmath.mpf(delta)
    return {"eps": mpmath.nstr(eps, 10), "delta": mpmath.nstr(delta, 10), "sigma_classic": mpmath.nstr(sigma.value, dps),
            **dict(zip(("true_delta", "true_delta_error"), shown(true.value, true.error, dps))),
            "true_over_claimed": mpmath.nstr(ratio, 10), "violated": bool(violated)}


def search_classic(budget: int = 300, seed: int = 0, dps: int = DEFAULT_DPS, region_grid=(12, 30)) -> dict:
    from mileak.numeric.core.checks import check_int, check_seed

    dps = validate_dps(dps)
    check_int("budget", budget, 1, 10**5)
    check_seed(seed)
    points = st.tuples(st.integers(1, 500), st.integers(1, 300))

    def violated(pt):
        k, j = pt
        return check_point(Fraction(k, 10), Fraction(1, 10**j), dps)["violated"]

    opts = settings(max_examples=budget, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    try:
        k, j = find(points, violated, settings=opts, random=random.Random(seed))
        found = check_point(Fraction(k, 10), Fraction(1, 10**j), dps)
    except NoSuchExample:
        found = None
    n_eps, n_delta = region_grid
    bad, worst = [], mpmath.mpf(0)
    for a in range(1, n_eps + 1):
        eps = Fraction(a, n_eps + 1)
        for b in range(n_delta):
            delta = Fraction(1, 10 ** (1 + b * 299 // max(1, n_delta - 1)))
            r = check_point(eps, delta, dps)
            worst = max(worst, mpmath.mpf(r["true_over_claimed"]))
            if r["violated"]:
                bad.append(r)
    return {"claim": "classic Gaussian calibration achieves (eps, delta)", "counterexample": found,
            "region": {"eps": "(0, 1)", "points": n_eps * n_delta, "violations": len(bad),
                       "largest_true_over_claimed": mpmath.nstr(worst, 10), "violating_points": bad[:5]}}
