"""Abstract information quantities as unevaluated sympy functions.

An :class:`AbstractQuantity` is a functional of probability laws (``KL(P1, P0)``,
``TV(P1, P0)``, ...). Laws are commutative placeholders (``P1``, ``P0``) so a
mixture is the plain expression ``pi*P1 + (1 - pi)*P0``; arguments are kept
expanded so equal laws give equal atoms. The numeric layer evaluates atoms
on concrete membership games; the symbolic layer treats them as unknowns.

>>> import sympy as sp
>>> from mileak.proofs.definitions.laws import P1, P0
>>> pi = sp.Symbol("pi")
>>> KL(P1, pi*P1 + (1 - pi)*P0) == KL(P1, P0 + pi*P1 - pi*P0)
True
"""

from __future__ import annotations

import sympy as sp


class AbstractQuantity(sp.Function):
    """Base class: unevaluated functional of laws, arguments canonically expanded."""

    is_abstract_quantity = True
    is_real = True
    latex_name = None

    @classmethod
    def eval(cls, *args):
        expanded = tuple(sp.expand(a) for a in args)
        if expanded != args:
            return cls(*expanded)
        return None

    def _latex(self, printer):
        inner = ", ".join(printer._print(a) for a in self.args)
        name = self.latex_name or rf"\operatorname{{{type(self).__name__}}}"
        return rf"{name}\left({inner}\right)"


class KL(AbstractQuantity):
    r"""Kullback-Leibler divergence ``D(P||Q) = int p log(p/q)`` in nats."""

    nargs = 2

    def _latex(self, printer):
        return _divergence_latex("D", self.args, printer)


def _divergence_latex(name: str, args, printer) -> str:
    a, b = (printer._print(x) for x in args[:2])
    return rf"{name}\left({a} \,\middle\|\, {b}\right)"


class TV(AbstractQuantity):
    """Total variation ``TV(P, Q) = sup_A |P(A) - Q(A)| = (1/2) int |p - q|``."""

    nargs = 2
    latex_name = r"\mathrm{TV}"


class L1(AbstractQuantity):
    """L1 norm of a signed measure: ``L1(mu) = int |d mu|``; ``L1(P - Q) = 2 TV(P, Q)``."""

    nargs = 1

    def _latex(self, printer):
        return rf"\left\|{printer._print(self.args[0])}\right\|_1"


class MembershipInfo(AbstractQuantity):
    """Per-record membership information ``I(theta_hat; M | z)`` (D1), args ``(pi, P1, P0)``."""

    nargs = 3

    def _latex(self, printer):
        return r"I_z\left(\hat\theta; M\right)"


class CondEntropy(AbstractQuantity):
    """Conditional entropy ``H(M | theta_hat, z)`` of the membership bit, args ``(pi, P1, P0)``."""

    nargs = 3

    def _latex(self, printer):
        return r"H_z\left(M \mid \hat\theta\right)"


class BayesSuccess(AbstractQuantity):
    """Best success probability ``max_psi P[psi = M | z]`` of any test, args ``(pi, P1, P0)``."""

    nargs = 3

    def _latex(self, printer):
        return r"P^{\star}_{\mathrm{succ}, z}"


class OptimalTPR(AbstractQuantity):
    """Largest true-positive rate of a test of ``P0`` vs ``P1`` at false-positive rate ``alpha``."""

    nargs = 3

    def _latex(self, printer):
        a = printer._print(self.args[0])
        return rf"\mathrm{{TPR}}^{{\star}}\left({a}\right)"


class Expect(AbstractQuantity):
    """Expectation ``E_z[.]`` over the candidate record ``z ~ P_Z``."""

    nargs = 1

    def _latex(self, printer):
        return rf"\mathbb{{E}}_z\left[{printer._print(self.args[0])}\right]"


class MeanShift(AbstractQuantity):
    """``||E P - E Q||``: the distance between the centres of two releases (``||theta_D - theta_D'||``, T5)."""

    nargs = 2

    def _latex(self, printer):
        a, b = (printer._print(x) for x in self.args)
        return rf"\left\|\mathbb{{E}}{a} - \mathbb{{E}}{b}\right\|"


class Chi2(AbstractQuantity):
    r"""Chi-square divergence ``chi^2(P||Q) = int (p - q)^2 / q``."""

    nargs = 2

    def _latex(self, printer):
        return _divergence_latex(r"\chi^2", self.args, printer)


class ComposedKL(AbstractQuantity):
    r"""KL between the laws of the whole transcript of ``T`` adaptively composed steps whose worst-case
    per-step pair is ``(P, Q)``: ``ComposedKL(P, Q, T)`` (T7)."""

    nargs = 3

    def _latex(self, printer):
        a, b, t = (printer._print(x) for x in self.args)
        return rf"D\left({a}^{{\otimes {t}}} \,\middle\|\, {b}^{{\otimes {t}}}\right)"


class MPResolvent(AbstractQuantity):
    r"""``int dmu_gamma(x) / (x + lam)^k``: the ``k``-th resolvent moment at ``-lam`` of the Marchenko–Pastur law
    ``mu_gamma`` (ratio ``gamma``, unit variance), the limit spectrum of ``X'X / n`` for ``X`` with i.i.d.
    ``N(0, 1)`` entries and ``p / n -> gamma`` (F2 in the proportional limit). ``k = 1`` is the Stieltjes
    transform ``m(-lam)``, ``k = 2`` its derivative ``m'(-lam)``."""

    nargs = 3

    def _latex(self, printer, exp=None):
        g, lam, k = (printer._print(x) for x in self.args)
        body = rf"\int \frac{{d\mu_{{{g}}}(x)}}{{(x + {lam})^{{{k}}}}}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"
