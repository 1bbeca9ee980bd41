"""The contract every registered model family must meet (and a user family built from strings)."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from mileak.numeric.families.gaussian_mean.scenarios import F1Game
from mileak.numeric.families.registry import names, plugin
from mileak.proofs.core.expressions import as_expr
from mileak.proofs.families import FAMILIES
from mileak.proofs.families.sensitivity import t5_assumptions
from mileak.proofs.families.user_family import from_sympy

HUBER = from_sympy("huber-mean", "log(cosh(theta - x))", "theta**2/2", theta=["theta"], data=["x"],
                   data_box={"x": (-1, 1)})
FAMS = list(FAMILIES.values()) + [HUBER]
IDS = [f.name for f in FAMS]


@pytest.mark.parametrize("family", FAMS, ids=IDS)
def test_declares_parameters_loss_and_derivatives(family):
    for p in family.parameters:
        assert isinstance(p.domain, sp.Interval) and p.typical.is_subset(p.domain) and p.description
    grad, hess = family.gradient(), family.hessian()
    assert grad.shape == (len(family.theta), 1) and hess.shape == (len(family.theta),) * 2
    assert family.releases
    # the symbolic gradient is the derivative of the loss: checked at a point by a finite difference
    point = {s: sp.Rational(1, 3) for s in family.z} | {t: sp.Rational(2, 7) for t in family.theta}
    t0 = family.theta[0]
    h = sp.Rational(1, 10**12)
    fd = (family.loss.subs({**point, t0: point[t0] + h}) - family.loss.subs({**point, t0: point[t0] - h})) / (2 * h)
    assert abs(sp.N(fd - grad[0].subs(point), 40)) < 1e-20


@pytest.mark.parametrize("family", FAMS, ids=IDS)
def test_sampler_takes_a_generator_and_returns_records(family):
    params = {"p": 3} if any(p.name == "p" for p in family.parameters) else {}
    data = plugin(family).sample(np.random.default_rng(0), 7, **params)
    assert data.shape == (7, family.record_width(params.get("p", 1))) and np.all(np.isfinite(data))
    assert np.array_equal(data, plugin(family).sample(np.random.default_rng(0), 7, **params))
    for sym, (lo, hi) in family.data_box.items():  # records respect the declared data domain
        col = family.z.index(sym)
        bound = {p.symbol: 1 for p in family.parameters}
        lo, hi = float(as_expr(lo).xreplace(bound)), float(as_expr(hi).xreplace(bound))
        if family.name != "logistic":
            assert np.all((data[:, col] >= lo) & (data[:, col] <= hi))


def test_a_sampler_returning_the_wrong_shape_is_named():
    bad = from_sympy("bad", "(theta - x)**2/2", "theta**2/2", theta=["theta"], data=["x"],
                     sampler=lambda rng, size, **_: np.zeros((size, 2)))
    with pytest.raises(ValueError, match=r"sampler of family 'bad' returned shape \(4, 2\); expected \(4, 1\)"):
        plugin(bad).sample(np.random.default_rng(0), 4)


def test_every_catalogue_family_has_its_numeric_plug_in():
    """proofs' catalogue and the numeric registry list the same families, each plug-in holding that very Family."""
    assert sorted(FAMILIES) == names()
    for name, family in FAMILIES.items():
        plug = plugin(name)
        assert plug.family is family and plug.sampler is not None
        assert set(plug.oracles) <= set(family.releases) and set(plug.population_releases) <= set(family.releases)


BAD_PARAMETERS = [
    ("n", 0, r"n=0 must be in \[(1|2), oo\)"),
    ("n", 2.5, "n=2.5 must be an integer"),
    ("lam", -1, r"lam=-1 must be in [\[(]0, oo\)"),
    ("sigma", math.nan, "sigma=nan"),
    ("temperature", 1, "has no parameter 'temperature'"),
]


@pytest.mark.parametrize("family,name,value,message", [  # each family, with the parameters it declares
    pytest.param(f, *case, id=f"{f.name}-{case[0]}={case[1]}") for f in FAMILIES.values() for case in BAD_PARAMETERS
    if case[0] == "temperature" or case[0] in {p.name for p in f.parameters}])
def test_bad_parameters_are_named(family, name, value, message):
    with pytest.raises(ValueError, match=message):
        family.validate(**{name: value})


NOT_STRONGLY_CONVEX = {"beta-bernoulli"}  # g'' = sigma (1 - sigma) <= 1/4: T5 does not apply, and sympy says so


@pytest.mark.parametrize("family", FAMS, ids=IDS)
def test_t5_convexity_assumptions_are_decided(family):
    outcomes = t5_assumptions(family, **({"R": 1} if family.name == "logistic" else {}))
    regulariser = "falsified" if family.name in NOT_STRONGLY_CONVEX else "proved"
    assert [o.status.value for _, o in outcomes] == ["proved", regulariser]
    if regulariser == "falsified":
        assert outcomes[1][1].witness  # refuted at a point, shown


def test_a_nonconvex_loss_fails_the_t5_assumption():
    fam = from_sympy("nonconvex", "cos(theta - x)", "theta**2/2", theta=["theta"], data=["x"], data_box={"x": (-1, 1)})
    (_, loss_convex), (_, reg) = t5_assumptions(fam)
    assert loss_convex.status.value != "proved" and reg.status.value == "proved"


def test_f1_closed_form_agrees_with_the_generic_route():
    """rho_KL closed form (sympy, docs/theory.md) against the quadrature over z of the per-record KL."""
    family = FAMILIES["gaussian-mean"]
    from mileak.proofs.definitions.laws import P0, P1
    from mileak.proofs.definitions.quantities import KL

    for values in ({"n": 3, "lam": 0.5, "sigma": 0.7, "s": 2.3, "p": 4, "m": -1},
                   {"n": 150, "lam": 0, "sigma": 0, "s": 0.5, "p": 1, "m": 3}):
        closed = family.closed_form("rho_kl", **{k: v for k, v in values.items() if k != "m"})
        generic = F1Game(values).expectation(KL(P1, P0), {}, 30)
        with mpmath.workdps(50):
            assert abs(mpmath.mpf(str(sp.N(closed, 50))) - generic.value) <= generic.error + mpmath.mpf(10) ** -30


@pytest.mark.parametrize("family", list(FAMILIES.values()), ids=list(FAMILIES))
def test_lipschitz_closed_form_agrees_with_the_generic_route(family):
    """Each family's declared L (closed form) against the generic route of proofs.families.sensitivity:
    a finite L is proved by sympy at the same value; L = oo is reported unbounded."""
    from mileak.proofs.families.sensitivity import lipschitz_constant

    values = {"R": 1} if "R" in {q.name for q in family.parameters} else {}
    declared = family.closed_form("lipschitz", **values)
    generic = lipschitz_constant(family, **values)
    if declared == sp.oo:
        assert generic.status == "unbounded"
    else:
        assert generic.status == "proved" and generic.value == declared
