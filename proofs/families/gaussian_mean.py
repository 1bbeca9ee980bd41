"""F1 gaussian-mean (docs/theory.md section 4).

``P_Z = N(m, s^2 I_p)``, ``loss = ||theta - z||^2 / 2``, ``g = ||theta||^2 / 2``,
so ``theta_D = mean(D) / (1 + lam)``, released with output noise ``N(0, sigma^2 I)``.
Coordinates are independent, so one coordinate is derived and divergences are
multiplied by ``p``. Population adversary, per coordinate:

* ``M = 1``: ``theta_hat = (z + S) / (n (1+lam)) + eps`` with ``S ~ N((n-1) m, (n-1) s^2)``;
* ``M = 0``: the same with a fresh ``z' ~ N(m, s^2)`` in place of ``z``.

``erm_first_order_condition``, ``output_laws`` and ``rho_kl_from_definitions``
derive everything from the loss and the definitions; ``rho_kl_theory`` is
docs/theory.md's closed form, and ``correlation_squared`` the ``c^2`` of its
structure paragraph. The claims in ``mileak.proofs.theorems.f1_gaussian_mean`` check
that the two agree.

>>> import sympy as sp
>>> sp.simplify(rho_kl_theory().subs(SIGMA.symbol, 0))
p*log(n/(n - 1))/2
"""

from __future__ import annotations

import functools

import sympy as sp

from mileak.proofs.core.parameters import Parameter
from mileak.proofs.definitions.divergences import kl_normal
from mileak.proofs.definitions.gaussian_algebra import gaussian_expectation, linear_gaussian
from mileak.proofs.definitions.quantities import AbstractQuantity
from mileak.proofs.families.family import Family

N = Parameter("n", sp.Interval(2, sp.oo), typical=sp.Interval(2, 200), integer=True,
              description="training-set size")
LAM = Parameter("lam", sp.Interval(0, sp.oo), typical=sp.Interval(0, 10), description="regularisation weight")
SIGMA = Parameter("sigma", sp.Interval(0, sp.oo), typical=sp.Interval(0, 3), description="output-noise standard deviation")
S = Parameter("s", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 10),
              description="population standard deviation per coordinate")
P = Parameter("p", sp.Interval(1, sp.oo), typical=sp.Interval(1, 50), integer=True, description="dimension")
M = Parameter("m", sp.Interval(-sp.oo, sp.oo), typical=sp.Interval(-5, 5), description="population mean per coordinate")

SYMBOLS = {q.name: q.symbol for q in (N, LAM, SIGMA, S, P, M)}
n, lam, sigma, s, p, m = SYMBOLS.values()
theta, z, zbar = sp.Symbol("theta", real=True), sp.Symbol("z", real=True), sp.Symbol("zbar", real=True)
u = sp.Symbol("u", real=True)  # the standardised candidate record, z = m + s u


def objective():
    """Per coordinate: ``(1/n) sum_i (theta - z_i)^2 / 2 + lam theta^2 / 2`` written with ``zbar``."""
    # (1/n) sum (theta - z_i)^2 / 2 = theta^2/2 - theta zbar + const(z)
    return theta**2 / 2 - theta * zbar + lam * theta**2 / 2


def erm_solution():
    return zbar / (1 + lam)


def erm_first_order_condition():
    """``d objective / d theta`` at ``theta_D``: identically 0 (and the objective is ``(1+lam)``-strongly convex)."""
    return sp.diff(objective(), theta).subs(theta, erm_solution())


def output_laws():
    """``(mean1(u), var1, mean0, var0)`` of one coordinate of ``theta_hat`` under M = 1 (record ``z = m + s u``) and M = 0."""
    k = 1 / (n * (1 + lam))
    rest = (k, (n - 1) * m, (n - 1) * s**2)
    noise = (1, 0, sigma**2)
    mean1, var1 = linear_gaussian([(k, m + s * u, 0), rest, noise])
    mean0, var0 = linear_gaussian([(k, m, s**2), rest, noise])
    return mean1, var1, mean0, var0


def kl_per_record():
    """``D(P1_z || P0)`` over p independent coordinates, as a function of ``u``."""
    mean1, var1, mean0, var0 = output_laws()
    return p * kl_normal(mean1, sp.sqrt(var1), mean0, sp.sqrt(var0))


@functools.cache
def rho_kl_from_definitions():
    """``rho_KL = E_z D(P1_z || P0)``, by Gaussian moments over ``u`` (seconds of sympy: built once, when needed)."""
    return gaussian_expectation(kl_per_record(), u)


def rho_kl_theory():
    """docs/theory.md: ``(p/2) ln((n a + sigma^2) / ((n-1) a + sigma^2))``, ``a = s^2 / (n^2 (1+lam)^2)``."""
    a = s**2 / (n**2 * (1 + lam) ** 2)
    return p / 2 * sp.log((n * a + sigma**2) / ((n - 1) * a + sigma**2))


def correlation_squared():
    """``c^2 = s^2 / (n (n sigma^2 (1+lam)^2 + s^2))``: the squared correlation of record and release."""
    return s**2 / (n * (n * sigma**2 * (1 + lam) ** 2 + s**2))


class F1MembershipInfo(AbstractQuantity):
    """``rho_MI`` of F1 as the function ``phi(c^2)`` of the squared correlation (``p`` and ``pi`` fixed).

    docs/theory.md F1 structure: per coordinate the game is "``(u, t)`` bivariate normal with
    correlation ``c`` versus independent", so the parameters enter only through ``c^2``.
    """

    nargs = 1

    def _latex(self, printer):
        return rf"\rho_{{MI}}^{{F1}}\left({printer._print(self.args[0])}\right)"


def _rho_kl_closed_form(**values):
    """docs/theory.md's ``rho_KL`` at the given parameters (floats converted to exact rationals)."""
    exact = {SYMBOLS[k]: x if isinstance(x, sp.Basic) else sp.Rational(x) for k, x in values.items()}
    return rho_kl_theory().subs(exact)


GAUSSIAN_MEAN = Family(
    name="gaussian-mean",
    title="F1: mean estimation with ridge shrinkage and output noise",
    parameters=(N, LAM, SIGMA, S, P, M),
    theta=(theta,),
    z=(z,),
    loss=(theta - z) ** 2 / 2,
    regularizer=theta**2 / 2,
    releases=("exact", "output"),
    closed_forms={"rho_kl": _rho_kl_closed_form, "lipschitz": lambda **v: sp.oo},
    notes="population adversary; coordinates independent; rho_MI depends on the parameters only through c^2",
)

FAMILY = GAUSSIAN_MEAN  # found by mileak.proofs.families (one file per family; nothing else names it)
