"""The theorem catalogue: each module defines one theorem; ``REGISTRY`` collects them."""

from mileak.proofs.core.registry import Registry
from mileak.proofs.theorems.f1_gaussian_mean import F1
from mileak.proofs.theorems.sharpness import sharpness_of
from mileak.proofs.theorems.t1_kl_bound import T1
from mileak.proofs.theorems.t2_hypothesis_testing import T2
from mileak.proofs.theorems.t3_training_set_size import T3
from mileak.proofs.theorems.t4_regularisation import T4
from mileak.proofs.theorems.t5_sensitivity import T5
from mileak.proofs.theorems.t6_gaussian_dp import T6
from mileak.proofs.theorems.t7_dp_sgd import T7

REGISTRY = Registry(sharpness=sharpness_of)
for _theorem in (T1, T2, T3, T4, T5, T6, T7, F1):
    REGISTRY.register(_theorem)

__all__ = ["REGISTRY"]
