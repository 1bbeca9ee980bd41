"""F2 ridge regression: exact solutions and the strong adversary's KL between neighbouring datasets.

``theta_D = argmin (1/n) sum (y_i - x_i.theta)^2 / 2 + lam ||theta||^2 / 2``
solves ``A theta = X'y`` with ``A = X'X + n lam I``. The releases (docs/theory.md F2):

* ``exact``: ``theta_D`` itself; two datasets give mutually singular laws, so
  ``D = oo`` whenever ``theta_D != theta_D'`` and ``0`` otherwise;
* ``output``: ``N(theta_D, sigma^2 I)``, ``D = ||theta_D - theta_D'||^2 / (2 sigma^2)``;
* ``posterior``: ``N(theta_D, tau^2 A^{-1})``, so with ``A1, A0`` for ``D, D'``
  ``D = (tr(A0 A1^{-1}) + (m1-m0)' A0 (m1-m0) / tau^2 - p + ln(det A1 / det A0)) / 2``.

Everything but the one logarithm is rational in the data, so it is computed
exactly (``fractions``) and the result is certified at any ``dps``: the output
KL is an exact rational, the posterior KL an interval enclosure of width
``< 10^-dps`` relative. These are the neighbouring-dataset KLs of T3/T4/T5.
``batch_neighbour_kl`` is the float64 counterpart for Monte Carlo over the
population (a statistical estimate, not a certified value).

>>> from fractions import Fraction as F
>>> kl = neighbour_kl([[1]], [0], ([1], 1), ([2], 0), lam=F(1, 2), release="output", noise=1)
>>> kl.exact
Fraction(1, 18)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.enclosure import enclose
from mileak.numeric.core.exact_linear import det as exact_det
from mileak.numeric.core.exact_linear import dot, gram, inverse, matvec, solve, to_fraction
from mileak.numeric.core.precision import DEFAULT_DPS, validate_dps

RELEASES = ("exact", "output", "posterior")


@dataclass(frozen=True)
class NeighbourKL:
    """``D(q(.|D) || q(.|D'))``: ``exact`` (a Fraction, or ``None``) and its certified value."""

    exact: Fraction | None
    certified: Certified

    @property
    def value(self):
        return self.certified.value


def check_release(release: str, noise):
    if release not in RELEASES:
        raise ValueError(f"release={release!r} must be one of {RELEASES}")
    if release == "exact":
        return None
    name = "sigma" if release == "output" else "tau"
    q = to_fraction(f"noise: {name}", noise)
    if q <= 0:
        raise ValueError(f"noise: {name}={noise!r} must be in (0, oo) for release {release!r}")
    return q


def _rows(name, X):
    if X is None or isinstance(X, (str, bytes)) or not hasattr(X, "__iter__") or not all(
            hasattr(r, "__iter__") and not isinstance(r, (str, bytes)) for r in X):
        raise TypeError(f"{name} must be a list of rows (lists of numbers), got {X!r:.60}")
    rows = [[to_fraction(f"{name}[{i}][{j}]", v) for j, v in enumerate(row)] for i, row in enumerate(X)]
    if rows and len({len(r) for r in rows}) != 1:
        raise ValueError(f"{name} rows must all have the same length")
    return rows


def _values(name, y):
    if y is None or isinstance(y, (str, bytes)) or not hasattr(y, "__iter__"):
        raise TypeError(f"{name} must be a list of numbers, got {y!r:.60}")
    return y


def _record(name, rec, p):
    if not isinstance(rec, (tuple, list)) or len(rec) != 2 or not hasattr(rec[0], "__iter__"):
        raise TypeError(f"{name} must be a record (x, y) with x a list of {p} numbers, got {rec!r:.60}")
    x, y = rec
    x = [to_fraction(f"{name}.x[{j}]", v) for j, v in enumerate(x)]
    if len(x) != p:
        raise ValueError(f"{name}.x has length {len(x)}, the data have p={p}")
    return x, to_fraction(f"{name}.y", y)


def ridge_system(X, y, lam):
    """``(A, b) = (X'X + n lam I, X'y)`` exactly; ``n = len(X)``."""
    n, p = len(X), len(X[0])
    a = gram(X)
    for i in range(p):
        a[i][i] += n * lam
    b = [sum((X[r][i] * y[r] for r in range(n)), Fraction(0)) for i in range(p)]
    return a, b


def ridge_solution(X, y, lam):
    """Exact ``theta_D`` (list of Fractions) for rows ``X``, targets ``y``, ``lam >= 0``."""
    lam = to_fraction("lam", lam)
    if lam < 0:
        raise ValueError(f"lam={lam} must be in [0, oo)")
    X, y = _rows("X", X), [to_fraction(f"y[{i}]", v) for i, v in enumerate(y)]
    if not X or len(X) != len(y):
        raise ValueError("X and y must be non-empty and of the same length")
    a, b = ridge_system(X, y, lam)
    return solve(a, b)


def neighbour_kl(rest_X, rest_y, z, z_prime, lam, release="output", noise=1, dps: int = DEFAULT_DPS) -> NeighbourKL:
    """Strong-adversary ``D(q(.|D_rest + z) || q(.|D_rest + z'))`` for F2; ``z = (x, y)``."""
    dps = validate_dps(dps)
    q = check_release(release, noise)
    lam = to_fraction("lam", lam)
    if lam < 0:
        raise ValueError(f"lam={lam} must be in [0, oo)")
    rest = _rows("rest_X", rest_X)
    ys = [to_fraction(f"rest_y[{i}]", v) for i, v in enumerate(_values("rest_y", rest_y))]
    if len(rest) != len(ys):
        raise ValueError("rest_X and rest_y must have the same length")
    p = len(rest[0]) if rest else len(z[0])
    (x1, y1), (x0, y0) = _record("z", z, p), _record("z_prime", z_prime, p)
    if lam == 0 and release != "exact":
        pass  # allowed when X'X is invertible; a singular system raises below
    a1, b1 = ridge_system(rest + [x1], ys + [y1], lam)
    a0, b0 = ridge_system(rest + [x0], ys + [y0], lam)
    m1, m0 = solve(a1, b1), solve(a0, b0)
    diff = [u - v for u, v in zip(m1, m0)]
    if release == "exact":
        if any(diff):
            return NeighbourKL(None, Certified(mpmath.inf, mpmath.mpf(0), dps))
        return NeighbourKL(Fraction(0), Certified.exact(0, dps))
    if release == "output":
        exact = dot(diff, diff) / (2 * q * q)
        return NeighbourKL(exact, certify_fraction(exact, dps))
    a1_inv = inverse(a1)
    trace = sum((dot(a0[i], [a1_inv[k][i] for k in range(p)]) for i in range(p)), Fraction(0))
    rational = trace + dot(diff, matvec(a0, diff)) / (q * q) - p
    ratio = exact_det(a1) / exact_det(a0)
    if ratio == 1:
        exact = rational / 2
        return NeighbourKL(exact, certify_fraction(exact, dps))

    def value():
        iv = mpmath.iv
        r = iv.mpf(rational.numerator) / rational.denominator
        return (r + iv.log(iv.mpf(ratio.numerator) / ratio.denominator)) / 2

    return NeighbourKL(None, enclose(value, dps, abs_tol=1e-300, what="posterior-sampling KL"))


def certify_fraction(x: Fraction, dps: int) -> Certified:
    """An exact rational as a certified value (an interval of width below ``10^-dps`` relative)."""
    return enclose(lambda: mpmath.iv.mpf(x.numerator) / x.denominator, dps, abs_tol=1e-300, what="rational KL")


def batch_neighbour_kl(rest_X, rest_y, z, z_prime, lam, release="output", noise=1.0):
    """Float64 strong-adversary KLs for a batch: ``rest_X`` (B, k, p), ``rest_y`` (B, k), ``z = (x (B,p), y (B,))``.

    Returns an array (B,). The same formulas as :func:`neighbour_kl`, batched with
    ``numpy.linalg``; used for Monte Carlo over the population (statistical error only).
    """
    q = float(check_release(release, noise) or 0)
    rest_X, rest_y = np.asarray(rest_X, float), np.asarray(rest_y, float)
    B, k, p = rest_X.shape
    n = k + 1
    base = np.einsum("bki,bkj->bij", rest_X, rest_X) + n * float(lam) * np.eye(p)
    rhs = np.einsum("bki,bk->bi", rest_X, rest_y)
    (x1, y1), (x0, y0) = z, z_prime
    a1 = base + np.einsum("bi,bj->bij", x1, x1)
    a0 = base + np.einsum("bi,bj->bij", x0, x0)
    m1 = np.linalg.solve(a1, (rhs + x1 * y1[:, None])[..., None])[..., 0]
    m0 = np.linalg.solve(a0, (rhs + x0 * y0[:, None])[..., None])[..., 0]
    d = m1 - m0
    if release == "exact":
        return np.where(np.any(d != 0, axis=1), np.inf, 0.0)
    if release == "output":
        return np.einsum("bi,bi->b", d, d) / (2 * q * q)
    trace = np.einsum("bij,bji->b", a0, np.linalg.inv(a1))
    quad = np.einsum("bi,bij,bj->b", d, a0, d) / (q * q)
    logdet = np.linalg.slogdet(a1)[1] - np.linalg.slogdet(a0)[1]
    return (trace + quad - p + logdet) / 2
