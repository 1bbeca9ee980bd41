"""Monte Carlo of the membership game (docs/theory.md section 1), in chunks, for both adversaries.

One trial: ``M ~ Bernoulli(pi)``, a candidate ``z``, a fresh ``z'`` and ``D_rest``
(``n - 1`` records), all from the population; the model is trained on
``D_rest + z`` if ``M = 1``, else on ``D_rest + z'``, and released. Both fits are
computed (they share ``D_rest``), which gives, per trial and at no extra
sampling cost, the strong adversary's exact neighbouring KL
``D(q(.|D_rest+z) || q(.|D_rest+z'))`` and, for the output release, its exact
TV ``2 Phi(mu/2) - 1`` with ``mu = ||theta_D - theta_D'|| / sigma``. By joint
convexity their means also bound the population adversary:
``rho_KL = E_z D(E q(.|D_rest+z) || E q(.|D_rest+z')) <= E D(q(.|D_rest+z) || q(.|D_rest+z'))``
(and likewise for TV).

* population adversary sees ``(z, theta_hat)``: attacks ``exact_lr`` (F1 only),
  ``lira`` (when ``shadows >= 4``), ``loss``;
* strong adversary also knows ``D_rest`` and ``z'``: ``exact_lr`` (every release), ``loss``.

Trials whose target model did not converge are dropped and counted
(``dropped``); never used. Randomness: chunk ``i`` (of at most ``MAX_CHUNK_GAMES`` games; chunk sizes depend
only on the configuration) draws from its own generator, ``SeedSequence(seed, spawn_key=(i,))`` (the ``i``-th
child of ``SeedSequence(seed)``), so the chunks are independent streams that can be played in any order or
process: ``jobs`` worker processes (joblib) play them in parallel, and the same seed gives the same scores,
bit for bit, for any ``jobs`` and on any machine. (Before 0.3 one generator ran through the chunks in turn:
a seed's scores differ from those releases'.)

>>> from mileak.numeric.families.gaussian_mean.engine import GaussianMeanEngine
>>> g = play(GaussianMeanEngine(n=5, sigma=0.0, release="exact"), trials=200, seed=0)
>>> sorted(g.scores), g.trials, g.dropped
(['exact_lr', 'loss'], 200, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import special

from mileak.numeric.core.checks import MAX_TRIALS, check_choice, check_float, check_int, check_memory, check_seed
from mileak.numeric.families.engine import one_blas_thread
from mileak.numeric.game.attacks import lira_score, lira_shadow_statistics

MAX_SHADOWS = 4096
MAX_CHUNK_GAMES = 2048  # games per chunk at most, so a run has chunks to share among workers
MAX_JOBS = 64

ADVERSARIES = ("population", "strong")


@dataclass
class GameScores:
    adversary: str
    pi: float
    members: np.ndarray
    scores: dict
    neighbour_kl: np.ndarray
    neighbour_tv: np.ndarray | None
    trials: int
    dropped: int = 0
    shadows: int = 0
    engine: str = ""
    notes: list = field(default_factory=list)


BYTES_PER_TRIAL = 160  # kept per game (flags, KL, TV, three scores) and their concatenation; measured ~70 on F1


def check_trials(trials):
    """``trials`` in ``[1, MAX_TRIALS]`` whose per-game results fit in memory (checked before any game)."""
    trials = check_int("trials", trials, 1, MAX_TRIALS)
    check_memory(f"trials={trials}", trials * BYTES_PER_TRIAL, "lower --trials")
    return trials


def check_shadows(shadows):
    shadows = check_int("shadows", shadows, 0, MAX_SHADOWS)
    if shadows == 2 or shadows % 2:
        raise ValueError(f"shadows={shadows!r} must be 0 (no LiRA) or an even int in [4, {MAX_SHADOWS}]")
    return shadows


def _check_pi(pi):
    return check_float("pi", pi, 0, 1, lo_open=True, hi_open=True)


def check_jobs(jobs):
    return check_int("jobs", jobs, 1, MAX_JOBS)


def played_shadows(adversary: str, shadows: int) -> int:
    """The LiRA shadow models a game trains: none for the strong adversary (it knows ``D_rest``)."""
    return 0 if adversary == "strong" else shadows


def chunk_sizes(engine, trials: int, shadows: int) -> list[int]:
    """The games of each chunk: at most ``MAX_CHUNK_GAMES`` and what the engine's memory budget allows for the
    ``2 + shadows`` models a game trains (a function of the configuration only, never of ``jobs``)."""
    chunk = max(1, min(MAX_CHUNK_GAMES, engine.chunk_size() // (2 + shadows)))
    return [min(chunk, trials - start) for start in range(0, trials, chunk)]


def chunk_generator(seed: int, index: int):
    """Chunk ``index``'s generator: the ``index``-th child of ``SeedSequence(seed)``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))


def _play_chunk(engine, seed, index, size, pi, adversary, shadows):
    # a game whose fit or score is not finite is dropped and counted (``keep``), so numpy's overflow/invalid
    # warnings on the way there are handled, not news (they had put 7-19 lines on stderr at s = 1e300)
    with one_blas_thread(), np.errstate(all="ignore"):
        return _chunk(engine, chunk_generator(seed, index), size, pi, adversary, shadows)


def _played(engine, seed, sizes, pi, adversary, shadows, jobs):
    """Each chunk's results, in chunk order (``jobs`` processes: joblib's ordered generator)."""
    calls = [(engine, seed, i, size, pi, adversary, shadows) for i, size in enumerate(sizes)]
    if jobs == 1 or len(sizes) == 1:
        for c in calls:
            yield _play_chunk(*c)
        return
    from joblib import Parallel, delayed

    try:
        yield from Parallel(n_jobs=min(jobs, len(sizes)), return_as="generator")(delayed(_play_chunk)(*c)
                                                                                 for c in calls)
    except BaseException:  # an interrupted run: end the workers at once instead of letting them finish chunks
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True, kill_workers=True)
        raise


def play(engine, trials: int, seed: int = 0, pi: float = 0.5, adversary: str = "population",
         shadows: int = 0, progress=None, jobs: int = 1) -> GameScores:
    """Play ``trials`` games; see the module docstring. ``progress(done, total)`` is called per chunk;
    ``jobs`` processes share the chunks (the scores do not depend on ``jobs``)."""
    trials, pi = check_trials(trials), _check_pi(pi)
    check_choice("adversary", adversary, ADVERSARIES)
    shadows = check_shadows(shadows)
    check_seed(seed)
    jobs = check_jobs(jobs)
    shadows = played_shadows(adversary, shadows)
    parts, done = [], 0
    for part in _played(engine, seed, chunk_sizes(engine, trials, shadows), pi, adversary, shadows, jobs):
        parts.append(part)
        done += len(part["members"])
        if progress is not None:
            progress(done, trials)
    keep = np.concatenate([p["keep"] for p in parts])
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k not in ("keep", "scores")}
    scores = {name: np.concatenate([p["scores"][name] for p in parts])[keep] for name in parts[0]["scores"]}
    tv = cat["tv"][keep] if engine.release_kind in ("exact", "output") else None
    return GameScores(adversary, pi, cat["members"][keep], scores, cat["kl"][keep], tv,
                      trials=int(keep.sum()), dropped=int((~keep).sum()), shadows=shadows, engine=engine.describe())


def _chunk(engine, rng, c, pi, adversary, shadows):
    members = rng.uniform(size=c) < pi
    z, z_fresh = engine.records(rng, c), engine.records(rng, c)
    rest = engine.draw_rest(rng, c)
    both = np.stack([z, z_fresh], axis=1)
    theta, ok = engine.fit(rest, both)
    pick = np.where(members, 0, 1)
    rows = np.arange(c)
    chosen_extra, chosen_theta = both[rows, pick][:, None], theta[rows, pick][:, None]
    theta_hat = engine.release(rng, rest, chosen_extra, chosen_theta)[:, 0]
    keep = ok.all(axis=1)
    kl = engine.neighbour_kl(rest, both, theta)
    diff = np.linalg.norm(theta[:, 0] - theta[:, 1], axis=-1)
    if engine.release_kind == "output" and engine.noise > 0:
        tv = special.erf(diff / engine.noise / (2 * np.sqrt(2)))  # 2 Phi(mu/2) - 1
    else:
        tv = (diff > 0).astype(float)
    scores = {"loss": -engine.loss(theta_hat, z)}
    if adversary == "strong":
        scores["exact_lr"] = engine.strong_llr(theta_hat, rest, both, theta)
    else:
        llr = engine.population_llr(theta_hat, z)
        if llr is not None:
            scores["exact_lr"] = llr
        if shadows:
            phi = engine.statistic(theta_hat, z)
            stats_in, stats_out, ok_in, ok_out = lira_shadow_statistics(engine, rng, z, shadows)
            lira = lira_score(phi, stats_in, stats_out, ok_in, ok_out)
            keep &= ~np.isnan(lira)
            scores["lira"] = lira
    return {"members": members, "keep": keep, "kl": kl, "tv": tv, "scores": scores}
