"""The theorem catalogue: each module defines one theorem; ``REGISTRY`` collects them."""

from proofs.core.registry import Registry

from .t1_kl_bound import T1
from .t2_hypothesis_testing import T2

REGISTRY = Registry()
for _theorem in (T1, T2):
    REGISTRY.register(_theorem)

__all__ = ["REGISTRY"]
