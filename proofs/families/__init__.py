"""Model families; ``FAMILIES`` maps a family's name to it."""

from .family import Family
from .gaussian_mean import GAUSSIAN_MEAN
from .logistic import LOGISTIC
from .ridge import RIDGE

FAMILIES = {f.name: f for f in (GAUSSIAN_MEAN, RIDGE, LOGISTIC)}

__all__ = ["FAMILIES", "Family"]
