"""Concrete membership games on which the catalogue's statements are evaluated.

A scenario fixes the prior ``pi``, records ``z`` with weights ``w_z``, and the
laws ``P1_z`` and ``P0`` (docs/theory.md section 1); ``quantity(name, laws, z)``
returns a certified value of an abstract quantity of ``mileak.proofs.definitions``.

* :class:`FiniteGame`: finite alphabets; sums in interval arithmetic. ``I_z`` is
  computed by the entropy route ``h(pi) - sum pbar h(pi p1 / pbar)``, independent
  of the KL form used by the derivations. A randomised test ``psi_z`` gives
  ``(alpha, beta) = (sum psi p0, sum psi p1)``.
* :class:`GaussianGame`: univariate ``P1_z = N(m_z, s1^2)``, ``P0 = N(m0, s0^2)``;
  quadrature; threshold tests ``psi = 1{theta > t_z}``.
* :class:`GaussianEqualGame`: ``N(mu, 1)`` vs ``N(0, 1)`` (any equal-covariance pair
  after whitening); TV and the Neyman-Pearson TPR computed by quadrature.
* :class:`ParameterPoint`: no laws, only parameter values.

>>> import numpy as np
>>> g = FiniteGame.random(np.random.default_rng(0))
>>> g.records >= 1
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath
import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.core.checks import check_finite, check_positive, check_probability, check_probability_vector
from mileak.numeric.core.enclosure import enclose, two_precisions
from mileak.numeric.core.normal import _quantile
from mileak.numeric.core.precision import MAX_CHECK_DPS, working_precision
from mileak.numeric.measures import gaussian_laws
from mileak.numeric.measures.divergences import binary_entropy, kl_finite, tv_finite

_IV = mpmath.iv
SCENARIO_DPS = MAX_CHECK_DPS + 30  # a scenario's laws, weights and test rates: a check keeps 30 guard digits


def _exact(x) -> mpmath.mpf:
    with working_precision(SCENARIO_DPS):
        return mpmath.mpf(x)


def _normalise(values) -> list:
    with working_precision(SCENARIO_DPS):
        xs = [mpmath.mpf(float(v)) for v in values]
        total = mpmath.fsum(xs)
        return [x / total for x in xs]


def random_prior(rng: np.random.Generator):
    """A prior that visits the extremes: uniform on (0.01, 0.99), or log-uniform towards 0 or 1."""
    kind = rng.integers(3)
    if kind == 0:
        return _exact(round(float(rng.uniform(0.01, 0.99)), 6))
    tiny = _exact(10.0 ** rng.uniform(-8, -1))
    return tiny if kind == 1 else 1 - tiny


def _iv_binary_entropy(q):
    """``h(q) = -q ln q - (1-q) ln(1-q)`` in interval arithmetic, with ``0 ln 0 = 0``."""
    total = _IV.mpf(0)
    for x in (q, 1 - q):
        if x.a > 0:
            total -= x * _IV.log(x)
    return total


class Scenario:
    kind = "scenario"
    records = 1

    def weight(self, z):
        return mpmath.mpf(1)

    def values(self, z=None) -> dict:
        """Values of scenario-supplied parameters (``pi``; test rates ``alpha``, ``beta`` at record ``z``)."""
        return {}

    def quantity(self, name, laws, z, dps) -> Certified:  # pragma: no cover - interface
        raise ValueError(f"scenario {self.kind} cannot evaluate {name}")

    def describe(self) -> dict:
        return {"kind": self.kind}


@dataclass
class FiniteGame(Scenario):
    pi: mpmath.mpf
    weights: list
    p1: list  # one probability vector per record
    p0: list
    tests: list  # one vector psi_z in [0, 1]^m per record
    kind: str = field(default="finite", init=False)

    def __post_init__(self):
        self.pi = check_probability("pi", self.pi)
        self.weights = check_probability_vector("weights", self.weights, positive=True)
        self.p0 = check_probability_vector("p0", self.p0)
        if len(self.p1) != len(self.weights) or len(self.tests) != len(self.weights):
            raise ValueError("p1 and tests need one entry per record (len(weights))")
        self.p1 = [check_probability_vector(f"p1[{z}]", row) for z, row in enumerate(self.p1)]
        for z, row in enumerate(self.p1):
            if len(row) != len(self.p0):
                raise ValueError(f"p1[{z}] has length {len(row)}, p0 has {len(self.p0)}")
        self.tests = [[check_probability(f"tests[{z}][{i}]", t, open_interval=False) for i, t in enumerate(row)]
                      for z, row in enumerate(self.tests)]
        self.records = len(self.weights)

    @classmethod
    def random(cls, rng: np.random.Generator, pi=None):
        m = int(rng.integers(2, 6))
        k = int(rng.integers(1, 4))
        conc = float(rng.choice([0.3, 1.0, 5.0]))
        p0 = _normalise(rng.dirichlet([conc] * m) + 1e-9)
        p1 = [_normalise(rng.dirichlet([conc] * m) + 1e-9) for _ in range(k)]
        tests = [[_exact(round(float(t), 4)) for t in rng.uniform(0.001, 0.999, m)] for _ in range(k)]
        weights = _normalise(rng.uniform(0.2, 1, k))
        return cls(random_prior(rng) if pi is None else pi, weights, p1, p0, tests)

    def weight(self, z):
        return self.weights[z]

    def values(self, z=None):
        out = {"pi": self.pi}
        if z is not None:
            with working_precision(SCENARIO_DPS):
                out["alpha"] = mpmath.fsum(t * q for t, q in zip(self.tests[z], self.p0))
                out["beta"] = mpmath.fsum(t * p for t, p in zip(self.tests[z], self.p1[z]))
        return out

    def _law(self, coeffs, z):
        c1, c0 = coeffs
        with working_precision(SCENARIO_DPS):
            return [c1 * a + c0 * b for a, b in zip(self.p1[z], self.p0)]

    def quantity(self, name, laws, z, dps):
        if name == "KL":
            return kl_finite(self._law(laws[0], z), self._law(laws[1], z), dps=dps)
        if name == "TV":
            return tv_finite(self._law(laws[0], z), self._law(laws[1], z), dps=dps)
        pi = laws[0]
        p1, p0 = self.p1[z], self.p0
        if name == "BayesSuccess":
            return enclose(lambda: sum((_IV.mpf(max(pi * a, (1 - pi) * b)) for a, b in zip(p1, p0)), _IV.mpf(0)),
                           dps, abs_tol=1, what="finite bayes success")
        if name in ("MembershipInfo", "CondEntropy"):
            def cond_entropy():  # H(M | theta) = sum_x pbar(x) h(posterior(x))
                total = _IV.mpf(0)
                for a, b in zip(p1, p0):
                    bar = _IV.mpf(pi) * a + (1 - _IV.mpf(pi)) * b
                    total += bar * _iv_binary_entropy(_IV.mpf(pi) * a / bar)
                return total

            if name == "CondEntropy":
                return enclose(cond_entropy, dps, abs_tol=1, what="finite conditional entropy")
            return enclose(lambda: _iv_binary_entropy(_IV.mpf(pi)) - cond_entropy(),
                           dps, abs_tol=1, what="finite membership information")
        return super().quantity(name, laws, z, dps)

    def describe(self):
        s = lambda v: mpmath.nstr(v, 17)  # noqa: E731
        return {"kind": self.kind, "pi": s(self.pi), "weights": [s(w) for w in self.weights],
                "p1": [[s(x) for x in r] for r in self.p1], "p0": [s(x) for x in self.p0],
                "tests": [[s(x) for x in r] for r in self.tests]}


@dataclass
class GaussianGame(Scenario):
    pi: mpmath.mpf
    weights: list
    means1: list
    sd1: mpmath.mpf
    mean0: mpmath.mpf
    sd0: mpmath.mpf
    thresholds: list
    kind: str = field(default="gaussian", init=False)

    def __post_init__(self):
        self.pi = check_probability("pi", self.pi)
        self.weights = check_probability_vector("weights", self.weights, positive=True)
        self.means1 = [check_finite(f"means1[{z}]", m) for z, m in enumerate(self.means1)]
        self.thresholds = [check_finite(f"thresholds[{z}]", t) for z, t in enumerate(self.thresholds)]
        if not len(self.means1) == len(self.thresholds) == len(self.weights):
            raise ValueError("means1 and thresholds need one entry per record (len(weights))")
        self.sd1, self.sd0 = check_positive("sd1", self.sd1), check_positive("sd0", self.sd0)
        self.mean0 = check_finite("mean0", self.mean0)
        self.records = len(self.weights)

    @classmethod
    def random(cls, rng: np.random.Generator, pi=None):
        k = int(rng.integers(1, 3))
        r = lambda x: _exact(round(float(x), 4))  # noqa: E731
        return cls(random_prior(rng) if pi is None else pi, _normalise(rng.uniform(0.2, 1, k)),
                   [r(rng.normal(0, 2)) for _ in range(k)], r(rng.uniform(0.3, 3)), r(rng.normal(0, 1)),
                   r(rng.uniform(0.3, 3)), [r(rng.normal(0, 2)) for _ in range(k)])

    def weight(self, z):
        return self.weights[z]

    def _pure(self, z, which):
        return gaussian_laws.normal(self.means1[z], self.sd1) if which == 1 else gaussian_laws.normal(self.mean0, self.sd0)

    def _mixture(self, coeffs, z):
        c1, c0 = coeffs
        comps = []
        if c1 != 0:
            comps.append((c1, self.means1[z], self.sd1))
        if c0 != 0:
            comps.append((c0, self.mean0, self.sd0))
        return tuple(comps)

    def values(self, z=None):
        out = {"pi": self.pi}
        if z is not None:
            t = self.thresholds[z]
            for name, m, s in (("alpha", self.mean0, self.sd0), ("beta", self.means1[z], self.sd1)):
                with working_precision(SCENARIO_DPS):
                    out[name] = mpmath.ncdf(-(t - m) / s)
        return out

    def quantity(self, name, laws, z, dps):
        if name == "KL":
            return gaussian_laws.kl(self._mixture(laws[0], z), self._mixture(laws[1], z), dps=dps)
        if name == "TV":
            return gaussian_laws.tv(self._mixture(laws[0], z), self._mixture(laws[1], z), dps=dps)
        pi = laws[0]
        if name == "BayesSuccess":
            return gaussian_laws.bayes_success(pi, self._pure(z, 1), self._pure(z, 0), dps=dps)
        if name == "MembershipInfo":
            return gaussian_laws.mutual_information(pi, self._pure(z, 1), self._pure(z, 0), dps=dps)
        if name == "CondEntropy":
            mi = gaussian_laws.mutual_information(pi, self._pure(z, 1), self._pure(z, 0), dps=dps)
            h = binary_entropy(pi, dps=dps)
            return h.minus(mi)
        return super().quantity(name, laws, z, dps)

    def describe(self):
        s = lambda v: mpmath.nstr(v, 17)  # noqa: E731
        return {"kind": self.kind, "pi": s(self.pi), "weights": [s(w) for w in self.weights],
                "means1": [s(m) for m in self.means1], "sd1": s(self.sd1), "mean0": s(self.mean0),
                "sd0": s(self.sd0), "thresholds": [s(t) for t in self.thresholds]}


@dataclass
class GaussianEqualGame(Scenario):
    mu: mpmath.mpf
    kind: str = field(default="gaussian_equal", init=False)

    def __post_init__(self):
        self.mu = check_positive("mu", self.mu)

    def values(self, z=None):
        return {"mu": self.mu}

    def quantity(self, name, laws, z, dps):
        p1, p0 = gaussian_laws.normal(self.mu, 1), gaussian_laws.normal(0, 1)
        if name == "TV" and laws == ((1, 0), (0, 1)):
            return gaussian_laws.tv(p1, p0, dps=dps)
        if name == "OptimalTPR":
            alpha = check_probability("alpha", laws[0])
            mu = self.mu

            def tpr():  # Neyman-Pearson: threshold at the (1 - alpha) quantile of P0, integrate P1 beyond it
                t = -_quantile(alpha)  # the (1 - alpha) quantile by symmetry: no cancellation in 1 - alpha
                # scaled by the density where the integrand starts to fall: mpmath's quad stops at an absolute
                # error, so a TPR of 1e-21 integrated as is would keep only its first 20 digits
                scale = mpmath.npdf(max(t, mu), mu, 1)
                f = lambda x: mpmath.npdf(x, mu, 1) / scale  # noqa: E731
                pts = sorted({t, max(t, mu)} | {max(t, mu) + k for k in (1, 2, 4, 8, 16)})
                value, err = mpmath.quad(f, pts + [mpmath.inf], error=True)
                return value * scale, err * scale

            # relative digits: at alpha = 1e-27 the TPR is ~1e-14, and 30 absolute digits would leave it 16
            return two_precisions(tpr, dps, what="gaussian optimal tpr")
        return super().quantity(name, laws, z, dps)

    def describe(self):
        return {"kind": self.kind, "mu": mpmath.nstr(self.mu, 17)}


@dataclass
class ParameterPoint(Scenario):
    kind: str = field(default="parameters", init=False)
