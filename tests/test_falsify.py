"""The counterexample finder: pointwise search with certificates, replay, and the population form."""

import json
import re

import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.falsify.pointwise import replay, search
from mileak.numeric.falsify.population import paired_difference


@pytest.mark.parametrize("claim", ["T3", "T4"])
@pytest.mark.parametrize("release", ["output", "posterior"])
def test_ridge_pointwise_counterexamples_are_found_and_replay(claim, release):
    ce = search(claim, "ridge", release, budget=300, seed=0)
    assert ce is not None and ce.after - ce.error > ce.before + ce.error
    cert = json.loads(json.dumps(ce.as_dict()))
    again = replay(cert)
    assert again.after == ce.after and again.before == ce.before
    if release == "output":  # exact rationals: the violation is exact, not numerical
        assert ce.exact_after > ce.exact_before


def test_f1_survives_the_pointwise_search():
    """F1's strong-adversary KL ||z - z'||^2 / (2 sigma^2 n^2 (1+lam)^2) falls in n and lam: nothing found."""
    assert search("T3", "gaussian-mean", "output", budget=150, seed=1) is None
    assert search("T4", "gaussian-mean", "output", budget=150, seed=1) is None


def test_a_tampered_certificate_does_not_replay():
    from mileak.numeric.falsify.pointwise import content_hash

    ce = search("T4", "ridge", "output", budget=300, seed=0).as_dict()
    ce["parameters"]["dlam"] = "0"
    with pytest.raises(ValueError, match="content hash"):
        replay(ce)
    ce["sha256"] = content_hash(ce)  # a re-forged hash: the recomputation still refuses it
    with pytest.raises(ValueError, match="'changed'|does not reproduce"):
        replay(ce)


def test_population_form_over_parameterised_ridge_rises_with_n():
    """Double descent: with p = 5 > n and small lam, one more record raises the averaged KL."""
    r = paired_difference("T3", "ridge", "output", p=5, n=2, lam=0.01, trials=2000, seed=3)
    assert r.verdict == "rises" and r.low > 0
    r = paired_difference("T3", "ridge", "output", p=1, n=6, lam=0.3, trials=2000, seed=3)
    assert r.verdict == "falls" and r.high < 0


@pytest.mark.parametrize("kwargs,message", [
    ({"claim": "T9"}, "claim='T9' must be one of"),
    ({"family": "svm"}, "family='svm' must be one of"),
    ({"release": "posterior", "family": "logistic"}, "release='posterior' has no certified neighbouring-KL oracle for "
                                                      "family logistic"),
    ({"budget": 0}, "budget=0 must be an int in \\[1"),
])
def test_bad_search_input_is_named(kwargs, message):
    args = {"claim": "T4", "family": "ridge", "release": "output", "budget": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        search(**args)


def test_cli_falsify_writes_a_replayable_certificate(tmp_path, capsys):
    path = tmp_path / "t4.json"
    assert main(["falsify", "T4", "--family", "ridge", "--release", "posterior", "--budget", "200",
                 "--trials", "200", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    assert "pointwise strong-adversary KL: FALSIFIED" in out and "neighbour-averaged KL" in out
    data = json.loads(path.read_text())
    assert data["pointwise"]["status"] == "falsified" and data["neighbour_averaged"]
    assert main(["falsify", "T4", "--replay", str(path)]) == 0
    assert "the claim fails at the recorded point" in capsys.readouterr().out


def test_cli_falsify_bad_budget_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["falsify", "T4", "--family", "ridge", "--budget", "0"])
    assert e.value.code == 2 and "budget=0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:  # the family is named (no default family)
        main(["falsify", "T4"])
    said = capsys.readouterr().err
    assert e.value.code == 2 and "give a family (beta-bernoulli, gaussian-mean, logistic, ridge) or --loss" in said


def test_a_counterexample_reads_as_a_report():
    ce = search("T4", "ridge", "output", budget=200, seed=0)
    text = str(ce)
    assert text.startswith("T4 fails pointwise on ridge (output release): KL(lam + dlam) <= KL(lam) is false at")
    assert "KL after  = " in text and "certified error" in text and "Counterexample(" not in text


@pytest.mark.parametrize("change, field", [
    ({"lhs (after)": "0.9"}, "lhs (after)"), ({"status": "survived"}, "status"),
    ({"exact": {"after": "625/2178", "before": "625/882"}}, "exact"), ({"release": "posterior"}, "parameters"),
])
def test_replay_recomputes_and_names_a_changed_field(change, field):
    """A tampered certificate is refused: by its content hash, and (with the hash re-forged) by recomputation."""
    from mileak.numeric.falsify.pointwise import content_hash, replay

    cert = search("T4", "ridge", "output", budget=200, seed=0).as_dict()
    assert replay(dict(cert)).after > replay(dict(cert)).before
    bad = {**cert, **change}
    with pytest.raises(ValueError, match="content hash"):
        replay(bad)
    bad["sha256"] = content_hash(bad)
    with pytest.raises(ValueError, match=f"'{re.escape(field)}'"):
        replay(bad)


def test_replay_refuses_another_claim_family_or_release(tmp_path, capsys):
    path = tmp_path / "t3.json"
    assert main(["falsify", "T3", "--family", "ridge", "--budget", "100", "--trials", "50", "--json", str(path)]) == 0
    capsys.readouterr()
    for argv, word in ((["falsify", "T4"], "'claim' is 'T3', not 'T4'"),
                       (["falsify", "T3", "--family", "logistic"], "'family' is 'ridge', not 'logistic'"),
                       (["falsify", "T3", "--release", "posterior"], "'release' is 'output', not 'posterior'")):
        with pytest.raises(SystemExit) as e:
            main(argv + ["--replay", str(path)])
        assert e.value.code == 2 and word in capsys.readouterr().err
    assert main(["falsify", "T3", "--family", "ridge", "--replay", str(path)]) == 0


def _exact_logistic_kl(rows, z, z_prime, lam, sigma):
    """``||theta_D - theta_D'||^2 / (2 sigma^2)`` with the records at their exact rational values, by Newton at
    80 digits on the one-dimensional logistic objective (independent of the package's solvers)."""
    import mpmath

    def fit(data):
        theta = mpmath.mpf(0)
        for _ in range(200):
            g = sum(-y * x / (1 + mpmath.exp(y * x * theta)) for x, y in data) / len(data) + lam * theta
            h = sum(x * x * mpmath.exp(y * x * theta) / (1 + mpmath.exp(y * x * theta)) ** 2
                    for x, y in data) / len(data) + lam
            theta -= g / h
        return theta

    return (fit(rows + [z]) - fit(rows + [z_prime])) ** 2 / (2 * sigma**2)


@pytest.mark.parametrize("claim", ["T3", "T4"])
@pytest.mark.parametrize("which", ["logistic", "user family"])
def test_a_logistic_counterexample_is_certified_for_its_exact_records(claim, which):
    """The records (thirds) and ``lam`` (tenths) are exact rationals: the certified KLs must be those of the exact
    values, within the printed error (they were once computed for the records rounded to floats, 1e-15 away
    under an error bar of 1e-30)."""
    from fractions import Fraction

    import mpmath

    from mileak.proofs.families.user_family import from_sympy

    family = which if which == "logistic" else from_sympy(
        "ulog", "log(1+exp(-y*theta*x))", "theta**2/2", theta="theta", data=["x", "y"], data_box={"x": (-1, 1)},
        data_values={"y": (-1, 1)})
    ce = search(claim, family, "output", budget=60, seed=1)
    assert ce is not None
    d = ce.as_dict()
    with mpmath.workdps(80):
        q = lambda v: mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator  # noqa: E731
        rest = [[q(v) for v in r] for r in d["data"]["D_rest"]]
        z, zp = [q(v) for v in d["data"]["z"]], [q(v) for v in d["data"]["z_prime"]]
        lam, dlam, sigma = (q(d["parameters"][k]) for k in ("lam", "dlam", "sigma"))
        before = _exact_logistic_kl(rest, z, zp, lam, sigma)
        after = (_exact_logistic_kl(rest + [[q(v) for v in d["data"]["w"]]], z, zp, lam, sigma) if claim == "T3"
                 else _exact_logistic_kl(rest, z, zp, lam + dlam, sigma))
        error = mpmath.mpf(d["certified_error"])
        assert error < mpmath.mpf(10) ** -25
        # the printed digits are within the certified error and their own last-digit rounding
        for shown, exact in ((d["rhs (before)"], before), (d["lhs (after)"], after)):
            digits = len(shown.split(".")[1]) if "." in shown else 0
            assert abs(mpmath.mpf(shown) - exact) <= error + mpmath.mpf(10) ** -digits, (shown, exact)
