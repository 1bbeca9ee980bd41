"""Hypothesis testing quantities (docs/theory.md T2).

* ``Phi(x) = (1 + erf(x / sqrt 2)) / 2`` and ``Phi_inv(a) = sqrt 2 erfinv(2a - 1)``.
* Equal-covariance Gaussians at Mahalanobis distance ``mu``:
  ``TV = 2 Phi(mu/2) - 1`` and ``TPR(alpha) = Phi(Phi_inv(alpha) + mu)``.
* ``pinsker_bh_crossover``: the positive root ``D*`` of ``D/2 = 1 - exp(-D)``,
  ``D* = 2 + W(-2 e^-2) = 1.5936...``: below it Pinsker beats Bretagnolle-Huber.

>>> import sympy as sp
>>> sp.N(pinsker_bh_crossover(), 10)
1.593624260
>>> gaussian_tv(0)
0
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.definitions.laws import P0, P1


def Phi(x):
    """Standard normal CDF."""
    return (1 + sp.erf(x / sp.sqrt(2))) / 2


def Phi_inv(a):
    """Standard normal quantile."""
    return sp.sqrt(2) * sp.erfinv(2 * a - 1)


def gaussian_tv(mu):
    """TV between ``N(0, 1)`` and ``N(mu, 1)`` (equal-covariance Gaussians, Mahalanobis ``mu``)."""
    return 2 * Phi(mu / 2) - 1


def gaussian_tpr(alpha, mu):
    """Neyman-Pearson TPR at FPR ``alpha`` for ``N(0,1)`` vs ``N(mu,1)``."""
    return Phi(Phi_inv(alpha) + mu)


def pinsker_bh_crossover():
    """``D* = 2 + W(-2 exp(-2))``, the positive root of ``D/2 = 1 - exp(-D)``."""
    return 2 + sp.LambertW(-2 * sp.exp(-2))


def bayes_success_l1_form(pi, first=P1, second=P0):
    """Bayes decision: ``max_psi P[psi = M] = (1 + ||pi P1 - (1-pi) P0||_1) / 2``."""
    from mileak.proofs.definitions.quantities import L1

    return (1 + L1(pi * first - (1 - pi) * second)) / 2
