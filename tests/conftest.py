"""Hypothesis profiles (chosen by HYPOTHESIS_PROFILE: ci, dev, thorough) and an mpmath guard.

The profile names and sizes come from ``numeric.profiles`` so ``mileak verify
--profile`` and the tests agree.
"""

import os

import mpmath
import pytest
from hypothesis import HealthCheck, settings

from numeric.profiles import PROFILES

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


@pytest.fixture(autouse=True)
def mpmath_precision_is_scoped():
    """Code under test must never leave mpmath's precision changed."""
    before = (mpmath.mp.dps, mpmath.iv.dps)
    yield
    after = (mpmath.mp.dps, mpmath.iv.dps)
    mpmath.mp.dps, mpmath.iv.dps = before
    assert after == before, f"mpmath precision leaked: {before} -> {after}"
