"""Information-theoretic lemmas cited by T1 and T2.

Each builder returns the instantiated fact and its side conditions.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative
from mileak.proofs.definitions.information import membership_information_entropy_form
from mileak.proofs.definitions.quantities import KL, TV, Chi2, ComposedKL, CondEntropy, MembershipInfo
from mileak.proofs.lemmas.lemma import Lemma

GIBBS = Lemma(
    "Gibbs' inequality",
    "Cover & Thomas, Elements of Information Theory (2006), Thm 2.6.3",
    "D(P||Q) >= 0",
    lambda P, Q: sp.Ge(KL(P, Q), 0),
)

KL_SELF = Lemma(
    "divergence of a law from itself",
    "Cover & Thomas (2006), Thm 2.6.3 (equality case)",
    "D(P||P) = 0",
    lambda P: sp.Eq(KL(P, P), 0),
)

KL_CONVEX_SECOND = Lemma(
    "convexity of KL in its second argument",
    "Cover & Thomas (2006), Thm 2.7.2 (joint convexity of relative entropy)",
    "D(P || t Q + (1-t) R) <= t D(P||Q) + (1-t) D(P||R), 0 <= t <= 1",
    lambda P, Q, R, t: (
        sp.Le(KL(P, t * Q + (1 - t) * R), t * KL(P, Q) + (1 - t) * KL(P, R)),
        (Nonnegative(t), Nonnegative(1 - t)),
    ),
)

PINSKER = Lemma(
    "Pinsker's inequality",
    "Tsybakov, Introduction to Nonparametric Estimation (2009), Lemma 2.5",
    "TV(P, Q) <= sqrt(D(P||Q) / 2)",
    lambda P, Q: sp.Le(TV(P, Q), sp.sqrt(KL(P, Q) / 2)),
)

BRETAGNOLLE_HUBER = Lemma(
    "Bretagnolle-Huber inequality",
    "Bretagnolle & Huber (1979); Tsybakov (2009), Lemma 2.6 and eq. (2.25)",
    "TV(P, Q) <= sqrt(1 - exp(-D(P||Q)))",
    lambda P, Q: sp.Le(TV(P, Q), sp.sqrt(1 - sp.exp(-KL(P, Q)))),
)

DATA_PROCESSING = Lemma(
    "data-processing inequality",
    "Cover & Thomas (2006), Thm 2.8.1; Polyanskiy & Wu (2024), Thm 7.4",
    "D(P o psi^-1 || Q o psi^-1) <= D(P||Q) for any (randomised) map psi",
    lambda P, Q, P_out, Q_out: sp.Le(KL(P_out, Q_out), KL(P, Q)),
)

MI_ENTROPY_FORM = Lemma(
    "mutual information as an entropy difference",
    "Cover & Thomas (2006), eq. (2.43) conditioned on z; M is independent of z so H(M|z) = h(pi)",
    "I(theta; M | z) = h(pi) - H(M | theta, z)",
    lambda pi, P, Q: sp.Eq(MembershipInfo(pi, P, Q), membership_information_entropy_form(pi, P, Q)),
)

COND_ENTROPY_NONNEGATIVE = Lemma(
    "non-negativity of discrete conditional entropy",
    "Cover & Thomas (2006), Thm 2.6.5 and eq. (2.10)",
    "H(M | theta, z) >= 0 for a discrete M",
    lambda pi, P, Q: sp.Ge(CondEntropy(pi, P, Q), 0),
)

KL_LOG_CHI2 = Lemma(
    "KL at most the log of one plus chi-square",
    "Gibbs & Su, On choosing and bounding probability metrics (2002), Thm 5 (Jensen: E_P log(p/q) <= "
    "log E_P(p/q) = log(1 + chi^2(P||Q)))",
    "D(P||Q) <= log(1 + chi^2(P||Q))",
    lambda P, Q: sp.Le(KL(P, Q), sp.log(1 + Chi2(P, Q))),
)

LOG_BELOW_LINE = Lemma(
    "log(1 + u) <= u",
    "elementary: u - log(1 + u) has derivative u/(1 + u), so its minimum on u > -1 is 0 at u = 0; here "
    "u = a (e^w - 1) >= 0 since a >= 0 and e^w >= 1 for w >= 0",
    "log(1 + u) <= u for u = a (e^w - 1), a >= 0, w >= 0",
    lambda a, w: (sp.Le(sp.log(1 + a * (sp.exp(w) - 1)), a * (sp.exp(w) - 1)), (Nonnegative(a), Nonnegative(w))),
)

KL_COMPOSITION = Lemma(
    "KL of adaptively composed mechanisms",
    "chain rule for KL, Cover & Thomas (2006), Thm 2.5.3, each conditional step bounded by its worst case; "
    "the worst case of a clipped Gaussian step is the one-dimensional pair (Mironov, Talwar & Zhang 2019, "
    "order 1); the final model is a function of the transcript (data processing, Thm 2.8.1)",
    "D(transcript under D || under D') <= sum over steps of the worst per-step D(P||Q)",
    lambda P, Q, T: sp.Le(ComposedKL(P, Q, T), T * KL(P, Q)),
)
