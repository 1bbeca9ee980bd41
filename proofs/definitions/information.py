"""Membership information leakage (docs/theory.md D1, D2).

* D1 (per record): ``I_z = pi D(P1||Pbar) + (1-pi) D(P0||Pbar)``, ``Pbar = pi P1 + (1-pi) P0``;
  equivalently ``I_z = h(pi) - H(M | theta_hat, z)`` since ``M`` is independent of ``z``.
* ``rho_MI = E_z I_z``  and  D2: ``rho_KL = E_z D(P1||P0)``.

>>> import sympy as sp
>>> pi = sp.Symbol("pi", positive=True)
>>> membership_information_kl_form(pi, P1, P0).has(KL)
True
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.expressions import as_expr
from mileak.proofs.definitions.divergences import binary_entropy
from mileak.proofs.definitions.laws import P0, P1, mixture
from mileak.proofs.definitions.quantities import KL, CondEntropy, Expect, MembershipInfo


def membership_information_kl_form(pi, first=P1, second=P0):
    """D1 per record: ``pi D(P1||Pbar) + (1-pi) D(P0||Pbar)``."""
    bar = mixture(pi, first, second)
    return pi * KL(first, bar) + (1 - pi) * KL(second, bar)


def membership_information_entropy_form(pi, first=P1, second=P0):
    """D1 per record, entropy form: ``h(pi) - H(M | theta_hat, z)``."""
    return binary_entropy(pi) - CondEntropy(pi, first, second)


def rho_mi(pi):
    """``rho_MI = E_z I(theta_hat; M | z)``."""
    return Expect(MembershipInfo(pi, P1, P0))


def rho_kl():
    """``rho_KL = E_z D(P1_z || P0)`` (D2)."""
    return Expect(KL(P1, P0))


def expect(expr):
    """Push ``E_z`` through sums and record-independent factors (linearity of expectation).

    >>> import sympy as sp
    >>> pi = sp.Symbol("pi", positive=True)
    >>> expect(pi * KL(P1, P0) + 3)
    pi*Expect(KL(P1, P0)) + 3
    """
    from mileak.proofs.definitions.laws import depends_on_record

    expr = sp.expand(as_expr(expr))
    if not depends_on_record(expr):
        return expr
    if isinstance(expr, sp.Add):
        return sp.Add(*[expect(t) for t in expr.args])
    if isinstance(expr, sp.Mul):
        const = [f for f in expr.args if not depends_on_record(f)]
        var = [f for f in expr.args if depends_on_record(f)]
        return sp.Mul(*const) * Expect(sp.Mul(*var))
    return Expect(expr)
