"""F1's rows of ``mileak leakage``: ``c^2`` exactly, ``rho_KL`` (closed form), ``rho_MI`` (certified
variance-gamma rule), the T1 bounds on ``rho_MI`` and the T2 bounds on any adversary's success.

Edge case ``n = 1, sigma = 0``: the laws are mutually singular, ``rho_KL = oo`` and ``rho_MI = h(pi)``.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from mileak.numeric.core.exact_input import exact_mpf
from mileak.numeric.families.cards import family_card
from mileak.numeric.measures.registered_bounds import t1_bounds
from mileak.numeric.measures.report_entries import entry, success_entries, upper

from .information import f1_correlation_squared, f1_kl_leakage, f1_membership_information
from .sampler import DEFAULTS

FAMILY = "gaussian-mean"  # its card (the declared domains, read without sympy: numeric.families.cards)


def leakage_entries(values, dps, pi):
    v = {**DEFAULTS, **values}
    if "n" not in v:
        raise ValueError("gaussian-mean needs the parameter n (an int >= 1)")
    if not isinstance(v["n"], int) or v["n"] < 1:
        raise ValueError(f"n={v['n']} must be an int >= 1 (n = 1 is the edge case; the closed form needs n >= 2)")
    if v["n"] == 1:  # outside the family's n >= 2 (the closed form divides by n - 1): the edge case itself
        family_card(FAMILY).validate(**{k: x for k, x in v.items() if k != "n"})
    else:
        family_card(FAMILY).validate(**v)
    out = []
    exact = {k: Fraction(x) if not isinstance(x, mpmath.mpf) else x for k, x in v.items()}
    c2_exact = f1_correlation_squared(exact["n"], exact["lam"], exact["sigma"], exact["s"])
    c2 = exact_mpf(c2_exact, dps)
    out.append({"quantity": "c^2", "value": f"{c2_exact} = {mpmath.nstr(c2, dps)}", "error": "0", "status": "exact",
                "source": "docs/theory.md F1 structure"})
    kl = f1_kl_leakage(c2, int(v["p"]), dps=dps)
    out.append(entry("rho_KL", kl, "closed form (F1.kl_closed_form)", dps))
    if mpmath.isinf(kl.value):  # n = 1, sigma = 0: mutually singular laws
        out.append(entry("T1 bound on rho_MI (entropy)", t1_bounds(pi, 0, dps=dps)["entropy"], "T1", dps))
        out.append(entry("rho_MI", f1_membership_information(pi, c2, int(v["p"]), dps=dps),
                         "mutually singular laws: rho_MI = h(pi)", dps))
        out.append(entry("T2 success bounds", None, "T2", dps, "trivial", "1 (rho_KL = oo)"))
        return out
    for key, c in t1_bounds(pi, upper(kl), dps=dps).items():
        if key != "smallest":
            out.append(entry(f"T1 bound on rho_MI ({key})", c, "T1", dps))
    out.append(entry("rho_MI", f1_membership_information(pi, c2, int(v["p"]), dps=dps),
                     "variance-gamma rule (certified)", dps))
    out += success_entries(kl, pi, dps, "rho_KL")
    out.append(entry("T5 bound", None, "T5", dps, "does not apply", "L = oo (squared loss, unbounded data)"))
    return out
