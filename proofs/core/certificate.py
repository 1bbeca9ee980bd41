"""Symbolic part of a certificate: a checked claim as JSON-ready data.

The statement is stored as sympy ``srepr`` (re-creatable with
``sympy.parsing``-free ``eval`` in a sympy namespace by the reader, or simply
re-derived with ``mileak verify --theorem ID``) and LaTeX; each step with its
rule, fact and outcome.
"""

from __future__ import annotations

import platform

import sympy as sp

from mileak.proofs.core.claim import ClaimProof


def _fact(fact) -> dict:
    return {"srepr": sp.srepr(fact), "latex": sp.latex(fact), "text": sp.sstr(fact)}


def symbolic_certificate(proof: ClaimProof) -> dict:
    c = proof.claim
    return {
        "id": c.id,
        "title": c.title,
        "source": c.source,
        "statement": _fact(c.statement),
        "parameters": [
            {"name": p.name, "domain": str(p.domain), "typical": str(p.typical), "description": p.description}
            for p in c.parameters
        ],
        "hypotheses": [sp.sstr(h) for h in c.hypotheses] + list(c.assumptions),
        "symbolic_status": proof.status.value,
        "steps": [
            {
                "index": r.index,
                "name": r.name,
                "rule": r.rule,
                "description": r.description,
                "fact": _fact(r.fact),
                "status": r.outcome.status.value,
                "detail": r.outcome.detail,
            }
            for r in proof.steps
        ],
        "conclusion": {"status": proof.conclusion.status.value, "detail": proof.conclusion.detail},
        "sharp": {"status": proof.sharp.status.value, "detail": proof.sharp.detail},
    }


def library_versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for name in ("mileak", "sympy", "mpmath", "numpy", "scipy"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:  # pragma: no cover - running from a source tree
            out[name] = "not installed"
    return out
