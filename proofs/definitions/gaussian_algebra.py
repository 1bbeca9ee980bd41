"""Exact Gaussian algebra used to derive the laws of a linear learner's release.

* ``linear_gaussian(terms)``: for independent ``X_i ~ N(mean_i, var_i)``,
  ``sum c_i X_i ~ N(sum c_i mean_i, sum c_i^2 var_i)``.
* ``gaussian_expectation(expr, u)``: ``E[expr]`` for ``u ~ N(0, 1)`` and ``expr``
  a polynomial in ``u``, by the moments ``E[u^k] = (k-1)!!`` (k even), 0 (k odd).

>>> import sympy as sp
>>> u = sp.Symbol("u", real=True)
>>> gaussian_expectation(3 + 2 * u + u**2, u)
4
>>> linear_gaussian([(2, 1, 1), (1, 0, 4)])
(2, 8)
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.expressions import as_expr


def linear_gaussian(terms):
    """Mean and variance of ``sum c_i X_i`` for independent normals given as ``(c_i, mean_i, var_i)``."""
    mean = sum((as_expr(c) * as_expr(mu) for c, mu, _ in terms), sp.Integer(0))
    var = sum((as_expr(c) ** 2 * as_expr(v) for c, _, v in terms), sp.Integer(0))
    return sp.simplify(mean), sp.simplify(var)


def gaussian_moment(k: int):
    """``E[u^k]`` for a standard normal ``u``."""
    return sp.Integer(0) if k % 2 else sp.factorial2(k - 1)


def gaussian_expectation(expr, u):
    """``E[expr]`` over a standard normal ``u``; ``expr`` must be a polynomial in ``u``."""
    expr = sp.expand(as_expr(expr))
    try:
        poly = sp.Poly(expr, u)
    except sp.PolynomialError:
        raise ValueError(f"expr must be a polynomial in {u}, got {expr}") from None
    if any(u in c.free_symbols for c in poly.coeffs()):
        raise ValueError(f"expr must be a polynomial in {u}")
    return sp.simplify(sum(c * gaussian_moment(k) for (k,), c in poly.terms()))
