"""User families of 1-3 parameters: convexity and L decided within their work budgets, every L an upper bound.

Each L is checked against an independent computation: the largest ``||grad loss||^2`` over a dense grid of the
domain in numpy floats (from the gradient differentiated again here), which the certified bound must not
undercut; where the supremum is known in closed form, the bound must also lie within 0.1% of it.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.families.generic.interval_bound import upper_bound
from mileak.numeric.families.generic.interval_lipschitz import interval_lipschitz, sqrt_up
from mileak.numeric.verify.leakage import leakage
from mileak.proofs.core import budget
from mileak.proofs.families.sensitivity import PROVER_WORK, t5_assumptions
from mileak.proofs.families.user_family import from_sympy

R2 = 2 * Fraction(1414213563, 10**9)  # the minimisers' radius for sup ||grad loss(0; z)||^2 = 2 at lam = 1/2 (sqrt_up)
FAMILIES = {  # name: (loss, theta, data, box, values, sup ||grad||^2 where known in closed form, or None)
    "log-cosh": ("log(cosh(theta - x))", ["theta"], ["x"], {"x": (-2, 2)}, {}, 1),
    "pseudo-huber": ("sqrt(1 + (theta - x)**2) - 1", ["theta"], ["x"], {"x": (-2, 2)}, {}, 1),
    "softplus-hinge": ("log(1 + exp(1 - y*theta*x))", ["theta"], ["x", "y"], {"x": (-1, 1)}, {"y": [-1, 1]}, 1),
    "logistic-2": ("log(1 + exp(-y*(a*u + b*v)))", ["a", "b"], ["u", "v", "y"], {"u": (-1, 1), "v": (-1, 1)},
                   {"y": [-1, 1]}, 2),
    "logistic-3": ("log(1 + exp(-y*(a*u + b*v + c*w)))", ["a", "b", "c"], ["u", "v", "w", "y"],
                   {"u": (-1, 1), "v": (-1, 1), "w": (-1, 1)}, {"y": [-1, 1]}, 3),
    "squared-2": ("(y - a*u - b*v)**2/2", ["a", "b"], ["u", "v", "y"], {"u": (-1, 1), "v": (-1, 1), "y": (-1, 1)},
                  {}, (1 + 2 * R2) ** 2 * 2),
    "squared-3": ("(y - a*u - b*v - c*w)**2/2", ["a", "b", "c"], ["u", "v", "w", "y"],
                  {"u": (-1, 1), "v": (-1, 1), "w": (-1, 1), "y": (-1, 1)}, {}, None),
}


def _family(name):
    loss, theta, data, box, values, _ = FAMILIES[name]
    regularizer = "(" + " + ".join(f"{t}**2" for t in theta) + ")/2"
    return from_sympy(name, loss, regularizer, theta=theta, data=data, data_box=box, data_values=values)


def _grid_max(fam, theta_box):
    """The largest ||grad loss||^2 on a grid of the data box (and its values) times ``theta_box``, in floats (about
    100,000 points: 9 per axis in 5 dimensions, 5 in 7; the corners, where these suprema sit, always in)."""
    points = max(3, int(round(1e5 ** (1 / (len(fam.z) + len(fam.theta))))))
    grad2 = sum(sp.diff(fam.loss, t) ** 2 for t in fam.theta)
    symbols = list(fam.z) + list(fam.theta)
    f = sp.lambdify(symbols, grad2, modules="numpy")
    axes = []
    for s in fam.z:
        if s in fam.data_values:
            axes.append([float(v) for v in fam.data_values[s]])
        else:
            lo, hi = fam.data_box[s]
            axes.append(np.linspace(float(lo), float(hi), points))
    axes += [np.linspace(*theta_box, points) for _ in fam.theta]
    return max(float(f(*p)) for p in itertools.product(*axes))


@pytest.mark.parametrize("name", list(FAMILIES))
def test_convexity_is_proved_within_the_work_budget(name):
    fam = _family(name)
    before = budget.used_work()
    outcomes = t5_assumptions(fam)
    assert [o.status.value for _, o in outcomes] == ["proved", "proved"], [o.detail for _, o in outcomes]
    assert budget.used_work() - before <= 2 * PROVER_WORK


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_printed_L_is_a_certified_upper_bound(name):
    fam = _family(name)
    out = leakage(fam, {"n": 40, "lam": Fraction(1, 2), "sigma": 2}, trials=100)
    row = next(e for e in out["entries"] if e["quantity"] == "L")
    assert row["status"] in ("proved", "certified (interval arithmetic)"), row
    L = Fraction(row["value"])
    t5 = next(e for e in out["entries"] if e["quantity"] == "T5 bound on rho_KL")
    assert t5["status"] == "certified"
    assert Fraction(t5["value"]) == pytest.approx(2 * L**2 / (40**2 * Fraction(1, 4) * 4), rel=1e-25)
    over_all_theta = "minimisers' box" not in row["source"]
    radius = 3.0 if over_all_theta else float(row["source"].split("|theta_j| <= ")[1].split()[0]) * (1 - 1e-5)
    assert float(L) ** 2 >= _grid_max(fam, (-radius, radius)) * (1 - 1e-12)  # never below what is attained
    known = FAMILIES[name][5]
    if known is not None:
        assert L**2 >= known and float(L**2) <= float(known) * 1.001


def test_an_interval_bound_is_given_where_sympy_runs_out_of_work():
    """logistic-2's L: sympy's proof stops at its work budget; the factored form encloses to exactly 2."""
    fam = _family("logistic-2")
    L, how = interval_lipschitz(fam, {}, lam=None)
    assert L == sqrt_up(Fraction(2)) and L * L >= 2 and "for every theta" in how


@st.composite
def _expressions(draw, depth=3):
    x, y = sp.symbols("x y")
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from([x, y, sp.Integer(draw(st.integers(-3, 3))), sp.Rational(1, 2)]))
    op = draw(st.sampled_from(["add", "mul", "square", "exp", "tanh", "cosh", "recip1p2", "sqrt1p2", "abs"]))
    a = draw(_expressions(depth=depth - 1))
    if op in ("add", "mul"):
        b = draw(_expressions(depth=depth - 1))
        return a + b if op == "add" else a * b
    return {"square": a**2, "exp": sp.exp(a), "tanh": sp.tanh(a), "cosh": sp.cosh(a), "recip1p2": 1 / (1 + a**2),
            "sqrt1p2": sp.sqrt(1 + a**2), "abs": sp.Abs(a)}[op]


@given(expr=_expressions(), lo=st.integers(-3, 1), width=st.integers(1, 3))
def test_the_interval_bound_is_never_below_a_value_of_the_expression(expr, lo, width):
    """Property: on the box [lo, lo + width]^2, the certified bound holds every value on a grid (independent
    floats), however loose it may be."""
    x, y = sp.symbols("x y")
    bound = upper_bound(expr, {x: (lo, lo + width), y: (lo, lo + width)})
    f = sp.lambdify([x, y], expr, modules="math")
    grid = np.linspace(lo, lo + width, 7)
    seen = []
    for a, b in itertools.product(grid, grid):
        try:
            seen.append(float(f(a, b)))
        except OverflowError:
            seen.append(float("inf"))
    if bound is None:
        return
    top = max(seen)
    assert float(bound) >= top - 1e-12 * max(1.0, abs(top))  # float rounding of the grid values only


def test_a_formula_of_enormous_degree_is_refused_before_any_work():
    before = budget.used_work()
    with pytest.raises(ValueError, match=r"loss: its powers reach degree 1000000 .* degree <= 1000"):
        from_sympy("nest", "(((theta - x)**100)**100)**100", "theta**2/2", theta="theta", data="x",
                   data_box={"x": (-1, 1)})
    assert budget.used_work() - before < 1000  # refused on the tree as parsed: nothing expanded or differentiated


def test_the_default_regulariser_follows_the_theta_names(capsys):
    from mileak.numeric.cli.main import main

    assert main(["leakage", "--loss", "log(1 + exp(-y*(a*u + b*v)))", "--theta", "a,b", "--data", "u,v,y",
                 "--box", "u=-1:1", "--box", "v=-1:1", "--values", "y=-1,1", "--param", "n=40", "--param", "lam=1/2",
                 "--param", "sigma=2"]) == 0
    out = capsys.readouterr().out
    assert "g 1-strongly convex:   [proved" in out and "L: 1.414213563  [certified (interval arithmetic)" in out
