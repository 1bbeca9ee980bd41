"""F3's strong-adversary KL: certified ERM at 30+ digits, and batched float64 fits for many trials.

``D = ||theta_D - theta_D'||^2 / (2 sigma^2)`` under output perturbation.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import working_precision

from .batched import fit_batch
from .solve import logistic_fit, parameter_shift


def neighbour_kl(rest, z, z_prime, lam, noise, dps):
    """The certified KL of the records as given: exact rationals (the falsifier's thirds, ``lam = 1/10``) reach
    the certified fits exactly, never rounded through a float."""
    X1 = [list(r[:-1]) for r in rest] + [list(z[:-1])]
    y1 = [r[-1] for r in rest] + [z[-1]]
    X0, y0 = X1[:-1] + [list(z_prime[:-1])], y1[:-1] + [z_prime[-1]]
    shift = parameter_shift(logistic_fit(X1, y1, lam, dps=dps), logistic_fit(X0, y0, lam, dps=dps))
    with working_precision(dps + 30):
        s = mpmath.iv.mpf(noise.numerator) / noise.denominator
        return Certified.from_interval(shift**2 / (2 * s**2), dps), None


def batch_kl(rest, z, zp, lam, release, noise, p, values=None):
    """Float64 KLs per trial from batched Newton fits; a fit that did not converge stops the run."""
    X1 = np.concatenate([rest[..., :p], z[:, None, :p]], axis=1)
    y1 = np.concatenate([rest[..., p], z[:, None, p]], axis=1)
    X0, y0 = X1.copy(), y1.copy()
    X0[:, -1], y0[:, -1] = zp[:, :p], zp[:, p]
    t1, ok1 = fit_batch(X1, y1, lam)
    t0, ok0 = fit_batch(X0, y0, lam)
    if not (ok1.all() and ok0.all()):
        bad = int((~ok1).sum() + (~ok0).sum())
        raise ArithmeticError(f"{bad} logistic fits did not converge at lam={lam}; raise lam")
    return np.sum((t1 - t0) ** 2, axis=1) / (2 * noise**2)


def draw_record(draw, p):
    """``p`` features in thirds (``||x|| <= R`` for small ``p``) and a label ``+-1``."""
    from hypothesis import strategies as st

    x = [Fraction(draw(st.integers(-3, 3))) / 3 for _ in range(p)]
    return x + [Fraction(draw(st.sampled_from((1, -1))))]
