"""The membership information as an expectation under ``P1`` of a function of the log-likelihood ratio (T1).

With ``L = log(p1/p0)`` and prior ``pi``, ``I(theta; M) = pi D(P1||Pbar) + (1-pi) D(P0||Pbar) = E_1[g(L)]`` where

``g(L) = -pi log1p((1-pi) expm1(-L)) - (1-pi) e^-L log1p(pi expm1(L))``

(the second term is ``E_0 f = E_1 e^-L f``). Both terms are ``O(L)`` and cancel to ``O(L^2)`` when the laws
nearly coincide, so the ``expm1``/``log1p`` forms keep the digits. They are used only where ``e^x - 1`` or
``1 + x`` cancels (``|x| < 1/2``), through :mod:`mileak.numeric.core.elementary` (mpmath's kernels called
directly, 2-3x faster than ``mpmath.expm1``/``log1p``); ``e^L - 1 = -(e^-L - 1) / e^-L`` costs a division,
not a second ``expm1``. The quadratures (:mod:`mileak.numeric.measures.gaussian_laws`, F1's variance-gamma
rules) call :func:`arb_information_integrand`, the same ``g`` in Arb, 3x faster per node, with this one as
its fallback where an Arb ball is not finite.

>>> import mpmath
>>> mpmath.nstr(information_integrand(mpmath.mpf(1) / 2, mpmath.mpf(1) / 2, mpmath.mpf(0)), 5)
'0.0'
"""

from __future__ import annotations

import mpmath

from mileak.numeric.core import elementary
from mileak.numeric.core.precision import arb_midpoint, arb_precision


def log1p_where_needed(y):
    """``log(1 + y)``: mpmath's ``log1p`` only where ``1 + y`` cancels (``|y| < 1/2``)."""
    return elementary.log1p(y) if abs(y) < 0.5 else mpmath.log(1 + y)


def information_integrand(pi, one_minus_pi, llr):
    """``g(L)`` of the module docstring at ``L = llr``; ``one_minus_pi`` is given (formed exactly by the caller)."""
    if abs(llr) < 0.5:
        em = elementary.expm1(-llr)
        e = em + 1
        ep = -em / e
    else:
        e = mpmath.exp(-llr)
        em, ep = e - 1, 1 / e - 1
    return -pi * log1p_where_needed(one_minus_pi * em) - one_minus_pi * e * log1p_where_needed(pi * ep)


def arb_information_integrand(pi, one_minus_pi):
    """``g`` of the module docstring as a function of an ``mpf`` ``llr``, evaluated in Arb (python-flint) at the
    current mpmath precision plus 16 bits, its ball's midpoint returned as an ``mpf``.

    The same function as :func:`information_integrand` (Arb's ``expm1``/``log1p`` do not cancel either); 3x faster
    per call, which is most of a membership-information quadrature. Build it inside the precision the
    quadrature runs at (the quadratures' integrand factories do): the constants are converted once, there. A
    ball that is not finite (``1 + pi (e^L - 1)`` cancelling to 0 within it) takes :func:`information_integrand`.
    """
    import flint

    bits = mpmath.mp.prec + 16
    with arb_precision(bits):
        a_pi, a_q = flint.arb(pi), flint.arb(one_minus_pi)

    def ball(llr):
        return information_ball(a_pi, a_q, flint.arb(llr))

    def g(llr):
        value = arb_midpoint(bits, ball, llr)
        return information_integrand(pi, one_minus_pi, llr) if value is None else value

    return g


def information_ball(a_pi, a_q, L):
    """``g(L)`` of the module docstring on Arb balls: ``L`` the log-likelihood ratio, ``a_pi`` and ``a_q`` the
    balls of ``pi`` and ``1 - pi`` (Arb's ``expm1``/``log1p`` do not cancel)."""
    em = (-L).expm1()
    return -a_pi * (a_q * em).log1p() - a_q * (em + 1) * (a_pi * L.expm1()).log1p()
