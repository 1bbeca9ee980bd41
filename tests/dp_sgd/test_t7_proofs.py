"""T7 (DP-SGD) in the symbolic layer: a mutated claim is falsified, a limit of a quantity of the laws is never
handed to sympy, the squeeze step and the KL bracket lemma's side conditions."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest


def test_a_halved_chi_square_is_falsified_by_the_numeric_check():
    """Issue 16's mutation check: T7.chi2 with its right-hand side halved comes back falsified numerically."""
    import dataclasses

    import sympy as sp

    from mileak.numeric.verify.claim_check import check_claim
    from mileak.proofs.theorems import REGISTRY

    claim = REGISTRY.claim("T7.chi2")
    halved = dataclasses.replace(claim, statement=sp.Eq(claim.statement.lhs, claim.statement.rhs / 2))
    assert check_claim(halved, np.random.default_rng(0), points=2).status == "falsified"


def test_sympy_would_hold_the_laws_fixed_in_a_limit_of_the_kl_so_mileak_refuses_it():
    """sympy reads ``KL(P1, P0)`` as a constant in ``q``: its limit of ``KL / q^2`` is ``oo sign(KL)``. The decider
    leaves such a limit UNPROVED unless it cancels, and the evaluator asks the scenario, never sympy."""
    import sympy as sp

    from mileak.numeric.measures.evaluate import evaluate
    from mileak.numeric.measures.scenarios import GaussianEqualGame
    from mileak.proofs.core.decide import prove_zero
    from mileak.proofs.definitions.dp_sgd import q, z
    from mileak.proofs.definitions.laws import P0, P1
    from mileak.proofs.definitions.quantities import KL

    lim = sp.Limit(KL(P1, P0) / q**2, q, 0, "+")
    assert lim.doit().has(sp.sign)  # the trap
    assert not prove_zero(lim - (sp.exp(1 / z**2) - 1) / 2, {z: sp.Interval.open(0, sp.oo)}).proved
    assert prove_zero(lim - lim, {}).proved
    with pytest.raises(ValueError, match="cannot evaluate the limit"):
        evaluate(lim, GaussianEqualGame(mpmath.mpf(1)), {"z": mpmath.mpf(1)})


def test_the_squeeze_gives_the_kl_order_and_refuses_a_wrong_limit_or_mismatched_bounds():
    import sympy as sp

    from mileak.proofs.core.status import Status
    from mileak.proofs.core.steps import Context, Squeeze
    from mileak.proofs.definitions.dp_sgd import Q, Z, q, z
    from mileak.proofs.definitions.laws import P0, P1
    from mileak.proofs.definitions.quantities import KL
    from mileak.proofs.theorems import REGISTRY

    # (the registered T7.kl_order_q and T7.kl_order_z are PROVED in tests/contracts, as every claim)
    below, above = (REGISTRY.claim(c).statement for c in ("T7.kl_below", "T7.kl_above"))
    ctx = Context(domains={q: Q.domain, z: Z.domain}, hypotheses=(), use_claim=None, facts=[below, above])
    right = (sp.exp(1 / z**2) - 1) / 2
    lim = sp.Limit(KL(P1, P0) / q**2, q, 0, "+")
    assert Squeeze(sp.Eq(lim, right), 0, 1).run(ctx)[1].proved
    assert Squeeze(sp.Eq(lim, 2 * right), 0, 1).run(ctx)[1].status is Status.FALSIFIED
    assert not Squeeze(sp.Eq(lim, right), 1, 0).run(ctx)[1].proved  # the bounds swapped: a different quantity
    far = sp.Limit(KL(P1, P0) / q**2, q, 2, "+")
    assert "leaves its domain" in Squeeze(sp.Eq(far, right), 0, 1, over={q: Q.domain}).run(ctx)[1].detail


def test_the_kl_bracket_lemma_decides_its_calculus_facts(monkeypatch):
    """With Taylor's own quartic coefficient 1/12 the upper polynomial is not above ``F`` near ``t = -1``
    (``F(-1) = 1 > 1/2 + 1/6 + 1/12``): a side condition fails, so the lemma's conditions are decided, not assumed."""
    import sympy as sp

    from mileak.proofs.core.conditions import check_all
    from mileak.proofs.definitions.dp_sgd import Q, Z, densities, q, x, z
    from mileak.proofs.lemmas import kl_expansion

    domains = {q: Q.domain, z: Z.domain}
    assert check_all(kl_expansion.KL_TAYLOR_ABOVE.instantiate(p=densities()[0], r=densities()[1], x=x)[1], domains)[0].proved
    monkeypatch.setattr(kl_expansion, "ABOVE", kl_expansion.BELOW + sp.Symbol("t", real=True) ** 4 / 12)
    out, results = check_all(kl_expansion.KL_TAYLOR_ABOVE.instantiate(p=densities()[0], r=densities()[1], x=x)[1], domains)
    assert not out.proved, results
