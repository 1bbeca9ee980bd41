"""``mileak falsify``: run a claim's searches, one per quantity, and print what survived.

T3/T4 on a family and release, three quantities: the pointwise search (:mod:`.pointwise`), the
neighbour-averaged survey (:mod:`.population`) and the paper's ``rho_KL`` (:mod:`.paper_leakage`). Under the
exact release (infinite KL), for a family whose plug-in declares it (``exact_release_path``), the population
check is an attack metric along ``lam`` (:mod:`mileak.numeric.game.overparameterisation`, Tan et al. 2022).
Which families and releases are shown by ``mileak verify`` is declared by the plug-ins
(``outside_releases``).
``outside_assumption_rows`` gives the short form shown by ``mileak verify``:
these are claims *outside* the assumptions of the proved theorems (the
theorems are proved for F1 and for the T5 bound; exact ridge/logistic
leakage is not covered by them), not failures of the stated theorems.
"""

from __future__ import annotations

from mileak.numeric.falsify.pointwise import search
from mileak.numeric.falsify.population import survey, survey_grid
from mileak.numeric.families.registry import plugin, plugins


def outside_cases() -> list[tuple[str, str, str]]:
    """``(claim, family, release)`` for every plug-in's declared ``outside_releases``, T3 and T4."""
    return [(claim, plug.name, release) for plug in plugins() for claim in ("T3", "T4")
            for release in plug.outside_releases]


PAPER_RANGES = {"paper_settings": (0, 20), "paper_outer": (10, 10**5), "paper_inner": (4, 10**5)}


def check_paper(paper, spelled=str):
    """``paper = (settings, outer, inner)`` within :data:`PAPER_RANGES`; an error names each by ``spelled(key)``
    (the command line passes its option names)."""
    from mileak.numeric.core.checks import check_int

    for (key, (low, high)), value in zip(PAPER_RANGES.items(), paper, strict=True):
        check_int(spelled(key), value, low, high)


def falsify(claim, family, release, budget=300, seed=0, trials=2000, progress=None, paper=(2, 400, 200)) -> dict:
    """Three quantities, each with its own verdict (docs/theory.md section 1): the pointwise strong-adversary KL
    (``pointwise``), its neighbour average ``E D(q(.|D_rest+z) || q(.|D_rest+z'))`` over a grid
    (``neighbour_averaged``, an upper bound on ``rho_KL`` by joint convexity), and the paper's own ``rho_KL``
    (``paper_rho_kl``) and ``rho_MI`` at ``pi = 1/2`` (``paper_rho_mi``) by nested Monte Carlo. ``paper =
    (settings, outer, inner)``: that many of the grid's settings with ``p <= 5`` (those where the neighbour
    average rises first, then the most over-parameterised), each side with ``outer`` outer and ``inner`` and
    ``2 inner`` inner draws."""
    from mileak.numeric.core.checks import MAX_TRIALS, check_int

    check_int("trials", trials, 10, MAX_TRIALS)
    check_paper(paper)
    plug = plugin(family)
    if release is None:
        from mileak.numeric.families.registry import default_release

        release = default_release(family)
    if plug.exact_falsify is not None:
        return plug.exact_falsify(claim, release, progress=progress)
    if plug.batch_neighbour_kl is not None and release in plug.population_releases:
        survey_grid(claim, family, release, trials)  # sized before any work: a run too large is refused at once
    ce = search(claim, family, release, budget=budget, seed=seed)
    name = plug.name
    rows = []
    if plug.batch_neighbour_kl is not None and release in plug.population_releases:
        rows = [r.as_dict() for r in survey(claim, family, release, trials=trials, seed=seed, progress=progress)]
    rises = [r for r in rows if r["verdict"] == "rises"]
    chosen, reason = _paper_settings(family, release, rows, paper[0])
    paper_kl, kl_note = _paper_rows(claim, family, chosen, paper, seed, "rho_KL") if chosen else ([], reason)
    paper_mi, mi_note = _paper_rows(claim, family, chosen, paper, seed, "rho_MI") if chosen else ([], reason)
    summary = {
        "pointwise_kl": "falsified" if ce else f"survived {budget} examples",
        "neighbour_averaged_kl": ("not run" if not rows else
                                  f"falsified at {len(rises)}/{len(rows)} settings" if rises else
                                  f"survived all {len(rows)} settings"),
        "paper_rho_kl": kl_note,
        "paper_rho_mi": mi_note,
    }
    attack = []
    if release == "exact" and plug.exact_release_path == claim:
        from mileak.numeric.game.overparameterisation import tan_experiment

        attack = tan_experiment(trials=trials, seed=seed, progress=progress, family=plug)
        steps = sum(len(a["steps"]) for a in attack)
        confirmed = sum(len(a["confirmed_rises"]) for a in attack)
        summary["attack_metric"] = (f"LiRA AUC / TPR at FPR {attack[0]['fpr']:g}: rise confirmed at "
                                    f"{confirmed}/{steps} lam steps" + (" (FALSIFIED)" if confirmed else " (survived)"))
    from mileak.numeric.falsify.pointwise import content_hash

    doc = {"claim": claim, "family": name, "release": release, "budget": budget, "seed": seed,
           "trials": trials, "summary": summary, "pointwise": ce.as_dict() if ce else None,
           "neighbour_averaged": rows, "paper_rho_kl": paper_kl, "paper_rho_mi": paper_mi, "attack_paths": attack}
    return {**doc, "sha256": content_hash(doc)}  # the whole report: summary included


def _paper_settings(family, release, rows, settings):
    """The grid's settings at which the paper's quantities are tested (``p <= 5``; rising neighbour-averaged
    settings first, then the most over-parameterised), or the reason none is."""
    from mileak.numeric.falsify.paper_leakage import PAPER_MAX_P

    if not settings:
        return [], "not run (--paper-settings 0)"
    if release != "output":
        return [], f"not run: the nested Monte Carlo needs the output release (a Gaussian density), not {release}"
    if plugin(family).engine is None:
        return [], "not run: the family has no simulator engine to draw datasets with"
    if not rows:
        return [], "not run: no neighbour-averaged grid to take its settings from"
    small = [r for r in rows if r["p"] <= PAPER_MAX_P]
    if not small:
        return [], f"not run: no setting of the grid has p <= {PAPER_MAX_P}"
    return sorted(small, key=lambda r: (r["verdict"] != "rises", r["n"] / r["p"], r["p"], r["lam"]))[:settings], ""


def _paper_rows(claim, family, chosen, paper, seed, quantity):
    """The paper's ``quantity`` (``rho_KL`` or ``rho_MI``) paired tests at the ``chosen`` settings, and a note."""
    from mileak.numeric.falsify.paper_leakage import paper_paired_difference

    _, outer, inner = paper
    out = [paper_paired_difference(claim, family, r["p"], r["n"], r["lam"], r["dlam"] or None, r["noise"], outer,
                                   inner, seed=int(seed) * 7919 + i, quantity=quantity).as_dict()
           for i, r in enumerate(chosen)]
    rises = [r for r in out if r["verdict"] == "rises"]
    falls = [r for r in out if r["verdict"] == "falls"]
    if rises:
        return out, f"falsified at {len(rises)}/{len(out)} settings"
    return out, (f"not seen to rise at {len(out)} settings ({len(falls)} falls, {len(out) - len(falls)} "
                 "inconclusive)")


def outside_assumption_rows(budget=100, seed=0) -> list[dict]:
    return [outside_assumption_row(case, budget, seed) for case in outside_cases()]


def outside_assumption_row(case, budget=100, seed=0) -> dict:
    """One row of :func:`outside_assumption_rows`: the search at ``case = (claim, family, release)``."""
    claim, family, release = case
    ce = search(claim, family, release, budget=budget, seed=seed)
    return {"claim": claim, "family": family, "release": release,
            "status": "FALSIFIED outside assumptions" if ce else f"no counterexample in {budget}",
            "case": ce.as_dict() if ce else None}
