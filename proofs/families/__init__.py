"""Model families; ``FAMILIES`` maps a family's name to it."""

from .family import Family
from .gaussian_mean import GAUSSIAN_MEAN

FAMILIES = {f.name: f for f in (GAUSSIAN_MEAN,)}

__all__ = ["FAMILIES", "Family"]
