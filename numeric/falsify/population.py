"""The population-averaged form of T3 and T4, by Monte Carlo with paired draws.

``rho_bar(n, lam) = E_{D_rest, z, z'} D(q(.|D_rest + z) || q(.|D_rest + z'))``,
the strong-adversary KL averaged over the population (by joint convexity of
KL it bounds the population adversary's ``rho_KL``). To test whether it
rises when ``lam -> lam + dlam`` (T4) or ``n -> n + 1`` (T3), the same draws
are used on both sides and the paired differences ``Delta`` are averaged:
``mean(Delta) +- z_{0.9995} sd / sqrt(trials)`` (a 99.9% normal interval).
``rises`` when the interval lies above 0 (the population form is falsified
there), ``falls`` when below, ``inconclusive`` otherwise. Floating point
error (float64 solves, relative ~1e-12) is far below the interval widths.

>>> import numpy as np
>>> r = paired_difference("T4", "ridge", "output", p=1, n=5, lam=0.1, dlam=0.1, trials=2000, seed=0)
>>> r.verdict
'falls'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from mileak.numeric.core.checks import check_memory
from mileak.numeric.families.registry import plugin

Z_999 = 3.2905267314919255  # two-sided 99.9% normal quantile


def paired_verdict(low: float, high: float) -> str:
    """A paired difference's verdict from its interval: ``rises`` above 0, ``falls`` below, else ``inconclusive``."""
    return "rises" if low > 0 else ("falls" if high < 0 else "inconclusive")


@dataclass
class PairedResult:
    claim: str
    family: str
    release: str
    p: int
    n: int
    lam: float
    dlam: float
    noise: float
    trials: int
    mean_before: float
    mean_after: float
    mean_difference: float
    low: float
    high: float
    verdict: str

    def as_dict(self):
        return asdict(self)


def _kls(family, release, rest, z, zp, lam, noise, p, data=None):
    return population_plugin(family, release).batch_neighbour_kl(rest, z, zp, lam, release, noise, p, data or {})


def population_plugin(family, release=None):
    """The family's plug-in, which must give batched neighbouring KLs (for ``release``, when given)."""
    plug = plugin(family)
    if plug.batch_neighbour_kl is None:
        raise ValueError(f"family {plug.name!r} has no batched neighbouring KL: the population Monte Carlo needs one")
    if release is not None and release not in plug.population_releases:
        raise ValueError(f"release={release!r} has no density for the population Monte Carlo of family {plug.name}; "
                         f"use one of {', '.join(plug.population_releases)}")
    return plug


def draws_bytes(family, p, n, trials) -> float:
    """Memory of one paired Monte Carlo: the records (``trials x (n + 2)`` of the family's width) and, per
    draw, a ``p x p`` system for each of the two fits, twice over for temporaries."""
    width = population_plugin(family).family.record_width(p)
    return 2.0 * 8 * trials * ((n + 3) * width + 4 * p * p)


def _draws(family, p, n, trials, seed, data):
    check_memory(f"trials={trials} at p={p}, n={n}", draws_bytes(family, p, n, trials), "lower --trials")
    plug = population_plugin(family)
    rng = np.random.default_rng(seed)
    recs = plug.sample(rng, trials * (n + 2), p=p, **data).reshape(trials, n + 2, plug.family.record_width(p))
    return recs[:, : n - 1], recs[:, n - 1], recs[:, n], recs[:, n + 1]


def validate_setting(family, **values):
    """Domains of the family's declared parameters (a family without ``p`` has a fixed dimension)."""
    fam = population_plugin(family).family
    declared = {q.name for q in fam.parameters}
    fam.validate(**{k: v for k, v in values.items() if k in declared})


def mean_neighbour_kl(family, release, p, n, lam, noise=1.0, trials=2000, seed=0, **data):
    """Monte Carlo ``(mean, half-width of the 99.9% interval)`` of the strong-adversary KL over the population."""
    from mileak.numeric.core.checks import check_float, check_int, check_seed

    check_int("trials", trials, 10, 10**7)
    check_int("p", p, 1, 1000)
    check_int("n", n, 1, 10**5)
    check_seed(seed)
    if release != "exact":
        check_float("noise", noise, lo=0, lo_open=True)
    validate_setting(family, n=n, lam=lam, p=p)
    rest, z, zp, _ = _draws(family, p, n, trials, seed, data)
    kl = _kls(family, release, rest, z, zp, lam, noise, p, data)
    if not np.all(np.isfinite(kl)):
        raise ArithmeticError("non-finite KL in the Monte Carlo (exact release, or a singular system)")
    return float(kl.mean()), Z_999 * float(kl.std(ddof=1)) / np.sqrt(trials)


def paired_draws(claim, family, release, p, n, lam, dlam=None, noise=1.0, trials=2000, seed=0, **data):
    """The paired KLs ``(before, after)`` (arrays of ``trials``): the same ``(D_rest, z, z')`` on both sides,
    ``n -> n + 1`` (T3, one more record drawn) or ``lam -> lam + dlam`` (T4)."""
    if claim not in ("T3", "T4"):
        raise ValueError(f"claim={claim!r} must be 'T3' or 'T4'")
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 10:
        raise ValueError(f"trials={trials!r} must be an int >= 10")
    validate_setting(family, n=n, lam=lam, p=p)
    if claim == "T4" and not (dlam and dlam > 0):
        raise ValueError(f"dlam={dlam!r} must be in (0, oo) for T4")
    rest, z, zp, w = _draws(family, p, n, trials, seed, data)
    before = _kls(family, release, rest, z, zp, lam, noise, p, data)
    if claim == "T4":
        after = _kls(family, release, rest, z, zp, lam + dlam, noise, p, data)
    else:
        after = _kls(family, release, np.concatenate([rest, w[:, None]], axis=1), z, zp, lam, noise, p, data)
    if not (np.all(np.isfinite(before)) and np.all(np.isfinite(after))):
        raise ArithmeticError("non-finite KL in the Monte Carlo (exact release, or a singular system)")
    return before, after


def paired_difference(claim, family, release, p, n, lam, dlam=None, noise=1.0, trials=2000, seed=0, **data):
    """Monte Carlo of ``rho_bar(after) - rho_bar(before)`` for ``claim`` at one setting."""
    before, after = paired_draws(claim, family, release, p, n, lam, dlam, noise, trials, seed, **data)
    diff = after - before
    mean = float(diff.mean())
    half = Z_999 * float(diff.std(ddof=1)) / np.sqrt(trials)
    verdict = paired_verdict(mean - half, mean + half)
    return PairedResult(claim, population_plugin(family).name, release, p, n, lam, float(dlam or 0), noise, trials,
                        float(before.mean()), float(after.mean()), mean, mean - half, mean + half, verdict)


def survey_grid(claim, family, release, trials=2000) -> list[tuple]:
    """The survey's settings ``(p, n, lam, dlam)``: a grid including ``n ~ p`` and the over-parameterised regime
    ``p > n``; refused (ValueError) when its draws would need more memory than allowed, before any work."""
    grid = []
    dims = population_plugin(family, release).survey_dims
    for p in dims:
        ns = sorted({max(2, p // 2), max(2, p - 1), max(2, p), p + 1, 2 * p + 1, 4 * p + 2})
        if claim == "T3":
            grid += [(p, n, 0.01, None) for n in ns] + [(p, n, 0.3, None) for n in ns]
        else:
            grid += [(p, n, lam, dlam) for n in ns for lam, dlam in ((0.001, 0.009), (0.01, 0.09), (0.1, 0.9))]
    p, n = max((p, n) for p, n, _, _ in grid)
    check_memory(f"trials={trials} at p={p}, n={n}", max(draws_bytes(family, p, n, trials) for p, n, _, _ in grid),
                 "lower --trials")
    return grid


def survey(claim, family, release, trials=2000, seed=0, progress=None):
    """Paired tests over :func:`survey_grid`."""
    grid = survey_grid(claim, family, release, trials)
    out = []
    for i, (p, n, lam, dlam) in enumerate(grid):
        if progress:
            progress(i, len(grid), f"p={p} n={n} lam={lam}")
        out.append(paired_difference(claim, family, release, p, n, lam, dlam, trials=trials,
                                     seed=int(seed) * 7919 + i))
    return out
