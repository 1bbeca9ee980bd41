"""The interface of a batched training engine (one per family) for the membership game.

An engine trains many models at once on datasets ``D_rest + z``: ``D_rest`` is
``n - 1`` population records (drawn once per batch item by :meth:`Engine.draw_rest`,
kept in whatever summary the family needs: a sum for F1, a Gram matrix for
ridge, the raw rows for logistic regression) and ``z`` ranges over ``k``
extra records per item, so ``D_rest + z`` and ``D_rest + z'`` share the work
on ``D_rest``. A release (``exact``, ``output``: ``theta_D + N(0, sigma^2 I)``,
``posterior``) is drawn by :meth:`Engine.release`.

For the strong adversary (docs/theory.md section 1) :meth:`Engine.strong_llr` is
the exact ``log q(theta_hat | D_rest + z1) / q(theta_hat | D_rest + z0)`` and
:meth:`Engine.neighbour_kl` the exact ``D(q(.|D_rest+z1) || q(.|D_rest+z0))``;
for the output release both follow from the two fits:
``llr = (theta_hat - (t1 + t0)/2).(t1 - t0) / sigma^2`` and
``D = ||t1 - t0||^2 / (2 sigma^2)`` (equal-covariance Gaussians). With the
exact release the laws are point masses: ``D = oo`` unless ``t1 = t0``.

Memory is bounded by :meth:`Engine.chunk_size`: callers train at most that
many datasets at a time. Training runs under :func:`one_blas_thread`: the engines' BLAS calls are many small
batched products (``p x p`` Grams, ``p = 30``), which a second BLAS thread slows down (30 against 40 GFLOP/s
measured on 2 cores) and makes erratic on a busy machine.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from mileak.numeric.families.sampling import checked_records
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.core.parameters import interval_text

MEMORY_BUDGET_BYTES = 256 * 2**20  # per chunk of datasets; a run holds one chunk at a time
MAX_DIMENSION = 10**4


def one_blas_thread():
    """A context in which BLAS (OpenBLAS, MKL, ...) uses one thread: the engines' products are small and
    batched, so threads cost more than they give; parallel work goes over the batch instead."""
    return threadpool_limits(1, user_api="blas")


class Engine:
    """Base class: subclasses set ``family`` (the proofs Family) and implement ``draw_rest``, ``fit``, ``loss``."""

    family = None  # the proofs Family
    sampler = None  # its population sampler (the plug-in's), as a staticmethod
    releases: tuple = ("exact", "output")
    unproved: list = []  # assumptions of the engine's certificate left unproved (shown with its results)

    @property
    def family_name(self) -> str:
        return self.family.name

    def dimension(self) -> int:
        """The length ``p`` of ``theta`` (the ``p`` parameter where the family has one)."""
        return int(self.values.get("p", 1))

    def __init__(self, release: str = "output", **values):
        if release not in self.releases:
            raise ValueError(f"release={release!r} must be one of {', '.join(self.releases)} for family {self.family_name}")
        self.release_kind = release
        if not isinstance(release, str) or release not in self.releases:
            raise ValueError(f"release={release!r:.40} must be one of {', '.join(self.releases)} for family {self.family_name}")
        self.family.validate(**values)  # unknown names and out-of-domain values first
        missing = [name for name in self.required(release) if name not in values and name not in self.defaults()]
        if missing:
            listed = ", ".join(f"{q.name} in {interval_text(q.domain)} ({q.description})" for q in self.family.parameters
                               if q.name in missing)
            raise ValueError(f"family {self.family_name} (release {release}) is missing {len(missing)} "
                             f"parameter{'s' if len(missing) > 1 else ''}: {listed}")
        self.values = {**self.defaults(), **values}
        self.family.validate(**self.values)
        self.n, self.p = int(self.values["n"]), self.dimension()
        if self.n < 2:
            raise ValueError(f"n={self.n} must be >= 2 for the membership game (D_rest has n - 1 records)")
        if self.p > MAX_DIMENSION:
            raise ValueError(f"p={self.p} must be <= {MAX_DIMENSION} for the simulator")
        one = 8 * self.n * self.family.record_width(self.p) * 3
        if one > MEMORY_BUDGET_BYTES:
            raise ValueError(f"n={self.n}, p={self.p}: one dataset needs {one / 2**20:.0f} MiB, more than the simulator's "
                             f"chunk budget of {MEMORY_BUDGET_BYTES // 2**20} MiB; lower n or p")
        self.noise = self._noise()

    def required(self, release: str) -> list:
        """Parameters training and releasing need: ``n``, ``lam``, the release's noise (``sigma`` or ``tau``)
        and every parameter the loss, regulariser or data domain names (in declaration order)."""
        f = self.family
        named = set().union(f.loss.free_symbols, f.regularizer.free_symbols,
                            *(as_expr(b, "data domain").free_symbols for bounds in f.data_box.values() for b in bounds))
        noise = {"output": "sigma", "posterior": "tau"}.get(release)
        return [q.name for q in f.parameters if q.name in ("n", "lam", noise) or q.symbol in named]

    def defaults(self) -> dict:
        """Values used when a parameter is not given (the sampler's own defaults)."""
        return {"p": 1}

    def _noise(self) -> float:
        if self.release_kind == "exact":
            return 0.0
        name = "tau" if self.release_kind == "posterior" else "sigma"
        if name not in self.values:
            raise ValueError(f"release {self.release_kind!r} needs the parameter {name} > 0")
        value = float(self.values[name])
        if not value > 0:
            raise ValueError(f"{name}={value!r} must be in (0, oo) for release {self.release_kind!r}")
        return value

    # -- data ---------------------------------------------------------------
    def records(self, rng, shape) -> np.ndarray:
        """Population records with leading ``shape``: ``shape + (record_width,)``."""
        shape = tuple(int(s) for s in np.atleast_1d(shape))
        size = int(np.prod(shape))
        data = checked_records(self.family, self.sampler, rng, size, self.values)
        return data.reshape(shape + (data.shape[-1],))

    def dataset_bytes(self) -> int:
        """Bytes one dataset's training holds: its records, a few ``p x p`` matrices and vectors, three copies."""
        width = self.family.record_width(self.p)
        return 8 * (self.n * width + 4 * self.p * self.p + 8 * self.p) * 3

    def chunk_size(self) -> int:
        """Datasets per chunk so that one chunk stays within ``MEMORY_BUDGET_BYTES``."""
        return max(1, MEMORY_BUDGET_BYTES // self.dataset_bytes())

    NEWTON_STEPS = 10  # an iterative fit's typical Newton steps (quadratic convergence from the rest's fit)

    def fit_operations(self) -> float:
        """Floating-point operations of one fit (:mod:`mileak.numeric.game.run_size`): a Newton fit's steps, each a
        Hessian over ``n`` records and a solve, ``NEWTON_STEPS (n p^2 + p^3 / 3)``; engines with a cheaper fit
        say so."""
        return float(self.NEWTON_STEPS) * (self.n * self.p * self.p + self.p**3 / 3)

    # -- training -------------------------------------------------------------
    def draw_rest(self, rng, batch: int):  # pragma: no cover - interface
        raise NotImplementedError

    def fit(self, rest, extras):  # pragma: no cover - interface
        """``(theta (B, k, p), converged (B, k) bool)`` for the datasets ``rest[b] + extras[b, j]``."""
        raise NotImplementedError

    def release(self, rng, rest, extras, theta) -> np.ndarray:
        """One release per dataset: ``theta_hat (B, k, p)``."""
        if self.release_kind == "exact":
            return theta.copy()
        if self.release_kind == "output":
            return theta + self.noise * rng.normal(size=theta.shape)
        return self._posterior_release(rng, rest, extras, theta)

    def _posterior_release(self, rng, rest, extras, theta):  # pragma: no cover - ridge only
        raise ValueError(f"family {self.family_name} has no posterior release")

    # -- adversaries -----------------------------------------------------------
    def strong_llr(self, theta_hat, rest, extras, theta) -> np.ndarray:
        """``log q(theta_hat | rest + extras[:, 0]) - log q(theta_hat | rest + extras[:, 1])`` per item (B,)."""
        t1, t0, th = theta[:, 0], theta[:, 1], theta_hat
        if self.release_kind == "exact" or self.noise == 0:  # point masses (F1 allows sigma = 0)
            d1, d0 = np.linalg.norm(th - t1, axis=-1), np.linalg.norm(th - t0, axis=-1)
            return np.where(d1 < d0, np.inf, np.where(d0 < d1, -np.inf, 0.0))
        if self.release_kind == "output":
            return np.einsum("bp,bp->b", th - (t1 + t0) / 2, t1 - t0) / self.noise**2
        return self._posterior_llr(theta_hat, rest, extras, theta)

    def neighbour_kl(self, rest, extras, theta) -> np.ndarray:
        """``D(q(.|rest + extras[:, 0]) || q(.|rest + extras[:, 1]))`` per item (B,)."""
        diff2 = np.sum((theta[:, 0] - theta[:, 1]) ** 2, axis=-1)
        if self.release_kind == "exact" or self.noise == 0:
            return np.where(diff2 > 0, np.inf, 0.0)
        if self.release_kind == "output":
            return diff2 / (2 * self.noise**2)
        return self._posterior_kl(rest, extras, theta)

    def population_llr(self, theta_hat, z):
        """Exact ``log p(theta_hat | z, M=1) / p(theta_hat | M=0)`` where the family has it, else ``None``."""
        return None

    # -- attack statistics -------------------------------------------------------
    def loss(self, theta, z) -> np.ndarray:
        """The family's loss ``l(theta; z)`` for arrays ``theta (..., p)``, ``z (..., width)``."""
        raise NotImplementedError  # pragma: no cover - interface

    def statistic(self, theta, z) -> np.ndarray:
        """LiRA's per-record statistic (linear in ``theta`` where possible, so close to Gaussian)."""
        return -self.loss(theta, z)

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.values.items())
        return f"{self.family_name} ({self.release_kind} release; {shown})"
