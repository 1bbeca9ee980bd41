"""Hypothesis profiles (chosen by HYPOTHESIS_PROFILE: ci, dev, thorough) and an mpmath guard.

The profile names and sizes come from ``numeric.profiles`` so ``mileak verify
--profile`` and the tests agree.
"""

import os

import mpmath
import pytest
from hypothesis import HealthCheck, settings

from mileak.numeric.verify.profiles import PROFILES

for _name, _prof in PROFILES.items():
    settings.register_profile(
        _name,
        max_examples=_prof.examples,
        deadline=None,
        derandomize=_name == "ci",
        database=None if _name == "ci" else settings.default.database,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# the proof cache of this test run, shared by its processes (xdist workers share their parent's; commands the
# README test runs inherit it), never the user's own ~/.cache
_run = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
os.environ["MILEAK_TEST_RUN"] = str(_run)  # names what this test run shares (tests/shared_verify.py)
if "MILEAK_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["MILEAK_CACHE_DIR"] = os.path.join(tempfile.gettempdir(), f"mileak-test-cache-{_run}")


def pytest_collection_modifyitems(items):
    """The notebooks carry the ``slow`` marker: CI runs them after the README's test command (``-m slow``)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def mpmath_precision_is_scoped():
    """Code under test must never leave mpmath's precision changed."""
    before = (mpmath.mp.dps, mpmath.iv.dps)
    yield
    after = (mpmath.mp.dps, mpmath.iv.dps)
    mpmath.mp.dps, mpmath.iv.dps = before
    assert after == before, f"mpmath precision leaked: {before} -> {after}"


def pytest_terminal_summary(terminalreporter):
    """Print how much the fuzz tests tried (issue: the counts belong in the test output)."""
    import sys

    api = sys.modules.get("tests.fuzz.test_fuzz_public_api")
    cli = sys.modules.get("tests.fuzz.test_fuzz_cli")
    if api is not None and api.COUNTS["inputs"]:
        terminalreporter.write_line(f"fuzz: {api.COUNTS['entry points']} public entry points of proofs/numeric, "
                                    f"{api.COUNTS['inputs']} bad inputs, each refused with the argument named")
    if cli is not None and cli.COUNTS["inputs"]:
        terminalreporter.write_line(f"fuzz: {cli.COUNTS['commands']} CLI commands, {cli.COUNTS['options']} options, "
                                    f"{cli.COUNTS['inputs']} bad values, each exit status 2 with one named line")
