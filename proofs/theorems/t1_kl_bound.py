"""T1 (KL bound): ``rho_MI <= pi rho_KL``, the Jeffreys and entropy bounds, and the
exact compensation identity ``pi D(P1||P0) - I = D(Pbar||P0)`` (docs/theory.md T1).

The identity is proved pointwise in the densities (so for every alphabet and
every density), then re-checked on a finite alphabet of size 3 and on two
univariate Gaussian densities. The bounds follow from it and from cited
inequalities (Gibbs, convexity of KL, non-negativity of entropy), lifted
over the record ``z`` by linearity and monotonicity of expectation.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Theorem
from mileak.proofs.core.steps import Cite, Combine, Define, UseClaim, facts
from mileak.proofs.definitions.divergences import binary_entropy, normal_density
from mileak.proofs.definitions.information import expect, membership_information_kl_form, rho_kl, rho_mi
from mileak.proofs.definitions.laws import P0, P1, mixture
from mileak.proofs.definitions.membership_game import PI
from mileak.proofs.definitions.quantities import KL, MembershipInfo
from mileak.proofs.definitions.rules import Identity, Lift
from mileak.proofs.lemmas.information import (
    COND_ENTROPY_NONNEGATIVE,
    GIBBS,
    KL_CONVEX_SECOND,
    KL_SELF,
    MI_ENTROPY_FORM,
)
from mileak.proofs.theorems import sharpness as tight

pi = PI.symbol
BAR = mixture(pi, P1, P0)
I_Z = MembershipInfo(pi, P1, P0)
D1 = Define(sp.Eq(I_Z, membership_information_kl_form(pi)), "docs/theory.md D1")
SOURCE = "Farokhi & Kaafar (2020), section 3 (membership information and its KL bound)"
FINITE_KL = "D(P1||P0) < oo (so every divergence used is finite)"

_p1, _p0 = sp.symbols("p1 p0", positive=True)
_a = sp.symbols("a1:4", positive=True)
_b = sp.symbols("b1:4", positive=True)
_x, _m1, _m0 = sp.symbols("x m1 m0", real=True)
_s1, _s0 = sp.symbols("s1 s0", positive=True)
_POS, _REAL = sp.Interval.open(0, sp.oo), sp.Interval(-sp.oo, sp.oo)

_identity = sp.Eq(pi * KL(P1, P0) - membership_information_kl_form(pi), KL(BAR, P0))

COMPENSATION = Claim(
    id="T1.compensation",
    title="compensation identity: pi D(P1||P0) - I_z = D(Pbar||P0)",
    source=SOURCE,
    statement=sp.Eq(pi * KL(P1, P0) - I_Z, KL(BAR, P0)),
    parameters=(PI,),
    assumptions=(FINITE_KL,),
    models=("finite", "gaussian"),
    derivation=facts(
        membership_information=D1,
        pointwise=Identity(_identity, model="density", laws={P1: _p1, P0: _p0}, domains={_p1: _POS, _p0: _POS},
                 note="pointwise: pi p1 log(p1/p0) - pi p1 log(p1/m) - (1-pi) p0 log(p0/m) = m log(m/p0)"),
        finite_alphabet=Identity(_identity, model="finite", laws={P1: list(_a), P0: list(_b)},
                                 domains={s: _POS for s in _a + _b}, note="re-checked on a 3-letter alphabet"),
        gaussians=Identity(_identity, model="density",
                           laws={P1: normal_density(_x, _m1, _s1), P0: normal_density(_x, _m0, _s0)},
                           domains={_x: _REAL, _m1: _REAL, _m0: _REAL, _s1: _POS, _s0: _POS},
                           note="re-checked on two univariate Gaussian densities"),
        statement=Combine(sp.Eq(pi * KL(P1, P0) - I_Z, KL(BAR, P0)), weights={"pointwise": 1},
                          substitute=("membership_information",),
                          note="integrate the pointwise identity (linearity; all integrals finite)"),
    ),
)

KL_BOUND = Claim(
    id="T1.kl",
    sharpness=tight.t1_kl,
    title="KL bound: rho_MI <= pi rho_KL",
    source=SOURCE,
    statement=sp.Le(rho_mi(pi), pi * rho_kl()),
    parameters=(PI,),
    assumptions=(FINITE_KL,),
    models=("finite", "gaussian"),
    derivation=facts(
        compensation=UseClaim("T1.compensation"),
        gibbs=Cite(GIBBS, {"P": BAR, "Q": P0}, note="D(Pbar||P0) >= 0"),
        per_record=Combine(sp.Le(I_Z, pi * KL(P1, P0)), weights={"compensation": 1, "gibbs": 1}),
        statement=Lift("per_record"),
    ),
)

JEFFREYS_BOUND = Claim(
    id="T1.jeffreys",
    sharpness=tight.t1_jeffreys,
    title="Jeffreys bound: rho_MI <= pi (1-pi) E_z[D(P1||P0) + D(P0||P1)]",
    source=SOURCE,
    statement=sp.Le(rho_mi(pi), expect(pi * (1 - pi) * (KL(P1, P0) + KL(P0, P1)))),
    parameters=(PI,),
    assumptions=(FINITE_KL, "D(P0||P1) < oo"),
    models=("finite", "gaussian"),
    derivation=facts(
        membership_information=D1,
        convex_in_p1=Cite(KL_CONVEX_SECOND, {"P": P1, "Q": P1, "R": P0, "t": pi}),
        convex_in_p0=Cite(KL_CONVEX_SECOND, {"P": P0, "Q": P1, "R": P0, "t": pi}),
        self_p1=Cite(KL_SELF, {"P": P1}),
        self_p0=Cite(KL_SELF, {"P": P0}),
        per_record=Combine(sp.Le(I_Z, pi * (1 - pi) * (KL(P1, P0) + KL(P0, P1))),
                           weights={"convex_in_p1": pi, "convex_in_p0": 1 - pi},
                           substitute=("membership_information", "self_p1", "self_p0")),
        statement=Lift("per_record"),
    ),
)

ENTROPY_BOUND = Claim(
    id="T1.entropy",
    sharpness=tight.t1_entropy,
    title="entropy bound: rho_MI <= h(pi)",
    source=SOURCE,
    statement=sp.Le(rho_mi(pi), binary_entropy(pi)),
    parameters=(PI,),
    models=("finite", "gaussian"),
    notes="finite even when the laws are mutually singular (e.g. F1 with n = 1, sigma = 0)",
    derivation=facts(
        entropy_form=Cite(MI_ENTROPY_FORM, {"pi": pi, "P": P1, "Q": P0}),
        conditional_entropy=Cite(COND_ENTROPY_NONNEGATIVE, {"pi": pi, "P": P1, "Q": P0}),
        per_record=Combine(sp.Le(I_Z, binary_entropy(pi)), weights={"conditional_entropy": 1},
                           substitute=("entropy_form",)),
        statement=Lift("per_record"),
    ),
)

T1 = Theorem(
    id="T1",
    title="KL bound on membership information leakage",
    source=SOURCE,
    claims=(COMPENSATION, KL_BOUND, JEFFREYS_BOUND, ENTROPY_BOUND),
)
