"""User families: the restricted parser, sensitivity, T5 and the leakage command on a family not shipped."""

import json
import re
import time
from fractions import Fraction

import pytest
import sympy as sp

from mileak.numeric.cli.main import main
from mileak.numeric.verify.leakage import leakage
from mileak.proofs.core.safe_parse import FormulaError, parse_formula
from mileak.proofs.families.sensitivity import lipschitz_constant
from mileak.proofs.families.user_family import from_sympy

X, THETA = sp.Symbol("x", real=True), sp.Symbol("theta", real=True)
HOSTILE = [
    "__import__('os').system('touch SENTINEL')", "().__class__.__bases__[0].__subclasses__()",
    "x.__class__", "lambda: 1", "[c for c in 'ab']", "{1: 2}", "(lambda f: f)(x)", "open('SENTINEL', 'w')",
    "exec('1')", "eval('1')", "globals()", "x if x else x", "x; x", "import os", "x = 1", "9**9**9",
    "10**10**10", "2**(2**(2**20))", "(" * 200 + "x" + ")" * 200, "x" + "+x" * 600, "'abc'", "b'abc'",
    "exp(x, base=2)", "exp(*[x])", "log()", "sin(x, x)", "x[0]", "x.real", "getattr(x, 'real')",
    "sympify('x')", "__builtins__", "x @ x", "not x", "x and x", "x < 1", "{x}", "f'{x}'", "...",
    "1e999", "x**1e999", "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_rejected_quickly_and_never_run(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    with pytest.raises(FormulaError):
        parse_formula(text, {"x": X, "theta": THETA})
    assert time.perf_counter() - start < 1.0
    assert not (tmp_path / "SENTINEL").exists()


def test_the_parser_builds_what_sympy_would():
    e = parse_formula("log(1 + exp(-x*theta)) + Max(theta, 0)**2/2 - pi", {"x": X, "theta": THETA})
    assert e == sp.log(1 + sp.exp(-X * THETA)) + sp.Max(THETA, 0) ** 2 / 2 - sp.pi


def test_huber_like_family_gets_L_proved_and_the_t5_bound():
    fam = from_sympy("log-cosh", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x",
                     data_box={"x": (-2, 2)})
    sens = lipschitz_constant(fam)
    assert sens.status == "proved" and sens.value == 1
    out = leakage(fam, {"n": 40, "lam": 0.5, "sigma": 2})
    t5 = next(e for e in out["entries"] if e["quantity"] == "T5 bound on rho_KL")
    assert t5["value"].startswith("0.00125")  # 2 L^2 / (n^2 lam^2 sigma^2) = 2 / (1600 * 0.25 * 4)


def test_squared_loss_is_unbounded_over_all_theta_but_bounded_where_the_minimisers_lie():
    fam = from_sympy("lsq", "(y - x*theta)**2/2", "theta**2/2", theta="theta", data=["x", "y"],
                     data_box={"x": (-1, 1), "y": (-1, 1)})
    sens = lipschitz_constant(fam)
    assert sens.status == "unbounded" and sens.value == sp.oo  # over all theta: no L is guessed
    # with lam = 1/2 every minimiser has |theta| <= sup|x y| / lam = 2, where |x (x theta - y)| <= 2 + 1 = 3;
    # sympy's proof of it needs 167,000 operations, over its 50,000: unproved, and no value (never an estimate)
    ball = lipschitz_constant(fam, lam=Fraction(1, 2))
    assert ball.status == "unproved" and ball.value is None and "minimisers' box |theta_j| <= 2" in ball.detail
    assert "used its work budget of 50,000" in ball.detail
    out = leakage(fam, {"n": 40, "lam": Fraction(1, 2), "sigma": 2})  # interval arithmetic certifies L = 3
    L = next(e for e in out["entries"] if e["quantity"] == "L")
    assert L["value"] == "3" and L["status"] == "certified (interval arithmetic)" and "minimisers' box" in L["source"]
    t5 = next(e for e in out["entries"] if e["quantity"].startswith("T5 bound"))
    assert t5["status"] == "certified" and Fraction(t5["value"]) == Fraction(2 * 9, 40**2 * Fraction(1, 4) * 4)
    # a loss whose gradient at 0 is unbounded on the data box has no such ball: still not available
    wide = from_sympy("lsq2", "(y - x*theta)**2/2", "theta**2/2", theta="theta", data=["x", "y"],
                      data_box={"x": (-1, 1)})
    out = leakage(wide, {"n": 40, "lam": Fraction(1, 2), "sigma": 2})
    assert any(e["status"] in ("not available", "does not apply") for e in out["entries"])


@pytest.mark.parametrize("kwargs,message", [
    ({"theta": ["1theta"]}, "theta names must be identifiers"),
    ({"data": ["theta"]}, "must be distinct"),
    ({"data_box": {"z": (0, 1)}}, "data_box key 'z' is not a data symbol"),
    ({"loss": "theta + y"}, "unknown name 'y'"),
])
def test_bad_user_family_input_is_named(kwargs, message):
    args = {"name": "u", "loss": "(theta - x)**2", "regularizer": "theta**2/2", "theta": ["theta"], "data": ["x"],
            **kwargs}
    with pytest.raises(ValueError, match=message):
        from_sympy(**args)


def test_cli_leakage_user_family_and_hostile_loss(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["leakage", "--loss", "log(cosh(theta - x))", "--box", "x=-1:1", "--param", "n=50",
                 "--param", "lam=0.1", "--param", "sigma=1", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {e["quantity"]: e for e in data["entries"]}
    assert rows["L"]["status"] == "proved" and rows["T5 bound on rho_KL"]["status"] == "certified"
    assert rows["E[neighbouring KL] (output; >= rho_KL by joint convexity)"]["status"].startswith("simulated")
    with pytest.raises(SystemExit) as e:
        main(["leakage", "--loss", "__import__('os').system('touch SENTINEL')", "--param", "n=5"])
    assert e.value.code == 2 and "loss:" in capsys.readouterr().err
    assert not (tmp_path / "SENTINEL").exists()


def test_cli_leakage_catalogue_families(capsys):
    assert main(["leakage", "gaussian-mean", "--param", "n=20", "--param", "sigma=0.5", "--param", "p=2"]) == 0
    out = capsys.readouterr().out
    assert "rho_KL:" in out and "rho_MI:" in out and "T5 bound: L = oo" in out
    assert main(["leakage", "logistic", "--param", "n=50", "--param", "lam=0.1", "--param", "sigma=1",
                 "--param", "R=1", "--param", "p=2"]) == 0
    assert "T5 bound on rho_KL: 0.08 " in capsys.readouterr().out
    assert main(["leakage", "gaussian-mean", "--param", "n=1"]) == 0  # the edge case: rho_KL = oo, rho_MI = h(pi)
    out = capsys.readouterr().out
    assert "rho_KL: +inf" in out and "rho_MI = h(pi)" in out
    with pytest.raises(SystemExit) as e:
        main(["leakage", "gaussian-mean", "--param", "n=0"])
    assert e.value.code == 2 and "n=0 must be an int >= 1" in capsys.readouterr().err


def test_every_check_runs_on_a_user_family_unchanged():
    """Generic ERM agrees with the dedicated F3 solver; the T5 check and the falsifier run on a user family."""
    import numpy as np

    from mileak.numeric.falsify.pointwise import replay, search
    from mileak.numeric.families.generic.erm import erm
    from mileak.numeric.families.logistic.solve import logistic_fit
    from mileak.numeric.families.registry import plugin
    from mileak.numeric.families.t5_check import t5_check
    from mileak.proofs.families import FAMILIES

    lg = FAMILIES["logistic"]
    d = plugin(lg).sample(np.random.default_rng(0), 12, p=1, R=1)  # the symbolic F3 loss is written for p = 1
    a, b = erm(lg, d, 0.1), logistic_fit(d[:, :1], d[:, 1], 0.1)
    assert all(abs(u - v) <= a.error + b.error for u, v in zip(a.theta, b.theta))

    fam = from_sympy("log-cosh", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x",
                     data_box={"x": (-2, 2)})
    bound, kls = t5_check(fam, lipschitz_constant(fam).value, n=15, lam=0.5, sigma=1.0, trials=6)
    assert all(k.b < bound for k in kls)
    ce = search("T4", fam, "output", budget=200, seed=0)
    assert ce is not None and replay(ce.as_dict(), fam).after == ce.after


@pytest.mark.parametrize("loss, regularizer", [("-cos(theta - x)", "theta**2/2"), ("(theta - x)**2/2", "-theta**2")])
def test_no_certified_t5_bound_when_an_assumption_is_falsified(loss, regularizer, capsys):
    """T5 holds only for a convex loss and a 1-strongly convex regulariser: when sympy falsifies either,
    leakage prints no certified T5 bound (here the true neighbouring KL can exceed 2 L^2 / (n^2 lam^2 sigma^2))."""
    assert main(["leakage", f"--loss={loss}", f"--regularizer={regularizer}", "--box", "x=-1:1", "--param", "n=50",
                 "--param", "lam=1/10", "--param", "sigma=1", "--json", "-"]) == 0
    rows = json.loads(capsys.readouterr().out)["entries"]
    t5 = [r for r in rows if r["quantity"].startswith("T5 bound")]
    assert t5 and all(r["status"] != "certified" for r in t5) and t5[0]["status"] == "does not apply"
    assert not any(r["quantity"].startswith("T2 success bound") for r in rows)


@pytest.mark.parametrize("text, sub", [("1/0 + theta", "1/0"), ("log(0)*theta", "log(0)"),
                                       ("sqrt(-1)*theta", "sqrt(-1)"), ("theta + log(x - x)", "log(x - x)")])
def test_formulas_that_are_not_finite_reals_are_refused_naming_the_part(text, sub):
    with pytest.raises(ValueError, match=rf"'{re.escape(sub)}' is not a finite real number"):
        parse_formula(text, {"x": sp.Symbol("x", real=True), "theta": sp.Symbol("theta", real=True)})


def test_decimals_in_formulas_are_exact_like_parameters():
    x, t = sp.Symbol("x", real=True), sp.Symbol("theta", real=True)
    assert parse_formula("0.1*theta", {"theta": t}) == t / 10  # not 3602879701896397/36028797018963968
    assert parse_formula("theta*1e-300", {"theta": t}) == t / sp.Integer(10) ** 300
    with pytest.raises(FormulaError, match=r"decimal exponent of '1e-400' is beyond 10\^\+-300"):
        parse_formula("theta*1e-400", {"theta": t})  # a double would silently make it 0
    assert parse_formula("2.5e-3*(theta - x)**2", {"theta": t, "x": x}) == (t - x) ** 2 / 400


@pytest.mark.parametrize("loss", ["cos(theta)*(1+x**2)", "-x**2*theta**2"])
def test_generic_erm_refuses_a_stationary_point_that_is_not_a_minimiser(loss):
    """Issue 14: theta = 0 was returned with "error 1e-47" though it is a maximum (or no minimum exists)."""
    from mileak.numeric.families.generic.certify import NotAMinimiser
    from mileak.numeric.families.generic.erm import erm

    fam = from_sympy("bad", loss, "theta**2/2", theta="theta", data="x", data_box={"x": (-1, 1)})
    with pytest.raises(NotAMinimiser, match="not a certified minimiser"):
        erm(fam, [[0.5], [-0.3]], lam=0.1)


def test_generic_erm_error_bound_covers_an_independent_root_of_the_gradient():
    """The certified error covers the distance to the minimiser found by mpmath.findroot at 60 digits."""
    import mpmath

    from mileak.numeric.families.generic.erm import erm

    fam = from_sympy("two", "log(1 + exp(-y*(a*x + b))) + (a - b)**4/10", "(a**2 + b**2)/2", theta=["a", "b"],
                     data=["x", "y"], data_box={"x": (-1, 1), "y": (-1, 1)})
    rows = [[0.5, 1], [-0.25, -1], [0.75, 1]]
    fit = erm(fam, rows, lam=0.5)
    with mpmath.workdps(60):
        a, b = sp.symbols("a b", real=True)
        objective = sum(fam.loss.xreplace({sp.Symbol("x", real=True): sp.Rational(r[0]), sp.Symbol("y", real=True):
                                           sp.Rational(r[1])}) for r in rows) / 3 + fam.regularizer / 2
        grad = [sp.lambdify((a, b), sp.diff(objective, v), "mpmath") for v in (a, b)]
        root = mpmath.findroot(lambda u, v: [grad[0](u, v), grad[1](u, v)], (0, 0))
        distance = mpmath.sqrt((root[0] - fit.theta[0]) ** 2 + (root[1] - fit.theta[1]) ** 2)
    assert distance <= fit.error < 1e-39


@pytest.mark.parametrize(("argv", "said"), [
    (["simulate", "--loss", "log(cosh(theta - x))", "--param", "n=10", "--param", "lam=1", "--param", "sigma=1",
      "--trials", "50"], "data coordinate x has no domain to draw records from; give --box x=LOW:HIGH"),
    (["simulate", "ridge", "--loss", "log(cosh(theta - x))", "--box", "x=-1:1", "--param", "n=10", "--param", "lam=1",
      "--param", "sigma=1", "--trials", "50"], "give either a registered family (ridge) or --loss"),
], ids=["no-box", "family-and-loss"])
def test_nothing_is_assumed_silently_and_no_option_is_ignored(argv, said, capsys):
    """A user family's records had been drawn uniformly on [-1, 1] with nothing said; `simulate ridge --loss ...`
    had simulated a user family named ridge. Both are one-line refusals now, before any work."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and said in err and len(err.strip().splitlines()) == 1


def test_a_user_family_draws_its_records_uniformly_on_its_box():
    import numpy as np

    from mileak.numeric.families.generic.plugin import box_sampler

    fam = from_sympy("lc", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x", data_box={"x": (0, 2)})
    records = np.asarray(box_sampler(fam)(np.random.default_rng(0), 4000))
    assert records.min() >= 0 and records.max() <= 2 and abs(records.mean() - 1) < 0.05  # 5 sd of a mean of 4000
    no_box = from_sympy("lc", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x")
    with pytest.raises(ValueError, match="data coordinate x has no domain"):
        box_sampler(no_box)(np.random.default_rng(0), 10)


def test_simulate_calibrates_dp_on_a_user_loss_with_the_l_leakage_certifies(capsys):
    """`simulate` had refused eps/delta on a user loss ("declares no finite L") that `leakage` answers: both now
    take L from numeric/families/certified_lipschitz, so the noise simulate plays is the sigma leakage prints."""
    common = ["--loss", "(y - theta*x)**2/2", "--data", "x,y", "--box", "x=-1:1", "--box", "y=-1:1",
              "--param", "n=10", "--param", "lam=1", "--param", "eps=1", "--param", "delta=1/100000"]
    assert main(["leakage", *common, "--json", "-"]) == 0
    rows = json.loads(capsys.readouterr().out)
    sigma_row = next(r for r in rows["entries"] if r["quantity"].startswith("sigma of the"))
    assert main(["simulate", *common, "--trials", "60", "--shadows", "0", "--quiet", "--json", "-"]) in (0, 1)
    dp = json.loads(capsys.readouterr().out)["dp"]
    assert abs(dp["sigma"] - float(sigma_row["value"])) <= 1e-12 * dp["sigma"]  # simulate's 20-digit float
    refused = ["--loss", "(y - theta*x)**2/2", "--data", "x,y", "--param", "n=10", "--param", "lam=1",
               "--param", "eps=1", "--param", "delta=1/100000", "--values", "y=-1,1"]
    with pytest.raises(SystemExit):  # x has no box: L is not bounded, so no DP calibration
        main(["simulate", *refused, "--trials", "60"])
    assert "need a bounded sensitivity 2L/(n lam) with T5's assumptions proved; for family 'user': L is unbounded" \
        in capsys.readouterr().err
