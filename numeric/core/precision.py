"""The only place working precision is set: scoped contexts, never global changes.

``DEFAULT_DPS = 30`` significant digits; computations run ``GUARD_DPS`` digits
above the requested precision and certify the result by comparison.

>>> import mpmath
>>> before = mpmath.mp.dps
>>> with working_precision(50):
...     mpmath.mp.dps
50
>>> mpmath.mp.dps == before
True
"""

from __future__ import annotations

import contextlib

import mpmath

DEFAULT_DPS = 30
GUARD_DPS = 10
MIN_DPS, MAX_DPS = 15, 1000  # mileak convert: 1000 digits in about 11 s (measured)
MAX_CHECK_DPS = 50  # mileak verify: random scenarios are formed at MAX_CHECK_DPS + 30 digits (measures.scenarios)
MAX_LEAKAGE_DPS = 150  # mileak leakage: F1's exact rho_MI rule converges to 150 digits (200 do not), within 15 s


class PrecisionError(ArithmeticError):
    """A result could not be certified to the requested precision.

    The message says what to raise (precision, quadrature degree) instead of
    returning an uncertified value.
    """


def validate_dps(dps, hi: int = MAX_DPS, why: str = "") -> int:
    """``dps`` must be an int in ``[15, hi]`` (``hi`` 1000 unless a computation states a lower ceiling and ``why``)."""
    if isinstance(dps, bool) or not isinstance(dps, int):
        raise TypeError(f"dps must be an int, got {type(dps).__name__} {dps!r}")
    if not MIN_DPS <= dps <= hi:
        raise ValueError(f"dps={dps} must be in [{MIN_DPS}, {hi}]" + (f" ({why})" if why else ""))
    return dps


@contextlib.contextmanager
def working_precision(dps: int):
    """Set mpmath's ``mp`` and ``iv`` contexts to ``dps`` digits inside the block only."""
    saved_iv = mpmath.iv.dps
    with mpmath.mp.workdps(dps):
        mpmath.iv.dps = dps  # the interval context has no workdps: restore it by hand
        try:
            yield
        finally:
            mpmath.iv.dps = saved_iv


@contextlib.contextmanager
def mp_precision(dps: int):
    """Set only mpmath's ``mp`` context to ``dps`` digits inside the block (an interval computation's
    point evaluations keep the ``iv`` context's own precision)."""
    with mpmath.mp.workdps(dps):
        yield


@contextlib.contextmanager
def arb_precision(bits: int):
    """Set python-flint's Arb context to ``bits`` bits inside the block only (certified ball arithmetic)."""
    import flint

    saved = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        yield
    finally:
        flint.ctx.prec = saved


@contextlib.contextmanager
def extra_bits(bits: int):
    """Raise mpmath's ``mp`` precision by ``bits`` inside the block only: a difference that cancels ``k`` leading
    bits, formed with ``k`` more, keeps the working precision's bits."""
    with mpmath.mp.workprec(mpmath.mp.prec + int(bits)):
        yield


def in_arb(bits: int, fn, *args):
    """``fn(*args)`` with python-flint's Arb context at ``bits`` bits, restored after: :func:`arb_precision` for a
    quadrature's integrand, called once per node (a plain call, without a generator context's overhead)."""
    import flint

    ctx = flint.ctx
    saved = ctx.prec
    ctx.prec = bits
    try:
        return fn(*args)
    finally:
        ctx.prec = saved


def ball_midpoint(ball) -> mpmath.mpf:
    """The midpoint of an Arb ball as an ``mpf`` at the current mpmath precision."""
    return mpmath.mpf(ball.mid()._mpf_)


def arb_midpoint(bits: int, fn, *args):
    """``fn(*args)`` evaluated by :func:`in_arb` at ``bits`` bits, its ball's midpoint as an ``mpf``; ``None``
    where the ball is not finite (the caller then takes another route)."""
    value = in_arb(bits, fn, *args)
    return ball_midpoint(value) if value.is_finite() else None
