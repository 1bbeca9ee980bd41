"""F4's population: records are bits ``x ~ Bernoulli(theta0)``, rows of an array ``(size, 1)``."""

from __future__ import annotations

from fractions import Fraction

# The values F4's parameters take when not given: one source, read by the sampler, the engine and leakage.
DEFAULTS = {"m0": Fraction(1, 2), "theta0": Fraction(1, 2)}


def sample(rng, size, theta0=DEFAULTS["theta0"], **_):
    return (rng.random((int(size), 1)) < float(theta0)).astype(float)
