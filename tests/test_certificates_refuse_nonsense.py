"""``mileak falsify --replay`` refuses a certificate whose numbers are nonsense, whose hash is missing or whose summary
disagrees, naming the field; a user family's certificate records its loss and domains, so it replays alone.

Before: both KLs set to "nan" (hash recomputed) replayed "the claim fails", exit 0; so did a certificate with its
hash removed and ``certified_error`` "0"; the report's summary was outside the hash; a user-loss certificate did
not record the loss, so its own rerun line failed.
"""

from __future__ import annotations

import json

import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.falsify.pointwise import content_hash, search
from mileak.proofs.families.user_family import from_sympy


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A whole ``falsify --json`` report of ridge with a counterexample (paper quantities not run: fast)."""
    path = tmp_path_factory.mktemp("cert") / "report.json"
    assert main(["falsify", "T3", "--family", "ridge", "--budget", "20", "--trials", "100", "--paper-settings", "0",
                 "--json", str(path)]) == 0
    doc = json.loads(path.read_text())
    assert doc["pointwise"] is not None and doc["summary"]["pointwise_kl"] == "falsified"
    return doc


def _refused(doc, tmp_path, capsys, *extra) -> str:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SystemExit) as exc:
        main(["falsify", "T3", *extra, "--replay", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(err) == 1, err
    return err[0]


def _rehashed(cert: dict) -> dict:
    body = {k: v for k, v in cert.items() if k != "sha256"}
    return {**body, "sha256": content_hash(body)}


def test_the_report_as_written_replays(report, tmp_path, capsys):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    assert main(["falsify", "T3", "--replay", str(path)]) == 0
    assert "the claim fails at the recorded point" in capsys.readouterr().out


@pytest.mark.parametrize(("field", "value", "words"), [
    ("lhs (after)", "nan", "'lhs (after)'"), ("rhs (before)", "nan", "'rhs (before)'"),
    ("lhs (after)", "inf", "'lhs (after)'"), ("certified_error", "nan", "'certified_error'"),
    ("certified_error", "-1e-30", "'certified_error'"), ("certified_error", "0", "'certified_error'"),
    ("certified_error", 0.0, "'certified_error'"), ("dps", "30", "'dps'"), ("dps", 30.5, "'dps'"),
    ("rhs (before)", "1e-1000000000", "'rhs (before)'"),
])
def test_a_nonsense_number_is_refused_by_name_even_with_the_hash_recomputed(report, tmp_path, capsys, field,
                                                                           value, words):
    cert = _rehashed({**report["pointwise"], field: value})
    line = _refused(cert, tmp_path, capsys)
    assert words in line, line


def test_both_kls_nan_is_refused_not_replayed(report, tmp_path, capsys):
    cert = _rehashed({**report["pointwise"], "lhs (after)": "nan", "rhs (before)": "nan"})
    assert "malformed" in _refused(cert, tmp_path, capsys)


def test_a_certificate_without_its_hash_is_refused(report, tmp_path, capsys):
    cert = {k: v for k, v in report["pointwise"].items() if k != "sha256"}
    assert "field 'sha256' is missing" in _refused({**cert, "certified_error": "0"}, tmp_path, capsys)
    assert "field 'sha256' is missing" in _refused(cert, tmp_path, capsys)


def test_the_report_hash_covers_the_summary(report, tmp_path, capsys):
    edited = {**report, "summary": {**report["summary"], "neighbour_averaged_kl": "survived all 30 settings"}}
    assert "report does not match its content hash" in _refused(edited, tmp_path, capsys)
    body = {k: v for k, v in report.items() if k != "sha256"}
    body["summary"] = {**body["summary"], "pointwise_kl": "survived 20 examples"}
    line = _refused({**body, "sha256": content_hash(body)}, tmp_path, capsys)
    assert "report field 'summary'" in line and "pointwise_kl" in line
    no_hash = {k: v for k, v in report.items() if k != "sha256"}
    assert "report field 'sha256' is missing" in _refused(no_hash, tmp_path, capsys)
    other = {**body, "summary": report["summary"], "family": "logistic"}
    assert "report field 'family'" in _refused({**other, "sha256": content_hash(other)}, tmp_path, capsys)


@pytest.fixture(scope="module")
def user_certificate():
    family = from_sympy("ulog", "log(1+exp(-y*theta*x))", "theta**2/2", theta="theta", data=["x", "y"],
                        data_box={"x": (-1, 1)}, data_values={"y": (-1, 1)})
    ce = search("T3", family, "output", budget=60, seed=1)
    assert ce is not None
    return ce.as_dict()


def test_a_user_family_certificate_records_its_loss_and_replays_alone(user_certificate, tmp_path, capsys):
    spec = user_certificate["user_family"]
    assert spec["loss"] == "log(1 + exp(-theta*x*y))" and spec["box"] == {"x": ["-1", "1"]}
    assert spec["values"] == {"y": ["-1", "1"]} and spec["theta"] == ["theta"] and spec["data"] == ["x", "y"]
    assert user_certificate["rerun"] == "mileak falsify T3 --release output --replay CERT.json"
    path = tmp_path / "user.json"
    path.write_text(json.dumps(user_certificate))
    assert main(["falsify", "T3", "--release", "output", "--replay", str(path)]) == 0  # its own rerun line
    assert "replayed: T3 on ulog/output" in capsys.readouterr().out


def test_a_user_certificate_refuses_another_loss_or_an_edited_one(user_certificate, tmp_path, capsys):
    line = _refused(user_certificate, tmp_path, capsys, "--loss", "log(cosh(theta - x))", "--box", "x=-1:1")
    assert "user_family" in line or "'family'" in line
    edited = _rehashed({**user_certificate,
                        "user_family": {**user_certificate["user_family"], "loss": "log(1 + exp(-2*theta*x*y))"}})
    line = _refused(edited, tmp_path, capsys)
    assert "certificate field" in line  # the recorded KLs are not those of the edited loss
    hostile = _rehashed({**user_certificate,
                         "user_family": {**user_certificate["user_family"], "loss": "__import__('os').system('x')"}})
    assert "loss" in _refused(hostile, tmp_path, capsys)  # read by the restricted parser, never run
    without = {k: v for k, v in user_certificate.items() if k != "user_family"}  # as certificates were before
    assert "ulog" in _refused(_rehashed(without), tmp_path, capsys)  # not a registered family: named, refused
