"""A family from a user's loss and regulariser (docs/theory.md section 4, user families).

``from_sympy(name, loss, regularizer, theta, data, parameters=(), sampler=None, data_box=None)``:
``loss`` and ``regularizer`` are sympy expressions, or strings parsed by
:func:`mileak.proofs.core.safe_parse.parse_formula` over the declared names only (no
``eval``, no ``sympify``). Gradient and Hessian come from sympy; the
sensitivity ``L`` from :func:`mileak.proofs.families.sensitivity.lipschitz_constant`;
the T5 bound and the family contract run on the result unchanged.

>>> fam = from_sympy("huber-mean", "log(cosh(theta - x))", "theta**2/2", theta=["theta"], data=["x"],
...                  data_box={"x": (-1, 1)})
>>> fam.gradient()
Matrix([[sinh(theta - x)/cosh(theta - x)]])
"""

from __future__ import annotations

import math

import sympy as sp

from mileak.proofs.core.parameters import Parameter
from mileak.proofs.core.safe_parse import parse_formula
from mileak.proofs.families.family import Family


def _symbols(names, what):
    if isinstance(names, (str, sp.Symbol)):
        names = [names]
    if names is None or not hasattr(names, "__iter__"):
        raise TypeError(f"{what} must be a symbol name or a list of them, got {type(names).__name__} {names!r:.60}")
    out = []
    for n in names:
        if isinstance(n, sp.Symbol):
            out.append(sp.Symbol(n.name, real=True))
        elif isinstance(n, str) and n.isidentifier() and not n.startswith("_"):
            out.append(sp.Symbol(n, real=True))
        else:
            raise ValueError(f"{what} names must be identifiers (no leading underscore), got {n!r}")
    if not out:
        raise ValueError(f"{what} must name at least one symbol")
    return tuple(out)


LEARNER_NAMES = ("n", "lam", "sigma", "tau")  # the learner's and its releases' parameters, not the population's

# The learner's own parameters, declared for every user family unless the user declares them:
# the numeric layer (ERM, releases, the simulator) validates them like any family parameter.
LEARNER_PARAMETERS = (
    Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(5, 100), integer=True, description="training-set size"),
    Parameter("lam", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 100), 1),
              description="regularisation weight (lam > 0: strong convexity)"),
    Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 3),
              description="output-noise standard deviation"),
)


MAX_DEGREE = 1000  # a formula's degree bound (:func:`degree_bound`); (((theta - x)**100)**100)**100 has 10^6


def degree_bound(expr) -> int:
    """An upper bound of the polynomial degree of ``expr`` in its symbols, a function's argument counted as its
    own degree (``exp(theta**3)``: 3); decided on the tree as written, before any expansion."""
    if expr.is_Symbol:
        return 1
    if not expr.args:
        return 0
    if expr.is_Mul:
        return sum(degree_bound(a) for a in expr.args)
    if expr.is_Pow:
        base = degree_bound(expr.base)
        ex = expr.exp
        if ex.is_Integer:
            return base * abs(int(ex))
        if ex.is_Rational:
            return base * max(1, math.ceil(abs(ex)))
        return base + degree_bound(ex)
    return max(degree_bound(a) for a in expr.args)


def from_sympy(name, loss, regularizer, theta, data, parameters=(), sampler=None, data_box=None,
               releases=("output",), title=None, data_values=None) -> Family:
    """Build a :class:`Family`; see the module docstring. Data symbols form one record ``z``.

    ``data_box`` maps a data symbol to ``(low, high)``; ``data_values`` maps a discrete data
    symbol to its finite values (labels: ``{"y": (-1, 1)}``), whose span is then its box.
    ``sampler`` is optional: without it the numeric layer samples uniformly on the box (and
    on the declared values). The learner's ``n``, ``lam`` and ``sigma`` are declared
    (:data:`LEARNER_PARAMETERS`) unless ``parameters`` declares them.
    """
    if not isinstance(name, str) or not name:
        raise ValueError("name must be a non-empty string")
    theta_s, data_s = _symbols(theta, "theta"), _symbols(data, "data")
    params = tuple(parameters)
    for p in params:
        if not isinstance(p, Parameter):
            raise TypeError(f"parameters must be mileak.proofs.core.Parameter objects, got {type(p).__name__}")
    declared = {p.name for p in params}
    params = params + tuple(p for p in LEARNER_PARAMETERS if p.name not in declared)
    table = {s.name: s for s in theta_s + data_s}
    table.update({p.name: p.symbol for p in params})
    if len(table) != len(theta_s) + len(data_s) + len(params):
        raise ValueError("theta, data and parameter names must be distinct")
    loss_e = parse_formula(loss, table, "loss")
    reg_e = parse_formula(regularizer, table, "regularizer")
    for expr, what in ((loss_e, "loss"), (reg_e, "regularizer")):
        degree = degree_bound(expr)
        if degree > MAX_DEGREE:
            raise ValueError(f"{what}: its powers reach degree {degree} (a power of a power multiplies them); "
                             f"mileak takes formulas of degree <= {MAX_DEGREE}, whose derivatives and proofs stay small")
    box = {}
    for key, bounds in (data_box or {}).items():
        sym = table.get(key) if isinstance(key, str) else key
        if sym not in data_s:
            raise ValueError(f"data_box key {key!r} is not a data symbol ({[s.name for s in data_s]})")
        if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
            raise ValueError(f"data_box[{key!r}] must be (low, high), got {bounds!r:.60}")
        lo, hi = bounds
        box[sym] = (sp.Rational(lo) if not isinstance(lo, sp.Basic) else lo,
                    sp.Rational(hi) if not isinstance(hi, sp.Basic) else hi)
        if (box[sym][1] - box[sym][0]).is_negative:
            raise ValueError(f"data_box[{key!r}] = ({lo}, {hi}) is empty: low must not exceed high")
    values = {}
    for key, options in (data_values or {}).items():
        sym = table.get(key) if isinstance(key, str) else key
        if sym not in data_s:
            raise ValueError(f"data_values key {key!r} is not a data symbol ({[s.name for s in data_s]})")
        if isinstance(options, str) or not hasattr(options, "__iter__"):
            raise ValueError(f"data_values[{key!r}] must be a list of numbers, got {options!r:.60}")
        opts = tuple(sorted({sp.Rational(v) if not isinstance(v, sp.Basic) else v for v in options}))
        if not 1 <= len(opts) <= 64:
            raise ValueError(f"data_values[{key!r}] must hold 1 to 64 distinct numbers, got {len(opts)}")
        values[sym] = opts
        box.setdefault(sym, (opts[0], opts[-1]))
    for expr, what in ((loss_e, "loss"), (reg_e, "regularizer")):
        for t in theta_s:
            d = sp.diff(expr, t)
            if d.has(sp.Derivative) or d.has(sp.Subs):
                raise ValueError(f"{what} is not differentiable in {t} in closed form")
    return Family(name=name, title=title or f"user family {name}", parameters=params, theta=theta_s, z=data_s,
                  loss=loss_e, regularizer=reg_e, releases=tuple(releases),
                  sampler=sampler, record_width=lambda p: len(data_s), data_box=box, data_values=values,
                  notes="user family (from_sympy)")


Family.from_sympy = staticmethod(from_sympy)
