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
``2^-(bits)``.

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
from mileak.numeric.core.precision import PrecisionError, arb_precision, working_precision

_CACHE: dict = {}


def _arb_of(x: mpmath.mpf):
    """The exact ``arb`` of a finite ``mpf``."""
    man, exp = int(x.man), int(x.exp)
    if exp >= 0:
        return flint.arb(flint.fmpz(man) * flint.fmpz(2) ** exp)
    return flint.arb(flint.fmpq(man, 2 ** (-exp)))


def _mpf_of(a) -> mpmath.mpf:
    man, exp = a.mid().man_exp()
    return mpmath.ldexp(mpmath.mpf(int(man)), int(exp))


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
                return _mpf_of(d)
        prec *= 2
    raise PrecisionError(f"variance-gamma density at v={mpmath.nstr(v, 5)} not certified to {bits} bits")


def _nodes(p: int, wp: int, level: int, j_lo: int, j_hi: int):
    """Nodes ``(v_j, weight_j * d_k(v_j))`` for ``j_lo <= j <= j_hi`` at ``h = 2^-level`` (cached)."""
    key = (p, wp, level)
    table = _CACHE.setdefault(key, {})
    h = mpmath.ldexp(mpmath.mpf(1), -level)
    bits = int(wp * 3.33) + 8
    out = []
    for j in range(j_lo, j_hi + 1):
        if j not in table:
            if j % 2 == 0 and level > 0 and j // 2 in _CACHE.get((p, wp, level - 1), {}):
                v, wd = _CACHE[(p, wp, level - 1)][j // 2]
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
    wp = dps + 10 + int(guard)
    with working_precision(wp):
        decay_pos, decay_neg = mpmath.mpf(decay_pos), mpmath.mpf(decay_neg)
        if decay_pos <= 0 or decay_neg <= 0:
            raise ValueError("the integrand must decay on both sides (decay rates > 0)")
        tail = (wp * mpmath.log(10) + 40 + p * 10)
        v_min = mpmath.mpf(10) ** (-(wp + 5))
        t_lo, t_pos = _t_range(v_min, tail / decay_pos)
        _, t_neg = _t_range(v_min, tail / decay_neg)
        previous, seen = None, {}
        for level in range(3, max_level + 1):
            h = mpmath.ldexp(mpmath.mpf(1), -level)
            j_lo = int(mpmath.floor(t_lo / h))
            j_pos, j_neg = int(mpmath.ceil(t_pos / h)), int(mpmath.ceil(t_neg / h))
            nodes = _nodes(p, wp, level, j_lo, max(j_pos, j_neg))
            total = magnitude = mpmath.mpf(0)
            for i, (v, wd) in enumerate(nodes):
                j = j_lo + i
                key = j << (max_level - level)  # the same node at every finer level: evaluate g once
                if key not in seen:
                    seen[key] = (g(v), g(-v))
                gp, gn = seen[key]
                s = (gp if j <= j_pos else 0) + (gn if j <= j_neg else 0)
                total += wd * s
                magnitude += abs(wd * s)
            if previous is not None:
                error = abs(total - previous)
                scale = max(abs(total), mpmath.mpf(10) ** (-dps - 5))
                if error <= scale * mpmath.mpf(10) ** (-(dps + 3)):
                    rounding = magnitude * mpmath.mpf(10) ** (-(wp - 5))
                    if rounding > scale * mpmath.mpf(10) ** (-dps):
                        raise PrecisionError(f"the variance-gamma rule for rho_MI: cancellation leaves fewer than "
                                             f"{dps} digits; ask for fewer digits (dps)")
                    return Certified(+total, error + rounding, dps)
            previous = total
    raise PrecisionError(f"the variance-gamma rule for rho_MI did not converge to {dps} digits by its finest step "
                         f"h = 2^-{max_level}; ask for fewer digits (dps)")


def clear_cache():
    _CACHE.clear()


__all__ = ["expectation", "clear_cache"]
