"""Every registered plug-in keeps the typed contract of :mod:`mileak.numeric.families.plugin_contract`, and the
check itself catches each kind of breach (so it cannot pass vacuously)."""

from dataclasses import replace

import pytest

from mileak.numeric.families.plugin_contract import contract_problems
from mileak.numeric.families.registry import plugin, plugins

PLUGINS = plugins()


@pytest.mark.parametrize("plug", PLUGINS, ids=[p.name for p in PLUGINS])
def test_every_registered_plugin_keeps_the_contract(plug):
    assert contract_problems(plug) == []


@pytest.mark.parametrize("change, named", [
    ({"sampler": lambda rng: None}, "sampler cannot be called as Sampler(rng, size)"),
    ({"draw_record": lambda draw, p, extra: None}, "draw_record cannot be called"),
    ({"oracles": {"output": lambda rest, z: None}}, "oracles['output'] cannot be called as NeighbourOracle"),
    ({"oracles": {"posterior": lambda rest, z, z_prime, lam, noise, dps: None}}, "the family has no release 'posterior'"),
    ({"leakage_entries": 3}, "leakage_entries is a int, not callable"),
    ({"population_releases": ("output",), "batch_neighbour_kl": None}, "population_releases without batch_neighbour_kl"),
    ({"engine": dict}, "engine must be an Engine subclass"),
    ({"scenarios": {"f1": lambda rng: None}}, "scenarios['f1'] cannot be called as ScenarioFactory"),
])
def test_each_breach_is_named(change, named):
    broken = replace(plugin("gaussian-mean"), **change)
    assert any(named in problem for problem in contract_problems(broken)), contract_problems(broken)


def test_an_engine_that_implements_nothing_is_named():
    from mileak.numeric.families.engine import Engine

    class Hollow(Engine):
        family = plugin("gaussian-mean").family

    problems = contract_problems(replace(plugin("gaussian-mean"), engine=Hollow))
    assert {"engine Hollow does not implement draw_rest", "engine Hollow does not implement fit"} <= set(problems)
