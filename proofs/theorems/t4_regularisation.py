"""T4 (regularisation weight): leakage is non-increasing in ``lam`` (docs/theory.md T4).

Proved for family F1's ``rho_KL`` and ``c^2``; without output noise F1's
leakage is *constant* in ``lam`` (scale invariance), so the claim is non-strict.
"""

from __future__ import annotations

import sympy as sp

from mileak.proofs.core import Claim, Theorem
from mileak.proofs.core.steps import Combine
from mileak.proofs.families import gaussian_mean as f1
from mileak.proofs.theorems import sharpness as tight
from mileak.proofs.theorems.t3_training_set_size import _REAL_PARAMS, C2, N_REAL, RHO, STEP, garbling_claim

SOURCE = "Farokhi & Kaafar (2020), leakage falls with the regularisation weight; docs/theory.md T4"


def _claim(cid, title, statement, parameters=_REAL_PARAMS, sharpness=None):
    return Claim(id=cid, sharpness=sharpness, title=title, source=SOURCE, statement=statement, parameters=parameters,
                 models=("parameters",), derivation=(Combine(statement, note="decided by sympy"),))


T4 = Theorem(id="T4", title="leakage falls with the regularisation weight", source=SOURCE, claims=(
    _claim("T4.f1_kl", "F1: d rho_KL / d lam <= 0", sp.Le(sp.diff(RHO, f1.lam), 0, evaluate=False),
           sharpness=tight.vanishing("n", sp.oo)),
    _claim("T4.f1_c2", "F1: d c^2 / d lam <= 0 (so the exact rho_MI is too)", sp.Le(sp.diff(C2, f1.lam), 0, evaluate=False),
           sharpness=tight.vanishing("n", sp.oo)),
    garbling_claim("T4.f1_mi", "F1: the exact rho_MI does not rise when lam grows (garbling)", f1.lam,
                   (N_REAL, STEP, f1.LAM, f1.SIGMA, f1.S), source=SOURCE),
    _claim("T4.f1_noiseless_constant", "F1, sigma = 0: rho_KL does not depend on lam",
           sp.Eq(sp.Derivative(sp.Subs(RHO, f1.sigma, 0), f1.lam), 0),
           parameters=tuple(p for p in _REAL_PARAMS if p.name != "sigma")),
))
