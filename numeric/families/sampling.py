"""Population records from a family's sampler, checked: an array ``(size, record_width(p))`` of finite floats.

>>> import numpy as np
>>> from mileak.numeric.families.registry import plugin
>>> checked_records(plugin("ridge").family, plugin("ridge").sampler, np.random.default_rng(0), 3, {"p": 2}).shape
(3, 3)
"""

from __future__ import annotations

import numpy as np


def checked_records(family, sampler, rng, size, values: dict) -> np.ndarray:
    if sampler is None:
        raise ValueError(f"family {family.name!r} has no sampler")
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 1:
        raise ValueError(f"size={size!r} must be an int >= 1")
    data = np.asarray(sampler(rng, int(size), **values), dtype=float)
    width = family.record_width(values.get("p", 1))
    if data.shape != (size, width):
        raise ValueError(f"sampler of family {family.name!r} returned shape {data.shape}; expected ({size}, {width})")
    if not np.all(np.isfinite(data)):
        raise ValueError(f"sampler of family {family.name!r} returned non-finite records")
    return data
