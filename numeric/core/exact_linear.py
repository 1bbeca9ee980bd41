"""Exact linear algebra over the rationals (``fractions.Fraction``), for small systems.

Ridge regression (F2) and the Gaussian releases it induces are rational
functions of the data: a float is a binary rational, so solving the normal
equations exactly gives ``theta_D`` with no rounding at all, and the
output-perturbation KL ``||theta_D - theta_D'||^2 / (2 sigma^2)`` is an exact
rational. Gaussian elimination with exact pivots; cost is fine for ``p <= 10``.

>>> from fractions import Fraction as F
>>> solve([[F(2), F(1)], [F(1), F(3)]], [F(1), F(2)])
[Fraction(1, 5), Fraction(3, 5)]
>>> det([[F(2), F(1)], [F(1), F(3)]])
Fraction(5, 1)
"""

from __future__ import annotations

from fractions import Fraction


def to_fraction(name: str, x) -> Fraction:
    """A finite real as an exact ``Fraction`` (floats exactly); rejects NaN, inf, bools and strings."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool) or isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a real number, got {type(x).__name__} {x!r}")
    try:
        return Fraction(x)
    except (TypeError, ValueError, OverflowError):
        try:
            return Fraction(float(x))
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{name}={x!r} must be a finite real number") from None


def _eliminate(a, rhs_columns):
    """Gauss-Jordan on ``a`` (square) with the given right-hand columns; returns (solutions, det)."""
    n = len(a)
    m = [list(row) + [col[i] for col in rhs_columns] for i, row in enumerate(a)]
    determinant = Fraction(1)
    for c in range(n):
        pivot = next((r for r in range(c, n) if m[r][c] != 0), None)
        if pivot is None:
            return None, Fraction(0)
        if pivot != c:
            m[c], m[pivot] = m[pivot], m[c]
            determinant = -determinant
        pv = m[c][c]
        determinant *= pv
        m[c] = [v / pv for v in m[c]]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c]
                m[r] = [a_ - f * b_ for a_, b_ in zip(m[r], m[c])]
    sols = [[m[i][n + k] for i in range(n)] for k in range(len(rhs_columns))]
    return sols, determinant


def solve(a, b):
    """The solution of ``a x = b``; ``ValueError`` if ``a`` is singular."""
    sols, d = _eliminate(a, [b])
    if sols is None:
        raise ValueError("the matrix is singular (regularise: lam > 0)")
    return sols[0]


def inverse(a):
    n = len(a)
    unit = [[Fraction(int(i == k)) for i in range(n)] for k in range(n)]
    sols, d = _eliminate(a, unit)
    if sols is None:
        raise ValueError("the matrix is singular (regularise: lam > 0)")
    return [[sols[k][i] for k in range(n)] for i in range(n)]


def det(a):
    return _eliminate(a, [])[1]


def gram(rows):
    """``X'X`` and its size, for rows ``x_i`` (lists of Fractions)."""
    p = len(rows[0])
    return [[sum((r[i] * r[k] for r in rows), Fraction(0)) for k in range(p)] for i in range(p)]


def matvec(a, v):
    return [sum((x * y for x, y in zip(row, v)), Fraction(0)) for row in a]


def dot(u, v):
    return sum((x * y for x, y in zip(u, v)), Fraction(0))
