"""A cached double-exponential rule for expectations under the variance-gamma law of F1.

Under ``M = 1`` the F1 log-likelihood ratio is ``Lambda = -(p/2) ln(1 - c^2) + c V`` with
``V = (X - Y)/2``, ``X, Y ~ chi^2_p`` independent, whatever the parameters: ``V`` has the
symmetric variance-gamma density

``d_k(v) = |v|^(k - 1/2) K_(k-1/2)(|v|) / (Gamma(k) sqrt(pi) 2^(k - 1/2))``,  ``k = p/2``,

which does not depend on ``c`` or ``pi``. So ``E_1[g(V)] = int_0^oo (g(v) + g(-v)) d_k(v) dv``
is computed with the exp-sinh rule ``v_j = exp((pi/2) sinh(j h))``, weights
``h (pi/2) cosh(j h) v_j``, and the node densities ``d_k(v_j)`` are computed once per
``(p, working precision, h)`` and cached: a warm evaluation costs only elementary
functions at the nodes. The Bessel values come from Arb (``python-flint``) as
balls; a node whose ball is not tight enough is recomputed at a higher Arb
precision, so every cached density has a certified relative error below
``2^-(bits)``. The densities are also kept on disk between runs (:mod:`mileak.numeric.core.constant_tables`,
keyed by this module's source and the versions of mpmath and python-flint): a new process reads them instead of
computing the Bessel values again, bit for bit the same values.

:func:`expectation` halves ``h`` until two successive levels agree to the
requested digits and reports the difference as the error (the standard
double-exponential estimate; each halving roughly doubles the correct digits)
plus the truncation of the two tails, bounded by the caller's decay rates.

>>> import mpmath
>>> e = expectation(lambda v: v * v, p=1, dps=30, decay_pos=1, decay_neg=1)
>>> mpmath.nstr(e.value, 20)  # E V^2 = Var(X - Y)/4 = 2p/4 * 2 = p
'1.0'
"""

from __future__ import annotations

import flint
import mpmath

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.constant_tables import ConstantTable
from mileak.numeric.core.precision import PrecisionError, arb_precision, ball_midpoint, working_precision

_CACHE: dict = {}  # (p, wp, level) -> {j: (v_j, weight_j d_k(v_j))}; ("line", p, wp) -> {v._mpf_: d_k(v)}
_LOADED: dict = {}  # key -> how many entries the kept table had (so only a grown table is written back)
_READ_KEPT = [True]


def _kept(key) -> ConstantTable:
    return ConstantTable("variance-gamma", [str(part) for part in key], __file__)


def _table(key) -> dict:
    """The node table of ``key``, from memory, else from the kept table (if any), else empty."""
    if key not in _CACHE:
        kept = _kept(key).load() if _READ_KEPT[0] else {}
        _CACHE[key] = {k: (v if key[0] != "line" else v[0]) for k, v in kept.items()}
        _LOADED[key] = len(kept)
    return _CACHE[key]


def _keep_tables() -> None:
    """Write back every table that grew since it was read (called after each rule's evaluation)."""
    for key, table in _CACHE.items():
        if len(table) > _LOADED.get(key, 0):
            _kept(key).save({k: (v if key[0] != "line" else (v,)) for k, v in table.items()})
            _LOADED[key] = len(table)


def _arb_of(x: mpmath.mpf):
    """The exact ``arb`` of a finite ``mpf``."""
    man, exp = int(x.man), int(x.exp)
    if exp >= 0:
        return flint.arb(flint.fmpz(man) * flint.fmpz(2) ** exp)
    return flint.arb(flint.fmpq(man, 2 ** (-exp)))


def _density(v: mpmath.mpf, p: int, bits: int):
    """``d_k(v)`` for ``v > 0`` as an ``mpf`` with relative error below ``2^-bits`` (Arb, adaptive)."""
    prec = bits + 64
    while prec < 64 * bits:
        with arb_precision(prec):
            k = flint.arb(p) / 2
            nu = k - flint.arb(1) / 2
            x = _arb_of(v)
            d = x ** nu * x.bessel_k(nu) / (k.gamma() * flint.arb.pi().sqrt() * flint.arb(2) ** nu)
            if d.rel_accuracy_bits() >= bits:
                return ball_midpoint(d)
        prec *= 2
    raise PrecisionError(f"variance-gamma density at v={mpmath.nstr(v, 5)} not certified to {bits} bits")


def _nodes(p: int, wp: int, level: int, j_lo: int, j_hi: int):
    """Nodes ``(v_j, weight_j * d_k(v_j))`` for ``j_lo <= j <= j_hi`` at ``h = 2^-level`` (cached)."""
    table = _table((p, wp, level))
    coarser = _table((p, wp, level - 1)) if level > 0 else {}
    h = mpmath.ldexp(mpmath.mpf(1), -level)
    bits = int(wp * 3.33) + 8
    out = []
    for j in range(j_lo, j_hi + 1):
        if j not in table:
            if j % 2 == 0 and j // 2 in coarser:
                v, wd = coarser[j // 2]
                table[j] = (v, wd / 2)  # the same node at half the step: half the weight
            else:
                t = j * h
                v = mpmath.exp(mpmath.pi / 2 * mpmath.sinh(t))
                weight = h * mpmath.pi / 2 * mpmath.cosh(t) * v
                table[j] = (v, weight * _density(v, p, bits))
        out.append(table[j])
    return out


def _t_range(v_min, v_max):
    """``t`` with ``exp((pi/2) sinh t)`` spanning ``[v_min, v_max]``."""
    lo = mpmath.asinh(2 / mpmath.pi * mpmath.log(v_min))
    hi = mpmath.asinh(2 / mpmath.pi * mpmath.log(v_max))
    return lo, hi


def expectation(g, p: int, dps: int, decay_pos, decay_neg, max_level: int = 9, guard: int = 0) -> Certified:
    """``E[g(V)]`` for the density ``d_k``; ``g(v)`` must be ``O(exp(r |v|))`` with ``1 - r >= decay_*`` on each side.

    ``g`` is called at ``mpf`` points (both signs); it must work at the current precision.
    ``guard`` adds working digits when the terms cancel (the result is much smaller than they are);
    the rounding error is bounded by the sum of the absolute terms, and a result that
    cancellation leaves with fewer than ``dps`` digits raises :class:`PrecisionError`.
    """
    try:
        return _expectation(g, p, dps, decay_pos, decay_neg, max_level, guard)
    finally:
        _keep_tables()


def _expectation(g, p, dps, decay_pos, decay_neg, max_level, guard) -> Certified:
    """The rule of :func:`expectation`."""
    wp = dps + 10 + int(guard)
    with working_precision(wp):
        decay_pos, decay_neg = mpmath.mpf(decay_pos), mpmath.mpf(decay_neg)
        if decay_pos <= 0 or decay_neg <= 0:
            raise ValueError("the integrand must decay on both sides (decay rates > 0)")
        tail = (wp * mpmath.log(10) + 40 + p * 10)
        v_min = mpmath.mpf(10) ** (-(wp + 5))
        t_lo, t_pos = _t_range(v_min, tail / decay_pos)
        _, t_neg = _t_range(v_min, tail / decay_neg)
        seen = {}

        def levels():
            for level in range(3, max_level + 1):
                h = mpmath.ldexp(mpmath.mpf(1), -level)
                j_lo = int(mpmath.floor(t_lo / h))
                j_pos, j_neg = int(mpmath.ceil(t_pos / h)), int(mpmath.ceil(t_neg / h))
                total = magnitude = mpmath.mpf(0)
                for i, (v, wd) in enumerate(_nodes(p, wp, level, j_lo, max(j_pos, j_neg))):
                    j = j_lo + i
                    key = j << (max_level - level)  # the same node at every finer level: evaluate g once
                    if key not in seen:
                        seen[key] = (g(v), g(-v))
                    gp, gn = seen[key]
                    s = (gp if j <= j_pos else 0) + (gn if j <= j_neg else 0)
                    total += wd * s
                    magnitude += abs(wd * s)
                yield total, magnitude

        return _first_converged(levels(), dps, wp, "the variance-gamma rule", f"2^-{max_level}")


def _first_converged(levels, dps, wp, rule, finest):
    """The first certified value (:func:`_converged`) of successive levels' ``(total, magnitude)``; a rule whose
    levels run out first raises :class:`PrecisionError` naming its finest step ``h = finest``."""
    previous = None
    for total, magnitude in levels:
        done = _converged(total, previous, magnitude, dps, wp, rule)
        if done is not None:
            return done
        previous = total
    raise PrecisionError(f"{rule} for rho_MI did not converge to {dps} digits by its finest step h = {finest}; "
                         "ask for fewer digits (dps)")


def _converged(total, previous, magnitude, dps, wp, rule):
    """The certified value when two successive levels agree to ``dps + 3`` digits (their difference the error,
    plus the rounding bound ``magnitude 10^-(wp - 5)`` of the summed terms), else ``None``; cancellation that
    leaves fewer than ``dps`` digits raises :class:`PrecisionError`."""
    if previous is None:
        return None
    error = abs(total - previous)
    scale = max(abs(total), mpmath.mpf(10) ** (-dps - 5))
    if error > scale * mpmath.mpf(10) ** (-(dps + 3)):
        return None
    rounding = magnitude * mpmath.mpf(10) ** (-(wp - 5))
    if rounding > scale * mpmath.mpf(10) ** (-dps):
        raise PrecisionError(f"{rule} for rho_MI: cancellation leaves fewer than {dps} digits; ask for fewer "
                             "digits (dps)")
    return Certified(+total, error + rounding, dps)


def clear_cache(read_kept: bool = False):
    """Forget every node density held in memory; unless ``read_kept``, also stop reading the kept tables in this
    process (a cold start, as the benchmarks want it)."""
    _CACHE.clear()
    _LOADED.clear()
    _READ_KEPT[0] = read_kept




# ---------------------------------------------------------------------------------------------------------------
# The trapezoidal rule on the line, for large p
# ---------------------------------------------------------------------------------------------------------------
#
# For large ``p`` the law of ``V`` is close to ``N(0, p)``: its mass is spread evenly over ``|v| <~ 10 sqrt p``
# while the exp-sinh nodes crowd near ``v = 0`` and thin out where the mass is; at ``p >= 1000`` the rule needs
# steps finer than ``2^-11`` (tens of thousands of Bessel values). There the plain trapezoidal rule
# ``h sum_j g(j h) d_k(j h)`` is the right rule: for an integrand analytic in the strip ``|Im v| < a`` it
# converges like ``exp(-2 pi a / h)`` (``a = pi / c`` for the membership integrand, whose logarithm has its
# branch points at ``Im Lambda = +-pi``), and ``d_k`` is smooth at ``v = 0`` to order ``p - 1``
# (``|v|^(k - 1/2) K_(k - 1/2)(|v|)`` is even, with its first non-smooth term ``|v|^(2k - 1)``).

LINE_RULE_FROM = 64  # the trapezoidal rule from this p on; d_k is then C^63 at 0 (the exp-sinh rule below it)


def _dyadic_floor(x) -> int:
    """``e`` with ``2^e <= x < 2^(e + 1)``."""
    return int(mpmath.floor(mpmath.log(x, 2)))


def line_cutoff(p: int, rate: mpmath.mpf, digits: int) -> mpmath.mpf:
    """A ``t`` with ``int_t^oo e^(rate v) |v|^2 d_k(v) dv < 10^-digits`` (``0 <= rate < 1``), by Chernoff.

    ``E e^(s V) = (1 - s^2)^(-p/2)`` for ``|s| < 1`` (``V = (X - Y)/2``), so for ``rate < s < 1`` the tail is at
    most ``E[e^(s V)] e^(-(s - rate) t) = e^(-(s - rate) t) (1 - s^2)^(-p/2)``; ``s`` is chosen on a grid to
    minimise ``t``. The ``40`` added nats cover the factor ``|v|^2 <= e^23`` (``t < 10^5``) and the integrand's
    constant (at most ``e^2`` for the membership integrand).
    """
    budget = digits * mpmath.log(10) + 40
    best = None
    for i in range(1, 40):
        s = rate + (1 - rate) * mpmath.mpf(i) / 40
        t = (budget - p * mpmath.log1p(-s * s) / 2) / (s - rate)
        best = t if best is None or t < best else best
    return best


def _line_density(v: mpmath.mpf, p: int, bits: int, table: dict):
    """``d_k(v)`` (even in ``v``), cached by the exact node; ``d_k(0) = Gamma(k - 1/2) / (2 sqrt(pi) Gamma(k))``."""
    key = v._mpf_
    if key not in table:
        if v == 0:
            with arb_precision(bits + 64):
                k = flint.arb(p) / 2
                d = (k - flint.arb(1) / 2).gamma() / (2 * flint.arb.pi().sqrt() * k.gamma())
            table[key] = ball_midpoint(d)
        else:
            table[key] = _density(v, p, bits)
    return table[key]


def line_expectation(g, p: int, dps: int, rate_pos, rate_neg, strip, max_level: int = 8,
                     guard: int = 0) -> Certified:
    """``E[g(V)]`` by the trapezoidal rule ``h sum_j g(j h) d_k(j h)`` over the line (``p >= LINE_RULE_FROM``).

    ``g(v) = O(|v|^2 e^(rate |v|))`` on each side (``0 <= rate < 1``); ``strip``: ``g`` is analytic for
    ``|Im v| < strip``. The first step is the power of two below ``min(sqrt p, strip) / 2``; it is halved until
    two successive levels agree to ``dps + 3`` digits (each halving squares the error ``exp(-2 pi a / h)``),
    and the difference is reported as the error, plus the rounding bound of :func:`expectation`. The nodes are
    exact dyadic numbers, so their densities are cached per ``(p, working precision)`` and shared by every
    ``c`` and level. The tails beyond :func:`line_cutoff` are below ``10^-(wp + 5)`` of the scale.
    """
    if p < LINE_RULE_FROM:
        raise ValueError(f"p={p} must be >= {LINE_RULE_FROM} for the trapezoidal rule (d_k is not smooth enough)")
    wp = dps + 10 + int(guard)
    bits = int(wp * 3.33) + 8
    table = _table(("line", p, wp))
    try:
        return _line_rule(g, p, dps, wp, bits, table, rate_pos, rate_neg, strip, max_level)
    finally:
        _keep_tables()


def _line_rule(g, p, dps, wp, bits, table, rate_pos, rate_neg, strip, max_level) -> Certified:
    """The rule of :func:`line_expectation`."""
    with working_precision(wp):
        rate_pos, rate_neg, strip = mpmath.mpf(rate_pos), mpmath.mpf(rate_neg), mpmath.mpf(strip)
        if not (0 <= rate_pos < 1 and 0 <= rate_neg < 1) or strip <= 0:
            raise ValueError("the integrand must grow slower than e^|v| (rates in [0, 1)) and be analytic in a strip")
        t_pos, t_neg = line_cutoff(p, rate_pos, wp + 5), line_cutoff(p, rate_neg, wp + 5)
        e0 = min(_dyadic_floor(mpmath.sqrt(p) / 2), _dyadic_floor(strip / 2))
        seen = {}

        def levels():
            for level in range(max_level + 1):
                h = mpmath.ldexp(mpmath.mpf(1), e0 - level)
                total = magnitude = mpmath.mpf(0)
                for j in range(int(mpmath.ceil(max(t_pos, t_neg) / h)) + 1):
                    v = j * h  # exact: a dyadic number, the same node at every finer level
                    if v._mpf_ not in seen:
                        d = _line_density(v, p, bits, table)
                        gp = g(v) if v <= t_pos else 0
                        gn = g(-v) if 0 < v <= t_neg else 0
                        seen[v._mpf_] = d * (gp + gn)
                    term = h * seen[v._mpf_]
                    total += term
                    magnitude += abs(term)
                yield total, magnitude

        return _first_converged(levels(), dps, wp, "the trapezoidal rule", f"2^{e0 - max_level}")


__all__ = ["expectation", "line_expectation", "line_cutoff", "clear_cache", "LINE_RULE_FROM"]
