"""T3 and T4 decided for F4 with certified differences, for the three quantities kept apart (docs/theory.md
section 1), where other families need Monte Carlo:

* the pointwise strong-adversary KL: proved to fall, for every dataset (claims ``F4.falls_with_successes`` and
  ``F4.falls_with_failures``: a record or a stronger prior raises the shared counts, and the closed form falls
  in both);
* its neighbour average (a finite sum of closed forms, :func:`.information.neighbour_average`);
* the paper's own ``rho_KL`` and ``rho_MI`` at ``pi = 1/2`` (certified quadrature, :mod:`.information`).

Each step of a grid (``n -> n + 1`` for T3, ``lam -> lam'`` for T4, the other parameters exact rationals) gets
``after - before`` with a certified error: ``falls`` when its upper end is below 0, ``rises`` when its lower end
is above 0 (a counterexample, printed with the exact parameters and both certified values), otherwise
``equal within error``.
"""

from __future__ import annotations

from fractions import Fraction as F

import mpmath

from mileak.numeric.core.precision import working_precision

from .information import neighbour_average, rho_kl, rho_mi

PRIORS = ((F(1, 2), F(1, 2), F(1, 2)), (F(2), F(1, 10), F(9, 10)), (F(10), F(1, 2), F(1, 20)))  # (lam, m0, theta0)
T3_STEPS = tuple((n, n + 1, lam, m0, th) for lam, m0, th in PRIORS for n in (1, 2, 3, 5, 10))
T4_STEPS = tuple((n, lam, lam2, m0, th) for n in (1, 3) for m0, th in ((F(1, 2), F(1, 2)), (F(1, 10), F(9, 10)))
                 for lam, lam2 in ((F(1, 10), F(1, 5)), (F(1, 2), F(1)), (F(1), F(2)), (F(2), F(5)), (F(5), F(10))))
QUANTITIES = {"neighbour_averaged": neighbour_average, "paper_rho_kl": rho_kl,
              "paper_rho_mi": lambda *a, dps: rho_mi(F(1, 2), *a, dps=dps)}
DPS = 20


def _verdict(before, after):
    difference = after.minus(before)
    with working_precision(DPS + 10):
        low, high = difference.value - difference.error, difference.value + difference.error
    verdict = "falls" if high < 0 else "rises" if low > 0 else "equal within error"
    return {"before": float(before.value), "after": float(after.value), "difference": float(difference.value),
            "low": float(low), "high": float(high), "error": mpmath.nstr(difference.error, 3), "verdict": verdict,
            "before_text": mpmath.nstr(before.value, DPS), "after_text": mpmath.nstr(after.value, DPS)}


def exact_falsify(claim, release="posterior", steps=None, progress=None) -> dict:
    """T3 (``claim = "T3"``) or T4 on the grid ``steps`` (default :data:`T3_STEPS` / :data:`T4_STEPS`), every
    quantity certified (module docstring); the report :func:`mileak.numeric.falsify.report.falsify` returns."""
    if claim not in ("T3", "T4"):
        raise ValueError(f"claim={claim!r} must be T3 or T4")
    if release != "posterior":
        raise ValueError(f"release={release!r} must be posterior for family beta-bernoulli (its only release)")
    steps = tuple(steps if steps is not None else T3_STEPS if claim == "T3" else T4_STEPS)
    values: dict = {}

    def at(name, n, lam, m0, th):
        key = (name, n, lam, m0, th)
        if key not in values:
            values[key] = QUANTITIES[name](n, lam, m0, th, dps=DPS)
        return values[key]

    rows = []
    for i, step in enumerate(steps):
        if claim == "T3":
            n, n2, lam, m0, th = step
            before, after = (n, lam, m0, th), (n2, lam, m0, th)
            setting = {"n": f"{n} -> {n2}", "lam": str(lam), "m0": str(m0), "theta0": str(th)}
        else:
            n, lam, lam2, m0, th = step
            before, after = (n, lam, m0, th), (n, lam2, m0, th)
            setting = {"n": str(n), "lam": f"{lam} -> {lam2}", "m0": str(m0), "theta0": str(th)}
        row = {"setting": setting}
        for name in QUANTITIES:
            row[name] = _verdict(at(name, *before), at(name, *after))
        rows.append(row)
        if progress:
            progress(i + 1, len(steps))
    summary = {"pointwise_kl": "proved for every dataset (F4.falls_with_successes, F4.falls_with_failures)"}
    for name in QUANTITIES:
        verdicts = [r[name]["verdict"] for r in rows]
        rises = verdicts.count("rises")
        summary["neighbour_averaged_kl" if name == "neighbour_averaged" else name] = (
            f"FALSIFIED: rises at {rises} of {len(rows)} steps" if rises else
            f"falls at {verdicts.count('falls')} of {len(rows)} steps (certified), "
            f"{verdicts.count('equal within error')} equal within error")
    return {"claim": claim, "family": "beta-bernoulli", "release": release, "certified_steps": rows,
            "dps": DPS, "summary": summary, "pointwise": None, "neighbour_averaged": [], "paper_rho_kl": [],
            "paper_rho_mi": [], "budget": 0, "trials": 0}
