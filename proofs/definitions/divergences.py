"""Closed forms of divergences: integrands, finite alphabets, Gaussians.

* ``kl_integrand(p, q) = p log(p / q)``; ``D(P||Q) = int kl_integrand``.
* ``binary_kl(a, b) = a ln(a/b) + (1-a) ln((1-a)/(1-b))`` (T2(b)).
* ``binary_entropy(p) = -p ln p - (1-p) ln(1-p)`` (T1 entropy bound).
* ``kl_gaussian``: ``D(N(m0,S0) || N(m1,S1)) = (tr(S1^-1 S0) + (m1-m0)' S1^-1 (m1-m0) - k + ln(det S1 / det S0)) / 2``.

``to_integrand`` and ``to_finite`` translate an expression in abstract
quantities into the pointwise integrand, or into an explicit finite sum, so
identities between divergences can be decided by sympy.

>>> import sympy as sp
>>> a, b = sp.symbols("a b", positive=True)
>>> binary_kl(a, a)
0
>>> kl_normal(0, 1, 0, 1)
0
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.expressions import as_expr
from mileak.proofs.definitions.quantities import KL, L1, TV


def kl_integrand(p, q):
    """Pointwise integrand of ``D(P||Q)``: ``p log(p/q)``."""
    return p * sp.log(p / q)


def binary_kl(a, b):
    """Binary KL divergence ``d(a||b)`` in nats."""
    return a * sp.log(a / b) + (1 - a) * sp.log((1 - a) / (1 - b))


def binary_entropy(p):
    """Binary entropy ``h(p)`` in nats."""
    return -p * sp.log(p) - (1 - p) * sp.log(1 - p)


def kl_finite(ps, qs):
    """``D(P||Q) = sum_i p_i log(p_i / q_i)`` on a finite alphabet."""
    _same_length(ps, qs)
    return sp.Add(*[kl_integrand(p, q) for p, q in zip(ps, qs)])


def tv_finite(ps, qs):
    """``TV(P, Q) = (1/2) sum_i |p_i - q_i|`` on a finite alphabet."""
    _same_length(ps, qs)
    return sp.Add(*[sp.Abs(p - q) for p, q in zip(ps, qs)]) / 2


def kl_gaussian(mean0, cov0, mean1, cov1):
    """``D(N(mean0, cov0) || N(mean1, cov1))`` for general covariances (sympy matrices)."""
    m0, m1 = sp.Matrix(mean0), sp.Matrix(mean1)
    s0, s1 = sp.Matrix(cov0), sp.Matrix(cov1)
    k = m0.shape[0]
    if s0.shape != (k, k) or s1.shape != (k, k) or m1.shape != m0.shape:
        raise ValueError(f"shapes do not match: mean0 {m0.shape}, cov0 {s0.shape}, mean1 {m1.shape}, cov1 {s1.shape}")
    s1_inv = s1.inv()
    d = m1 - m0
    quad = (d.T * s1_inv * d)[0, 0]
    return ((s1_inv * s0).trace() + quad - k + sp.log(s1.det() / s0.det())) / 2


def kl_normal(m0, s0, m1, s1):
    """``D(N(m0, s0^2) || N(m1, s1^2))`` for univariate normals (``s`` are standard deviations)."""
    return sp.simplify(kl_gaussian([m0], [[s0**2]], [m1], [[s1**2]]))


def normal_density(x, mean, sd):
    """Density of ``N(mean, sd^2)`` at ``x``."""
    return sp.exp(-((x - mean) ** 2) / (2 * sd**2)) / (sd * sp.sqrt(2 * sp.pi))


def to_integrand(expr, densities: dict):
    """Replace each ``KL(A, B)`` by its integrand, with laws mapped to densities.

    Valid by linearity of the integral when every divergence involved is finite.
    """

    def kl(a, b):
        return kl_integrand(a.xreplace(densities), b.xreplace(densities))

    def tv(a, b):
        return sp.Abs(a.xreplace(densities) - b.xreplace(densities)) / 2

    def l1(a):
        return sp.Abs(a.xreplace(densities))

    return as_expr(expr).replace(KL, kl).replace(TV, tv).replace(L1, l1)


def to_finite(expr, atoms: dict):
    """Replace each quantity by its finite-alphabet sum; ``atoms`` maps a law to its probabilities."""
    sizes = {len(v) for v in atoms.values()}
    if len(sizes) != 1:
        raise ValueError(f"all laws need the same alphabet size, got sizes {sorted(sizes)}")
    (k,) = sizes

    def at(law, i):
        return law.xreplace({sym: probs[i] for sym, probs in atoms.items()})

    def kl(a, b):
        return sp.Add(*[kl_integrand(at(a, i), at(b, i)) for i in range(k)])

    def tv(a, b):
        return sp.Add(*[sp.Abs(at(a, i) - at(b, i)) for i in range(k)]) / 2

    def l1(a):
        return sp.Add(*[sp.Abs(at(a, i)) for i in range(k)])

    return as_expr(expr).replace(KL, kl).replace(TV, tv).replace(L1, l1)


def _same_length(ps, qs):
    if len(ps) != len(qs):
        raise ValueError(f"ps and qs must have the same length, got {len(ps)} and {len(qs)}")
    if len(ps) == 0:
        raise ValueError("ps must be non-empty")
