"""``mileak falsify``: run both forms of a claim's search and print what survived.

T3/T4 on a family and release: the pointwise search (:mod:`numeric.falsify_pointwise`)
and the population-averaged survey (:mod:`numeric.falsify_population`); for T4 on
ridge with the exact release (infinite KL) the population check is an attack
metric along ``lam`` (:mod:`numeric.game.overparameterisation`, Tan et al. 2022).
``outside_assumption_rows`` gives the short form shown by ``mileak verify``:
these are claims *outside* the assumptions of the proved theorems (the
theorems are proved for F1 and for the T5 bound; exact ridge/logistic
leakage is not covered by them), not failures of the stated theorems.
"""

from __future__ import annotations

from .falsify_pointwise import search
from .falsify_population import survey

OUTSIDE = (("T3", "ridge", "output"), ("T3", "ridge", "posterior"), ("T4", "ridge", "output"),
           ("T4", "ridge", "posterior"), ("T3", "logistic", "output"), ("T4", "logistic", "output"))


def falsify(claim, family, release, budget=300, seed=0, trials=2000, progress=None) -> dict:
    from .arguments import MAX_TRIALS, check_int

    check_int("trials", trials, 10, MAX_TRIALS)
    ce = search(claim, family, release, budget=budget, seed=seed)
    rows = []
    if family in ("ridge", "logistic") and release != "exact":
        rows = [r.as_dict() for r in survey(claim, family, release, trials=trials, seed=seed, progress=progress)]
    rises = [r for r in rows if r["verdict"] == "rises"]
    summary = {
        "pointwise": "falsified" if ce else f"survived {budget} examples",
        "population": ("not run" if not rows else
                       f"falsified at {len(rises)}/{len(rows)} settings" if rises else
                       f"survived all {len(rows)} settings"),
    }
    attack = []
    if claim == "T4" and family == "ridge" and release == "exact":
        from .game.overparameterisation import tan_experiment

        attack = tan_experiment(trials=trials, seed=seed, progress=progress)
        steps = sum(len(a["steps"]) for a in attack)
        confirmed = sum(len(a["confirmed_rises"]) for a in attack)
        summary["population"] = (f"attack metric (LiRA AUC / TPR at FPR {attack[0]['fpr']:g}): rise confirmed at "
                                 f"{confirmed}/{steps} lam steps" + (" (FALSIFIED)" if confirmed else " (survived)"))
    return {"claim": claim, "family": family, "release": release, "budget": budget, "seed": seed,
            "trials": trials, "summary": summary, "pointwise": ce.as_dict() if ce else None, "population": rows,
            "attack_paths": attack}


def falsify_text(result: dict) -> str:
    out = [f"{result['claim']} on {result['family']} (release {result['release']})"]
    ce = result["pointwise"]
    if ce:
        par = ce["parameters"]
        out.append(f"pointwise (strong adversary): FALSIFIED after {ce['examples_tried']} examples; smallest case:")
        out.append("  " + ", ".join(f"{k} = {v}" for k, v in par.items()))
        out.append(f"  changed: {ce['changed']['parameter']} {ce['changed']['from']} -> {ce['changed']['to']}")
        out.append("  data: " + ", ".join(f"{k} = {v}" for k, v in ce["data"].items()))
        ex = ce["exact"]
        after = f"{ex['after']} = " if ex else ""
        before = f"{ex['before']} = " if ex else ""
        out.append(f"  KL after  = {after}{ce['lhs (after)']}")
        out.append(f"  KL before = {before}{ce['rhs (before)']}  (certified error {ce['certified_error']})")
    else:
        out.append(f"pointwise (strong adversary): no counterexample in {result['budget']} examples")
    if result["population"]:
        out.append(f"population-averaged (E over D_rest, z, z'; {result['trials']} paired draws per setting, 99.9% "
                   "intervals):")
        out.append(f"  {'p':>3} {'n':>4} {'lam':>7} {'after-before':>13} {'interval':>26}  verdict")
        for r in result["population"]:
            out.append(f"  {r['p']:>3} {r['n']:>4} {r['lam']:>7g} {r['mean_difference']:>13.4g} "
                       f"[{r['low']:>11.4g}, {r['high']:>11.4g}]  {r['verdict']}")
    if result.get("attack_paths"):
        from .game.overparameterisation import path_text

        out.append("population, exact release (KL = oo, so an attack metric; paired trials along lam):")
        out += ["  " + line for a in result["attack_paths"] for line in path_text(a).splitlines()]
    out.append(f"summary: pointwise {result['summary']['pointwise']}; population {result['summary']['population']}")
    return "\n".join(out)


def outside_assumption_rows(budget=100, seed=0) -> list[dict]:
    rows = []
    for claim, family, release in OUTSIDE:
        ce = search(claim, family, release, budget=budget, seed=seed)
        rows.append({"claim": claim, "family": family, "release": release,
                     "status": "FALSIFIED outside assumptions" if ce else f"no counterexample in {budget}",
                     "case": ce.as_dict() if ce else None})
    return rows


def outside_assumption_text(rows) -> str:
    out = ["\nOutside the theorems' assumptions (pointwise strong-adversary KL; not failures of the stated theorems):"]
    for r in rows:
        c = r["case"]
        detail = ""
        if c:
            ch = c["changed"]
            where = f"{ch['parameter']} {ch['from']} -> {ch['to']}"
            if ch["parameter"] != "n":
                where = f"n = {c['parameters']['n']}, {where}"
            detail = f": {where}, KL {c['rhs (before)'][:10]} -> {c['lhs (after)'][:10]}"
        out.append(f"  {r['claim']} {r['family']}/{r['release']}: {r['status']}{detail}")
    return "\n".join(out)
