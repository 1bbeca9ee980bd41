"""The README's first commands are the ones CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _first_block():
    text = (ROOT / "README.md").read_text()
    start = text.index("```console") + len("```console")
    return [line.strip() for line in text[start:text.index("```", start)].strip().splitlines()]


def test_readme_starts_with_the_two_commands():
    setup, tests = _first_block()
    assert setup.endswith("mileak verify") and "pip install -e ." in setup
    assert tests.endswith("python -m pytest") and "'.[test]'" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = _first_block()
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert tests in ci
