"""Rows of a leakage report: a quantity, its value, certified error (or interval), status and source.

>>> from fractions import Fraction
>>> from mileak.numeric.core.certified import Certified, shown
>>> entry("rho_KL", Certified.exact(Fraction(1, 4), 20), "closed form", 20)["value"]
'0.25'
"""

from __future__ import annotations

from mileak.numeric.core.certified import Certified, shown
from mileak.numeric.core.precision import working_precision
from mileak.numeric.measures.registered_bounds import success_bounds


def entry(name, c: Certified | None, source, dps, status="certified", text=None) -> dict:
    if c is None:
        return {"quantity": name, "value": text, "error": None, "status": status, "source": source}
    value, error = shown(c.value, c.error, dps)
    return {"quantity": name, "value": value, "error": error, "status": status, "source": source}


def upper(c: Certified):
    """The certified upper end ``value + error``."""
    with working_precision(c.dps + 30):
        return c.value + c.error


def success_entries(kl: Certified, pi, dps, label) -> list[dict]:
    """T2's success bounds (Pinsker, Bretagnolle-Huber) from a certified KL upper end."""
    return [entry(f"T2 success bound ({key}) from {label}", c, "T2", dps)
            for key, c in success_bounds(pi, upper(kl), dps=dps).items() if key != "smallest"]
