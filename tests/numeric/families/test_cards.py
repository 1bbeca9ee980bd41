"""Family cards (numeric.families.cards): what ``leakage`` and ``families`` read about a family, kept without sympy.

The kept catalogue equals the cards made from the registry's plug-ins; a card survives JSON; an unreadable or
outdated kept file is made again; and warm, ``mileak families`` and ``mileak leakage gaussian-mean`` run in a
fresh process without importing sympy, printing what the full (sympy) path prints.
"""

import json
import os
import subprocess
import sys

import pytest

from mileak.numeric.core import cache_folder
from mileak.numeric.families import cards
from mileak.numeric.families.registry import plugins
from mileak.numeric.verify.leakage import leakage


@pytest.fixture
def fresh_cards(tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cards, "_CATALOGUE", {})
    return tmp_path


def test_the_kept_catalogue_is_the_registrys(fresh_cards):
    made = cards.catalogue_cards()
    assert sorted(made) == sorted(p.name for p in plugins())
    for plug in plugins():
        card = made[plug.name]
        assert card == cards.card_of(plug) == cards.FamilyCard.parse(json.loads(json.dumps(card.as_json())))
        assert [q.name for q in card.parameters] == [q.name for q in plug.family.parameters]
        assert all(q.bounds == p.bounds for q, p in zip(card.parameters, plug.family.parameters, strict=True))
        assert (card.leakage_entries is None) == (plug.leakage_entries is None)
        if plug.leakage_entries is not None:
            assert card.leakage_rows() is plug.leakage_entries  # found by name: the same function
    cards._CATALOGUE.clear()
    (path,) = fresh_cards.glob("family-cards-*.json")
    assert cards.catalogue_cards() == made  # read back


def test_an_unreadable_or_outdated_kept_catalogue_is_made_again(fresh_cards, monkeypatch):
    made = cards.catalogue_cards()
    (path,) = fresh_cards.glob("family-cards-*.json")
    for damaged in ([{"name": "gaussian-mean"}],  # JSON, but not a card
                    [{**made["gaussian-mean"].as_json(), "leakage_entries": "os:system"}]):  # names other code
        cache_folder.keep(path, damaged, "a damaged catalogue")  # sealed here: the contents are still checked
        cards._CATALOGUE.clear()
        assert cards.catalogue_cards() == made
    assert [c["name"] for c in cache_folder.read_kept(path)] == sorted(made)
    monkeypatch.setitem(cache_folder._PACKAGE_HASHES, "mileak.numeric.families", "a changed plug-in")
    cards._CATALOGUE.clear()
    assert cards.catalogue_cards() == made
    assert len(list(fresh_cards.glob("family-cards-*.json"))) == 2


def test_a_card_validates_as_the_family_does(fresh_cards):
    card = cards.catalogue_cards()["gaussian-mean"]
    fam = {p.name: p for p in plugins()}["gaussian-mean"].family
    for values in ({"n": 1}, {"s": 0}, {"p": 3 / 2}, {"lam": "1"}, {"q": 1}, {"n": 5, "m": -2}):
        outcomes = []
        for check in (card.validate, fam.validate):
            try:
                outcomes.append(check(**values))
            except (ValueError, TypeError) as exc:
                outcomes.append((type(exc), str(exc)))
        assert outcomes[0] == outcomes[1], values


def _run(args, cache, check_sympy=True):
    script = ("import sys; from mileak.numeric.cli import main; code = main(sys.argv[1:]); "
              + ("assert 'sympy' not in sys.modules, 'sympy imported'; " if check_sympy else "") + "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env={**os.environ, "MILEAK_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr[-1500:]
    return done.stdout


def test_warm_families_and_leakage_import_no_sympy_and_print_the_full_paths_report(tmp_path):
    cold = _run(["families", "--json", "-"], tmp_path, check_sympy=False)
    assert json.loads(_run(["families", "--json", "-"], tmp_path)) == json.loads(cold)
    listed = json.loads(cold)["families"]
    assert [f["name"] for f in listed] == sorted(p.name for p in plugins())  # the registry itself, independently
    by_name = {p.name: p for p in plugins()}
    for row in listed:
        assert [q["name"] for q in row["parameters"]] == [q.name for q in by_name[row["name"]].family.parameters]
    args = ["leakage", "gaussian-mean", "--param", "n=21", "--param", "sigma=1/3", "--param", "lam=1/7",
            "--param", "p=3", "--pi", "1/4", "--dps", "40", "--json", "-"]
    _run(args[:3] + ["n=5", "--json", "-"], tmp_path, check_sympy=False)  # keeps the cards and T1/T2's trees
    warm = json.loads(_run(args, tmp_path))
    from fractions import Fraction

    full = leakage("gaussian-mean", {"n": 21, "sigma": Fraction(1, 3), "lam": Fraction(1, 7), "p": 3},
                   dps=40, pi=Fraction(1, 4))  # this process has the registry: the cards come from it
    assert warm == {**json.loads(json.dumps(full)), "family": "gaussian-mean"}


def test_leakage_refuses_as_before_when_warm(tmp_path):
    _run(["leakage", "gaussian-mean", "--param", "n=5"], tmp_path, check_sympy=False)
    refused = ((["n=1.5"], "n=3/2 must be an int >= 1"), (["n=5", "q=1"], "has no parameter 'q'"),
               (["n=5", "s=0"], "s=0 must be in (0, oo)"),
               (["n=5", "m=-1e400"], "m='-1e400' has a decimal exponent beyond +-300"))
    for params, message in refused:
        done = subprocess.run([sys.executable, "-m", "mileak.numeric.cli", "leakage", "gaussian-mean",
                               *[x for p in params for x in ("--param", p)]], capture_output=True, text=True,
                              env={**os.environ, "MILEAK_CACHE_DIR": str(tmp_path)})
        assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


def test_a_family_registered_in_this_process_is_listed_but_never_kept(fresh_cards):
    import dataclasses

    from mileak.numeric.families.registry import plugin, register, unregister

    ridge = plugin("ridge")
    copy = dataclasses.replace(ridge, family=dataclasses.replace(ridge.family, name="ridge-again"))
    register(copy)
    try:
        assert "ridge-again" in [c.name for c in cards.family_cards()]  # the registry is imported: it is asked
        assert cards.family_card("ridge-again") == cards.card_of(copy)
        assert "ridge-again" not in cards.catalogue_cards()  # the kept catalogue is what was discovered
        (path,) = fresh_cards.glob("family-cards-*.json")
        assert "ridge-again" not in path.read_text()
    finally:
        unregister("ridge-again")


def test_a_registered_familys_own_rows_may_be_a_closure():
    import dataclasses

    from mileak.numeric.families.registry import plugin, register, unregister

    f1 = plugin("gaussian-mean")
    calls = []

    def rows(values, dps, pi):  # a closure: not importable by its name
        calls.append(values)
        return f1.leakage_entries(values, dps, pi)

    copy = dataclasses.replace(f1, family=dataclasses.replace(f1.family, name="f1-again"), leakage_entries=rows)
    register(copy)
    try:
        report = leakage("f1-again", {"n": 9, "p": 2})
        assert calls == [{"n": 9, "p": 2}] and report["family"] == "f1-again"
        assert report["entries"] == leakage("gaussian-mean", {"n": 9, "p": 2})["entries"]
    finally:
        unregister("f1-again")
