"""Parameter declarations: a sympy symbol, its valid domain and typical range.

A domain is declared once here; validation (``Parameter.validate``), the
decision procedures of ``mileak.proofs.core.decide`` and the hypothesis strategies of
the tests all derive from it (one source per fact).

>>> import sympy as sp
>>> pi = Parameter("pi", sp.Interval.open(0, 1), description="prior of membership")
>>> pi.validate(0.25)
0.25
>>> pi.validate(1.0)
Traceback (most recent call last):
...
ValueError: pi=1.0 must be in (0, 1)
"""

from __future__ import annotations

import fractions
from dataclasses import dataclass, field

import sympy as sp

from mileak.proofs.core.domain_bounds import DomainBounds


def interval_text(interval: sp.Interval) -> str:
    """Human form of an interval, e.g. ``(0, 1)`` or ``[0, oo)`` (:meth:`DomainBounds.text`)."""
    return domain_bounds(interval).text()


def _symbol_assumptions(domain: sp.Interval) -> dict:
    lo = domain.left
    if lo.is_finite and lo >= 0:
        return {"positive": True} if (lo > 0 or domain.left_open) else {"nonnegative": True}
    return {"real": True}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter.

    ``source`` says where a numeric check takes its value: ``"domain"`` (sampled
    from ``typical``), or ``"scenario"`` (supplied by the concrete membership game,
    e.g. the prior ``pi`` or the rates of a test).
    """

    name: str
    domain: sp.Interval
    typical: sp.Interval | None = None
    description: str = ""
    source: str = "domain"
    latex: str | None = None
    integer: bool = False
    symbol: sp.Symbol = field(init=False, compare=False)
    bounds: DomainBounds = field(init=False, compare=False, repr=False)  # the domain without sympy

    def __post_init__(self):
        if not isinstance(self.domain, sp.Interval):
            raise TypeError(f"domain of parameter {self.name!r} must be a sympy Interval")
        if self.source not in ("domain", "scenario"):
            raise ValueError(f"source={self.source!r} must be 'domain' or 'scenario'")
        typical = self.typical if self.typical is not None else self.domain
        object.__setattr__(self, "typical", typical)
        assumptions = _symbol_assumptions(self.domain)
        if self.integer:
            assumptions["integer"] = True
        sym = sp.Symbol(self.name, **assumptions)
        object.__setattr__(self, "symbol", sym)
        object.__setattr__(self, "bounds", domain_bounds(self.domain, self.integer))

    def validate(self, value):
        """Return ``value`` if it lies in the domain, else raise ``ValueError`` (:meth:`DomainBounds.validate`).

        Accepts ints, floats, ``Fraction``, mpmath/numpy/sympy numbers; rejects bools, NaN, and
        non-finite values.
        """
        return self.bounds.validate(self.name, value)

    def contains(self, value) -> bool:
        return self.bounds.contains(value)


def _end(x):
    if x.is_infinite:
        return None
    return fractions.Fraction(int(x.p), int(x.q)) if x.is_Rational else x  # an irrational end stays symbolic


def domain_bounds(domain: sp.Interval, integer: bool = False) -> DomainBounds:
    """``domain`` as :class:`DomainBounds`: rational ends exact, an irrational one (e.g. ``D*``) as sympy."""
    return DomainBounds(_end(domain.left), _end(domain.right), bool(domain.left_open), bool(domain.right_open),
                        integer)
