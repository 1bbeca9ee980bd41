"""Probability laws of the membership game (docs/theory.md section 1).

``P1`` is ``law(theta_hat | z, M=1)`` (depends on the record ``z``); ``P0`` is
``law(theta_hat | M=0)`` (population view: independent of ``z``; strong view:
``q(. | D_rest + z')``). Laws are placeholders; concrete ones live in the
numeric layer's scenarios.

>>> import sympy as sp
>>> mixture(sp.Rational(1, 4), P1, P0)
3*P0/4 + P1/4
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.expressions import as_expr

P1 = sp.Symbol("P1")
P0 = sp.Symbol("P0")
LAWS = (P1, P0)
#: laws of a test's output ``psi(z, theta_hat)`` in {0, 1} under ``M = 1`` and ``M = 0``
B1 = sp.Symbol("B1")
B0 = sp.Symbol("B0")


def mixture(pi, first, second):
    """The law of ``theta_hat`` when ``M ~ Bernoulli(pi)``: ``pi P1 + (1 - pi) P0``."""
    return pi * first + (1 - pi) * second


def depends_on_record(expr) -> bool:
    """Whether ``expr`` varies with the candidate record ``z`` (it involves ``P1 = P1_z``)."""
    return P1 in as_expr(expr).free_symbols
