"""F4's posteriors by their counts: ``Beta(A, B)`` with ``A = lam m0 + successes``, ``B = lam (1 - m0) + failures``,
and the KL between two of them (docs/theory.md F4), in float64 for arrays (the simulator) and in Arb balls
(certified, for exact inputs).

``D(Beta(a1, b1) || Beta(a2, b2)) = ln B(a2, b2) - ln B(a1, b1) + (a1 - a2) psi(a1) + (b1 - b2) psi(b1)
+ (a2 - a1 + b2 - b1) psi(a1 + b1)``; for a success in place of a failure it is ``ln(B/A) + psi(A+1) - psi(B)``
(claim ``F4.neighbour_kl``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy import special

from mileak.numeric.core.precision import arb_precision


def prior_counts(lam, m0):
    """``(a, b) = (lam m0, lam (1 - m0))``, exact for exact inputs."""
    return lam * m0, lam * (1 - m0)


def beta_kl(a1, b1, a2, b2):
    """``D(Beta(a1, b1) || Beta(a2, b2))`` in float64, elementwise (0 where the laws coincide)."""
    a1, b1, a2, b2 = (np.asarray(v, float) for v in (a1, b1, a2, b2))
    out = (special.betaln(a2, b2) - special.betaln(a1, b1) + (a1 - a2) * special.digamma(a1)
           + (b1 - b2) * special.digamma(b1) + (a2 - a1 + b2 - b1) * special.digamma(a1 + b1))
    return np.where((a1 == a2) & (b1 == b2), 0.0, np.maximum(out, 0.0))


def beta_kl_ball(a1, b1, a2, b2, prec: int):
    """The same KL as an Arb ball (python-flint) from exact ``Fraction`` counts, at ``prec`` bits."""
    import flint

    if (a1, b1) == (a2, b2):
        return flint.arb(0)
    with arb_precision(prec):
        x1, y1, x2, y2 = (flint.arb(Fraction(v).numerator) / Fraction(v).denominator for v in (a1, b1, a2, b2))

        def log_beta(p, q):
            return p.lgamma() + q.lgamma() - (p + q).lgamma()

        return (log_beta(x2, y2) - log_beta(x1, y1) + (x1 - x2) * x1.digamma() + (y1 - y2) * y1.digamma()
                + (x2 - x1 + y2 - y1) * (x1 + y1).digamma())
