"""T2 (hypothesis-testing adversary), docs/theory.md T2.

(a) ``P[psi = M] <= max(pi,1-pi) + min(pi,1-pi) E_z TV(P1_z, P0)
    <= max(pi,1-pi) + min(pi,1-pi) sqrt(rho_KL / 2)``; at ``pi = 1/2``,
    ``1/2 + sqrt(rho_KL / 8)``.
(b) ROC: a test with rates ``(alpha, beta)`` has ``d(beta||alpha) <= D(P1||P0)``.
(c) Bretagnolle-Huber: ``... <= max + min sqrt(1 - exp(-rho_KL))``; Pinsker is
    the tighter of the two exactly on ``[0, D*]``, ``D* = 2 + W(-2 e^-2)``.
Exact for equal-covariance Gaussians at Mahalanobis distance ``mu``:
``TV = 2 Phi(mu/2) - 1`` and ``TPR(alpha) = Phi(Phi^-1(alpha) + mu)``.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Parameter, Theorem
from mileak.proofs.core.steps import Cite, Combine, UseClaim, facts
from mileak.proofs.definitions.divergences import binary_kl, normal_density
from mileak.proofs.definitions.hypothesis_testing import Phi, Phi_inv, gaussian_tpr, gaussian_tv, pinsker_bh_crossover
from mileak.proofs.definitions.laws import B0, B1, P0, P1
from mileak.proofs.definitions.membership_game import PI
from mileak.proofs.definitions.quantities import KL, TV, BayesSuccess, Expect, OptimalTPR
from mileak.proofs.definitions.rules import Identity, Lift
from mileak.proofs.lemmas.analysis import CONCAVE_ABOVE_CHORD, JENSEN_CONCAVE
from mileak.proofs.lemmas.information import BRETAGNOLLE_HUBER, DATA_PROCESSING, GIBBS, PINSKER
from mileak.proofs.lemmas.testing import (
    BAYES_DECISION,
    L1_IS_TWICE_TV,
    L1_OF_LAW,
    L1_TRIANGLE,
    NEYMAN_PEARSON,
    SCHEFFE,
)
from mileak.proofs.theorems import sharpness as tight

SOURCE = "Farokhi & Kaafar (2020), section 4 (hypothesis-testing adversary)"
pi = PI.symbol
HI, LO = sp.Max(pi, 1 - pi), sp.Min(pi, 1 - pi)
SUCCESS = BayesSuccess(pi, P1, P0)
_x = sp.Symbol("x", real=True)
_OPEN_HALF_LINE = sp.Interval.open(0, sp.oo)

ALPHA = Parameter("alpha", sp.Interval.open(0, 1), description="false-positive rate of a test", source="scenario")
BETA = Parameter("beta", sp.Interval.open(0, 1), description="true-positive rate of a test", source="scenario")
ALPHA_LEVEL = Parameter(
    "alpha", sp.Interval.open(0, 1), typical=sp.Interval(sp.Rational(1, 10**6), sp.Rational(1, 2)),
    description="false-positive rate at which the TPR is evaluated",
)
MU = Parameter(
    "mu", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 100), 8),
    description="Mahalanobis distance between the two equal-covariance Gaussian laws",
)
D_STAR = pinsker_bh_crossover()
DIVERGENCE = Parameter("D", sp.Interval(0, D_STAR), description="a KL divergence below the crossover D*")


def _success_via(name, lemma, f, sharpness):
    """``E_z success <= max + min f(rho_KL)`` from T2.success_tv, a lemma ``TV <= f(D)``, Jensen."""
    statement = sp.Le(Expect(SUCCESS), HI + LO * f(Expect(KL(P1, P0))))
    return Claim(
        id=f"T2.success_{name}",
        sharpness=sharpness,
        title=f"success bound via {lemma.name}",
        source=SOURCE,
        statement=statement,
        parameters=(PI,),
        models=("finite", "gaussian"),
        notes="cap at 1 when reporting: a success probability never exceeds 1",
        derivation=facts(
            success_tv=UseClaim("T2.success_tv"),
            tv_bound=Cite(lemma, {"P": P1, "Q": P0}),
            lifted=Lift("tv_bound"),
            gibbs=Cite(GIBBS, {"P": P1, "Q": P0}, note="the support of D(P1_z||P0) is [0, oo)"),
            jensen=Cite(JENSEN_CONCAVE, {"f": f, "X": KL(P1, P0), "var": sp.Dummy("d"), "support": _OPEN_HALF_LINE},
                        note="f concave on (0, oo) and continuous at 0"),
            statement=Combine(statement, weights={"success_tv": 1, "lifted": LO, "jensen": LO}),
        ),
    )


_decomposition = {"a": pi - LO, "P": P1, "b": -(1 - pi - LO), "Q": P0, "c": LO, "R": P1 - P0}

SUCCESS_TV = Claim(
    id="T2.success_tv",
    sharpness=tight.t2_success_tv,
    title="success bound: P[psi = M] <= max(pi,1-pi) + min(pi,1-pi) E_z TV",
    source=SOURCE,
    statement=sp.Le(Expect(SUCCESS), HI + LO * Expect(TV(P1, P0))),
    parameters=(PI,),
    models=("finite", "gaussian"),
    derivation=facts(
        bayes=Cite(BAYES_DECISION, {"pi": pi, "P": P1, "Q": P0}),
        triangle=Cite(L1_TRIANGLE, _decomposition,
                      note="pi P1 - (1-pi) P0 = (pi - m) P1 - (1 - pi - m) P0 + m (P1 - P0), m = min(pi, 1-pi)"),
        mass_p1=Cite(L1_OF_LAW, {"P": P1}),
        mass_p0=Cite(L1_OF_LAW, {"P": P0}),
        twice_tv=Cite(L1_IS_TWICE_TV, {"P": P1, "Q": P0}),
        per_record=Combine(sp.Le(SUCCESS, HI + LO * TV(P1, P0)), weights={"triangle": sp.Rational(1, 2)},
                           substitute=("bayes", "mass_p1", "mass_p0", "twice_tv")),
        statement=Lift("per_record"),
    ),
)


_xv = sp.Dummy("x")
SUCCESS_PINSKER = _success_via("pinsker", PINSKER, sp.Lambda(_xv, sp.sqrt(_xv / 2)), tight.t2_success_pinsker)
SUCCESS_BH = _success_via("bh", BRETAGNOLLE_HUBER, sp.Lambda(_xv, sp.sqrt(1 - sp.exp(-_xv))),
                          tight.t2_success_bh)

SUCCESS_HALF = Claim(
    id="T2.success_half",
    sharpness=tight.t2_success_half,
    title="balanced prior: P[psi = M] <= 1/2 + sqrt(rho_KL / 8)",
    source=SOURCE,
    statement=sp.Le(Expect(BayesSuccess(sp.Rational(1, 2), P1, P0)), sp.Rational(1, 2) + sp.sqrt(Expect(KL(P1, P0)) / 8)),
    parameters=(PI,),
    models=("finite", "gaussian"),
    derivation=(UseClaim("T2.success_pinsker", subs={pi: sp.Rational(1, 2)}),),
)

_alpha, _beta = ALPHA.symbol, BETA.symbol
ROC = Claim(
    id="T2.roc",
    sharpness=tight.t2_roc,
    title="ROC bound: d(beta || alpha) <= D(P1 || P0) for every test",
    source=SOURCE,
    statement=sp.Le(binary_kl(_beta, _alpha), KL(P1, P0)),
    parameters=(ALPHA, BETA),
    assumptions=("alpha = P0(psi = 1) and beta = P1(psi = 1) for a (randomised) test psi",),
    models=("finite", "gaussian"),
    notes="so at FPR alpha the TPR is at most the largest beta with d(beta||alpha) <= D",
    derivation=facts(
        data_processing=Cite(DATA_PROCESSING, {"P": P1, "Q": P0, "P_out": B1, "Q_out": B0},
                             note="the test's output laws B1 = Bern(beta), B0 = Bern(alpha) are push-forwards of "
                             "P1, P0"),
        binary=Identity(sp.Eq(KL(B1, B0), binary_kl(_beta, _alpha)), model="finite",
                        laws={B1: [_beta, 1 - _beta], B0: [_alpha, 1 - _alpha]}),
        statement=Combine(sp.Le(binary_kl(_beta, _alpha), KL(P1, P0)), weights={"data_processing": 1},
                          substitute=("binary",)),
    ),
)

_d = DIVERGENCE.symbol
_f = sp.Lambda(_xv, 1 - sp.exp(-_xv) - _xv / 2)
PINSKER_REGION = Claim(
    id="T2.pinsker_region",
    sharpness=tight.t2_pinsker_region,
    title="Pinsker is tighter than Bretagnolle-Huber exactly for D <= D* = 2 + W(-2/e^2) = 1.5936...",
    source="docs/theory.md T2(c)",
    statement=sp.Le(_d / 2, 1 - sp.exp(-_d)),
    parameters=(DIVERGENCE,),
    models=("parameters",),
    notes="sqrt(D/2) <= sqrt(1 - exp(-D)) on [0, D*]; beyond D* the order reverses",
    derivation=(Cite(CONCAVE_ABOVE_CHORD, {"f": _f, "var": _d, "a": 0, "b": D_STAR},
                     note="f(D) = 1 - exp(-D) - D/2 is concave with f(0) = f(D*) = 0"),),
)

_mu = MU.symbol
_p1, _p0 = normal_density(_x, _mu, 1), normal_density(_x, 0, 1)
_REDUCTION = ("equal covariance: the log-likelihood ratio is affine in the whitened projection onto the mean "
              "difference, a sufficient statistic; so TV and ROC equal those of N(mu,1) vs N(0,1)",)

GAUSS_TV = Claim(
    id="T2.gauss_tv",
    title="equal-covariance Gaussians: TV = 2 Phi(mu/2) - 1",
    source="docs/theory.md T2(c)",
    statement=sp.Eq(TV(P1, P0), gaussian_tv(_mu)),
    parameters=(MU,),
    assumptions=_REDUCTION,
    models=("gaussian_equal",),
    notes="applies to the strong adversary under output perturbation, mu = ||theta_D - theta_D'|| / sigma",
    derivation=facts(
        scheffe=Cite(SCHEFFE, {"P": P1, "Q": P0, "p": _p1, "q": _p0, "x": _x,
                               "region": sp.Interval.open(_mu / 2, sp.oo)}),
        statement=Combine(sp.Eq(TV(P1, P0), gaussian_tv(_mu)), substitute=("scheffe",)),
    ),
)

_a = ALPHA_LEVEL.symbol
_w = sp.Symbol("w", real=True)
_threshold = Phi_inv(1 - _a)
GAUSS_ROC = Claim(
    id="T2.gauss_roc",
    title="equal-covariance Gaussians: TPR(alpha) = Phi(Phi^-1(alpha) + mu)",
    source="docs/theory.md T2(c)",
    statement=sp.Eq(OptimalTPR(_a, P1, P0), gaussian_tpr(_a, _mu)),
    parameters=(ALPHA_LEVEL, MU),
    assumptions=_REDUCTION,
    models=("gaussian_equal",),
    derivation=facts(
        neyman_pearson=Cite(NEYMAN_PEARSON, {"alpha": _a, "P": P1, "Q": P0, "p": _p1, "q": _p0, "x": _x,
                                             "threshold": _threshold}),
        tail=Identity(sp.Eq(sp.Integral(_p1, (_x, _threshold, sp.oo)), gaussian_tpr(_a, _mu)),
                      reparam={_a: Phi(_w)}, domains={_w: sp.Interval(-sp.oo, sp.oo)},
                      note="alpha = Phi(w) is a bijection of R onto (0, 1)"),
        statement=Combine(sp.Eq(OptimalTPR(_a, P1, P0), gaussian_tpr(_a, _mu)), substitute=("neyman_pearson", "tail")),
    ),
)

T2 = Theorem(
    id="T2",
    title="hypothesis-testing adversary",
    source=SOURCE,
    claims=(SUCCESS_TV, SUCCESS_PINSKER, SUCCESS_BH, SUCCESS_HALF, ROC, PINSKER_REGION, GAUSS_TV, GAUSS_ROC),
)
