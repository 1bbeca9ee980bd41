"""Divergences at high precision: finite alphabets (interval arithmetic) and Gaussians.

* ``kl_finite(p, q) = sum p_i ln(p_i / q_i)`` (``0 ln 0 = 0``; ``+oo`` if some ``q_i = 0 < p_i``)
* ``tv_finite(p, q) = (1/2) sum |p_i - q_i|``
* ``binary_kl(a, b)``, ``binary_entropy(p)``
* ``kl_gaussian(m0, S0, m1, S1) = (tr(S1^-1 S0) + d' S1^-1 d - k + ln det S1 - ln det S0) / 2``

These serve T1/T2 (docs/theory.md) and mirror ``mileak.proofs.definitions.divergences``.

>>> mpmath.nstr(kl_finite([0.5, 0.5], [0.25, 0.75]).value, 20)
'0.14384103622589046372'
>>> kl_gaussian([0], [[1]], [0], [[1]]).value
mpf('0.0')
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import (
    check_finite,
    check_probability,
    check_probability_vector,
    check_real_sequence,
    check_same_length,
)
from mileak.numeric.core.enclosure import enclose, relatively_tight, two_precisions
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps, working_precision


def _ivx(x):
    return mpmath.iv.mpf(x)


def kl_finite(p, q, dps: int = DEFAULT_DPS) -> Certified:
    """``D(P||Q)`` on a finite alphabet, in nats."""
    dps = validate_dps(dps)
    p = check_probability_vector("p", p)
    q = check_probability_vector("q", q)
    check_same_length("p", p, "q", q)
    if any(pi > 0 and qi == 0 for pi, qi in zip(p, q)):
        return Certified(mpmath.inf, mpmath.mpf(0), dps)

    def terms():
        return sum((_ivx(a) * mpmath.iv.log(_ivx(a) / _ivx(b)) for a, b in zip(p, q) if a > 0), _ivx(0))

    return enclose(terms, dps, abs_tol=1, what="kl_finite")


def tv_finite(p, q, dps: int = DEFAULT_DPS) -> Certified:
    """``TV(P, Q)`` on a finite alphabet."""
    dps = validate_dps(dps)
    p = check_probability_vector("p", p)
    q = check_probability_vector("q", q)
    check_same_length("p", p, "q", q)
    return enclose(lambda: sum((abs(_ivx(a) - _ivx(b)) for a, b in zip(p, q)), _ivx(0)) / 2, dps,
                   abs_tol=1, what="tv_finite")


def binary_kl(a, b, dps: int = DEFAULT_DPS) -> Certified:
    """``d(a||b) = a ln(a/b) + (1-a) ln((1-a)/(1-b))`` with ``a in [0, 1]``, ``b in (0, 1)``."""
    dps = validate_dps(dps)
    a = check_probability("a", a, open_interval=False)
    b = check_probability("b", b, open_interval=True)

    def value():
        x, y = _ivx(a), _ivx(b)
        out = _ivx(0)
        if a > 0:
            out += x * mpmath.iv.log(x / y)
        if a < 1:
            out += (1 - x) * mpmath.iv.log((1 - x) / (1 - y))
        return out

    return enclose(value, dps, abs_tol=1, what="binary_kl")


def binary_entropy(p, dps: int = DEFAULT_DPS) -> Certified:
    """``h(p) = -p ln p - (1-p) ln(1-p)`` in nats, ``p in [0, 1]``, to ``dps`` digits relative to its value: at
    ``p = 1e-300``, ``ln(1 - p)`` cancels 300 digits, so the enclosure is formed again with more working digits
    until it is relatively tight (it was once 5.7e-42 +- 5.7e-42 for the true 6.9e-298)."""
    dps = validate_dps(dps)
    p = check_probability("p", p, open_interval=False)
    c = relatively_tight(lambda extra: enclose(lambda: _iv_entropy(p), dps + extra, abs_tol=1, what="binary_entropy"),
                         dps)
    return Certified(c.value, c.error, dps)


def _iv_entropy(p):
    """The enclosure of ``h(p)`` at the working precision."""
    x = _ivx(p)
    out = _ivx(0)
    if p > 0:
        out -= x * mpmath.iv.log(x)
    if p < 1:
        out -= (1 - x) * mpmath.iv.log(1 - x)
    return out


def _matrix(name, m, k=None):
    try:
        rows = [[check_finite(f"{name}[{i}][{j}]", v) for j, v in enumerate(row)] for i, row in enumerate(m)]
    except TypeError:
        raise TypeError(f"{name} must be a square matrix of real numbers") from None
    n = len(rows)
    if n == 0 or any(len(r) != n for r in rows) or (k is not None and n != k):
        want = f"{k}x{k}" if k else "square and non-empty"
        raise ValueError(f"{name} must be {want}, got rows of lengths {[len(r) for r in rows]}")
    for i in range(n):
        for j in range(i):
            if rows[i][j] != rows[j][i]:
                raise ValueError(f"{name} must be symmetric: {name}[{i}][{j}] != {name}[{j}][{i}]")
    return rows


def _cholesky(name, rows):
    try:
        return mpmath.cholesky(mpmath.matrix(rows))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{name} must be positive definite") from None


def kl_gaussian(mean0, cov0, mean1, cov1, dps: int = DEFAULT_DPS) -> Certified:
    """``D(N(mean0, cov0) || N(mean1, cov1))`` for general covariances."""
    dps = validate_dps(dps)
    m0 = check_real_sequence("mean0", mean0)
    k = len(m0)
    m1 = check_real_sequence("mean1", mean1)
    if len(m1) != k:
        raise ValueError(f"mean1 must have length {k}, got {len(m1)}")
    s0, s1 = _matrix("cov0", cov0, k), _matrix("cov1", cov1, k)
    with working_precision(dps + 20):
        _cholesky("cov0", s0), _cholesky("cov1", s1)

    def value():
        l0, l1 = _cholesky("cov0", s0), _cholesky("cov1", s1)
        a0, a1 = mpmath.matrix(s0), mpmath.matrix(s1)
        inv1 = a1**-1
        d = mpmath.matrix(m1) - mpmath.matrix(m0)
        trace = sum((inv1 * a0)[i, i] for i in range(k))
        quad = (d.T * inv1 * d)[0, 0]
        logdet = 2 * sum(mpmath.log(l1[i, i]) - mpmath.log(l0[i, i]) for i in range(k))
        return (trace + quad - k + logdet) / 2

    return two_precisions(value, dps, abs_tol=1, what="kl_gaussian")
