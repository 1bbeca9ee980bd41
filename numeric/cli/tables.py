"""Plain-text tables and derivations for the terminal."""

from __future__ import annotations

import mpmath
import sympy as sp


def _margin(check):
    if check is None or not check.points:
        return "-"
    m = check.smallest_margin
    return mpmath.nstr(m, 3) if m > 0 else f"agree {mpmath.nstr(-m, 2)}"


def _digits(check):
    if check is None or not check.points:
        return "-"
    return str(check.dps)


def verify_table(rows) -> str:
    header = ("id", "claim", "symbolic", "sharp", "numeric", "points v/t/f", "min margin", "dps", "time")
    lines = []
    for r in rows:
        c = r.numeric
        pts = f"{c.count('verified')}/{c.count('tight')}/{c.count('falsified')}" if c else "-"
        title = r.claim.title if len(r.claim.title) <= 58 else r.claim.title[:55] + "..."
        sharp = "equality" if r.claim.relation == "==" else (
            "TIMED_OUT" if r.proof.sharp.status.name == "TIMED_OUT" else "unknown" if not r.proof.sharp.proved else
                                                             "no" if r.proof.sharp.detail.startswith("not sharp")
                                                             else "yes")
        lines.append((r.claim.id, title, r.proof.status.name, sharp, c.status if c else "skipped", pts,
                      _margin(c), _digits(c), f"{r.seconds:.1f}s"))
    widths = [max(len(str(x[i])) for x in [header] + lines) for i in range(len(header))]
    widths[-1] = len(header[-1])  # the last column (time) is not padded: the table's shape never depends on timings
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    passed = sum(r.passed for r in rows)
    out.append(f"\n{passed}/{len(rows)} claims PROVED and numerically verified")
    for r in rows:
        for s in r.proof.unproved_steps():
            out.append(f"  {r.claim.id} step {s.index} ({s.rule}) {s.outcome.status.value}: {s.outcome.detail}")
        if not r.proof.conclusion.proved:
            out.append(f"  {r.claim.id} conclusion: {r.proof.conclusion.detail}")
        if r.proof.sharp.status.name == "TIMED_OUT":
            out.append(f"  {r.claim.id} sharpness: {r.proof.sharp.detail}")
    if any(r.timed_out for r in rows):
        out.append("TIMED_OUT is no verdict: the wall-clock safety net stopped a step before its work budget ran out "
                   "(a slow or busy machine); retry with a longer --step-timeout")
    return "\n".join(out)


def derivation_text(proof, latex: bool = False) -> str:
    c = proof.claim
    show = sp.latex if latex else sp.sstr
    out = [f"{c.id}: {c.title}", f"  source: {c.source}", f"  statement: {show(c.statement)}"]
    if c.parameters:
        out.append("  parameters: " + ", ".join(f"{p.name} in {p.domain}" for p in c.parameters))
    for a in list(c.hypotheses) + list(c.assumptions):
        out.append(f"  assumes: {a}")
    for r in proof.steps:
        label = f"{r.index} {r.name}" if r.name else f"{r.index}"
        out.append(f"  [{label}] {r.rule}: {r.description}".rstrip(": "))
        out.append(f"      {show(r.fact)}")
        out.append(f"      -> {r.outcome.status.value}: {r.outcome.detail}")
    out.append(f"  conclusion -> {proof.conclusion.status.value}: {proof.conclusion.detail}")
    out.append(f"  status: {proof.status.name}")
    said = "unknown" if not proof.sharp.proved else "no" if proof.sharp.detail.startswith("not sharp") else "yes"
    out.append(f"  sharp: {said} ({proof.sharp.detail})")
    out.append(f"  theory: docs/theory.md, section 3 (claim {c.id})")
    if c.notes:
        out.append(f"  note: {c.notes}")
    return "\n".join(out)
