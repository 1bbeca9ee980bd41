"""Statements lowered to JSON trees (numeric.measures.lowered) and kept (numeric.measures.kept_statements).

The lowered walker and the sympy walker share one table of enclosures, so on every elementary expression they
must give the *same* interval, bit for bit; T1's and T2's bounds evaluated from the kept trees must equal the
registered statements evaluated by sympy; a kept file that cannot be read is lowered again.
"""

import json

import mpmath
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from mileak.numeric.core import cache_folder
from mileak.numeric.measures import kept_statements
from mileak.numeric.measures.evaluate import evaluate, lower
from mileak.numeric.measures.lowered import evaluate_lowered
from mileak.numeric.measures.registered_bounds import success_bounds, t1_bounds
from mileak.numeric.measures.scenarios import ParameterPoint
from mileak.proofs.definitions.laws import P0, P1
from mileak.proofs.definitions.quantities import KL, TV, Expect
from mileak.proofs.theorems import REGISTRY

X, Y = sp.symbols("x y", positive=True)
_LEAVES = st.sampled_from([X, Y, sp.Rational(3, 7), sp.Integer(2), sp.pi, sp.E, sp.Float("0.125")])


def _grow(children):
    unary = st.sampled_from([sp.log, sp.exp, sp.Abs, sp.erf, lambda a: sp.sqrt(a * a + 1), lambda a: a ** -3,
                             lambda a: (a * a + 1) ** sp.Rational(-1, 2), lambda a: (a * a + 1) ** sp.Rational(2, 3),
                             lambda a: sp.LambertW(a * a), lambda a: sp.erfinv(sp.erf(a) / 2)])
    binary = st.sampled_from([sp.Add, sp.Mul, sp.Max, sp.Min, lambda a, b: a ** 2 + b ** 3])
    return st.one_of(st.builds(lambda f, a: f(a), unary, children),
                     st.builds(lambda f, a, b: f(a, b), binary, children, children))


EXPRESSIONS = st.recursive(_LEAVES, _grow, max_leaves=6)
POSITIVE = st.fractions(min_value=0, max_value=5, max_denominator=50).filter(lambda f: f > 0)


@given(expr=EXPRESSIONS, x=POSITIVE, y=POSITIVE, dps=st.sampled_from([15, 30, 50]))
def test_the_lowered_tree_gives_the_sympy_walkers_interval_bit_for_bit(expr, x, y, dps):
    values = {"x": mpmath.mpf(x.numerator) / x.denominator, "y": mpmath.mpf(y.numerator) / y.denominator}
    try:
        expected = evaluate(expr, ParameterPoint(), values, dps=dps)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:  # the same refusal, by both walkers
        with pytest.raises(type(exc)):
            evaluate_lowered(json.loads(json.dumps(lower(expr))), values, dps=dps)
        return
    got = evaluate_lowered(json.loads(json.dumps(lower(expr))), values, dps=dps)  # through JSON, as kept
    assert (got.a, got.b) == (expected.a, expected.b), (expr, values)


BOUNDS = [("T1.kl", {"rho_kl": Expect(KL(P1, P0))}), ("T1.entropy", {}),
          ("T1.jeffreys", {"rho_kl": Expect(KL(P1, P0)), "rho_kl_reverse": Expect(KL(P0, P1))}),
          ("T2.success_pinsker", {"rho_kl": Expect(KL(P1, P0))}), ("T2.success_bh", {"rho_kl": Expect(KL(P1, P0))}),
          ("T2.success_tv", {"e_tv": Expect(TV(P1, P0))})]


def _by_sympy(claim_id, atoms, numbers, pi, dps):
    """The registered right-hand side evaluated by the sympy walker, the atoms replaced by symbols here."""
    names = {expr: sp.Symbol(f"atom_{name}") for name, expr in atoms.items()}
    rhs = REGISTRY.claim(claim_id).statement.rhs.xreplace(names)
    vals = {"pi": pi, **{f"atom_{name}": numbers[name] for name in atoms}}
    return evaluate(rhs, ParameterPoint(), vals, dps=dps)


@given(pi=st.sampled_from([mpmath.mpf("1e-9"), mpmath.mpf(1) / 3, mpmath.mpf("0.5"), 1 - mpmath.mpf("1e-9")]),
       d10=st.fractions(0, 40, max_denominator=10**6), d01=st.fractions(0, 40, max_denominator=10**6),
       tv=st.fractions(0, 1, max_denominator=10**6), dps=st.sampled_from([15, 30, 60]))
def test_t1_and_t2_bounds_from_kept_trees_equal_the_registered_statements(pi, d10, d01, tv, dps):
    numbers = {name: mpmath.mpf(f.numerator) / f.denominator for name, f in
               (("rho_kl", d10), ("rho_kl_reverse", d01), ("e_tv", tv))}
    got = {**t1_bounds(pi, numbers["rho_kl"], numbers["rho_kl_reverse"], dps=dps),
           **success_bounds(pi, rho_kl=numbers["rho_kl"], tv=numbers["e_tv"], dps=dps)}
    keys = {"T1.kl": "kl", "T1.entropy": "entropy", "T1.jeffreys": "jeffreys", "T2.success_pinsker": "pinsker",
            "T2.success_bh": "bh", "T2.success_tv": "tv"}
    for claim_id, atoms in BOUNDS:
        x = _by_sympy(claim_id, atoms, numbers, pi, dps)
        c = got[keys[claim_id]]
        with mpmath.workdps(dps + 30):
            if claim_id.startswith("T2") and x.a > 1:  # capped at 1 (docs/theory.md T2)
                assert c.value == 1 and c.error == 0
            else:
                assert c.value - c.error <= x.a and x.b <= c.value + c.error, claim_id


def test_a_kept_file_is_read_back_and_an_unreadable_one_is_lowered_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(kept_statements, "_READ", {})
    first = kept_statements.lowered_rhs("T1.kl", ("rho_kl",))
    (path,) = tmp_path.glob("lowered-statements-*.json")
    assert cache_folder.read_kept(path) == {"T1.kl|rho_kl": first}  # sealed JSON
    monkeypatch.setattr(kept_statements, "_lower", lambda *a: pytest.fail("lowered although kept"))
    monkeypatch.setattr(kept_statements, "_READ", {})
    assert kept_statements.lowered_rhs("T1.kl", ("rho_kl",)) == first  # read back, not lowered
    path.write_text("{not json")
    monkeypatch.undo()
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(kept_statements, "_READ", {})
    assert kept_statements.lowered_rhs("T1.kl", ("rho_kl",)) == first
    assert cache_folder.read_kept(path) == {"T1.kl|rho_kl": first}  # sealed JSON  # lowered again and kept


def test_a_changed_symbolic_layer_is_a_different_kept_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(kept_statements, "_READ", {})
    kept_statements.lowered_rhs("T1.entropy", ())
    monkeypatch.setitem(cache_folder._PACKAGE_HASHES, "mileak.proofs", "a changed symbolic layer")
    monkeypatch.setattr(kept_statements, "_READ", {})
    kept_statements.lowered_rhs("T1.entropy", ())
    assert len(list(tmp_path.glob("lowered-statements-*.json"))) == 2


@pytest.mark.parametrize("atoms, message", [(("kl",), "atom 'kl' must be one of rho_kl, rho_kl_reverse, e_tv")])
def test_an_unknown_atom_is_refused_by_name(atoms, message):
    with pytest.raises(ValueError, match=message):
        kept_statements.lowered_rhs("T1.kl", atoms)


MALFORMED = [["nope"], [], "x", None, ["const", "tau"], ["pow", ["num", 1, 1]], ["num", 1], ["num", 1, 0],
             ["num", "1", 2], ["add"], ["log", ["sym", 3]], ["pow", ["num", 1, 1], ["num", 1, 1], 2, "x"]]


@pytest.mark.parametrize("tree", MALFORMED)
def test_a_malformed_tree_is_refused(tree):
    with pytest.raises(ValueError, match="not a lowered statement"):
        evaluate_lowered(tree, {}, dps=20)


@pytest.mark.parametrize("tree", MALFORMED)
def test_a_kept_malformed_tree_is_lowered_again(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("MILEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(kept_statements, "_READ", {})
    good = kept_statements.lowered_rhs("T1.kl", ("rho_kl",))
    (path,) = tmp_path.glob("lowered-statements-*.json")
    path.write_text(json.dumps({"T1.kl|rho_kl": tree}))
    monkeypatch.setattr(kept_statements, "_READ", {})
    assert kept_statements.lowered_rhs("T1.kl", ("rho_kl",)) == good
