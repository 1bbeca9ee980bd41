"""Lemmas of hypothesis testing cited by T2."""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative, SetEquals, Zero
from mileak.proofs.definitions.hypothesis_testing import bayes_success_l1_form
from mileak.proofs.definitions.quantities import L1, TV, BayesSuccess, OptimalTPR
from mileak.proofs.lemmas.lemma import Lemma

BAYES_DECISION = Lemma(
    "Bayes decision rule",
    "Devroye, Gyorfi & Lugosi, A Probabilistic Theory of Pattern Recognition (1996), Thm 2.1; Le Cam (1986)",
    "max_psi P[psi = M] = (1 + ||pi P - (1-pi) Q||_1) / 2",
    lambda pi, P, Q: sp.Eq(BayesSuccess(pi, P, Q), bayes_success_l1_form(pi, P, Q)),
)

L1_TRIANGLE = Lemma(
    "triangle inequality and homogeneity of the L1 norm",
    "any normed space: ||a u + b v + c w|| <= |a| ||u|| + |b| ||v|| + |c| ||w||",
    "||a P + b Q + c R||_1 <= |a| ||P||_1 + |b| ||Q||_1 + |c| ||R||_1",
    lambda a, P, b, Q, c, R: sp.Le(
        L1(a * P + b * Q + c * R), sp.Abs(a) * L1(P) + sp.Abs(b) * L1(Q) + sp.Abs(c) * L1(R)
    ),
)

L1_OF_LAW = Lemma(
    "a probability law has unit mass",
    "definition of a probability measure",
    "||P||_1 = 1",
    lambda P: sp.Eq(L1(P), 1),
)

L1_IS_TWICE_TV = Lemma(
    "total variation as half the L1 distance",
    "Tsybakov (2009), Lemma 2.1 (Scheffe)",
    "||P - Q||_1 = 2 TV(P, Q)",
    lambda P, Q: sp.Eq(L1(P - Q), 2 * TV(P, Q)),
)


def _scheffe(P, Q, p, q, x, region):
    fact = sp.Eq(TV(P, Q), sp.Integral(p - q, (x, region.left, region.right)))
    if p.is_positive and q.is_positive:  # log is increasing: {p > q} = {log p - log q > 0}
        condition = sp.expand_log(sp.log(p) - sp.log(q), force=True) > 0
    else:
        condition = p > q
    return fact, (SetEquals(condition, x, region),)


SCHEFFE = Lemma(
    "Scheffe's identity",
    "Tsybakov (2009), Lemma 2.1",
    "TV(P, Q) = int_A (p - q) with A = {p > q}",
    _scheffe,
)


def _neyman_pearson(alpha, P, Q, p, q, x, threshold):
    fact = sp.Eq(OptimalTPR(alpha, P, Q), sp.Integral(p, (x, threshold, sp.oo)))
    llr_slope = sp.diff(sp.expand_log(sp.log(p / q), force=True), x)
    return fact, (
        Nonnegative(llr_slope),  # the likelihood ratio is non-decreasing in x: level sets are half-lines
        Zero(sp.Integral(q, (x, threshold, sp.oo)) - alpha),  # the test {x > t} has size alpha
    )


NEYMAN_PEARSON = Lemma(
    "Neyman-Pearson lemma",
    "Lehmann & Romano, Testing Statistical Hypotheses (2005), Thm 3.2.1",
    "the most powerful size-alpha test thresholds the likelihood ratio; with a monotone ratio, {x > t}",
    _neyman_pearson,
)
