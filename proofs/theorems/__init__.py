"""The theorem catalogue: each module defines one theorem; ``REGISTRY`` collects them.

Each theorem's module is imported when one of its claims is first asked for (``Registry.register_lazy``), so a
command that needs T1 and T2 does not build T6's limits or T7's integrals.
"""

from importlib import import_module

from mileak.proofs.core.registry import Registry
from mileak.proofs.theorems.sharpness import sharpness_of

MODULES = {  # theorem id -> (module, attribute), in catalogue order
    "T1": ("t1_kl_bound", "T1"), "T2": ("t2_hypothesis_testing", "T2"), "T3": ("t3_training_set_size", "T3"),
    "T4": ("t4_regularisation", "T4"), "T5": ("t5_sensitivity", "T5"), "T6": ("t6_gaussian_dp", "T6"),
    "T7": ("t7_dp_sgd", "T7"), "F1": ("f1_gaussian_mean", "F1"),
    "F2": ("f2_ridge_proportional", "F2"),
}

REGISTRY = Registry(sharpness=sharpness_of)
for _id, (_module, _name) in MODULES.items():
    REGISTRY.register_lazy(_id, lambda m=_module, n=_name: getattr(import_module(f"{__name__}.{m}"), n))

__all__ = ["REGISTRY"]
