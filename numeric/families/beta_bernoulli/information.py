"""F4's leakage, exact: the paper's ``rho_KL`` and ``rho_MI`` by certified quadrature, the neighbour average as a
finite sum (docs/theory.md F4).

With ``S'`` the successes among the ``n - 1`` other records, ``S' ~ Binomial(n - 1, theta0)``, the release given
the candidate ``z`` is the mixture ``P1_z = sum_j Bin(j) Beta(a + j + z, b + n - 1 - j + 1 - z)``, and without it
``P0 = theta0 P1_1 + (1 - theta0) P1_0`` (a fresh record in its place). So

* ``rho_KL = E_z D(P1_z || P0) = sum_z P(z) int [p1_z ln(p1_z / p0) - p1_z + p0] dt`` (each integrand >= 0),
* ``rho_MI = sum_z P(z) int [pi (p1_z ln(p1_z / m_z) - p1_z + m_z) + (1 - pi) (p0 ln(p0 / m_z) - p0 + m_z)] dt``,
  ``m_z = pi p1_z + (1 - pi) p0``,

one-dimensional integrals of finite sums of Beta densities (in the log-odds ``eta = ln(t / (1 - t))``), by
:func:`mileak.numeric.core.quadrature.certified_quad`. The strong adversary's neighbour average
``E D(q(.|D_rest + z) || q(.|D_rest + z'))`` is ``theta0 (1 - theta0) sum_j Bin(j) [D(j; 1, 0) + D(j; 0, 1)]``,
a finite sum of closed forms in Arb.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.precision import arb_precision, validate_dps
from mileak.numeric.core.quadrature import certified_quad

from .counts import beta_kl_ball, prior_counts

MAX_N = 2000  # the mixtures hold n terms, evaluated at every quadrature node in two precisions


def _check(n, lam, m0, theta0):
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_N:
        raise ValueError(f"n={n!r} must be an int in [1, {MAX_N}] for F4's exact leakage")
    for name, v, hi in (("lam", lam, None), ("m0", m0, 1), ("theta0", theta0, 1)):
        if not isinstance(v, Fraction) or not v > 0 or (hi is not None and not v < hi):
            raise ValueError(f"{name}={v!r} must be an exact Fraction in (0, {'oo' if hi is None else hi})")


def _log_t(eta):
    """``(ln t, ln(1 - t))`` at ``t = 1 / (1 + e^-eta)``, without cancellation on either side of 0."""
    if eta >= 0:
        tail = mpmath.log1p(mpmath.exp(-eta))
        return -tail, -eta - tail
    tail = mpmath.log1p(mpmath.exp(eta))
    return eta - tail, -tail


def _mixtures(n, lam, m0, theta0):
    """``(p1_0, p1_1, theta0)``: the mixtures' densities in the log-odds ``eta`` (so each Beta density
    ``t^(alpha-1) (1-t)^(beta-1) / B`` times ``dt/deta = t (1 - t)``), at the working precision. In ``eta`` the
    endpoint singularities of a weak prior (``t^-0.95`` at ``lam = 1/10``, where tanh-sinh on ``(0, 1)`` misjudges
    its error) become tails ``e^(alpha eta)`` that exp-sinh integrates."""
    a, b = prior_counts(lam, m0)
    a, b = mpmath.mpf(a.numerator) / a.denominator, mpmath.mpf(b.numerator) / b.denominator
    th = mpmath.mpf(theta0.numerator) / theta0.denominator
    terms = {0: [], 1: []}
    for j in range(n):
        log_bin = (mpmath.log(math.comb(n - 1, j)) + j * mpmath.log(th) + (n - 1 - j) * mpmath.log1p(-th))
        for z in (0, 1):
            alpha, beta = a + j + z, b + n - 1 - j + 1 - z
            terms[z].append((log_bin - mpmath.log(mpmath.beta(alpha, beta)), alpha, beta))

    def density(z):
        rows = terms[z]

        def f(eta):
            lt, l1t = _log_t(eta)
            return mpmath.fsum(mpmath.exp(c + p * lt + q * l1t) for c, p, q in rows)

        return f

    return density(0), density(1), th


def _points(n, lam, theta0):
    """Breakpoints in ``eta``: the tails, 0, and the population's log-odds with a few posterior spreads about it
    (rationals: the integrand is smooth, they only guide the rule)."""
    centre = math.log(float(theta0) / float(1 - theta0))
    spread = 1 / math.sqrt(float(theta0 * (1 - theta0)) * (n + float(lam)))
    pts = {Fraction(0), Fraction(centre).limit_denominator(1000)}
    for k in (-4, -2, -1, 1, 2, 4):
        pts.add(Fraction(centre + k * spread).limit_denominator(1000))
    return [-mpmath.inf, *sorted(pts), mpmath.inf]


def _gibbs(p, q):
    """``p ln(p/q) - p + q >= 0`` (0 where ``p = 0``)."""
    return q - p + (p * mpmath.log(p / q) if p > 0 else 0)


def rho_kl(n, lam, m0, theta0, dps: int = 30) -> Certified:
    """The paper's ``rho_KL = E_z D(P1_z || P0)`` for F4, certified (module docstring)."""
    dps = validate_dps(dps)
    _check(n, lam, m0, theta0)

    def make():
        p10, p11, th = _mixtures(n, lam, m0, theta0)

        def f(t):
            g0, g1 = p10(t), p11(t)
            p0 = th * g1 + (1 - th) * g0
            return th * _gibbs(g1, p0) + (1 - th) * _gibbs(g0, p0)

        return f

    return certified_quad(make, _points(n, lam, theta0), dps, what="F4 rho_KL", positive=True)


def rho_mi(pi, n, lam, m0, theta0, dps: int = 30) -> Certified:
    """The paper's ``rho_MI = I(theta_hat; M | z)`` at prior ``pi`` for F4, certified (module docstring)."""
    dps = validate_dps(dps)
    _check(n, lam, m0, theta0)
    if not isinstance(pi, Fraction) or not 0 < pi < 1:
        raise ValueError(f"pi={pi!r} must be an exact Fraction in (0, 1)")

    def make():
        p10, p11, th = _mixtures(n, lam, m0, theta0)
        w = mpmath.mpf(pi.numerator) / pi.denominator

        def f(t):
            g0, g1 = p10(t), p11(t)
            p0 = th * g1 + (1 - th) * g0
            total = mpmath.mpf(0)
            for weight, g in ((th, g1), (1 - th, g0)):
                m = w * g + (1 - w) * p0
                total += weight * (w * _gibbs(g, m) + (1 - w) * _gibbs(p0, m))
            return total

        return f

    return certified_quad(make, _points(n, lam, theta0), dps, what="F4 rho_MI", positive=True)


def neighbour_average(n, lam, m0, theta0, dps: int = 30) -> Certified:
    """``E D(q(.|D_rest + z) || q(.|D_rest + z'))`` over ``D_rest``, ``z``, ``z'`` from the population: exact
    finite sum of closed forms (module docstring), an upper bound on ``rho_KL`` by joint convexity."""
    import flint

    dps = validate_dps(dps)
    _check(n, lam, m0, theta0)
    a, b = prior_counts(lam, m0)
    prec = int((dps + 20) * 3.33) + 64
    with arb_precision(prec):  # every sum and product of balls at this precision, not Arb's default 53 bits
        total = flint.arb(0)
        for j in range(n):
            w = Fraction(math.comb(n - 1, j)) * theta0**j * (1 - theta0) ** (n - 1 - j) * theta0 * (1 - theta0)
            A, B = a + j, b + n - 1 - j
            both = beta_kl_ball(A + 1, B, A, B + 1, prec) + beta_kl_ball(A, B + 1, A + 1, B, prec)
            total += both * (flint.arb(w.numerator) / w.denominator)
        return Certified.from_ball(total, dps)
