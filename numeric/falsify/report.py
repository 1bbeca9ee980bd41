"""``mileak falsify``: run both forms of a claim's search and print what survived.

T3/T4 on a family and release: the pointwise search (:mod:`.pointwise`) and the
population-averaged survey (:mod:`.population`); under the exact release (infinite KL),
for a family whose plug-in declares it (``exact_release_path``), the population check is
an attack metric along ``lam`` (:mod:`mileak.numeric.game.overparameterisation`, Tan et al. 2022).
Which families and releases are shown by ``mileak verify`` is declared by the plug-ins
(``outside_releases``).
``outside_assumption_rows`` gives the short form shown by ``mileak verify``:
these are claims *outside* the assumptions of the proved theorems (the
theorems are proved for F1 and for the T5 bound; exact ridge/logistic
leakage is not covered by them), not failures of the stated theorems.
"""

from __future__ import annotations

from mileak.numeric.falsify.pointwise import search
from mileak.numeric.falsify.population import survey
from mileak.numeric.families.registry import plugin, plugins


def outside_cases() -> list[tuple[str, str, str]]:
    """``(claim, family, release)`` for every plug-in's declared ``outside_releases``, T3 and T4."""
    return [(claim, plug.name, release) for plug in plugins() for claim in ("T3", "T4")
            for release in plug.outside_releases]


def falsify(claim, family, release, budget=300, seed=0, trials=2000, progress=None) -> dict:
    from mileak.numeric.core.checks import MAX_TRIALS, check_int

    check_int("trials", trials, 10, MAX_TRIALS)
    ce = search(claim, family, release, budget=budget, seed=seed)
    plug = plugin(family)
    name = plug.name
    rows = []
    if plug.batch_neighbour_kl is not None and release in plug.population_releases:
        rows = [r.as_dict() for r in survey(claim, family, release, trials=trials, seed=seed, progress=progress)]
    rises = [r for r in rows if r["verdict"] == "rises"]
    summary = {
        "pointwise": "falsified" if ce else f"survived {budget} examples",
        "population": ("not run" if not rows else
                       f"falsified at {len(rises)}/{len(rows)} settings" if rises else
                       f"survived all {len(rows)} settings"),
    }
    attack = []
    if release == "exact" and plug.exact_release_path == claim:
        from mileak.numeric.game.overparameterisation import tan_experiment

        attack = tan_experiment(trials=trials, seed=seed, progress=progress, family=plug)
        steps = sum(len(a["steps"]) for a in attack)
        confirmed = sum(len(a["confirmed_rises"]) for a in attack)
        summary["population"] = (f"attack metric (LiRA AUC / TPR at FPR {attack[0]['fpr']:g}): rise confirmed at "
                                 f"{confirmed}/{steps} lam steps" + (" (FALSIFIED)" if confirmed else " (survived)"))
    return {"claim": claim, "family": name, "release": release, "budget": budget, "seed": seed,
            "trials": trials, "summary": summary, "pointwise": ce.as_dict() if ce else None, "population": rows,
            "attack_paths": attack}


def outside_assumption_rows(budget=100, seed=0) -> list[dict]:
    rows = []
    for claim, family, release in outside_cases():
        ce = search(claim, family, release, budget=budget, seed=seed)
        rows.append({"claim": claim, "family": family, "release": release,
                     "status": "FALSIFIED outside assumptions" if ce else f"no counterexample in {budget}",
                     "case": ce.as_dict() if ce else None})
    return rows
