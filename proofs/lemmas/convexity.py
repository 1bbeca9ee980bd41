"""Lemmas of convex analysis and Gaussian divergences cited by T5 (sensitivity).

Norms and inner products appear as real symbols; each builder returns the
instantiated fact and the side conditions sympy must decide.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core.conditions import Nonnegative
from mileak.proofs.definitions.quantities import KL
from mileak.proofs.lemmas.lemma import Lemma

STRONG_MONOTONICITY = Lemma(
    "strong monotonicity of the gradient of a strongly convex function",
    "Nesterov, Lectures on Convex Optimization (2018), Thm 2.1.10",
    "<grad F(a) - grad F(b), a - b> >= mu ||a - b||^2 for F mu-strongly convex",
    lambda inner, mu, distance: (sp.Ge(inner, mu * distance**2), (Nonnegative(mu),)),
)

CAUCHY_SCHWARZ = Lemma(
    "Cauchy-Schwarz inequality",
    "Horn & Johnson, Matrix Analysis (2013), Thm 5.1.4",
    "<u, v> <= ||u|| ||v||",
    lambda inner, norm_u, norm_v: (sp.Le(inner, norm_u * norm_v), (Nonnegative(norm_u), Nonnegative(norm_v))),
)

NORM_TRIANGLE = Lemma(
    "triangle inequality for a norm",
    "Horn & Johnson (2013), Def. 5.1.1",
    "||u - v|| <= ||u|| + ||v||",
    lambda norm_difference, norm_u, norm_v: sp.Le(norm_difference, norm_u + norm_v),
)

GAUSSIAN_SHIFT_KL = Lemma(
    "KL divergence of two Gaussians with the same covariance sigma^2 I",
    "Polyanskiy & Wu, Information Theory (2024), eq. (2.8) with Sigma_1 = Sigma_0 = sigma^2 I",
    "D(N(a, sigma^2 I) || N(b, sigma^2 I)) = ||a - b||^2 / (2 sigma^2)",
    lambda P, Q, distance, sigma: (sp.Eq(KL(P, Q), distance**2 / (2 * sigma**2)), (Nonnegative(sigma),)),
)
