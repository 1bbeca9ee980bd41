"""The contract every registered model family must meet."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from numeric.f1_scenario import F1Game
from proofs.families import FAMILIES

FAMS = list(FAMILIES.values())


@pytest.mark.parametrize("family", FAMS, ids=[f.name for f in FAMS])
def test_declares_parameters_loss_and_derivatives(family):
    for p in family.parameters:
        assert isinstance(p.domain, sp.Interval) and p.typical.is_subset(p.domain) and p.description
    grad, hess = family.gradient(), family.hessian()
    assert grad.shape == (len(family.theta), 1) and hess.shape == (len(family.theta),) * 2
    assert family.releases


@pytest.mark.parametrize("family", FAMS, ids=[f.name for f in FAMS])
def test_sampler_takes_a_generator_and_returns_records(family):
    data = family.sampler(np.random.default_rng(0), 7, p=3)
    assert data.shape == (7, 3) and np.all(np.isfinite(data))
    again = family.sampler(np.random.default_rng(0), 7, p=3)
    assert np.array_equal(data, again)


@pytest.mark.parametrize("family", FAMS, ids=[f.name for f in FAMS])
@pytest.mark.parametrize("name,value,message", [
    ("n", 1, r"n=1 must be in \[2, oo\)"),
    ("n", 2.5, "n=2.5 must be an integer"),
    ("lam", -1, r"lam=-1 must be in \[0, oo\)"),
    ("sigma", math.nan, "sigma=nan"),
    ("temperature", 1, "has no parameter 'temperature'"),
])
def test_bad_parameters_are_named(family, name, value, message):
    with pytest.raises(ValueError, match=message):
        family.validate(**{name: value})


def test_f1_closed_form_agrees_with_the_generic_route():
    """rho_KL closed form (sympy, THEORY.md) against the quadrature over z of the per-record KL."""
    from proofs.definitions.laws import P0, P1
    from proofs.definitions.quantities import KL

    family = FAMILIES["gaussian-mean"]
    for values in ({"n": 3, "lam": 0.5, "sigma": 0.7, "s": 2.3, "p": 4, "m": -1},
                   {"n": 150, "lam": 0, "sigma": 0, "s": 0.5, "p": 1, "m": 3}):
        closed = family.closed_form("rho_kl", **{k: v for k, v in values.items() if k != "m"})
        generic = F1Game(values).expectation(KL(P1, P0), {}, 30)
        with mpmath.workdps(50):
            assert abs(mpmath.mpf(str(sp.N(closed, 50))) - generic.value) <= generic.error + mpmath.mpf(10) ** -30
