"""Blackwell garbling: a noisier Gaussian experiment carries less membership information.

F1's game per coordinate is "``(u, t)`` standard bivariate normal with
correlation ``c`` (``M = 1``) versus independent (``M = 0``)", repeated over
``p`` coordinates, so ``rho_MI = phi(c^2)`` for a function ``phi`` fixed by
``p`` and ``pi`` (docs/theory.md F1 structure). For ``0 <= a <= b`` the experiment
at ``c^2 = a`` is a *garbling* of the one at ``c^2 = b``:

    ``t_a = r t_b + sqrt(1 - r^2) xi``,  ``r = sqrt(a / b)``, ``xi ~ N(0, 1)`` independent,

a kernel that does not depend on ``M``. Under ``M = 1``, ``(u, t_a)`` is standard
bivariate normal with correlation ``r sqrt(b) = sqrt(a)``; under ``M = 0``, ``t_a``
is ``N(0, 1)`` independent of ``u``. By the data-processing inequality
(``I(M; u, t_a) <= I(M; u, t_b)``) ``phi(a) <= phi(b)``.

The lemma is cited; its construction is checked: the side conditions say the
kernel is valid (``1 - r^2 >= 0``) and the garbled variable has unit variance
and correlation ``sqrt(a)``, each decided by sympy.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative, Zero
from mileak.proofs.lemmas.lemma import Lemma


def _garbling(phi, a, b):
    r = sp.sqrt(a / b)
    variance = r**2 * 1 + (1 - r**2) * 1  # var(r t_b + sqrt(1 - r^2) xi), var t_b = var xi = 1
    correlation = r * sp.sqrt(b)  # cov(u, r t_b) with cov(u, t_b) = sqrt(b) under M = 1
    return sp.Le(phi(a), phi(b), evaluate=False), (
        Nonnegative(a), Nonnegative(b - a), Nonnegative(1 - r**2), Zero(variance - 1), Zero(correlation - sp.sqrt(a)))


GARBLING = Lemma(
    "Blackwell garbling of the Gaussian membership experiment",
    "Blackwell (1953), Equivalent comparisons of experiments, Ann. Math. Stat. 24; "
    "data processing: Cover & Thomas (2006), Thm 2.8.1",
    "0 <= a <= b  =>  phi(a) <= phi(b), phi(c^2) = rho_MI of the correlation-c experiment",
    _garbling,
)
