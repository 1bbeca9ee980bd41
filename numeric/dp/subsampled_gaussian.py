"""One DP-SGD step as a pair of laws, and its divergences at ``dps`` digits, certified (T7, docs/theory.md).

In units of the clip norm ``C``, one step releases the noisy sum of clipped gradients; for the record whose
membership is in question the worst-case pair is one-dimensional (Mironov, Talwar & Zhang 2019):

* **add/remove** (Opacus, dp_accounting's default; canary audits): in ``P = (1-q) N(0, z^2) + q N(1, z^2)``,
  out ``Q = N(0, z^2)``;
* **replace** (the paper's game): in ``P = (1-q) N(0, z^2) + q N(1, z^2)``, out
  ``P' = (1-q) N(0, z^2) + q N(-1, z^2)`` (the antipodal pair, the natural worst case: an assumption,
  checked over a grid in the tests). At ``q = 1`` it is a shift of 2: ``D = 2 / z^2``.

Each KL is a one-dimensional integral written so that nothing cancels: with ``u = p/r - 1`` (``r`` the
second law), ``D(p || r) = int r [(1 + u) log1p(u) - u] dx`` (the added ``int (p - r) = 0``), and
``D(r || p) = int r [u - log1p(u)] dx`` with ``u = p/r - 1`` again; both integrands are ``O(u^2) >= 0``
and are formed from ``u`` at raised working precision for small ``|u|``, so the value keeps its digits for
``q`` down to ``1e-8`` and ``z`` from ``0.3`` to ``100``. The quadrature evaluates the integrand in Arb
(:func:`_arb_step_integrand`, whose balls show any bits a cancellation costs), with these mpmath forms as its
fallback.

>>> c = step_kl("1/100", "11/10", dps=30)
>>> float(c.value) < float(chi2_add_remove("1/100", "11/10", 30).value)
True
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core import elementary
from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_finite, to_mpf
from mileak.numeric.core.enclosure import two_precisions
from mileak.numeric.core.exact_input import exact_decimal
from mileak.numeric.core.precision import DEFAULT_DPS, arb_midpoint, arb_precision, ball_midpoint, in_arb, validate_dps
from mileak.numeric.core.quadrature import certified_quad

GAMES = ("add_remove", "replace")
_SERIES_BELOW = 1e-3
DIRECTIONS = ("in_out", "out_in")


def check_step(q, z):
    """``q`` in ``(0, 1]`` and ``z`` in ``(0, oo)``, as exact text or numbers (each named in its error)."""
    shown = {"q": q, "z": z}
    q = exact_decimal(q, "q") if isinstance(q, str) else q
    z = exact_decimal(z, "z") if isinstance(z, str) else z
    qv, zv = check_finite("q", q), check_finite("z", z)
    if not 0 < qv <= 1:
        raise ValueError(f"q={shown['q']} must be in (0, 1] (the Poisson sampling rate)")
    if not zv > 0:
        raise ValueError(f"z={shown['z']} must be in (0, oo) (the noise multiplier)")
    return q, z


def _f_in(u, t):
    """``(1 + u) log1p(u) - u = t log t - u`` (>= 0) for ``t = 1 + u = p/r`` (``t`` given, so ``t -> 0`` loses
    nothing). For ``|u| < 1/1000`` it is formed from ``u`` alone, ``(1 + u) log1p(u) - u``, with ``-log2|u| + 10``
    more working bits: the two terms of size ``u`` cancel to ``u^2 / 2``, losing about ``-log2|u|`` bits (above
    ``1/1000`` the direct form loses at most 6 digits, which the quadrature's guard digits cover)."""
    if abs(u) >= _SERIES_BELOW:
        return t * mpmath.log(t) - u
    return elementary.cancelling(u, lambda v: (1 + v) * elementary.log1p(v) - v)


def _f_out(u, t):
    """``u - log1p(u) = u - log t`` (>= 0); for ``|u| < 1/1000``, ``u - log1p(u)`` with the extra bits of
    :func:`_f_in`."""
    if abs(u) >= _SERIES_BELOW:
        return u - mpmath.log(t)
    return elementary.cancelling(u, lambda v: v - elementary.log1p(v))


def _pair(q, z, game):
    """``x -> (t = p/r, u = p/r - 1)`` of the step's pair (``u`` formed without cancellation), and ``r`` relative
    to ``N(0, z^2)`` via :func:`_relative_out`."""
    def ratio(mean, x):  # N(mean, z^2) / N(0, z^2)
        return mpmath.exp((2 * mean * x - mean * mean) / (2 * z * z))

    def parts(x):
        p = (1 - q) + q * ratio(1, x)
        r = mpmath.mpf(1) if game == "add_remove" else (1 - q) + q * ratio(-1, x)
        if game == "add_remove":
            u = q * elementary.expm1((2 * x - 1) / (2 * z * z))
        else:
            u = q * (ratio(1, x) - ratio(-1, x)) / r
        return p / r, u

    return parts


def _relative_out(q, z, x):
    """``sqrt(2 pi) z`` times the replace game's out-density ``(1-q) N(0, z^2) + q N(-1, z^2)`` at ``x``."""
    return (1 - q) * mpmath.exp(-x * x / (2 * z * z)) + q * mpmath.exp(-(x + 1) ** 2 / (2 * z * z))


ARB_RETRIES = 2  # precision raises for a ball that lost bits (small |u|) before the mpmath integrand takes over


def _arb_step_integrand(q, z, game, direction, fallback):
    """The step-KL integrand of :func:`step_kl` evaluated in Arb (python-flint): `step_kl` 4.8x faster (28 cases
    of both games and directions, 20.0 s -> 4.1 s; `mileak verify` warm 15.7 s -> 13.9 s).

    The same function: ``r(x) f(u)`` with ``f(u) = (1 + u) log1p(u) - u`` (``in_out``) or ``u - log1p(u)``
    (``out_in``), ``u = q expm1((2x - 1) s)`` (add/remove) or ``u = 2 q e^-s sinh(2 x s) / r`` (replace; no
    difference of exponentials), ``s = 1 / (2 z^2)``; for ``|u| >= 1/1000``, ``t log t - u`` and
    ``u - log t`` with ``t = 1 + u = p / r`` formed as a ratio of sums of positive terms (``u`` near ``-1``
    loses nothing). The ball is evaluated at the mpmath precision plus 16 bits; where ``f`` cancels (small
    ``|u|``) the ball says so, and it is evaluated again with the bits it lost (at most ``ARB_RETRIES``
    times) until its midpoint carries the working precision plus 8 bits. A ball that does not (or is not
    finite) takes ``fallback``, the mpmath integrand. Build it inside the precision the quadrature
    runs at (``certified_quad``'s factory does)."""
    import flint

    target = mpmath.mp.prec + 8
    constants = {}

    def at(bits):
        if bits not in constants:
            with arb_precision(bits):
                aq, az = flint.arb(q), flint.arb(z)
                s = 1 / (2 * az * az)
                constants[bits] = (aq, 1 - aq, s, (-s).exp(), 1 / (az * (2 * flint.arb.pi()).sqrt()))
        return constants[bits]

    def ball(x, bits):
        aq, one_q, s, e_s, norm = at(bits)
        X = flint.arb(x)
        p = one_q + aq * ((2 * X - 1) * s).exp()
        if game == "add_remove":
            r_phi0, t = (-X * X * s).exp(), p
            u = aq * ((2 * X - 1) * s).expm1()
        else:
            r = one_q + aq * ((-2 * X - 1) * s).exp()
            r_phi0 = one_q * (-X * X * s).exp() + aq * (-(X + 1) * (X + 1) * s).exp()
            t, u = p / r, 2 * aq * e_s * (2 * X * s).sinh() / r
        if abs(u.mid()) >= _SERIES_BELOW:  # t = 1 + u formed without cancellation, as in _f_in / _f_out
            f = t * t.log() - u if direction == "in_out" else u - t.log()
        else:
            f = (1 + u) * u.log1p() - u if direction == "in_out" else u - u.log1p()
        return norm * r_phi0 * f

    def integrand(x):
        bits = target + 8
        for _ in range(ARB_RETRIES + 1):
            value = in_arb(bits, ball, x, bits)
            if not value.is_finite():
                break
            accuracy = value.rel_accuracy_bits()
            if accuracy >= target:
                return ball_midpoint(value)
            bits += target - max(accuracy, 0) + 16
        return fallback(x)

    return integrand


def step_kl(q, z, game: str = "add_remove", direction: str = "in_out", dps: int = DEFAULT_DPS) -> Certified:
    """The per-step KL ``D(in || out)`` (``direction="out_in"``: ``D(out || in)``) of one DP-SGD step, certified."""
    dps = validate_dps(dps)
    q, z = check_step(q, z)
    if game not in GAMES or direction not in DIRECTIONS:
        raise ValueError(f"game={game!r} must be one of {GAMES} and direction={direction!r} one of {DIRECTIONS}")

    def make():
        qq, zz = to_mpf("q", q), to_mpf("z", z)
        parts = _pair(qq, zz, game)
        norm = 1 / (zz * mpmath.sqrt(2 * mpmath.pi))

        def integrand(x):
            t, u = parts(x)
            r_phi0 = norm * (mpmath.exp(-x * x / (2 * zz * zz)) if game == "add_remove" else _relative_out(qq, zz, x))
            return r_phi0 * (_f_in(u, t) if direction == "in_out" else _f_out(u, t))

        return _arb_step_integrand(qq, zz, game, direction, integrand)

    zf = float(to_mpf("z", z))
    points = [-mpmath.inf, -12 * zf - 1, -6 * zf - 1, -1, 0, "1/2", 1, 6 * zf + 1, 12 * zf + 1, mpmath.inf]
    return certified_quad(make, points, dps, what=f"per-step KL ({game}, {direction})", guard=_guard(q), positive=True)


def _guard(q) -> int:
    """Working digits: 3, and 2 per decade of ``q`` for the small factor ``q^2`` of the value against the
    quadrature's absolute error test. The direct form's cancellation at ``|u| >= 1e-3`` (at most 6 digits) needs
    none: the two precisions are 10 digits apart, so their difference still bounds the error of the finer one
    (8 guard digits more, as before, made T7's checks 1.4x slower for the same certified values)."""
    qf = float(to_mpf("q", q))
    return 3 + int(2 * max(0.0, -mpmath.log10(qf)))


def chi2_add_remove(q, z, dps: int = DEFAULT_DPS) -> Certified:
    """``chi^2(P || Q) = q^2 (exp(1/z^2) - 1)`` (T7.chi2), evaluated at ``dps`` digits."""
    dps = validate_dps(dps)
    q, z = check_step(q, z)
    return two_precisions(lambda: to_mpf("q", q) ** 2 * mpmath.expm1(1 / to_mpf("z", z) ** 2), dps, what="chi^2", positive=True)


def chi2_by_quadrature(q, z, dps: int = DEFAULT_DPS) -> Certified:
    """``int (p - r)^2 / r`` of the add/remove pair by certified quadrature (an independent route to T7.chi2)."""
    dps = validate_dps(dps)
    q, z = check_step(q, z)

    def make():
        qq, zz = to_mpf("q", q), to_mpf("z", z)
        norm = 1 / (zz * mpmath.sqrt(2 * mpmath.pi))
        direct = lambda x: norm * mpmath.exp(-x * x / (2 * zz * zz)) * (qq * elementary.expm1((2 * x - 1) / (2 * zz * zz))) ** 2  # noqa: E731,E501
        return _arb_chi2_integrand(qq, zz, direct)

    zf = float(to_mpf("z", z))
    points = [-mpmath.inf, -6 * zf - 1, 0, 1, 6 * zf + 2, 12 * zf + 4, mpmath.inf]
    return certified_quad(make, points, dps, what="chi^2 quadrature", guard=_guard(q), positive=True)


def _arb_chi2_integrand(q, z, fallback):
    """``N(x; 0, z^2) (q expm1((2x - 1) s))^2`` (``s = 1 / (2 z^2)``) in Arb at the working precision plus 16 bits
    (no cancellation: a product of positive factors); ``fallback`` where a ball is not finite."""
    import flint

    bits = mpmath.mp.prec + 16
    with arb_precision(bits):
        aq, az = flint.arb(q), flint.arb(z)
        s, norm = 1 / (2 * az * az), 1 / (az * (2 * flint.arb.pi()).sqrt())

    def ball(x):
        X = flint.arb(x)
        return norm * (-X * X * s).exp() * (aq * ((2 * X - 1) * s).expm1()) ** 2

    def integrand(x):
        value = arb_midpoint(bits, ball, x)
        return fallback(x) if value is None else value

    return integrand


def chi2_replace(q, z, dps: int = DEFAULT_DPS) -> Certified:
    """``chi^2(P || P')`` of the replace pair, ``int (p - r)^2 / r`` by certified quadrature (no closed form: the
    denominator is a mixture; T7's add/remove closed form has no replace counterpart)."""
    dps = validate_dps(dps)
    q, z = check_step(q, z)
    if to_mpf("q", q) == 1:
        return two_precisions(lambda: mpmath.expm1(4 / to_mpf("z", z) ** 2), dps, what="chi^2 (replace, q = 1)", positive=True)

    def make():
        qq, zz = to_mpf("q", q), to_mpf("z", z)
        parts = _pair(qq, zz, "replace")
        norm = 1 / (zz * mpmath.sqrt(2 * mpmath.pi))
        return lambda x: norm * _relative_out(qq, zz, x) * parts(x)[1] ** 2

    zf = float(to_mpf("z", z))
    points = [-mpmath.inf, -12 * zf - 1, -6 * zf - 1, -1, 0, 1, 6 * zf + 1, 12 * zf + 1, mpmath.inf]
    return certified_quad(make, points, dps, what="chi^2 (replace)", guard=_guard(q), positive=True)
