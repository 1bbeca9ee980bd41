"""Text for the terminal: ``mileak falsify T3|T4``: the pointwise certificate, the neighbour-averaged and paper's
tables, the verify rows."""

from __future__ import annotations

from .attack_paths import path_text


def falsify_text(result: dict) -> str:
    if "certified_steps" in result:
        return certified_steps_text(result)
    out = [f"{result['claim']} on {result['family']} (release {result['release']})"]
    ce = result["pointwise"]
    if ce:
        par = ce["parameters"]
        out.append(f"pointwise strong-adversary KL: FALSIFIED after {ce['examples_tried']} examples; smallest case:")
        out.append("  " + ", ".join(f"{k} = {v}" for k, v in par.items()))
        out.append(f"  changed: {ce['changed']['parameter']} {ce['changed']['from']} -> {ce['changed']['to']}")
        out.append("  data: " + ", ".join(f"{k} = {v}" for k, v in ce["data"].items()))
        ex = ce["exact"]
        after = f"{ex['after']} = " if ex else ""
        before = f"{ex['before']} = " if ex else ""
        out.append(f"  KL after  = {after}{ce['lhs (after)']}")
        out.append(f"  KL before = {before}{ce['rhs (before)']}  (certified error {ce['certified_error']})")
    else:
        out.append(f"pointwise strong-adversary KL: no counterexample in {result['budget']} examples")
    if result["neighbour_averaged"]:
        out.append("neighbour-averaged KL E D(q(.|D_rest+z) || q(.|D_rest+z')), an upper bound on the paper's rho_KL "
                   f"({result['trials']} paired draws per setting, 99.9% intervals):")
        out.append(f"  {'p':>3} {'n':>4} {'lam':>7} {'after-before':>13} {'interval':>26}  verdict")
        for r in result["neighbour_averaged"]:
            out.append(f"  {r['p']:>3} {r['n']:>4} {r['lam']:>7g} {r['mean_difference']:>13.4g} "
                       f"[{r['low']:>11.4g}, {r['high']:>11.4g}]  {r['verdict']}")
    for key, name in (("paper_rho_kl", "rho_KL = E_z D(P1_z || P0)"), ("paper_rho_mi", "rho_MI at pi = 1/2")):
        if result.get(key):
            first = result[key][0]
            out.append(f"the paper's {name}, nested Monte Carlo ({first['outer']} outer draws, {first['inner']} and "
                       f"{2 * first['inner']} inner, Richardson; 99.8% intervals):")
            out.append(f"  {'p':>3} {'n':>4} {'lam':>7} {'before':>9} {'after':>9} {'after-before':>13} {'interval':>26}"
                       "  verdict")
            for r in result[key]:
                out.append(f"  {r['p']:>3} {r['n']:>4} {r['lam']:>7g} {r['before']:>9.4g} {r['after']:>9.4g} "
                           f"{r['difference']:>13.4g} [{r['low']:>11.4g}, {r['high']:>11.4g}]  {r['verdict']}")
    if result.get("attack_paths"):
        out.append("population, exact release (KL = oo, so an attack metric; paired trials along lam):")
        out += ["  " + line for a in result["attack_paths"] for line in path_text(a).splitlines()]
    s = result["summary"]
    out.append(f"summary: pointwise KL {s['pointwise_kl']}; neighbour-averaged KL {s['neighbour_averaged_kl']}; "
               f"paper's rho_KL {s['paper_rho_kl']}; paper's rho_MI {s['paper_rho_mi']}"
               + (f"; attack metric {s['attack_metric']}" if "attack_metric" in s else ""))
    return "\n".join(out)


_CERTIFIED = (("neighbour_averaged", "neighbour-averaged KL E D(q(.|D_rest+z) || q(.|D_rest+z'))"),
              ("paper_rho_kl", "the paper's rho_KL = E_z D(P1_z || P0)"), ("paper_rho_mi", "the paper's rho_MI at pi = 1/2"))


def certified_steps_text(result: dict) -> str:
    """A family whose quantities are exact: each step's certified ``after - before`` per quantity, and any rise
    with its exact parameters and both values."""
    s = result["summary"]
    out = [f"{result['claim']} on {result['family']} (release {result['release']}): every quantity exact, "
           f"differences certified at {result['dps']} digits",
           f"pointwise strong-adversary KL: {s['pointwise_kl']}"]
    for key, name in _CERTIFIED:
        out.append(f"{name}:")
        out.append(f"  {'n':>8} {'lam':>10} {'m0':>5} {'theta0':>6} {'before':>10} {'after':>10} {'after-before':>13}"
                   f" {'error':>9}  verdict")
        for row in result["certified_steps"]:
            q, st = row[key], row["setting"]
            out.append(f"  {st['n']:>8} {st['lam']:>10} {st['m0']:>5} {st['theta0']:>6} {q['before']:>10.4g} "
                       f"{q['after']:>10.4g} {q['difference']:>13.6g} {q['error']:>9}  {q['verdict']}")
        for row in result["certified_steps"]:
            if row[key]["verdict"] == "rises":
                q = row[key]
                out.append("  counterexample: " + ", ".join(f"{k} = {v}" for k, v in row["setting"].items())
                           + f": before {q['before_text']}, after {q['after_text']} (difference error {q['error']})")
    out.append(f"summary: pointwise KL {s['pointwise_kl']}; neighbour-averaged KL {s['neighbour_averaged_kl']}; "
               f"paper's rho_KL {s['paper_rho_kl']}; paper's rho_MI {s['paper_rho_mi']}")
    return "\n".join(out)


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
