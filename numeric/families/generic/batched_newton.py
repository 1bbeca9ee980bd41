"""Batched damped Newton for any family's regularised ERM (float64, many datasets at once).

``F_D(theta) = (1/n) sum_i loss(theta; z_i) + lam g(theta)`` with the family's sympy
``loss`` and ``regularizer``: gradient and Hessian are derived by sympy and compiled
with :func:`sympy.lambdify` to numpy, evaluated for every record of every dataset at
once. Each model takes Newton steps, halved while ``F`` does not decrease, until the
certified stop ``||grad F|| <= tol * lam``: when ``loss`` is convex and ``g`` is
1-strongly convex (T5's assumptions), ``F`` is ``lam``-strongly convex and so
``||theta - theta_D|| <= tol``. A model whose Hessian is not positive definite, or
that does not reach the stop in ``max_iter`` steps, is flagged (``converged`` False)
and never used by the callers.

>>> import numpy as np
>>> from mileak.proofs.families.user_family import from_sympy
>>> fam = from_sympy("lc", "log(cosh(theta - x))", "theta**2/2", theta="theta", data="x", data_box={"x": (-1, 1)})
>>> newton = CompiledObjective(fam, {})
>>> X = np.random.default_rng(0).uniform(-1, 1, size=(3, 20, 1))
>>> theta, ok = newton.fit(X, lam=0.5)
>>> bool(ok.all()), theta.shape
(True, (3, 1))
"""

from __future__ import annotations

import numpy as np
import sympy as sp

TOLERANCE = 1e-10
MAX_ITER = 60
ROUNDING = 64 * np.finfo(float).eps
DAMPED_ABOVE = 1e-6  # step halving while ||grad F|| > DAMPED_ABOVE * lam


def _substitute(expr, family, values):
    subs = {}
    for p in family.parameters:
        if p.name in values:
            v = values[p.name]
            subs[p.symbol] = sp.Rational(str(v)) if isinstance(v, float) else sp.Rational(v)
    out = expr.xreplace(subs)
    free = out.free_symbols - set(family.theta) - set(family.z)
    if free:
        raise ValueError(f"family {family.name!r} needs values for {sorted(map(str, free))}")
    return out


class CompiledObjective:
    """The family's loss, gradient and Hessian (and the regulariser's) compiled to numpy."""

    def __init__(self, family, values: dict):
        self.family = family
        th, z = list(family.theta), list(family.z)
        self.k, self.width = len(th), len(z)
        loss = _substitute(family.loss, family, values)
        reg = _substitute(family.regularizer, family, values)
        grad = [sp.diff(loss, t) for t in th]
        hess = [[sp.diff(g, t) for t in th] for g in grad]
        rgrad = [sp.diff(reg, t) for t in th]
        rhess = [[sp.diff(g, t) for t in th] for g in rgrad]
        compile_ = lambda e, args: sp.lambdify(args, e, modules="numpy", cse=True)  # noqa: E731 - code from a sympy tree
        self._loss, self._grad, self._hess = (compile_(e, th + z) for e in (loss, grad, hess))
        self._reg, self._rgrad, self._rhess = (compile_(e, th) for e in (reg, rgrad, rhess))

    # every compiled function may return Python scalars for constant entries: broadcast them
    @staticmethod
    def _full(value, shape):
        return np.broadcast_to(np.asarray(value, dtype=float), shape)

    def _args(self, theta, records):
        """``theta (..., k)`` against ``records (..., n, width)``: arguments broadcast to ``(..., n)``."""
        t = [theta[..., None, i] for i in range(self.k)]
        r = [records[..., j] for j in range(self.width)]
        return t + r

    def loss(self, theta, records):
        """``loss(theta; z)`` for ``theta (..., k)`` and ``records (..., width)`` (one record per theta)."""
        t = [theta[..., i] for i in range(self.k)]
        r = [records[..., j] for j in range(self.width)]
        shape = np.broadcast_shapes(theta.shape[:-1], records.shape[:-1])
        return self._full(self._loss(*t, *r), shape)

    def objective(self, theta, records, lam):
        shape = records.shape[:-1]
        per = self._full(self._loss(*self._args(theta, records)), shape)
        reg = self._full(self._reg(*[theta[..., i] for i in range(self.k)]), theta.shape[:-1])
        return per.mean(-1) + lam * reg

    def gradient(self, theta, records, lam):
        shape = records.shape[:-1]
        g = np.stack([self._full(v, shape).mean(-1) for v in self._grad(*self._args(theta, records))], -1)
        t = [theta[..., i] for i in range(self.k)]
        return g + lam * np.stack([self._full(v, theta.shape[:-1]) for v in self._rgrad(*t)], -1)

    def record_gradient(self, theta, records):
        """``grad loss(theta; z)`` for one record per ``theta`` (``theta (..., k)``, ``records (..., width)``)."""
        t = [theta[..., i] for i in range(self.k)]
        r = [records[..., j] for j in range(self.width)]
        shape = np.broadcast_shapes(theta.shape[:-1], records.shape[:-1])
        return np.stack([self._full(v, shape) for v in self._grad(*t, *r)], -1)

    def regularizer_gradient(self, theta):
        t = [theta[..., i] for i in range(self.k)]
        return np.stack([self._full(v, theta.shape[:-1]) for v in self._rgrad(*t)], -1)

    def fit_chord(self, records, lam: float, theta0, hessian, tol: float = TOLERANCE, max_iter: int = MAX_ITER,
                  first_gradient=None):
        """Chord steps ``theta -= H0^{-1} grad F(theta)`` with one fixed Hessian per dataset (its rest set's),
        then the same certified stop and a positive-definite Hessian at it; models that fail it are refitted
        by full Newton from where they stopped. ``first_gradient``: ``grad F(theta0)`` when the caller has it
        exactly (a rest set's gradient and one record's), saving a pass over every record."""
        records = np.asarray(records, dtype=float)
        theta = np.array(theta0, dtype=float)
        inverse = np.linalg.inv(hessian)
        converged = np.zeros(theta.shape[0], dtype=bool)
        active = np.arange(theta.shape[0])
        whole = theta.shape[0]
        with np.errstate(all="ignore"):
            for step in range(max_iter):
                every = active.size == whole  # until the first model stops, no copy of the datasets
                if step == 0 and first_gradient is not None:
                    g = np.asarray(first_gradient, dtype=float)
                else:
                    g = self.gradient(theta if every else theta[active], records if every else records[active], lam)
                done = np.linalg.norm(g, axis=-1) <= tol * lam
                converged[active[done]] = True
                active, g = active[~done], g[~done]
                if active.size == 0:
                    break
                if self.k == 1:  # a 1x1 chord: a division, not a batched product
                    theta[active] -= inverse[active, 0] * g
                else:
                    theta[active] -= np.einsum("mij,mj->mi", inverse[active], g)
            stopped = np.flatnonzero(converged)
            if stopped.size:
                every = stopped.size == whole
                h = self.hessian(theta if every else theta[stopped], records if every else records[stopped], lam)
                ok = np.all(np.isfinite(h), (-2, -1))
                pd = ok & (np.linalg.eigvalsh(np.where(ok[:, None, None], h, np.eye(self.k))).min(-1) > 0)
                converged[stopped[~pd]] = False
        redo = np.flatnonzero(~converged)
        if redo.size:
            theta[redo], converged[redo] = self.fit(records[redo], lam, tol, max_iter, theta0=theta[redo])
        return theta, converged

    def hessian(self, theta, records, lam):
        """The Hessian of ``F`` alone (the certified stop's positive-definiteness test needs no gradient)."""
        shape = records.shape[:-1]
        rows = self._hess(*self._args(theta, records))
        h = np.stack([np.stack([self._full(v, shape).mean(-1) for v in row], -1) for row in rows], -2)
        t = [theta[..., i] for i in range(self.k)]
        bshape = theta.shape[:-1]
        return h + lam * np.stack([np.stack([self._full(v, bshape) for v in row], -1) for row in self._rhess(*t)], -2)

    def gradient_hessian(self, theta, records, lam):
        return self.gradient(theta, records, lam), self.hessian(theta, records, lam)

    def fit(self, records, lam: float, tol: float = TOLERANCE, max_iter: int = MAX_ITER, theta0=None):
        """``(theta (B, k), converged (B,))`` for the datasets ``records (B, n, width)``."""
        records = np.asarray(records, dtype=float)
        batch = records.shape[0]
        theta = np.zeros((batch, self.k)) if theta0 is None else np.array(np.broadcast_to(theta0, (batch, self.k)))
        converged = np.zeros(batch, dtype=bool)
        active = np.arange(batch)
        with np.errstate(all="ignore"):
            for _ in range(max_iter):
                if active.size == 0:
                    break
                th, rec = theta[active], records[active]
                g, h = self.gradient_hessian(th, rec, lam)
                done = np.linalg.norm(g, axis=-1) <= tol * lam
                ok = np.all(np.isfinite(g), -1) & np.all(np.isfinite(h), (-2, -1))
                pd = ok & (np.linalg.eigvalsh(np.where(ok[:, None, None], h, np.eye(self.k))).min(-1) > 0)
                converged[active[done & pd]] = True
                go = ~done & pd
                if not go.any():
                    active = np.empty(0, dtype=int)
                    break
                idx, th, rec, g, h = active[go], th[go], rec[go], g[go], h[go]
                step = np.linalg.solve(h, g[..., None])[..., 0]
                t = np.ones(idx.size)
                far = np.linalg.norm(g, axis=-1) > DAMPED_ABOVE * lam  # near the minimiser: full steps (the
                if far.any():  # objective's change there is below float resolution)
                    f = np.flatnonzero(far)
                    base = self.objective(th[f], rec[f], lam)
                    slack = ROUNDING * (1 + np.abs(base))  # a rise within float rounding is no rise
                    for _halving in range(40):
                        worse = ~(self.objective(th[f] - t[f, None] * step[f], rec[f], lam) <= base + slack)
                        if not worse.any():
                            break
                        t[f] = np.where(worse, t[f] / 2, t[f])
                theta[idx] = th - t[:, None] * step
                active = idx
            if active.size:  # the last step's models: test once more
                g, h = self.gradient_hessian(theta[active], records[active], lam)
                ok = np.all(np.isfinite(h), (-2, -1))
                pd = ok & (np.linalg.eigvalsh(np.where(ok[:, None, None], h, np.eye(self.k))).min(-1) > 0)
                converged[active[(np.linalg.norm(g, axis=-1) <= tol * lam) & pd]] = True
        return theta, converged
