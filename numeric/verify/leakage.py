"""``mileak leakage``: what the catalogue knows about a family at given parameters.

Each entry has a value, its certified error (or a Monte Carlo interval, labelled
``simulated``) and where it comes from. Nothing here names a family: each row comes
from the family's plug-in (:mod:`mileak.numeric.families.registry`) or its proofs
declarations.

* a plug-in with its own rows (``leakage_entries``, e.g. F1's closed-form ``rho_KL``,
  exact ``rho_MI``, T1 and T2 bounds) gives them;
* otherwise: the population-averaged strong-adversary KL (Monte Carlo; an upper bound on
  ``rho_KL`` by joint convexity) when the plug-in has batched neighbouring KLs; the
  sensitivity ``L`` from the family's ``lipschitz`` closed form (``oo``: T5 does not apply)
  or, without one, from the sympy prover with T5's convexity assumptions decided; and
  with ``L`` and ``sigma`` the T5 bound ``2 L^2 / (n^2 lam^2 sigma^2)`` (read from the
  registered ``T5.kl``) and the T2 bounds it implies.

The family and its parameters are checked against its card (:mod:`mileak.numeric.families.cards`), and a
plug-in's own rows are imported alone: warm, such a report imports no sympy.
"""

from __future__ import annotations

from fractions import Fraction

from mileak.numeric.core.checks import MAX_TRIALS, check_int, check_probability, check_seed
from mileak.numeric.core.precision import DEFAULT_DPS, MAX_LEAKAGE_DPS, validate_dps
from mileak.numeric.dp.gaussian_mechanism import privacy_request
from mileak.numeric.families.cards import family_card
from mileak.numeric.measures.report_entries import entry, success_entries


def _learner() -> tuple[str, ...]:
    """The names passed to the population Monte Carlo by name, not as population values."""
    from mileak.proofs.families.user_family import LEARNER_NAMES

    return (*LEARNER_NAMES, "p")


def _simulated(plug, values, trials, seed):
    from mileak.numeric.falsify.population import mean_neighbour_kl

    release = "posterior" if "tau" in values else "output"
    noise = float(values.get("tau", values.get("sigma", 1.0)))
    p, n, lam = int(values.get("p", 1)), int(values["n"]), float(values["lam"])
    extra = {k: v for k, v in values.items() if k not in _learner()}
    mean, half = mean_neighbour_kl(plug.family, release, p, n, lam, noise, trials=trials, seed=seed, **extra)
    return {"quantity": f"E[neighbouring KL] ({release}; >= rho_KL by joint convexity)",
            "value": f"{mean:.6g} +- {half:.2g} (99.9%)", "error": None, "status": f"simulated ({trials} draws)",
            "source": "Monte Carlo over D_rest, z, z'"}


def _dp_report(fam, values, privacy, dps, pi, calibration):
    from mileak.numeric.verify.dp_leakage import dp_entries

    missing = [need for need in ("n", "lam") if need not in values]
    if missing:
        raise ValueError(f"(eps, delta) needs the parameters {' and '.join(missing)}: the sensitivity is 2L/(n lam)")
    fam.validate(**{k: v for k, v in values.items() if k in {q.name for q in fam.parameters}})
    entries = []
    params = {k: v for k, v in values.items() if k not in _learner() or k == "p"}
    L, status, how = _sensitivity(fam, params, entries, values["lam"])
    if L is None:
        raise ValueError(f"(eps, delta)-DP output perturbation needs a finite proved gradient bound L; for family "
                         f"{fam.name}: {how}")
    return entries + dp_entries(values["n"], values["lam"], L, privacy["eps"], privacy["delta"], pi, dps, how,
                                status, calibration)


def _shown(values):
    return {k: str(v) if isinstance(v, Fraction) else v for k, v in values.items()}


def _sensitivity(fam, params, entries, lam=None):
    """``(L, how)``, or ``(None, why)`` when T5 cannot be used (``L`` unbounded or unproved); the L and assumption
    rows go into ``entries`` (:mod:`mileak.numeric.families.certified_lipschitz` decides which ``L``)."""
    from mileak.numeric.families.certified_lipschitz import certified_lipschitz

    found = certified_lipschitz(fam, params, lam)
    rows = [{"quantity": f"assumption: {text}", "value": None, "error": None, "status": o.status.value,
             "source": o.detail[:120]} for text, o in found.assumptions]
    if found.row is not None:
        rows.insert(0, {"quantity": "L", "error": None, **found.row})
    entries.extend(rows)
    return found.L, found.status, found.how


def leakage(family, values: dict, dps: int = DEFAULT_DPS, pi=0.5, trials=2000, seed=0,
            calibration: str = "analytic") -> dict:
    """The report of ``family`` at ``values``; ``eps`` and ``delta`` among the values (instead of ``sigma``) ask
    for an ``(eps, delta)``-DP output perturbation calibrated to the proved sensitivity ``2 L / (n lam)``
    (:mod:`mileak.numeric.verify.dp_leakage`). ``family="dp-sgd"`` takes a DP-SGD run's ``q``, ``z``, ``steps``
    (T7, :func:`mileak.numeric.verify.dp_sgd_leakage.dp_sgd_leakage`; as ``mileak leakage dp-sgd``)."""
    dps = validate_dps(dps, MAX_LEAKAGE_DPS, "measured: F1's exact rho_MI converges to 150 digits within 15 s")
    check_probability("pi", pi)
    if isinstance(family, str) and family == "dp-sgd":
        if calibration != "analytic":
            raise ValueError("calibration applies to (eps, delta) output perturbation, not to dp-sgd")
        from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_leakage

        if not isinstance(values, dict):
            raise TypeError(f"values must be a dict of q, z, steps, got {type(values).__name__} {values!r:.60}")
        return {**dp_sgd_leakage(values, pi=pi, dps=dps), "family": "dp-sgd"}
    card = family_card(family)  # a catalogue family's kept card: no sympy until a row needs it
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict of family parameters, got {type(values).__name__} {values!r:.60}")
    own = {q.name for q in card.parameters}
    values, privacy = privacy_request(values, own)
    known = {q.name: q for q in card.learner + card.parameters}  # the learner's n, lam, sigma where not declared
    unknown = sorted(str(k) for k in values if k not in known)
    if unknown:
        raise ValueError(f"family {card.name} has no parameter {unknown[0]!r}; valid: {', '.join(sorted(known))}")
    for name, value in values.items():
        if name not in own:
            known[name].validate(value)
    check_int("trials", trials, 10, MAX_TRIALS)
    check_seed(seed)
    report = {"family": card.name, "parameters": _shown({**values, **(privacy or {})})}
    if privacy is None and card.leakage_entries is not None:
        return {**report, "entries": card.leakage_rows()(values, dps, pi)}
    from mileak.numeric.families.registry import plugin

    plug = plugin(family)
    fam = plug.family
    if privacy is not None:
        return {**report, "entries": _dp_report(fam, values, privacy, dps, pi, calibration)}
    fam.validate(**{k: v for k, v in values.items() if k in {q.name for q in fam.parameters}})
    missing = [need for need in ("n", "lam", "sigma") if need not in values and not (need == "sigma" and "tau" in values)]
    if missing:
        raise ValueError(f"family {fam.name} needs the parameter{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} (e.g. n=50, lam=1/10, sigma=1)")
    entries = []
    if plug.batch_neighbour_kl is not None:
        try:
            entries.append(_simulated(plug, values, trials, seed))
        except ValueError as exc:  # e.g. a loss shown non-convex: the fits would not be minimisers
            entries.append({"quantity": "E[neighbouring KL]", "value": None, "error": None, "status": "not available",
                            "source": str(exc)[:160]})
    params = {k: v for k, v in values.items() if k not in _learner() or k == "p"}
    L, status, how = _sensitivity(fam, params, entries, values.get("lam"))
    if L is None:
        entries.append(entry("T5 bound", None, "T5", dps, status, how))
        return {**report, "entries": entries}
    if "sigma" not in values:
        raise ValueError("the T5 bound needs the parameter sigma (output perturbation)")
    from mileak.numeric.measures.sensitivity_bounds import t5_bound

    b = t5_bound(values["n"], values["lam"], values["sigma"], L, dps=dps)
    entries.append(entry("T5 bound on rho_KL", b, f"T5.kl with {how}", dps, status=status))
    entries += [{**e, "status": status} for e in success_entries(b, pi, dps, "the T5 bound")]
    return {**report, "entries": entries}
