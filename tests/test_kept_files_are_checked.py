"""Nothing read back from the cache folder makes a verdict or a digit unchecked (issue: caches that cannot
forge a verdict). Each tampering a hostile pass tried: a swapped entry, an edit that keeps the JSON valid, a
truncated file, a file written with another user's key, a crafted pickle; for the decision records, the kept
lowered statements and the family cards. (What the key's owner writes is out of reach of any check, as is what
they write into the package's code.)"""

import json
import pickle

import pytest

from mileak.numeric.core import cache_folder
from mileak.proofs.core.budget import DEFAULT_STEP_WORK


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MILEAK_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    return tmp_path / "cache"


def _record_path(claim_id, budget=DEFAULT_STEP_WORK):
    from mileak.numeric.verify.proof_cache import _path
    from mileak.proofs.theorems import REGISTRY

    return _path(REGISTRY.claim(claim_id), budget)


def _reseal(path, payload):
    """What a user holding the key could write: any payload, sealed for ``path``'s name."""
    cache_folder.keep(path, payload, "a forged entry")


def _verify(ids, **kw):
    from mileak.numeric.verify.driver import verify

    return verify(ids, cache=True, jobs=1, numeric=False, **kw)


def test_a_swapped_entry_proves_its_own_claim_again_and_derive_prints_its_own_steps(cache, capsys):
    from mileak.numeric.cli.main import main

    _verify(["T1.kl", "T5.shift"])
    own = capsys.readouterr()
    source, target = _record_path("T1.kl"), _record_path("T5.shift")
    target.write_bytes(source.read_bytes())  # T1.kl's sealed entry under T5.shift's name: its seal names T1's file
    row = _verify(["T5.shift"])[0]
    assert row.passed and not row.cached  # proved again from scratch, not believed
    doc = json.loads(source.read_text())
    _reseal(target, json.loads(doc["body"]))  # sealed for T5's name too: its claim id and content still differ
    row = _verify(["T5.shift"])[0]
    assert row.passed and not row.cached
    assert main(["derive", "T5.shift", "--no-cache"]) == 0
    fresh = capsys.readouterr().out
    _reseal(target, {**json.loads(doc["body"]), "claim": "T5.shift"})  # and its id: the content hash still differs
    assert main(["derive", "T5.shift"]) == 0
    assert capsys.readouterr().out.split("\n(")[0].rstrip("\n") == fresh.rstrip("\n")  # T5's own steps under T5's statement
    del own


def test_a_record_copied_to_another_budget_is_not_read_and_the_verdict_stays_sympys(cache):
    """The full-budget run's record, copied onto the 2,000-operation budget's name: its seal names the other file,
    so it is not read; the claim is decided by sympy within 2,000 operations, as without a cache. A record whose
    questions do not match (a claim's entry replayed for another claim) is answered by sympy from the first
    question that differs, so the verdict is sympy's."""
    from mileak.numeric.verify.proof_cache import FORMAT, content_hash
    from mileak.proofs.theorems import REGISTRY

    assert _verify(["T1.entropy"])[0].passed
    _record_path("T1.entropy", 2000).write_bytes(_record_path("T1.entropy").read_bytes())
    row = _verify(["T1.entropy"], step_budget=2000)[0]
    from mileak.numeric.verify.driver import verify

    alone = verify(["T1.entropy"], cache=False, jobs=1, numeric=False, step_budget=2000)[0]
    assert not row.cached and row.passed == alone.passed
    assert [s.outcome for s in row.proof.steps] == [s.outcome for s in alone.proof.steps]
    assert _verify(["T2.roc"])[0].passed
    other = json.loads(json.loads(_record_path("T2.roc").read_text())["body"])["decisions"]
    _reseal(_record_path("T1.entropy"), {"format": FORMAT, "claim": "T1.entropy",
                                        "content": content_hash(REGISTRY.claim("T1.entropy")), "decisions": other})
    row = _verify(["T1.entropy"])[0]
    assert row.passed  # T2's answers fit none of T1's questions: every decision was sympy's


@pytest.mark.parametrize("damage", ["edited", "truncated", "foreign key", "pickle"])
def test_a_damaged_or_foreign_entry_is_computed_again(cache, tmp_path, monkeypatch, damage):
    _verify(["T2.roc"])
    path = _record_path("T2.roc")
    marker = tmp_path / "ran"
    if damage == "edited":  # valid JSON, the body changed but not the seal
        doc = json.loads(path.read_text())
        body = json.loads(doc["body"])
        for entry in body["decisions"]:
            entry["status"] = "falsified"
        doc["body"] = json.dumps(body)
        path.write_text(json.dumps(doc))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:40])
    elif damage == "foreign key":  # written by another user, or restored from another machine's cache
        monkeypatch.setenv("MILEAK_KEY_FILE", str(tmp_path / "other" / "cache-key"))
        path.unlink()
        _verify(["T2.roc"])
        monkeypatch.setenv("MILEAK_KEY_FILE", str(tmp_path / "config" / "cache-key"))
    else:  # a crafted pickle that would leave a file if it ran
        path.write_bytes(pickle.dumps(_Leaves(str(marker))))
    row = _verify(["T2.roc"])[0]
    assert row.passed and not row.cached and not marker.exists()
    assert _verify(["T2.roc"])[0].cached  # and kept again, sealed here


class _Leaves:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_an_edited_lowered_statement_never_changes_a_certified_digit(cache):
    """The T1 bound's kept tree edited (still a valid tree, sealed or not): the bound is lowered again."""
    from fractions import Fraction

    from mileak.numeric.measures import kept_statements
    from mileak.numeric.measures.registered_bounds import t1_bounds

    def bound():
        return t1_bounds(Fraction(1, 2), Fraction(1, 100))["kl"]

    kept_statements._READ.clear()
    honest = bound()
    path = kept_statements._path()
    doc = json.loads(path.read_text())
    body = json.loads(doc["body"])
    for key in body:
        body[key] = ["mul", ["num", 2, 1], body[key]]  # twice the bound
    doc["body"] = json.dumps(body)
    path.write_text(json.dumps(doc))
    kept_statements._READ.clear()
    assert bound() == honest
    kept_statements._READ.clear()


def test_an_edited_family_card_never_widens_a_domain(cache):
    from mileak.numeric.families import cards

    cards._CATALOGUE.clear()
    honest = cards.catalogue_cards()["gaussian-mean"]
    path = cards._path()
    doc = json.loads(path.read_text())
    doc["body"] = doc["body"].replace('"gaussian-mean"', '"gaussian-mean-forged"')
    path.write_text(json.dumps(doc))
    cards._CATALOGUE.clear()
    assert cards.catalogue_cards()["gaussian-mean"] == honest and "gaussian-mean-forged" not in cards.catalogue_cards()
    cards._CATALOGUE.clear()


def test_with_no_place_for_a_key_nothing_is_kept_or_read(tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path / "cache"))
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MILEAK_KEY_FILE", str(blocker / "cache-key"))  # under a file: cannot be made
    rows = _verify(["T2.roc"]) + _verify(["T2.roc"])
    assert all(r.passed and not r.cached for r in rows)
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
