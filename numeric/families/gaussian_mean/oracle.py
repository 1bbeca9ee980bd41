"""F1's strong-adversary KL, exact: ``theta_D = mean(D) / (1 + lam)``, so
``D = ||z - z'||^2 / (2 sigma^2 n^2 (1 + lam)^2)`` (output release).

>>> from fractions import Fraction as F
>>> neighbour_kl([[0]], [1], [3], F(1), F(1), 30)[1]
Fraction(1, 8)
"""

from __future__ import annotations

from fractions import Fraction

from mileak.numeric.core.exact_linear import to_fraction
from mileak.numeric.families.ridge.solve import certify_fraction


def neighbour_kl(rest, z, z_prime, lam, noise, dps):
    n = len(rest) + 1
    diff = [to_fraction("z", a) - to_fraction("z_prime", b) for a, b in zip(z, z_prime)]
    exact = sum((d * d for d in diff), Fraction(0)) / (2 * noise**2 * n**2 * (1 + lam) ** 2)
    return certify_fraction(exact, dps), exact


def draw_record(draw, p):
    """A record of ``p`` small integers (the pointwise falsifier's search space)."""
    from hypothesis import strategies as st

    return [Fraction(draw(st.integers(-3, 3))) for _ in range(p)]
