"""One DP-SGD step as a pair of laws (T7, docs/theory.md): Poisson sampling at rate ``q``, clip norm ``C``,
noise ``N(0, z^2 C^2 I)``; in units of ``C`` the worst-case pair of the add/remove game is one-dimensional:
in ``P1 = (1-q) N(0, z^2) + q N(1, z^2)``, out ``P0 = N(0, z^2)``.

``chi2_integral`` is the definition ``int (p1 - p0)^2 / p0 dx`` written with these densities (sympy
evaluates it in T7.chi2); ``CHI2`` its value ``q^2 (exp(1/z^2) - 1)``; ``M3`` and ``M4`` the third and fourth
moments ``int (p1 - p0)^k / p0^(k-1) dx`` (sympy evaluates them in T7.kl_below and T7.kl_above).
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.parameters import Parameter

Q = Parameter("q", sp.Interval.Lopen(0, 1), typical=sp.Interval(sp.Rational(1, 1000), 1),
              description="Poisson sampling rate of a DP-SGD step")
Z = Parameter("z", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(3, 10), 10),
              description="noise multiplier (noise standard deviation / clip norm)")
STEPS = Parameter("T", sp.Interval(1, sp.oo), typical=sp.Interval(1, 1000), integer=True,
                  description="number of DP-SGD steps")
q, z, T = Q.symbol, Z.symbol, STEPS.symbol
x = sp.Symbol("x", real=True)


def normal_density(mean):
    return sp.exp(-(x - mean) ** 2 / (2 * z**2)) / sp.sqrt(2 * sp.pi * z**2)


def densities():
    """``(p1, p0)``: the add/remove pair's densities in ``x``."""
    return (1 - q) * normal_density(0) + q * normal_density(1), normal_density(0)


def chi2_integral() -> sp.Integral:
    """``int (p1 - p0)^2 / p0 dx`` for the add/remove pair (unevaluated)."""
    p1, p0 = densities()
    return sp.Integral((p1 - p0) ** 2 / p0, (x, -sp.oo, sp.oo))


CHI2 = q**2 * (sp.exp(1 / z**2) - 1)
# E_P0 (p1/p0 - 1)^k q^-k = E (e^a - 1)^k with a = (2x - 1)/(2 z^2), x ~ N(0, z^2): E e^(j a) = e^(j (j-1) / (2 z^2))
M3 = q**3 * (sp.exp(3 / z**2) - 3 * sp.exp(1 / z**2) + 2)
M4 = q**4 * (sp.exp(6 / z**2) - 4 * sp.exp(3 / z**2) + 6 * sp.exp(1 / z**2) - 3)
