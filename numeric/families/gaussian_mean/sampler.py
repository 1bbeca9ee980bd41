"""F1's population law ``N(m, s^2 I_p)``: records are rows of an array ``(size, p)``."""

from __future__ import annotations


def sample(rng, size, m=0.0, s=1.0, p=1, **_):
    return rng.normal(float(m), float(s), size=(int(size), int(p)))
