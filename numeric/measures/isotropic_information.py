"""Membership information between isotropic p-dimensional Gaussian laws (T1, D1).

``P1 = N(m1, s1^2 I_p)``, ``P0 = N(m0, s0^2 I_p)``, prior ``pi``. Rotate so the
first axis is ``m1 - m0`` (distance ``delta``). The log-likelihood ratio
depends on ``x`` only through ``t`` (that coordinate) and ``rho = |y|`` (the
norm of the other ``k = p - 1`` coordinates):

``r(t, rho) = ln N(t; delta, s1^2) - ln N(t; 0, s0^2) + k ln(s0/s1) - rho^2 (1/s1^2 - 1/s0^2) / 2``

and under ``P_a`` the radius ``rho`` has the chi density
``2 rho^(k-1) exp(-rho^2 / (2 s_a^2)) / ((2 s_a^2)^(k/2) Gamma(k/2))``. So

``I = int int [pi g1 chi1 (-log1p((1-pi) expm1(-r))) + (1-pi) g0 chi0 (-log1p(pi expm1(r)))] dt drho``,

With ``s1 = s0`` the ``rho`` terms cancel exactly and it is the
one-dimensional certified quadrature ``mileak.numeric.measures.gaussian_laws.mutual_information``
at distance ``delta`` (full precision). With ``s1 != s0`` it is computed by a
Gauss-Hermite (in ``t``) times generalised Gauss-Laguerre (in ``u = rho^2``)
product rule, doubling the nodes until two rules agree to ``dps`` digits; the
error bound is their difference. That rule converges only root-exponentially (about 22 digits
at 320 x 320 nodes, 25 s), so ask for ``dps <= 20`` there: a request it cannot
certify raises :class:`~mileak.numeric.core.precision.PrecisionError`.

>>> import mpmath
>>> a = mutual_information_isotropic(0.5, [1, 0, 0], [0, 0, 0], 1, 1)
>>> b = mutual_information_isotropic(0.5, [1], [0], 1, 1)
>>> a.value == b.value
True
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_positive, check_probability, check_real_sequence
from mileak.numeric.core.precision import DEFAULT_DPS, GUARD_DPS, PrecisionError, validate_dps, working_precision
from mileak.numeric.measures.gaussian_laws import mutual_information, normal


def mutual_information_isotropic(pi, mean1, mean0, sd1, sd0, dps: int = DEFAULT_DPS) -> Certified:
    """``I(theta; M)`` for ``N(mean1, sd1^2 I)`` vs ``N(mean0, sd0^2 I)`` with prior ``pi``."""
    dps = validate_dps(dps)
    pi = check_probability("pi", pi)
    m1, m0 = check_real_sequence("mean1", mean1), check_real_sequence("mean0", mean0)
    if not m1 or len(m1) != len(m0):
        raise ValueError(f"mean1 and mean0 must be non-empty and of equal length, got {len(m1)} and {len(m0)}")
    s1, s0 = check_positive("sd1", sd1), check_positive("sd0", sd0)
    with working_precision(dps + 30):
        delta = mpmath.sqrt(mpmath.fsum((a - b) ** 2 for a, b in zip(m1, m0)))
    k = len(m1) - 1
    if k == 0 or s1 == s0:
        return mutual_information(pi, normal(delta, s1), normal(0, s0), dps=dps)

    with working_precision(dps + GUARD_DPS):
        previous = None
        for n in _NODES:
            value = _product_rule(pi, delta, s1, s0, k, n)
            if previous is not None:
                error = abs(value - previous)
                if error <= mpmath.mpf(10) ** (-dps) * abs(value):
                    return Certified(+value, error, dps)
            previous = value
    raise PrecisionError(
        f"isotropic mutual information with sd1 != sd0: {_NODES[-1]}-node rules agree only to "
        f"{mpmath.nstr(error / abs(value), 3)} relative; lower dps (<= 20 is reliable) or use equal sds"
    )


_NODES = (40, 80, 160, 320)


def _product_rule(pi, delta, s1, s0, k, n):
    """``sum_a pi_a E_a[phi_a(r)]`` with ``t ~ N(m_a, s_a^2)`` (Hermite) and ``u ~ Gamma(k/2, 2 s_a^2)`` (Laguerre)."""
    xs, ws = mpmath.gauss_quadrature(n, "hermite")
    ys, vs = mpmath.gauss_quadrature(n, "glaguerre", alpha=mpmath.mpf(k) / 2 - 1)
    c = (1 / s1**2 - 1 / s0**2) / 2
    shift = k * mpmath.log(s0 / s1)
    norm = 1 / (mpmath.sqrt(mpmath.pi) * mpmath.gamma(mpmath.mpf(k) / 2))

    def r(t, u):
        return (-mpmath.log(s1) - (t - delta) ** 2 / (2 * s1**2)) - (-mpmath.log(s0) - t**2 / (2 * s0**2)) + shift - c * u

    terms = (
        (delta, s1, pi, lambda x: -mpmath.log1p((1 - pi) * mpmath.expm1(-x))),
        (0, s0, 1 - pi, lambda x: -mpmath.log1p(pi * mpmath.expm1(x))),
    )
    total = mpmath.mpf(0)
    for mean, sd, weight, phi in terms:
        ts = [mean + mpmath.sqrt(2) * sd * x for x in xs]
        us = [2 * sd**2 * y for y in ys]
        acc = mpmath.fsum(w * v * phi(r(t, u)) for t, w in zip(ts, ws) for u, v in zip(us, vs))
        total += weight * acc * norm
    return total
