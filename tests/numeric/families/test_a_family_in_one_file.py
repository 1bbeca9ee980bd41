"""A new model family defined in this file alone (its proofs part and its numeric plug-in), then every
command runs on it with no other file touched: leakage, the T5 check, the falsifier (pointwise and
population), the simulator with LiRA and loss attacks, and a sweep.

The family: robust location with the log-cosh loss ``log cosh(theta - z)`` (convex, ``|d/dtheta| <= 1``,
so ``L = 1``), ``g = theta^2 / 2``, population ``z ~ U(-a, a)``. Its engine is its own (a batched
one-dimensional Newton), so the test also shows a dedicated engine behind the plug-in interface.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import mileak
from mileak.numeric.core.certified import Certified
from mileak.numeric.families.engine import Engine
from mileak.numeric.families.generic.erm import neighbour_output_kl
from mileak.numeric.families.plugin import FamilyPlugin
from mileak.numeric.families.registry import names, register, unregister
from mileak.proofs.core.parameters import Parameter
from mileak.proofs.families.family import Family

# ---- the proofs part: parameters declared once, loss and regulariser, closed form of L -------------------
N = Parameter("n", sp.Interval(1, sp.oo), typical=sp.Interval(5, 50), integer=True, description="training-set size")
LAM = Parameter("lam", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 10), 1), description="weight")
SIGMA = Parameter("sigma", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 2), description="noise")
A = Parameter("a", sp.Interval.open(0, sp.oo), typical=sp.Interval(sp.Rational(1, 2), 2), description="half-width")
theta, z = sp.Symbol("theta", real=True), sp.Symbol("z", real=True)
LOGCOSH = Family(name="logcosh-location", title="robust location, log-cosh loss", parameters=(N, LAM, SIGMA, A),
                 theta=(theta,), z=(z,), loss=sp.log(sp.cosh(theta - z)), regularizer=theta**2 / 2,
                 releases=("exact", "output"), record_width=lambda p: 1, data_box={z: (-A.symbol, A.symbol)},
                 closed_forms={"lipschitz": lambda **v: 1})


# ---- the numeric part: sampler, engine, oracles, falsifier records ----------------------------------------
def sample(rng, size, a=1.0, **_):
    return rng.uniform(-float(a), float(a), size=(int(size), 1))


class LogCoshEngine(Engine):
    family, sampler, releases = LOGCOSH, staticmethod(sample), ("exact", "output")

    def defaults(self):
        return {"a": 1.0}

    def draw_rest(self, rng, batch):
        return self.records(rng, (batch, self.n - 1))

    def fit(self, rest, extras):
        lam, k = float(self.values["lam"]), extras.shape[1]
        data = np.concatenate([np.repeat(rest[:, None, :, 0], k, axis=1), extras[..., 0][..., None]], axis=2)
        t = np.zeros(data.shape[:2])
        for _ in range(60):  # F = mean log cosh(t - z) + lam t^2 / 2 is (lam)-strongly convex: Newton converges
            th = np.tanh(t[..., None] - data)
            g, h = th.mean(-1) + lam * t, (1 - th**2).mean(-1) + lam
            t = t - g / h
        g = np.tanh(t[..., None] - data).mean(-1) + lam * t
        return t[..., None], np.abs(g) <= 1e-10 * lam

    def loss(self, theta, z):
        return np.log(np.cosh(theta[..., 0] - z[..., 0]))


def oracle(rest, zr, zp, lam, noise, dps):
    return Certified.from_interval(neighbour_output_kl(LOGCOSH, rest, zr, zp, float(lam), noise, dps), dps), None


def batch_kl(rest, zr, zp, lam, release, noise, p, values=None):
    engine = LogCoshEngine(n=rest.shape[1] + 1, lam=float(lam), sigma=float(noise))
    theta, ok = engine.fit(rest, np.stack([zr, zp], axis=1))
    assert ok.all()
    return (theta[:, 0, 0] - theta[:, 1, 0]) ** 2 / (2 * noise**2)


def draw_record(draw, p):
    from hypothesis import strategies as st

    return [Fraction(draw(st.integers(-3, 3)), 3)]


PLUGIN = FamilyPlugin(family=LOGCOSH, sampler=sample, engine=LogCoshEngine, oracles={"output": oracle},
                      batch_neighbour_kl=batch_kl, population_releases=("output",), draw_record=draw_record)


@pytest.fixture(scope="module", autouse=True)
def registered():
    register(PLUGIN)
    yield
    unregister(PLUGIN.name)


def test_it_is_registered_beside_the_catalogue():
    assert "logcosh-location" in names() and {"gaussian-mean", "ridge", "logistic"} <= set(names())


def test_leakage_reads_L_from_the_closed_form_and_gives_t5_and_t2():
    r = mileak.leakage("logcosh-location", {"n": 20, "lam": Fraction(1, 2), "sigma": 1, "a": 1}, dps=20, trials=200)
    rows = {e["quantity"]: e for e in r["entries"]}
    bound = rows["T5 bound on rho_KL"]
    assert bound["status"] == "certified" and "L = 1" in bound["source"]
    assert abs(float(bound["value"]) - 2 / (20**2 * 0.25)) < 1e-15  # 2 L^2 / (n^2 lam^2 sigma^2)
    mean = float(rows["E[neighbouring KL] (output; >= rho_KL by joint convexity)"]["value"].split()[0])
    assert 0 < mean < float(bound["value"])


def test_the_t5_check_holds_on_sampled_data():
    bound, kls = mileak.t5_check("logcosh-location", 1, n=10, lam=0.5, sigma=1.0, trials=3, dps=20, a=1)
    assert all(k.b < bound for k in kls)


def test_the_falsifier_runs_both_forms():
    r = mileak.falsify("T4", "logcosh-location", "output", budget=40, trials=200, seed=0, paper=(1, 20, 8))
    assert r["family"] == "logcosh-location" and r["neighbour_averaged"]
    assert {row["verdict"] for row in r["neighbour_averaged"]} <= {"rises", "falls", "inconclusive"}
    assert len(r["paper_rho_kl"]) == len(r["paper_rho_mi"]) == 1  # the paper's quantities too (a small budget)


def test_simulate_with_lira_and_loss_attacks_stays_under_the_bounds():
    r = mileak.simulate("logcosh-location", {"n": 10, "lam": 0.5, "sigma": 0.5}, trials=2000, shadows=8, seed=1)
    assert {"lira", "loss"} <= set(r["attacks"]) and not r["exceeded"]
    assert any(b["name"] == "T2 from T5" for b in r["bounds"])  # L = 1 from the family's closed form


def test_a_sweep_runs_on_it(tmp_path):
    r = mileak.sweep("logcosh-location", {"n": [5, 10]}, {"lam": 0.5, "sigma": 0.5}, str(tmp_path / "sw"), trials=400,
                     shadows=0)
    assert [p["point"]["n"] for p in r["points"]] == [5, 10]
