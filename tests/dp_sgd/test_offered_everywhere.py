"""dp-sgd works wherever it is offered, and is not offered where it does not work."""

import json
from fractions import Fraction

import pytest

import mileak
from mileak.numeric.cli.main import main


def test_the_python_api_answers_dp_sgd_as_the_command_does(capsys):
    """`mileak.leakage("dp-sgd", ...)` had raised TypeError; it is the report `mileak leakage dp-sgd` prints."""
    assert main(["leakage", "dp-sgd", "--param", "q=1/100", "--param", "z=1", "--param", "steps=100", "--json", "-"]) == 0
    printed = json.loads(capsys.readouterr().out)
    report = mileak.leakage("dp-sgd", {"q": "1/100", "z": 1, "steps": 100}, pi=Fraction(1, 2))  # the CLI's --pi 1/2
    assert json.loads(json.dumps(report)) == printed
    with pytest.raises(ValueError, match="calibration applies to"):
        mileak.leakage("dp-sgd", {"q": "1/100", "z": 1, "steps": 100}, calibration="classic")


def test_simulate_dp_sgd_plots_its_audit_against_the_curves(tmp_path, capsys):
    """`simulate dp-sgd --plot` had said "not available yet"; the report is the same with and without it."""
    argv = ["simulate", "dp-sgd", "--param", "q=1/100", "--param", "z=1", "--param", "steps=50", "--trials", "400",
            "--quiet", "--json", "-"]
    main(argv)
    plain = json.loads(capsys.readouterr().out)
    main([*argv, "--plot", str(tmp_path / "audit.png")])
    assert json.loads(capsys.readouterr().out) == plain
    assert (tmp_path / "audit.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("command", "offered"), [("simulate", True), ("leakage", True), ("sweep", False)])
def test_help_offers_dp_sgd_only_where_it_runs(command, offered, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert ("or dp-sgd" in capsys.readouterr().out) is offered
