"""F2's strong-adversary KL: certified and exact (:func:`.solve.neighbour_kl`), and in float64 for many trials.

>>> from fractions import Fraction as F
>>> kl = oracle("output")
>>> kl([[1, 0]], [1, 1], [2, 0], F(1, 10), F(1), 30)[1] > 0
True
"""

from __future__ import annotations

from fractions import Fraction

from .solve import batch_neighbour_kl, neighbour_kl

RELEASES = ("output", "posterior", "exact")


def oracle(release):
    def run(rest, z, z_prime, lam, noise, dps):
        kl = neighbour_kl([r[:-1] for r in rest], [r[-1] for r in rest], (z[:-1], z[-1]),
                          (z_prime[:-1], z_prime[-1]), lam, release=release, noise=noise, dps=dps)
        return kl.certified, kl.exact

    return run


def batch_kl(rest, z, zp, lam, release, noise, p, values=None):
    """``D(q(.|rest + z) || q(.|rest + z'))`` per trial: ``rest (T, n-1, p+1)``, ``z, zp (T, p+1)``."""
    return batch_neighbour_kl(rest[..., :p], rest[..., p], (z[:, :p], z[:, p]), (zp[:, :p], zp[:, p]),
                              lam, release, noise)


def draw_record(draw, p):
    """``p`` small integer features and a small integer response."""
    from hypothesis import strategies as st

    small = st.integers(-3, 3)
    x = [Fraction(draw(small)) for _ in range(p)]
    return x + [Fraction(draw(small))]
