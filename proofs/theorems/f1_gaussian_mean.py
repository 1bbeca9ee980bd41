"""F1 gaussian-mean: closed forms derived from the loss and the definitions (docs/theory.md section 4).

``F1.kl_closed_form``: ``rho_KL = E_z D(P1_z || P0)`` derived from the ERM solution,
linear Gaussian algebra and Gaussian moments equals docs/theory.md's
``(p/2) ln((n a + sigma^2) / ((n-1) a + sigma^2))``.
``F1.kl_correlation_form``: it equals ``-(p/2) ln(1 - c^2)``.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Theorem
from mileak.proofs.core.steps import Combine, Define, facts
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, Expect
from mileak.proofs.definitions.rules import Identity
from mileak.proofs.families import gaussian_mean as f1

SOURCE = "docs/theory.md section 4 (F1 gaussian-mean)"
PARAMS = (f1.N, f1.LAM, f1.SIGMA, f1.S, f1.P, f1.M)
MODEL = ("F1 population game: theta_hat = mean(D)/(1+lam) + N(0, sigma^2 I), z ~ N(m, s^2 I)",)

KL_CLOSED_FORM = Claim(
    id="F1.kl_closed_form",
    title="F1: rho_KL = (p/2) ln((n a + sigma^2)/((n-1) a + sigma^2)), derived from the definitions",
    source=SOURCE,
    statement=sp.Eq(Expect(KL(P1, P0)), f1.rho_kl_theory()),
    parameters=PARAMS,
    assumptions=MODEL,
    models=("f1",),
    derivation=facts(
        erm=Identity(lambda: sp.Eq(f1.erm_first_order_condition(), 0),
                 note="theta_D = mean(D)/(1+lam) solves the first-order condition of the (1+lam)-strongly convex objective"),
        per_record=Define(lambda: sp.Eq(KL(P1, P0), f1.kl_per_record()),
               "laws of theta_hat by linear Gaussian algebra (mileak.proofs.definitions.gaussian_algebra); Gaussian KL "
               "closed form; times p over independent coordinates"),
        expectation=Define(lambda: sp.Eq(Expect(KL(P1, P0)), f1.rho_kl_from_definitions()),
               "E over z = m + s u by the Gaussian moments E[u^k] (mileak.proofs.definitions.gaussian_algebra)"),
        closed_form=Identity(lambda: sp.Eq(f1.rho_kl_from_definitions(), f1.rho_kl_theory()),
                             note="the derived expectation is docs/theory.md's closed form"),
        statement=Combine(sp.Eq(Expect(KL(P1, P0)), f1.rho_kl_theory()), substitute=("expectation",)),
    ),
)

KL_CORRELATION_FORM = Claim(
    id="F1.kl_correlation_form",
    title="F1: rho_KL = -(p/2) ln(1 - c^2), c^2 = s^2 / (n (n sigma^2 (1+lam)^2 + s^2))",
    source=SOURCE,
    statement=sp.Eq(f1.rho_kl_theory(), -f1.p / 2 * sp.log(1 - f1.correlation_squared())),
    parameters=PARAMS,
    models=("parameters",),
    derivation=(Identity(sp.Eq(f1.rho_kl_theory(), -f1.p / 2 * sp.log(1 - f1.correlation_squared()))),),
)

F1 = Theorem(id="F1", title="closed forms of family F1 (gaussian-mean)", source=SOURCE,
             claims=(KL_CLOSED_FORM, KL_CORRELATION_FORM))
