"""``expm1`` and ``log1p`` of real mpf at the working precision, through mpmath's ``libmp`` kernels.

Both are the inner loop of the certified quadratures (the membership-information integrand of T1 and the
DP-SGD step's KL of T7 call them hundreds of thousands of times per ``mileak verify``). mpmath's own
``expm1`` sums ``exp(x) - 1`` with an adaptive retry loop and ``log1p`` goes through the generic function
wrapper; these call the kernels once, with the extra bits the cancellation needs decided up front:

* ``expm1(x) = exp(x) - 1``: ``exp`` at ``prec + max(0, -mag(x)) + 10`` bits, so the subtraction, which
  cancels about ``-mag(x)`` leading bits, leaves ``prec + 10``; ``x + x^2/2`` when ``|x| < 2^-prec``.
* ``log1p(y) = log(1 + y)``: ``1 + y`` formed exactly, then mpmath's ``log``, which raises its own working
  precision by the bits that cancel near 1; ``y - y^2/2`` when ``|y| < 2^-prec``.

The results agree with ``mpmath.expm1``/``mpmath.log1p`` to the working precision (tests/numeric/test_elementary.py
checks a relative difference below ``2^(2 - prec)`` at random arguments) and are 2-4x faster.

>>> import mpmath
>>> with mpmath.workdps(30):
...     mpmath.nstr(expm1(mpmath.mpf('1e-20')), 25)  # 1e-20 + 1e-40/2: nothing cancelled
'1.000000000000000000005e-20'
>>> with mpmath.workdps(30):
...     log1p(mpmath.mpf('-0.5')) == mpmath.log(mpmath.mpf('0.5'))
True
"""

from __future__ import annotations

import mpmath
from mpmath.libmp import fone, mpf_add, mpf_exp, mpf_log, mpf_mul, mpf_neg, mpf_shift, mpf_sub, round_nearest

from mileak.numeric.core.precision import extra_bits

_mpf = mpmath.mpf


def _small(v, sign, prec):
    """``v + sign * v^2 / 2`` at ``prec`` bits (``|v| < 2^-prec``: the next term is below the last bit)."""
    half_square = mpf_shift(mpf_mul(v, v), -1)
    return mpf_add(v, half_square if sign > 0 else mpf_neg(half_square), prec, round_nearest)


def _mag(v):
    """``floor(log2 |v|) + 1`` of a nonzero finite mpf tuple ``(sign, man, exp, bc)``."""
    return v[2] + v[3]


def expm1(x):
    """``e^x - 1`` of a real ``mpf`` at ``mpmath.mp.prec`` bits, without cancellation."""
    v = x._mpf_ if isinstance(x, _mpf) else _mpf(x)._mpf_
    prec = mpmath.mp.prec
    if not v[1]:
        return mpmath.expm1(x)  # 0, +-inf, nan: mpmath's own conventions
    mag = _mag(v)
    if mag < -prec:
        return _mpf(_small(v, 1, prec))
    extra = max(0, -mag) + 10
    return _mpf(mpf_sub(mpf_exp(v, prec + extra, round_nearest), fone, prec, round_nearest))


def log1p(y):
    """``log(1 + y)`` of a real ``mpf`` ``y > -1`` at ``mpmath.mp.prec`` bits, without cancellation."""
    v = y._mpf_ if isinstance(y, _mpf) else _mpf(y)._mpf_
    prec = mpmath.mp.prec
    if not v[1] or (v[0] and _mag(v) > 0):
        return mpmath.log1p(y)  # 0, infinities, nan, y <= -1: mpmath's own conventions and errors
    if _mag(v) < -prec:
        return _mpf(_small(v, -1, prec))
    return _mpf(mpf_log(mpf_add(fone, v), prec, round_nearest))


def cancelling(u, form):
    """``form(u)``, a difference of terms of size ``u`` that cancels to ``O(u^2)`` (``u - log1p(u)``,
    ``(1 + u) log1p(u) - u``), at ``10 - log2|u|`` more working bits when ``|u| < 1``, rounded back to the working
    precision: the result keeps its bits however small ``u`` is. ``0`` at ``u = 0``."""
    if not u:
        return _mpf(0)
    with extra_bits(10 - min(0, mpmath.mag(u))):
        value = form(u)
    return +value
