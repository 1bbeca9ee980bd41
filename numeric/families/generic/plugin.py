"""The generic plug-in: every command for any :class:`~mileak.proofs.families.family.Family` (e.g. ``from_sympy``).

* sampler: the family's own, else uniform on its declared data box, and uniform on the
  declared finite values of a discrete coordinate (labels ``y in {-1, +1}``);
* engine: :class:`GenericEngine`, batched damped Newton on the lambdified gradient and
  Hessian (:mod:`.batched_newton`), certified stop ``||grad F|| <= tol * lam``, non-converged
  models flagged;
* oracle (pointwise falsifier): certified generic ERM at 30+ digits (:mod:`.erm`), output release;
* population Monte Carlo: the batched fits, ``||theta_D - theta_D'||^2 / (2 sigma^2)``;
* falsifier records: each data coordinate on 7 exact points of its box (or its finite values).

>>> from mileak.proofs.families.user_family import from_sympy
>>> fam = from_sympy("lc", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x", data_box={"x": (-1, 1)})
>>> plug = generic_plugin(fam)
>>> plug.engine(n=20, lam=0.5, sigma=1.0).describe()
'lc (output release; n=20, lam=0.5, sigma=1.0)'
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mileak.numeric.core.certified import Certified
from mileak.numeric.families.engine import Engine
from mileak.numeric.families.plugin import FamilyPlugin
from mileak.proofs.families.user_family import LEARNER_NAMES

from .batched_newton import MAX_ITER, TOLERANCE, CompiledObjective
from .erm import neighbour_output_kl


def _finite_box(family):
    """``{symbol: (lo, hi)}`` as floats; a coordinate with declared finite values uses them."""
    out = {}
    for sym in family.z:
        if sym in family.data_values:
            vals = [float(v) for v in family.data_values[sym]]
            out[sym] = (min(vals), max(vals))
            continue
        if sym not in family.data_box:  # never a silent default domain: the records' law is the user's to say
            raise ValueError(f"family {family.name!r}: data coordinate {sym} has no domain to draw records from; "
                             f"give --box {sym}=LOW:HIGH (data_box in Python; records are uniform on it), its finite "
                             "--values, or a --population sampler")
        lo, hi = family.data_box[sym]
        lo, hi = float(lo), float(hi)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise ValueError(f"family {family.name!r}: data coordinate {sym} has an unbounded box {lo, hi}; give a sampler "
                             "or a bounded data_box")
        out[sym] = (lo, hi)
    return out


def box_sampler(family):
    """Records uniform on the data box; a coordinate with finite declared values is uniform on them."""

    def sample(rng, size, **_):
        box = _finite_box(family)
        cols = []
        for sym in family.z:
            if sym in family.data_values:
                vals = np.array([float(v) for v in family.data_values[sym]])
                cols.append(vals[rng.integers(0, vals.size, size)])
            else:
                cols.append(rng.uniform(*box[sym], size))
        return np.column_stack(cols)

    return sample


_CONVEXITY: dict = {}


def require_convexity(family, values: dict) -> list[str]:
    """Refuse a family shown non-convex, before any work; return the assumptions left unproved.

    The stop ``||grad F|| <= tol * lam`` bounds ``||theta - theta_D||`` only when ``loss`` is convex
    and ``g`` 1-strongly convex (T5's assumptions, decided by
    :func:`mileak.proofs.families.sensitivity.t5_assumptions`, each within its work budget). A
    FALSIFIED assumption (sympy found a witness) is refused with the witness; an unproved or timed-out
    one is returned, so the caller can label its results (each model still needs a positive-definite
    Hessian at its stop, i.e. a strict local minimiser).
    """
    from mileak.proofs.families.sensitivity import t5_assumptions

    declared = {q.name: values[q.name] for q in family.parameters if q.name in values and q.name not in LEARNER_NAMES}
    key = (id(family), tuple(sorted((k, str(v)) for k, v in declared.items())))
    if key not in _CONVEXITY:
        _CONVEXITY[key] = (family, t5_assumptions(family, **declared))
    outcomes = _CONVEXITY[key][1]
    left = []
    for text, outcome in outcomes:
        if outcome.status.value == "falsified":
            raise ValueError(f"family {family.name!r}: '{text}' is falsified ({outcome.detail[:100]}); the generic "
                             "engine certifies a minimiser only for a convex loss and a 1-strongly convex regulariser")
        if not outcome.proved:
            left.append(f"{text}: {outcome.status.value}")
    return left


class GenericEngine(Engine):
    """Batched ERM for any family; ``family`` is set on the subclass that :func:`generic_plugin` makes."""

    releases = ("exact", "output")

    def __init__(self, release: str = "output", **values):
        super().__init__(release=release, **values)
        self.unproved = require_convexity(self.family, self.values)

    def defaults(self):
        return {}

    def dimension(self):
        return len(self.family.theta)

    def _objective(self):
        if not hasattr(self, "_compiled"):
            self._compiled = CompiledObjective(self.family, self.values)
        return self._compiled

    def draw_rest(self, rng, batch):
        return self.records(rng, (batch, self.n - 1))

    def fit(self, rest, extras):
        """Datasets ``rest[b] + extras[b, j]``; with many per rest set, the rest set is fitted once and its
        ``k`` datasets take chord steps with its Hessian (one record away: a few gradient evaluations)."""
        batch, k = extras.shape[:2]
        lam, objective = float(self.values["lam"]), self._objective()
        data = np.concatenate([np.repeat(rest[:, None], k, axis=1), extras[:, :, None]], axis=2)
        flat = data.reshape(batch * k, self.n, data.shape[-1])
        if k <= 2:  # the shared fit costs more than it saves
            theta, ok = objective.fit(flat, lam, TOLERANCE, MAX_ITER)
        else:
            start, _ = objective.fit(rest, lam, TOLERANCE, MAX_ITER)
            rest_gradient, hessian = objective.gradient_hessian(start, rest, lam)
            # grad F at the rest set's fit, exactly, from its own gradient and the one added record:
            # (1/n) sum_all grad loss + lam grad g = ((n-1)/n) (g_rest - lam grad g) + (1/n) grad loss(x) + lam grad g
            reg = lam * objective.regularizer_gradient(start)
            rest_part = (self.n - 1) / self.n * (rest_gradient - reg)
            added = objective.record_gradient(np.repeat(start[:, None], k, axis=1), extras) / self.n
            first = (rest_part[:, None] + added + reg[:, None]).reshape(batch * k, -1)
            theta, ok = objective.fit_chord(flat, lam, np.repeat(start, k, axis=0), np.repeat(hessian, k, axis=0),
                                            first_gradient=first)
        return theta.reshape(batch, k, -1), ok.reshape(batch, k)

    def loss(self, theta, z):
        return self._objective().loss(theta, z)


def _oracle(family):
    def kl(rest, z, z_prime, lam, noise, dps):
        value = neighbour_output_kl(family, rest, z, z_prime, lam, noise, dps)  # exact records and lam
        return Certified.from_interval(value, dps), None

    return kl


def _batch_kl(family):
    def kls(rest, z, zp, lam, release, noise, p, values=None):
        if release != "output":
            raise ValueError(f"release={release!r}: a user family is checked under output perturbation only")
        values = dict(values or {})
        require_convexity(family, values)
        objective = CompiledObjective(family, values)
        d1 = np.concatenate([rest, z[:, None]], axis=1)
        d0 = np.concatenate([rest, zp[:, None]], axis=1)
        t1, ok1 = objective.fit(d1, float(lam))
        t0, ok0 = objective.fit(d0, float(lam))
        if not (ok1.all() and ok0.all()):
            bad = int((~ok1).sum() + (~ok0).sum())
            raise ArithmeticError(f"{bad} fits of family {family.name!r} did not converge at lam={lam}; raise lam")
        return np.sum((t1 - t0) ** 2, axis=1) / (2 * noise**2)

    return kls


def _draw_record(family):
    box = family.data_box

    def value(sym, k):
        if sym in family.data_values:
            vals = sorted(Fraction(str(v)) for v in family.data_values[sym])
            return vals[(k + 3) % len(vals)]
        lo, hi = box.get(sym, (None, None))
        if lo is not None and lo.is_finite and hi.is_finite:
            return Fraction(str(lo)) + (Fraction(str(hi)) - Fraction(str(lo))) * (k + 3) / 6
        return Fraction(k)

    def draw_record(draw, p):
        from hypothesis import strategies as st

        return [value(sym, draw(st.integers(-3, 3))) for sym in family.z]

    return draw_record


_CACHE: dict[int, tuple] = {}  # id(family) -> (family, plug-in); the family is kept so its id is never reused


def generic_plugin(family) -> FamilyPlugin:
    """The plug-in of ``family`` built from its declarations alone (cached per family object)."""
    cached = _CACHE.get(id(family))
    if cached is not None and cached[0] is family:
        return cached[1]
    sampler = family.sampler or box_sampler(family)
    engine = type(f"GenericEngine_{family.name}", (GenericEngine,), {"family": family, "sampler": staticmethod(sampler)})
    plug = FamilyPlugin(family=family, sampler=sampler, engine=engine,
                        oracles={"output": _oracle(family)}, batch_neighbour_kl=_batch_kl(family),
                        population_releases=("output",), draw_record=_draw_record(family), survey_dims=(1,))
    _CACHE[id(family)] = (family, plug)
    return plug
