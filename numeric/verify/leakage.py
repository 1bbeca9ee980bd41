"""``mileak leakage``: what the catalogue knows about a family at given parameters.

Each entry has a value, its certified error (or a Monte Carlo interval,
labelled ``simulated``) and where it comes from:

* F1 gaussian-mean: ``rho_KL`` (closed form, derived in ``proofs.families.gaussian_mean``),
  ``c^2``, ``rho_MI`` (certified variance-gamma rule), the T1 bounds on ``rho_MI`` and
  the T2 bounds on any adversary's success (``n = 1, sigma = 0``: ``rho_KL = oo``, ``rho_MI = h(pi)``);
* F2 ridge and F3 logistic: the population-averaged strong-adversary KL (Monte Carlo,
  an upper bound on ``rho_KL`` by joint convexity), and for F3 the T5 bound ``2 L^2 / (n^2 lam^2 sigma^2)``
  with ``L = R`` and the T2 bounds it implies;
* a user family: ``L`` (proved, unbounded or unproved), and the T5 and T2 bounds when ``L`` is proved.

The T5 bound is read from the registered statement ``T5.kl``.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps
from mileak.numeric.measures.evaluate import evaluate
from mileak.numeric.measures.registered_bounds import success_bounds, t1_bounds
from mileak.numeric.measures.scenarios import ParameterPoint
from mileak.proofs.families import FAMILIES
from mileak.proofs.families.sensitivity import lipschitz_constant, t5_assumptions
from mileak.proofs.theorems import REGISTRY


def _entry(name, c: Certified | None, source, dps, status="certified", text=None):
    if c is None:
        return {"quantity": name, "value": text, "error": None, "status": status, "source": source}
    return {"quantity": name, "value": mpmath.nstr(c.value, dps), "error": mpmath.nstr(c.error, 3),
            "status": status, "source": source}


def exact_mpf(v, dps=DEFAULT_DPS):
    """``v`` as an ``mpf`` at ``dps + 30`` digits: Fractions and decimal floats by their text, not binary."""
    with mpmath.workdps(dps + 30):
        if isinstance(v, Fraction):
            return mpmath.mpf(v.numerator) / v.denominator
        if isinstance(v, float):
            return mpmath.mpf(repr(v))
        if isinstance(v, sp.Basic):
            return mpmath.mpf(str(sp.N(v, dps + 30)))
        return mpmath.mpf(v)


def t5_bound(n, lam, sigma, L, dps=DEFAULT_DPS) -> Certified:
    """``2 L^2 / (n^2 lam^2 sigma^2)``, the right-hand side of the registered ``T5.kl``."""
    from mileak.numeric.core.checks import check_int, check_positive

    check_int("n", n, 1, None)
    for name, v in (("lam", lam), ("sigma", sigma), ("L", L)):
        check_positive(name, v)
    dps = validate_dps(dps)
    rhs = REGISTRY.claim("T5.kl").statement.rhs
    vals = {k: exact_mpf(v, dps) for k, v in (("n", n), ("lam", lam), ("sigma", sigma), ("L", L))}
    x = evaluate(rhs, ParameterPoint(), vals, dps=dps)
    return Certified.from_interval(x, dps)


def _upper(c: Certified):
    with mpmath.workdps(c.dps + 30):
        return c.value + c.error


def _bounds_from_kl(out, kl: Certified, pi, dps, label):
    for key, c in success_bounds(pi, _upper(kl), dps=dps).items():
        if key != "smallest":
            out.append(_entry(f"T2 success bound ({key}) from {label}", c, "T2", dps))


def _f1(values, dps, pi):
    from mileak.numeric.families.gaussian_mean.information import (
        f1_correlation_squared,
        f1_kl_leakage,
        f1_membership_information,
    )

    fam = FAMILIES["gaussian-mean"]
    v = {"lam": 0, "sigma": 0, "s": 1, "p": 1, "m": 0, **values}
    if "n" not in v:
        raise ValueError("gaussian-mean needs --param n=... (an int >= 1)")
    if not isinstance(v["n"], int) or v["n"] < 1:
        raise ValueError(f"n={v['n']} must be an int >= 1 (n = 1 is the edge case; the closed form needs n >= 2)")
    if v["n"] == 1:  # outside the family's n >= 2 (the closed form divides by n - 1): the edge case itself
        fam.validate(**{k: x for k, x in v.items() if k != "n"})
    else:
        fam.validate(**v)
    out = []
    exact = {k: Fraction(v) if not isinstance(v, mpmath.mpf) else v for k, v in v.items()}
    c2_exact = f1_correlation_squared(exact["n"], exact["lam"], exact["sigma"], exact["s"])
    c2 = exact_mpf(c2_exact, dps)
    out.append({"quantity": "c^2", "value": f"{c2_exact} = {mpmath.nstr(c2, dps)}", "error": "0", "status": "exact",
                "source": "THEORY.md F1 structure"})
    kl = f1_kl_leakage(c2, int(v["p"]), dps=dps)
    out.append(_entry("rho_KL", kl, "closed form (F1.kl_closed_form)", dps))
    if mpmath.isinf(kl.value):  # n = 1, sigma = 0: mutually singular laws
        out.append(_entry("T1 bound on rho_MI (entropy)", t1_bounds(pi, 0, dps=dps)["entropy"], "T1", dps))
        out.append(_entry("rho_MI", f1_membership_information(pi, c2, int(v["p"]), dps=dps),
                          "mutually singular laws: rho_MI = h(pi)", dps))
        out.append(_entry("T2 success bounds", None, "T2", dps, "trivial", "1 (rho_KL = oo)"))
        return out
    for key, c in t1_bounds(pi, _upper(kl), dps=dps).items():
        if key != "smallest":
            out.append(_entry(f"T1 bound on rho_MI ({key})", c, "T1", dps))
    out.append(_entry("rho_MI", f1_membership_information(pi, c2, int(v["p"]), dps=dps),
                      "variance-gamma rule (certified)", dps))
    _bounds_from_kl(out, kl, pi, dps, "rho_KL")
    out.append(_entry("T5 bound", None, "T5", dps, "does not apply", "L = oo (squared loss, unbounded data)"))
    return out


def _simulated(family, values, dps, trials, seed):
    from mileak.numeric.falsify.population import mean_neighbour_kl

    p, n, lam = int(values.get("p", 1)), int(values["n"]), float(values["lam"])
    release = "posterior" if "tau" in values else "output"
    noise = float(values.get("tau", values.get("sigma", 1.0)))
    extra = {k: values[k] for k in ("s", "R", "beta_seed") if k in values}
    mean, half = mean_neighbour_kl(family, release, p, n, lam, noise, trials=trials, seed=seed, **extra)
    return {"quantity": f"E[neighbouring KL] ({release}; >= rho_KL by joint convexity)",
            "value": f"{mean:.6g} +- {half:.2g} (99.9%)", "error": None, "status": f"simulated ({trials} draws)",
            "source": "Monte Carlo over D_rest, z, z'"}


def _shown(values):
    return {k: str(v) if isinstance(v, Fraction) else v for k, v in values.items()}


def leakage(family, values: dict, dps: int = DEFAULT_DPS, pi=0.5, trials=2000, seed=0) -> dict:
    from mileak.numeric.core.checks import MAX_TRIALS, check_int, check_seed
    from mileak.proofs.families import resolve_family

    dps = validate_dps(dps)
    fam = resolve_family(family)
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict of family parameters, got {type(values).__name__} {values!r:.60}")
    known = {p.name for p in fam.parameters} | {"n", "lam", "sigma", "tau", "s", "p", "m"}
    unknown = sorted(str(k) for k in values if k not in known)
    if unknown:
        raise ValueError(f"family {fam.name} has no parameter {unknown[0]!r}; valid: {', '.join(sorted(known))}")
    check_int("trials", trials, 10, MAX_TRIALS)
    check_seed(seed)
    if fam.name == "gaussian-mean":
        return {"family": fam.name, "parameters": _shown(values), "entries": _f1(values, dps, pi)}
    params = {k: v for k, v in values.items() if k in {p.name for p in fam.parameters}}
    fam.validate(**params)
    entries = []
    for need in ("n", "lam", "sigma"):
        if need not in values and not (need == "sigma" and "tau" in values):
            raise ValueError(f"family {fam.name} needs --param {need}=...")
    if fam.name in ("ridge", "logistic"):
        entries.append(_simulated(fam.name, values, dps, trials, seed))
    if fam.name == "ridge":
        entries.append(_entry("T5 bound", None, "T5", dps, "does not apply", "L = oo (squared loss, unbounded data)"))
        return {"family": fam.name, "parameters": _shown(values), "entries": entries}
    if fam.name == "logistic":
        L, how = Fraction(values.get("R", 1)), "L = R (F3 closed form)"
    else:
        sens = lipschitz_constant(fam, **params)
        entries.append({"quantity": "L", "value": str(sens.value), "error": None, "status": sens.status,
                        "source": sens.detail})
        for text, o in t5_assumptions(fam, **params):
            entries.append({"quantity": f"assumption: {text}", "value": None, "error": None,
                            "status": o.status.value, "source": o.detail[:120]})
        if not sens.proved:
            entries.append(_entry("T5 bound", None, "T5", dps, "not available", f"L is {sens.status}"))
            return {"family": fam.name, "parameters": _shown(values), "entries": entries}
        L, how = sens.value, "L proved by sympy"
    if "sigma" not in values:
        raise ValueError("the T5 bound needs --param sigma=... (output perturbation)")
    b = t5_bound(values["n"], values["lam"], values["sigma"], L, dps=dps)
    entries.append(_entry("T5 bound on rho_KL", b, f"T5.kl with {how}", dps))
    _bounds_from_kl(entries, b, pi, dps, "the T5 bound")
    return {"family": fam.name, "parameters": _shown(values), "entries": entries}
