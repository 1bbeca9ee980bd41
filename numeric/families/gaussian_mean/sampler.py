"""F1's population law ``N(m, s^2 I_p)``: records are rows of an array ``(size, p)``."""

from __future__ import annotations

# The values F1's parameters take when not given: one source, read by the sampler, the engine and leakage.
DEFAULTS = {"lam": 0, "sigma": 0, "s": 1, "p": 1, "m": 0}


def sample(rng, size, m=DEFAULTS["m"], s=DEFAULTS["s"], p=DEFAULTS["p"], **_):
    return rng.normal(float(m), float(s), size=(int(size), int(p)))
