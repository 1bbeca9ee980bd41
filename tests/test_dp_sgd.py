"""T7 (DP-SGD): the per-step KL at 30 digits against independent routes, the accountants, and the command."""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.dp.accountant import pld_tpr
from mileak.numeric.dp.subsampled_gaussian import chi2_add_remove, chi2_by_quadrature, step_kl
from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_leakage

from .cli_runs import refused

CONFIGS = [("1/100", "11/10"), ("1/1000", "1/2"), ("1/2", "3/10"), ("1e-8", "1"), ("1/100", "100")]


def _direct_kl(q, z, v_in=1, v_out=None, digits=80):
    """``int p log(p/r)`` written plainly, at ``digits`` digits (enough that its cancellation does not matter)."""
    with mpmath.workdps(digits):
        q, z = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
        phi = lambda x, m: mpmath.npdf(x, m, z)  # noqa: E731
        p = lambda x: (1 - q) * phi(x, 0) + q * phi(x, v_in)  # noqa: E731
        r = (lambda x: phi(x, 0)) if v_out is None else (lambda x: (1 - q) * phi(x, 0) + q * phi(x, v_out))  # noqa: E731
        return mpmath.quad(lambda x: p(x) * mpmath.log(p(x) / r(x)), [-mpmath.inf, -1, 0, 1, mpmath.inf])


@pytest.mark.parametrize("q,z", CONFIGS)
def test_the_per_step_kl_is_certified_against_a_plain_80_digit_quadrature(q, z):
    for game, v_out in (("add_remove", None), ("replace", -1)):
        c = step_kl(q, z, game=game, dps=30)
        exact = _direct_kl(q, z, v_out=v_out)
        with mpmath.workdps(60):
            assert abs(c.value - exact) <= c.error, (game, q, z)
            assert c.error <= abs(exact) * mpmath.mpf(10) ** -29


def test_at_q_1_the_step_is_the_gaussian_mechanism_and_agrees_with_convert(capsys):
    for z in ("1/2", "1", "3"):
        zf = Fraction(z)
        assert main(["convert", "--mu", str(1 / zf), "--json", "-"]) == 0
        add_remove = json.loads(capsys.readouterr().out)["values"]["kl"]
        assert main(["convert", "--mu", str(2 / zf), "--json", "-"]) == 0
        replace = json.loads(capsys.readouterr().out)["values"]["kl"]
        for game, row in (("add_remove", add_remove), ("replace", replace)):
            c = step_kl(1, z, game=game)
            with mpmath.workdps(60):
                assert abs(c.value - mpmath.mpf(row["value"])) <= c.error + mpmath.mpf(row["error"])


def test_small_q_kl_is_half_the_chi_square_and_the_bounds_hold():
    with mpmath.workdps(50):
        for z in ("1/2", "1", "5"):
            kl, chi2 = step_kl("1e-8", z, dps=30), chi2_add_remove("1e-8", z, 30)
            # D = chi^2/2 - q^3 E[h^3]/6 + ...: the ratio's error is about q E[h^3] / (3 E[h^2]) <= q e^(2/z^2)
            assert abs(kl.value / chi2.value - mpmath.mpf(1) / 2) < 1e-8 * mpmath.exp(2 / mpmath.mpf(float(Fraction(z))) ** 2)
            for q in ("1/100", "1/2", "1"):
                kl, chi2 = step_kl(q, z), chi2_add_remove(q, z)
                assert kl.value <= mpmath.log1p(chi2.value) <= chi2.value  # T7.kl_step, T7.kl_step_linear


@pytest.mark.parametrize("q,z", CONFIGS[:3])
def test_chi_square_closed_form_equals_its_quadrature_and_dp_accounting_renyi_order_2(q, z):
    from dp_accounting import dp_event
    from dp_accounting.rdp import rdp_privacy_accountant

    closed, quad = chi2_add_remove(q, z), chi2_by_quadrature(q, z)
    with mpmath.workdps(60):
        assert abs(closed.value - quad.value) <= closed.error + quad.error
    rdp = rdp_privacy_accountant.RdpAccountant(orders=[2.0, 1.001])
    rdp.compose(dp_event.PoissonSampledDpEvent(float(Fraction(q)), dp_event.GaussianDpEvent(float(Fraction(z)))))
    order2, near1 = rdp._rdp
    # D_2(P||Q) = log(1 + chi^2): T7.kl_step's bound is the accountant's Renyi divergence of order 2
    assert abs(order2 - float(mpmath.log1p(closed.value))) <= 1e-9 * order2
    assert float(step_kl(q, z).value) <= near1 * (1 + 1e-9)  # Renyi divergences above 1 bound the KL


def test_a_monte_carlo_estimate_of_the_kl_agrees():
    rng = np.random.default_rng(0)
    q, z = 0.3, 0.7
    n = 400_000
    x = rng.normal(0, z, n) + (rng.uniform(size=n) < q)  # draws from P = (1-q) N(0, z^2) + q N(1, z^2)
    llr = np.log1p(q * np.expm1((2 * x - 1) / (2 * z * z)))
    mean, se = llr.mean(), llr.std(ddof=1) / np.sqrt(n)
    assert abs(mean - float(step_kl("0.3", "0.7").value)) < 5 * se


def test_the_antipodal_replacement_is_the_worst_case_over_a_grid():
    """The replace pair with v = 1 and any v' with |v'| <= 1 (collinear) and, in two dimensions, unit v' at an
    angle: the KL is largest at v' = -v."""
    from scipy import integrate

    for q, z in ((0.1, 1.0), (0.5, 0.5)):
        line = [float(_direct_kl(str(q), str(z), v_out=v, digits=20)) for v in np.linspace(-1, 1, 9)]
        assert max(line) == line[0]  # v' = -1
        phi = lambda x, y, mx, my: np.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * z * z)) / (2 * np.pi * z * z)  # noqa: E731

        def kl_at(angle):
            vx, vy = np.cos(angle), np.sin(angle)
            p = lambda x, y: (1 - q) * phi(x, y, 0, 0) + q * phi(x, y, 1, 0)  # noqa: E731
            r = lambda x, y: (1 - q) * phi(x, y, 0, 0) + q * phi(x, y, vx, vy)  # noqa: E731
            return integrate.dblquad(lambda y, x: p(x, y) * np.log(p(x, y) / r(x, y)), -8, 9, -8, 8,
                                     epsabs=1e-11)[0]

        angles = [kl_at(a) for a in np.linspace(0, np.pi, 7)]
        assert max(angles) == angles[-1] and abs(angles[-1] - line[0]) < 1e-6


def test_the_dp_sgd_command_prints_every_row_and_its_pld_comparison_agrees_with_dp_accounting(capsys):
    from dp_accounting import dp_event
    from dp_accounting.pld import pld_privacy_accountant

    assert main(["leakage", "dp-sgd", "--param", "q=0.01", "--param", "z=1.1", "--param", "steps=1000",
                 "--json", "-"]) == 0
    rows = {e["quantity"]: e for e in json.loads(capsys.readouterr().out)["entries"]}
    kl = step_kl("0.01", "1.1")
    with mpmath.workdps(60):
        rho = mpmath.mpf(rows["rho_KL bound, add/remove"]["value"])
        assert abs(rho - 1000 * kl.value) <= mpmath.mpf(rows["rho_KL bound, add/remove"]["error"]) + 1000 * kl.error
    pld = pld_privacy_accountant.PLDAccountant()
    pld.compose(dp_event.SelfComposedDpEvent(dp_event.PoissonSampledDpEvent(0.01, dp_event.GaussianDpEvent(1.1)), 1000))
    assert float(rows["eps at delta = 1e-5 (PLD)"]["value"]) == pytest.approx(pld.get_epsilon(1e-5), rel=1e-5)
    for fpr in ("0.1", "0.01", "0.001"):
        exact = float(rows[f"TPR at FPR {fpr} (PLD trade-off)"]["value"])
        bound = float(rows[f"TPR bound at FPR {fpr}, add/remove"]["value"])
        assert float(fpr) < exact <= bound  # the KL route bounds what the exact trade-off allows
        assert exact == pytest.approx(pld_tpr(pld, float(fpr)), rel=1e-5)
    assert rows["TPR at FPR 0.001, GDP central limit mu = 0.358495"]["status"] == "comparison"
    for fpr in ("0.1", "0.01", "0.001"):  # the replace game against dp_accounting's REPLACE_ONE relation
        exact = float(rows[f"TPR at FPR {fpr} (PLD trade-off), replace"]["value"])
        assert float(fpr) < exact <= float(rows[f"TPR bound at FPR {fpr}, replace"]["value"])
    assert float(rows["eps at delta = 1e-5 (PLD), replace"]["value"]) > float(rows["eps at delta = 1e-5 (PLD)"]["value"])


@pytest.mark.parametrize("params,words", [
    (["q=0", "z=1", "steps=10"], "q=0 must be in (0, 1]"),
    (["q=1.5", "z=1", "steps=10"], "q=3/2 must be in (0, 1]"),
    (["q=0.1", "z=0", "steps=10"], "z=0 must be in (0, oo)"),
    (["q=0.1", "z=1", "steps=0"], "steps=0 must be an int in [1, 10000000]"),
    (["q=0.1", "z=1", "steps=1.5"], "steps must be an int"),
    (["q=0.1"], "missing 2 parameters: z in (0, oo)"),
    (["q=0.1", "z=1", "steps=1", "eps=1"], "no parameter 'eps'"),
])
def test_bad_dp_sgd_configurations_are_refused_by_name(params, words, capsys):
    argv = ["leakage", "dp-sgd"]
    for p in params:
        argv += ["--param", p]
    assert words in refused(argv, capsys)


def test_dp_sgd_lists_its_parameters(capsys):
    assert main(["leakage", "dp-sgd", "--list-params"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("q ", "z ", "steps"))


def test_a_report_without_the_accountant_says_so_and_keeps_the_bounds():
    r = dp_sgd_leakage({"q": "1/10", "z": "2", "steps": 10}, accountant=False)
    names = [e["quantity"] for e in r["entries"]]
    assert "rho_KL bound, replace" in names and not any("PLD" in n for n in names)


def test_convert_gives_the_any_dp_trade_off_and_warns_about_composed_mechanisms(capsys):
    assert main(["convert", "--eps", "1", "--delta", "1e-5", "--fpr", "0.001", "0.3", "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    with mpmath.workdps(60):
        for text in ("0.001", "0.3"):
            a, d, e = mpmath.mpf(text), mpmath.mpf("1e-5"), mpmath.e
            expect = min(1, e * a + d, 1 - (1 - d - a) / e)  # Kairouz et al. (2015): any (eps, delta)-DP mechanism
            row = out["values"][f"tpr_bound_any_dp_at_fpr={text}"]
            assert row["kind"].startswith("bound") and abs(mpmath.mpf(row["value"]) - expect) <= mpmath.mpf(row["error"])
    assert any("mileak leakage dp-sgd" in note for note in out["notes"])
    assert main(["convert", "--mu", "1", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == []  # a GDP mu is not an (eps, delta) reading


@pytest.mark.parametrize("q,z,steps", [("0.01", "1.1", 1000), ("0.1", "2", 100), ("0.5", "0.8", 4)])
def test_the_canary_audit_stays_under_t7_and_near_the_pld_trade_off(q, z, steps):
    from mileak.numeric.game.dp_sgd_audit import canary_audit

    r = canary_audit(q, z, steps, trials=20000, seed=1)
    assert r["exceeded"] == []  # no attack above the T7 bound beyond its interval
    for row in r["pld"]:  # the optimal test of the composed pair: its ROC is the exact trade-off, within MC error
        lo, hi = row["attack_tpr_interval"]
        assert lo <= row["pld_tpr_at_attack_fpr_high"]  # never above the exact trade-off beyond its intervals
        assert row["pld_tpr_at_attack_fpr"] <= hi * 1.5 + 2e-3  # and not far below it: the attack is optimal
    assert r["rho_kl_bound"] == pytest.approx(steps * float(step_kl(q, z).value), rel=1e-12)


def test_simulate_dp_sgd_prints_the_canary_report_and_refuses_bad_configurations(capsys):
    assert main(["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=2", "--param", "steps=50",
                 "--trials", "4000", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "all iterates, worst-case gradient canary" in out and "PLD allows" in out and "T7 KL bound" in out
    for params, words in ((["q=0.1", "z=2"], "missing steps"), (["q=2", "z=2", "steps=5"], "q=2 must be in (0, 1]"),
                          (["q=0.1", "z=2", "steps=5", "m=3"], "unknown ['m']")):
        argv = ["simulate", "dp-sgd", "--trials", "100"]
        for p in params:
            argv += ["--param", p]
        assert words in refused(argv, capsys)
    # the family game's options do not apply to the canary audit: refused, even at their default values
    for option in (["--shadows", "16"], ["--shadows", "4"], ["--jobs", "2"], ["--pi", "1/3"], ["--release", "exact"],
                   ["--adversary", "strong"], ["--calibration", "classic"]):
        argv = ["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=2", "--param", "steps=5", *option]
        assert f"{option[0]} applies to a family's membership game" in refused(argv, capsys)


def test_the_final_model_adversary_stays_under_t7_and_below_the_all_iterates_one():
    from mileak.numeric.game.dp_sgd_audit import canary_audit, final_model_audit

    q, z, steps = "0.05", "0.6", 100
    final = final_model_audit(q, z, steps, n=200, p=5, models=96, seed=3)
    assert final["exceeded"] == []
    every = canary_audit(q, z, steps, trials=20000, seed=3)
    best = max(a["success"]["value"] for a in final["attacks"].values())
    # seeing only the last iterate can not beat seeing them all (data processing), beyond the intervals
    assert best - every["attacks"]["exact_lr"]["success"]["value"] <= max(
        a["success"]["high"] - a["success"]["value"] for a in final["attacks"].values())


def test_the_batched_dp_sgd_trainer_matches_a_one_model_loop_with_the_same_draws():
    """The batched update, model by model, equals the plain per-example computation (clip, sum, noise)."""
    from mileak.numeric.families.logistic.dp_sgd import clipped_gradient_sum

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 4)), np.where(rng.uniform(size=50) < 0.5, -1.0, 1.0)
    theta = rng.normal(size=(3, 4))
    mask = rng.uniform(size=(3, 50)) < 0.3
    fast = clipped_gradient_sum(theta, X, y, mask, C=0.7)
    for b in range(3):
        grads = np.array([-y[i] / (1 + np.exp(y[i] * X[i] @ theta[b])) * X[i] for i in range(50)])
        clipped = np.array([g * min(1.0, 0.7 / np.linalg.norm(g)) for g in grads])
        assert np.allclose(fast[b], clipped[mask[b]].sum(axis=0), rtol=1e-12, atol=1e-12)


def test_sparse_poisson_batches_are_bernoulli_q_samples_and_both_paths_agree():
    from mileak.numeric.families.logistic.dp_sgd import (
        clipped_gradient_sum,
        poisson_batches,
        sparse_clipped_gradient_sum,
    )

    rng = np.random.default_rng(0)
    index, valid = poisson_batches(rng, 20000, 1000, 0.01)
    counts = valid.sum(axis=1)  # Binomial(1000, 0.01): mean 10, variance 9.9
    assert abs(counts.mean() - 10) < 5 * np.sqrt(9.9 / 20000) and abs(counts.var() / 9.9 - 1) < 0.05
    hits = np.bincount(index[valid], minlength=1000)  # every example equally likely
    assert abs(hits.std() / np.sqrt(20000 * 0.01 * 0.99) - 1) < 0.1
    assert all(len(set(r[v])) == v.sum() for r, v in zip(index[:500], valid[:500]))  # without replacement
    X, y = rng.normal(size=(300, 5)), np.where(rng.uniform(size=300) < 0.5, -1.0, 1.0)
    theta = rng.normal(size=(40, 5))
    index, valid = poisson_batches(rng, 40, 300, 0.02)
    mask = np.zeros((40, 300))
    for b in range(40):
        mask[b, index[b][valid[b]]] = 1.0
    xnorm = np.linalg.norm(X, axis=1)
    assert np.allclose(sparse_clipped_gradient_sum(theta, X, y, index, valid, 0.5, xnorm),
                       clipped_gradient_sum(theta, X, y, mask, 0.5, xnorm), rtol=1e-12, atol=1e-12)


def test_simulate_dp_sgd_with_n_also_trains_models_for_the_final_model_adversary(capsys):
    assert main(["simulate", "dp-sgd", "--param", "q=0.1", "--param", "z=1", "--param", "steps=30", "--param", "n=100",
                 "--param", "p=3", "--param", "models=32", "--trials", "2000", "--quiet", "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["final_model"]["models"] == 32 and out["final_model"]["exceeded"] == []
    assert out["all_iterates"]["rho_kl_bound"] == out["final_model"]["rho_kl_bound"]


def test_the_trade_off_plot_has_its_format_and_the_kl_bounds_lie_above_the_exact_curve(tmp_path):
    from mileak.numeric.verify.dp_sgd_leakage import dp_sgd_curves

    path = tmp_path / "tradeoff.pdf"
    assert main(["leakage", "dp-sgd", "--param", "q=0.05", "--param", "z=1", "--param", "steps=20", "--plot",
                 str(path), "--json", str(tmp_path / "r.json")]) == 0
    assert path.read_bytes()[:4] == b"%PDF" and json.loads((tmp_path / "r.json").read_text())["entries"]
    curves = dp_sgd_curves({"q": "0.05", "z": "1", "steps": 20})
    _, pld, _ = curves["PLD exact trade-off (dp_accounting), add/remove"]
    for game in ("add/remove", "replace"):
        _, bound, _ = curves[f"KL bound (T7 + T2), {game}"]
        assert all(p <= b + 1e-12 for p, b in zip(pld, bound))


def test_a_halved_chi_square_is_falsified_by_the_numeric_check():
    """Issue 16's mutation check: T7.chi2 with its right-hand side halved comes back falsified numerically."""
    import dataclasses

    import sympy as sp

    from mileak.numeric.verify.claim_check import check_claim
    from mileak.proofs.theorems import REGISTRY

    claim = REGISTRY.claim("T7.chi2")
    halved = dataclasses.replace(claim, statement=sp.Eq(claim.statement.lhs, claim.statement.rhs / 2))
    assert check_claim(halved, np.random.default_rng(0), points=2).status == "falsified"


def test_the_replace_chi_square_and_its_closed_form_bound():
    from mileak.numeric.dp.subsampled_gaussian import chi2_replace

    for q, z in (("1/100", "11/10"), ("1/2", "1/2"), ("1", "1")):
        c = chi2_replace(q, z)
        with mpmath.workdps(60):
            qq, zz = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
            r = lambda x: (1 - qq) * mpmath.npdf(x, 0, zz) + qq * mpmath.npdf(x, -1, zz)  # noqa: E731
            direct = mpmath.quad(lambda x: (qq * (mpmath.npdf(x, 1, zz) - mpmath.npdf(x, -1, zz))) ** 2 / r(x),
                                 [-mpmath.inf, -1, 0, 1, mpmath.inf])
            assert abs(c.value - direct) <= c.error + direct * mpmath.mpf(10) ** -40
            if qq < 1:
                assert c.value <= 4 * qq**2 * mpmath.sinh(1 / zz**2) / (1 - qq)


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


@pytest.mark.parametrize("q,z", [("1e-6", "11/10"), ("1e-6", "1/2"), ("1/1000", "5")])
def test_the_kl_tends_to_half_its_chi_square_bound_as_q_falls(q, z):
    """``D/q^2`` at a small ``q`` (certified quadrature of the KL) against the limit the scenario computes
    (quadrature of the pointwise limit): they differ by at most the brackets' width over ``q^2``,
    ``|m3|/6 + m4/3`` scaled (T7.kl_below/above), which is ``O(q)``."""
    from mileak.numeric.verify.scenarios import SubsampledGaussianStep
    from mileak.proofs.theorems import REGISTRY

    with mpmath.workdps(60):
        qf, zf = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
        lim = SubsampledGaussianStep(qf, zf).limit(REGISTRY.claim("T7.kl_order_q").statement.lhs, {}, 30)
        ratio = step_kl(q, z, dps=30).value / qf**2
        w = 1 / zf**2
        width = (abs(mpmath.exp(3 * w) - 3 * mpmath.exp(w) + 2) / 6 + qf * (mpmath.exp(6 * w) - 4 * mpmath.exp(3 * w)
                                                                            + 6 * mpmath.exp(w) - 3) / 3) * qf
        assert abs(ratio - lim.value) <= width
        assert abs(lim.value - mpmath.expm1(w) / 2) <= lim.error
        assert width < lim.value / 100  # a small q for this z: the check is not vacuous


def test_the_kl_tends_to_q_squared_over_two_z_squared_as_the_noise_grows():
    from mileak.numeric.verify.scenarios import SubsampledGaussianStep
    from mileak.proofs.theorems import REGISTRY

    with mpmath.workdps(60):
        lim = SubsampledGaussianStep(mpmath.mpf("0.3"), mpmath.mpf(1)).limit(
            REGISTRY.claim("T7.kl_order_z").statement.lhs, {}, 30)
        assert abs(lim.value - mpmath.mpf("0.3") ** 2 / 2) <= lim.error
        values = [step_kl("3/10", str(zv), dps=30).value * zv**2 for zv in (10, 100, 1000)]
        gaps = [abs(v - mpmath.mpf("0.3") ** 2 / 2) for v in values]
        assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < mpmath.mpf(10) ** -6


@pytest.mark.parametrize("game", ["add_remove", "replace"])
@pytest.mark.parametrize("direction", ["in_out", "out_in"])
def test_the_arb_step_integrand_is_the_mpmath_integrand_to_the_working_precision(game, direction):
    """Node by node, the Arb integrand equals the mpmath one (built at 50 extra digits, where cancellation cannot
    reach the compared digits) to ``2^-(prec - 1)`` relative (the ball's midpoint is within ``2^-(prec + 8)`` and
is then rounded to the working ``prec`` bits), over ``|x| <= 40 z`` and ``q`` from ``1e-8`` to 1,
    including the cancelling region near ``u = 0`` (``x = 1/2`` for add/remove, ``x = 0`` for replace)."""
    from mileak.numeric.core.precision import working_precision
    from mileak.numeric.dp import subsampled_gaussian as sg

    for q, z in (("1e-8", "100"), ("1/100", "11/10"), ("9/10", "3/10"), ("1", "2")):
        with working_precision(40):
            qq, zz = (mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in (q, z))
            fallback_calls = []

            def fallback(x):
                fallback_calls.append(x)
                return mpmath.mpf(0)

            fast = sg._arb_step_integrand(qq, zz, game, direction, fallback)
            prec = mpmath.mp.prec
            xs = [mpmath.mpf(k) / 7 * zz for k in range(-280, 281, 13)] + [mpmath.mpf("0.5") + mpmath.mpf(10) ** -k
                                                                        for k in (3, 9, 20)] + [mpmath.mpf(10) ** -25]
            values = [fast(x) for x in xs]
        with working_precision(90):
            parts = sg._pair(qq, zz, game)
            norm = 1 / (zz * mpmath.sqrt(2 * mpmath.pi))
            for x, v in zip(xs, values):
                t, u = parts(x)
                r = mpmath.exp(-x * x / (2 * zz * zz)) if game == "add_remove" else sg._relative_out(qq, zz, x)
                exact = norm * r * (sg._f_in(u, t) if direction == "in_out" else sg._f_out(u, t))
                if x in fallback_calls:
                    continue
                assert abs(v - exact) <= abs(exact) * mpmath.mpf(2) ** -(prec - 1), (q, z, x)
        assert not fallback_calls  # the Arb route takes every node here
