"""Strong-adversary KL ``D(q(.|D_rest + z) || q(.|D_rest + z'))`` for each shipped family and release.

An oracle maps ``(rest, z, z_prime, lam, noise, dps)`` (records as rows of
numbers, ``noise`` = ``sigma`` or ``tau``) to ``(Certified, exact)`` where
``exact`` is a ``Fraction`` when the family allows it (ridge and F1 under
output perturbation), else ``None``. Used by the counterexample finder for
T3 and T4, which compares the KL before and after adding a record or
raising ``lam``.

* F1 gaussian-mean: ``theta_D = mean(D) / (1 + lam)``, so the KL is
  ``||z - z'||^2 / (2 sigma^2 n^2 (1 + lam)^2)`` exactly;
* F2 ridge: :func:`numeric.ridge.neighbour_kl` (exact / output / posterior);
* F3 logistic: certified ERM (:mod:`numeric.logistic`), then the Gaussian KL;
* any other :class:`~proofs.families.Family` (e.g. a user family): certified
  generic ERM (:mod:`numeric.generic_erm`), output perturbation.

>>> from fractions import Fraction as F
>>> oracle("gaussian-mean", "output")([[0]], [1], [3], F(1), F(1), 30)[1]
Fraction(1, 8)
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.exact_linear import to_fraction
from mileak.numeric.core.precision import working_precision
from mileak.numeric.families.logistic.solve import logistic_fit, parameter_shift
from mileak.numeric.families.ridge.solve import certify_fraction, neighbour_kl

SUPPORTED = {"gaussian-mean": ("output",), "ridge": ("output", "posterior", "exact"), "logistic": ("output",)}


def _gaussian_mean(rest, z, z_prime, lam, noise, dps):
    n = len(rest) + 1
    diff = [to_fraction("z", a) - to_fraction("z_prime", b) for a, b in zip(z, z_prime)]
    exact = sum((d * d for d in diff), Fraction(0)) / (2 * noise**2 * n**2 * (1 + lam) ** 2)
    return certify_fraction(exact, dps), exact


def _ridge(release):
    def run(rest, z, z_prime, lam, noise, dps):
        kl = neighbour_kl([r[:-1] for r in rest], [r[-1] for r in rest], (z[:-1], z[-1]),
                          (z_prime[:-1], z_prime[-1]), lam, release=release, noise=noise, dps=dps)
        return kl.certified, kl.exact

    return run


def _logistic(rest, z, z_prime, lam, noise, dps):
    X1 = np.array([r[:-1] for r in rest] + [z[:-1]], dtype=float)
    y1 = np.array([r[-1] for r in rest] + [z[-1]], dtype=float)
    X0, y0 = X1.copy(), y1.copy()
    X0[-1], y0[-1] = z_prime[:-1], z_prime[-1]
    shift = parameter_shift(logistic_fit(X1, y1, float(lam), dps=dps), logistic_fit(X0, y0, float(lam), dps=dps))
    with working_precision(dps + 30):
        s = mpmath.iv.mpf(noise.numerator) / noise.denominator
        return Certified.from_interval(shift**2 / (2 * s**2), dps), None


def _generic(family):
    from mileak.numeric.families.generic.erm import neighbour_output_kl

    def run(rest, z, z_prime, lam, noise, dps):
        kl = neighbour_output_kl(family, rest, z, z_prime, float(lam), noise, dps)
        return Certified.from_interval(kl, dps), None

    return run


def oracle(family, release: str):
    """The KL oracle of a shipped family (by name) or of any :class:`~proofs.families.Family` (generic ERM)."""
    if not isinstance(family, str):
        if release != "output":
            raise ValueError(f"release={release!r}: a user family is checked under output perturbation only")
        return _generic(family)
    if family not in SUPPORTED:
        raise ValueError(f"family={family!r} must be one of {sorted(SUPPORTED)}")
    if release not in SUPPORTED[family]:
        raise ValueError(f"release={release!r} is not supported for family {family!r}; use one of {SUPPORTED[family]}")
    if family == "gaussian-mean":
        return _gaussian_mean
    if family == "ridge":
        return _ridge(release)
    return _logistic
