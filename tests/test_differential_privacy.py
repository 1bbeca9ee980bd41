"""Gaussian mechanisms: analytic calibration vs dp_accounting, round trips, classic failures, the converter."""

import json

import mpmath
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.dp.classic_falsifier import check_point, search_classic
from mileak.numeric.dp.convert import convert
from mileak.numeric.dp.gaussian_mechanism import analytic_eps, analytic_sigma, classic_sigma, privacy_delta

EPS = [0.01, 0.1, 0.5, 1, 2, 5, 10, 20]
DELTA = [1e-12, 1e-9, 1e-6, 1e-4, 1e-2]


@pytest.mark.parametrize("eps", EPS)
def test_analytic_calibration_agrees_with_dp_accounting(eps):
    """dp_accounting works in float64 (brentq, xtol 1e-12); we certify 30 digits: agreement to 1e-6 relative."""
    from dp_accounting.gaussian_mechanism import get_sigma_gaussian

    for delta in DELTA:
        ours = analytic_sigma(eps, delta)
        theirs = get_sigma_gaussian(eps, delta)
        assert abs(float(ours.value) - theirs) <= 1e-6 * theirs, (eps, delta, ours.value, theirs)
        assert ours.error < 1e-30 * ours.value


@pytest.mark.parametrize("eps,delta", [(1, 1e-5), (0.05, 1e-300), (50, 1e-300), (50, 0.5), (3, 1e-100)])
def test_calibrated_sigma_sits_exactly_on_the_privacy_curve(eps, delta):
    sigma = analytic_sigma(eps, delta)
    with mpmath.workdps(60):
        back = privacy_delta(eps, sigma.value)
        assert abs(back.value / mpmath.mpf(delta) - 1) < 1e-25
        assert abs(analytic_eps(delta, sigma.value).value - eps) < 1e-25 * max(1, eps)


def test_the_paper_example_to_30_digits():
    from fractions import Fraction

    from mileak.numeric.dp.gaussian_mechanism import log_delta

    sigma = analytic_sigma(1, Fraction(1, 100000))  # delta exactly 1e-5 (a float 1e-5 moves digit 17)
    with mpmath.workdps(60):  # the root of delta(1; 1/sigma) = 1e-5, independently by mpmath.findroot
        ref = 1 / mpmath.findroot(lambda m: log_delta(1, m) - mpmath.log(mpmath.mpf(1) / 100000), 0.27)
        assert abs(sigma.value - ref) <= sigma.error + mpmath.mpf(10) ** -45
    assert mpmath.nstr(sigma.value, 6) == "3.73063"


def test_classic_calibration_fails_outside_its_region_and_holds_inside():
    bad = check_point(mpmath.mpf(10), mpmath.mpf("1e-10"))
    assert bad["violated"] and mpmath.mpf(bad["true_over_claimed"]) > 1
    r = search_classic(budget=100, seed=0, region_grid=(6, 8))
    assert r["counterexample"]["violated"] and r["region"]["violations"] == 0
    with pytest.raises(ValueError, match=r"eps=1.0 must be in \(0, 1\) for the classic calibration"):
        classic_sigma(1.0, 1e-5)


def test_converter_round_trips_through_every_input():
    base = convert(eps=1, delta=mpmath.mpf("1e-5"))["values"]
    mu = mpmath.mpf(base["mu"]["value"])
    for kwargs in ({"sigma": base["sigma"]["value"]}, {"mu": base["mu"]["value"]}, {"kl": base["kl"]["value"]},
                   {"advantage": base["advantage"]["value"]},
                   {"tpr": base["tpr_at_fpr=0.01"]["value"], "fpr": mpmath.mpf("0.01")}):
        got = convert(**{k: mpmath.mpf(v) for k, v in kwargs.items()})["values"]
        assert abs(mpmath.mpf(got["mu"]["value"]) - mu) < 1e-27, kwargs
    assert base["advantage_pinsker_bound"]["kind"] == "bound" and base["advantage_bh_bound"]["kind"] == "bound"
    assert mpmath.mpf(base["advantage"]["value"]) < mpmath.mpf(base["advantage_pinsker_bound"]["value"])


@pytest.mark.parametrize("kwargs,message", [
    ({"eps": 0, "delta": 0.1}, r"eps=0 must be in \(0, oo\)"),
    ({"eps": 1, "delta": 1}, r"delta=1 must be in \(0, 1\)"),
    ({"sigma": 1, "sensitivity": -1}, r"sensitivity=-1 must be in \(0, oo\)"),
    ({"tpr": 0.5, "fpr": 1}, r"fpr=1 must be in \(0, 1\)"),
    ({"advantage": 1}, r"advantage=1 must be in \(0, 1\)"),
    ({"sigma": 1, "mu": 2}, "give exactly one of"),
    ({"eps": 1}, "eps needs delta"),
])
def test_converter_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        convert(**kwargs)


def test_cli_convert_prints_the_analytic_sigma_with_30_digits(capsys):
    assert main(["convert", "--eps", "1", "--delta", "1e-5", "--sensitivity", "1", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    sigma = data["values"]["sigma"]["value"]
    assert sigma.startswith("3.7306") and len(sigma.replace(".", "")) >= 30
    assert main(["falsify", "classic-gaussian", "--budget", "50"]) == 0
    out = capsys.readouterr().out
    assert "FALSIFIED at eps" in out and "0 violations" in out


@pytest.mark.parametrize("sensitivity", ["0.2", "1", "2"])
def test_every_convert_row_at_every_sensitivity(sensitivity):
    """(1, 1e-5)-DP calibrated at any sensitivity: eps at delta = 1e-5 comes back as 1; sigma scales with the
    sensitivity; every other row depends on mu = Delta / sigma only, so it is the same at every sensitivity;
    and converting the printed sigma back gives the same mu (independent routes: the analytic calibration
    forward, then sigma -> mu -> eps)."""
    from fractions import Fraction

    d = Fraction(sensitivity)
    out = convert(eps=1, delta=Fraction(1, 10**5), sensitivity=d)
    rows = out["values"]
    assert abs(mpmath.mpf(rows["eps_at_delta=1.0e-5"]["value"]) - 1) < mpmath.mpf(10) ** -25
    base = convert(eps=1, delta=Fraction(1, 10**5), sensitivity=1)["values"]
    with mpmath.workdps(40):
        ratio = mpmath.mpf(rows["sigma"]["value"]) / mpmath.mpf(base["sigma"]["value"])
        assert abs(ratio - mpmath.mpf(d.numerator) / d.denominator) < mpmath.mpf(10) ** -25
    for key in rows:
        if key not in ("sigma", "sigma_classic"):
            assert abs(mpmath.mpf(rows[key]["value"]) - mpmath.mpf(base[key]["value"])) < mpmath.mpf(10) ** -25, key
    back = convert(sigma=mpmath.mpf(rows["sigma"]["value"]), sensitivity=d)["values"]
    assert abs(mpmath.mpf(back["eps_at_delta=1.0e-5"]["value"]) - 1) < mpmath.mpf(10) ** -25


def test_repeated_theorem_options_accumulate(capsys):
    import json

    assert main(["verify", "--theorem", "T1.kl", "--theorem", "T2.roc", "--symbolic-only", "--quiet", "--json", "-"]) == 0
    ids = {c["id"] for c in json.loads(capsys.readouterr().out)["claims"]}
    assert ids == {"T1.kl", "T2.roc"}


def test_the_classic_falsifier_takes_its_decimal_points_exactly():
    """eps = 5.8, delta = 0.1 as exact rationals: the true delta agrees with an independent evaluation of the
    exact Gaussian privacy curve at 60 digits from the exact inputs (not from the binary doubles 5.8, 0.1)."""
    from fractions import Fraction

    r = check_point(Fraction("5.8"), Fraction("0.1"), 30)
    with mpmath.workdps(60):
        eps, delta = mpmath.mpf(29) / 5, mpmath.mpf(1) / 10
        sigma = mpmath.sqrt(2 * mpmath.log(mpmath.mpf(5) / (4 * delta))) / eps
        true = mpmath.ncdf(1 / (2 * sigma) - eps * sigma) - mpmath.exp(eps) * mpmath.ncdf(-1 / (2 * sigma) - eps * sigma)
        assert abs(mpmath.mpf(r["true_delta"]) - true) < mpmath.mpf(10) ** -28
        assert abs(mpmath.mpf(r["sigma_classic"]) - sigma) < mpmath.mpf(10) ** -28
    assert r["violated"] and r["eps"] == "5.8" and r["delta"] == "0.1"


@pytest.mark.parametrize("text", ["12345678901234567891", "1e300", "98765432109876543210987654321"])
def test_convert_keeps_large_integers_exact(text, capsys):
    """A large integer sigma is read exactly: the printed sigma equals it to every printed digit, and
    mu = 1/sigma agrees with the exact rational 1/sigma at 40 digits."""
    from fractions import Fraction

    assert main(["convert", "--sigma", text, "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)["values"]
    exact = Fraction(text)
    with mpmath.workdps(60):
        assert mpmath.mpf(out["sigma"]["value"]) == mpmath.mpf(exact.numerator) or \
            abs(mpmath.mpf(out["sigma"]["value"]) / exact.numerator - 1) < mpmath.mpf(10) ** -29
        assert abs(mpmath.mpf(out["mu"]["value"]) * exact.numerator - 1) < mpmath.mpf(10) ** -29


def test_convert_reads_its_default_fprs_and_delta_exactly():
    """TPR at FPR 0.01 and eps at the default delta 1e-5, against 50-digit values from the exact 1/100 and 1/10^5."""
    rows = convert(mu=1)["values"]
    with mpmath.workdps(50):
        alpha = mpmath.mpf(1) / 100
        tpr = mpmath.ncdf(-mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * alpha) + 1)  # Phi(Phi^-1(alpha) + mu)
        assert abs(mpmath.mpf(rows["tpr_at_fpr=0.01"]["value"]) - tpr) < mpmath.mpf(10) ** -28
        eps = mpmath.mpf(rows["eps_at_delta=1.0e-5"]["value"])
        delta = mpmath.ncdf(mpmath.mpf(1) / 2 - eps) - mpmath.exp(eps) * mpmath.ncdf(-mpmath.mpf(1) / 2 - eps)
        assert abs(delta / (mpmath.mpf(1) / 10**5) - 1) < mpmath.mpf(10) ** -25


@pytest.mark.parametrize(("option", "text"), [("--mu", "1"), ("--mu", "0.37"), ("--sigma", "3.73063163481594183224982257504"),
                                              ("--kl", "0.125"), ("--sigma", "12345678901234567891")])
def test_every_printed_convert_row_is_within_its_printed_error_of_the_exact_value(option, text, capsys):
    """The printed error covers the printed digits (issue 14: it was the error of the unrounded value).

    Independent 60-digit values from the exact input: mu = 1/sigma = sqrt(2 KL); advantage
    2 Phi(mu/2) - 1; TPR at FPR a: Phi(Phi^-1(a) + mu); eps at delta: the root of the exact privacy curve.
    """
    from fractions import Fraction

    assert main(["convert", option, text, "--json", "-"]) == 0
    rows = json.loads(capsys.readouterr().out)["values"]
    with mpmath.workdps(60):
        given = mpmath.mpf(Fraction(text).numerator) / Fraction(text).denominator
        mu = {"--mu": given, "--sigma": 1 / given, "--kl": mpmath.sqrt(2 * given)}[option]
        exact = {"mu": mu, "sigma": 1 / mu, "kl": mu**2 / 2, "advantage": 2 * mpmath.ncdf(mu / 2) - 1,
                 "success_at_pi_half": mpmath.ncdf(mu / 2)}
        for a in ("0.1", "0.01", "0.001"):
            exact[f"tpr_at_fpr={a}"] = mpmath.ncdf(mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(a) - 1) + mu)
        def delta(e):
            return mpmath.ncdf(mu / 2 - e / mu) - mpmath.exp(e) * mpmath.ncdf(-mu / 2 - e / mu)

        target = mpmath.mpf(1) / 10**5  # eps = 0 when even eps = 0 meets delta (a tiny mu)
        exact["eps_at_delta=1.0e-5"] = 0 if delta(0) <= target else mpmath.findroot(
            lambda e: delta(e) - target, mpmath.mpf(rows["eps_at_delta=1.0e-5"]["value"]))
        for key, value in exact.items():
            printed, error = mpmath.mpf(rows[key]["value"]), mpmath.mpf(rows[key]["error"])
            assert abs(printed - value) <= error, (key, rows[key], mpmath.nstr(value, 40))
            assert error <= mpmath.mpf(10) ** -29 * max(1, abs(value)), (key, rows[key])


def test_a_python_float_is_taken_at_its_exact_binary_value_and_the_api_says_so_once():
    """Issue 14: ``convert(mu=0.1)`` computes for the double nearest 0.1 (as given), and says so once;
    ``Fraction('0.1')`` gives one tenth."""
    import warnings
    from fractions import Fraction

    from mileak.numeric.core import exact_input

    exact_input._FLOAT_NOTED[0] = False
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        row = convert(mu=0.1)["values"]["mu"]
        convert(mu=0.3)
    notes = [w for w in seen if "binary float" in str(w.message)]
    assert len(notes) == 1 and "Fraction('0.1')" in str(notes[0].message)
    with mpmath.workdps(60):
        printed, error = mpmath.mpf(row["value"]), mpmath.mpf(row["error"])
        assert abs(printed - mpmath.mpf(0.1)) <= error < mpmath.mpf(10) ** -30  # the double, not 1/10
        assert abs(printed - mpmath.mpf(1) / 10) > 1000 * error
    assert convert(mu=Fraction("0.1"))["values"]["mu"]["value"] == "0.1"


@pytest.mark.parametrize("z", ["1e-300", "1e-40", "1e-5", "1", "3"])
def test_analytic_eps_brackets_the_root_of_the_privacy_curve(z):
    """The eps of noise multiplier z at delta 1e-5, its enclosure checked by the privacy curve written here
    independently, delta(eps) = Phi(mu/2 - eps/mu) - e^eps Phi(-mu/2 - eps/mu), at 80 digits plus the ones the
    exponent cancels: decreasing
    in eps, so delta(lo) > 1e-5 >= delta(hi) puts the root inside. (z = 1e-300, eps about 5e599, had taken 43 s
    doubling from 1; it starts from mu^2/2 + mu sqrt(2 log(1/delta)) and closes in by Newton steps.)"""
    from fractions import Fraction

    c = analytic_eps(Fraction(1, 10**5), Fraction(z))
    cancelled = max(0, 2 * (len(str(Fraction(z).denominator)) - len(str(Fraction(z).numerator))))  # eps ~ mu^2 / 2
    with mpmath.workdps(80 + cancelled):  # its exponent subtracts terms of size eps: as many more digits
        mu = 1 / mpmath.mpf(Fraction(z).numerator) * Fraction(z).denominator

        def log_delta(eps):
            a = mpmath.log(mpmath.ncdf(mu / 2 - eps / mu))
            b = eps + mpmath.log(mpmath.ncdf(-mu / 2 - eps / mu))
            return a + mpmath.log(-mpmath.expm1(b - a))

        target = mpmath.log(mpmath.mpf(10) ** -5)
        assert log_delta(c.value - c.error) > target >= log_delta(c.value + c.error)
        assert c.error <= abs(c.value) * mpmath.mpf(10) ** -29


@pytest.mark.parametrize(("eps", "dps"), [("1e100", 60), ("1e300", 35), ("1e300", 60), ("1/10", 60)])
def test_analytic_sigma_at_large_eps_is_certified_at_any_dps(eps, dps):
    """eps = 1e300 at 35 or 60 digits said "bracket not certified; raise dps" (raising dps never helped: the
    exponent of delta subtracts terms of size eps). Checked by the privacy curve written here: sigma's upper end
    is (eps, delta)-DP and its lower end is not."""
    from fractions import Fraction

    c = analytic_sigma(Fraction(eps), Fraction(1, 10**5), 1, dps)
    assert c.error <= abs(c.value) * mpmath.mpf(10) ** -dps
    with mpmath.workdps(dps + 40 + len(str(int(Fraction(eps)))) + 5):
        e = mpmath.mpf(Fraction(eps).numerator) / Fraction(eps).denominator

        def delta_at(sigma):
            mu = 1 / sigma
            return mpmath.ncdf(mu / 2 - e / mu) - mpmath.exp(e) * mpmath.ncdf(-mu / 2 - e / mu)

        target = mpmath.mpf(10) ** -5
        assert delta_at(c.value + c.error) <= target < delta_at(c.value - c.error)
