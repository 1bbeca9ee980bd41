"""Bad-input fuzzing of every public function of ``mileak`` (its ``__all__``, the one list of the public API).

For each function (a valid call and argument kinds in :mod:`.entry_points`),
each argument is replaced in turn by every out-of-domain or malformed value of
its kind, and by hypothesis-generated out-of-domain numbers. Each call must
raise ``ValueError`` or ``TypeError`` whose message names the argument; never
return (a NaN, an inf, or anything else), never leak another exception from
sympy/mpmath/numpy, never run past ``TIMEOUT`` seconds.
"""

from __future__ import annotations

import inspect
import math
import signal

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import mileak

from .entry_points import BAD, ENTRY_POINTS, NAMES

TIMEOUT = 20
VALID_CALL_TIMEOUT = 60  # a reference call may do real work (sympy proves L for logistic in ~14 s alone)
COUNTS = {"entry points": 0, "inputs": 0}


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def _public_functions():
    out = {}
    for name in mileak.__all__:
        obj = getattr(mileak, name)
        if inspect.isfunction(obj):
            out[f"mileak.{name}"] = obj
    return out


def _resolve(value, tmp_path):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        key = value[1:-1]
        if key == "engine":
            return mileak.make_engine("ridge", "output", {"n": 5, "lam": 0.1, "sigma": 1.0})
        if key == "symbols":
            return {"x": sp.Symbol("x", real=True)}
        if key == "logistic":
            return mileak.FAMILIES["logistic"]
    if isinstance(value, str) and "{tmp}" in value:
        return value.replace("{tmp}", str(tmp_path))
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "N":
        return mileak.normal_law(value[1], value[2])
    return value


def _call(fn, kwargs, seconds=TIMEOUT):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return fn(**kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _problem(qualname, fn, kwargs, arg, bad):
    """``None`` if the call refused ``bad`` properly, else what went wrong."""
    COUNTS["inputs"] += 1
    shown = f"{qualname}({arg}={bad!r:.60})"
    try:
        result = _call(fn, kwargs)
    except (ValueError, TypeError) as exc:
        text = str(exc)
        words = (arg,) + NAMES.get(arg, ())
        if not any(w in text for w in words):
            return f"{shown}: message does not name {arg}: {text[:200]}"
        if len(text.splitlines()) > 3:
            return f"{shown}: message is a traceback-like wall: {text[:200]}"
        return None
    except Hang:
        return f"{shown} ran past {TIMEOUT} s"
    except Exception as exc:  # noqa: BLE001 - that is the failure being tested for
        return f"{shown} raised {type(exc).__name__}: {str(exc)[:200]}"
    try:
        shown_result = str(result)[:100]
    except Exception as exc:  # noqa: BLE001 - a result that cannot even be printed
        shown_result = f"<unprintable: {type(exc).__name__}>"
    return f"{shown} returned {shown_result} instead of refusing"


def _check_rejected(qualname, fn, kwargs, arg, bad):
    problem = _problem(qualname, fn, kwargs, arg, bad)
    if problem:
        pytest.fail(problem)


def test_every_public_function_has_an_entry():
    missing = sorted(set(_public_functions()) - set(ENTRY_POINTS))
    stale = sorted(set(ENTRY_POINTS) - set(_public_functions()))
    assert not missing, f"public functions without a fuzz entry: {missing}"
    assert not stale, f"fuzz entries for functions that are not public: {stale}"


@pytest.mark.parametrize("qualname", sorted(ENTRY_POINTS))
def test_valid_call_works(qualname, tmp_path):
    """The reference call itself succeeds (so a refusal below is caused by the bad argument)."""
    valid, _ = ENTRY_POINTS[qualname]
    fn = _public_functions()[qualname]
    _call(fn, {k: _resolve(v, tmp_path) for k, v in valid.items()}, VALID_CALL_TIMEOUT)


@pytest.mark.parametrize("qualname", sorted(ENTRY_POINTS))
def test_bad_arguments_are_refused_and_named(qualname, tmp_path):
    valid, kinds = ENTRY_POINTS[qualname]
    fn = _public_functions()[qualname]
    params = inspect.signature(fn).parameters
    COUNTS["entry points"] += 1
    problems = []
    for arg, kind in kinds.items():
        assert arg in params or any(p.kind is p.VAR_KEYWORD for p in params.values()), f"{qualname} has no {arg}"
        for bad in BAD[kind]:
            kwargs = {k: _resolve(v, tmp_path) for k, v in valid.items()}
            kwargs[arg] = bad
            problems.append(_problem(qualname, fn, kwargs, arg, bad))
    problems = [p for p in problems if p]
    assert not problems, f"{len(problems)} bad inputs not refused properly:\n" + "\n".join(problems)


_NUMERIC = {"pos": st.floats(max_value=0.0) | st.sampled_from([math.nan, -math.inf, math.inf]),
            "prob": st.floats(min_value=1.0) | st.floats(max_value=0.0) | st.just(math.nan),
            "nonneg": st.floats(max_value=-1e-300) | st.just(math.nan)}
_NUMERIC_ARGS = sorted((q, a, k) for q, (_, kinds) in ENTRY_POINTS.items() for a, k in kinds.items() if k in _NUMERIC
                       and q not in ("mileak.sweep", "mileak.audit", "mileak.lambda_path",
                                     "mileak.falsify"))


@settings(max_examples=150)
@given(data=st.data())
def test_generated_out_of_domain_numbers_are_refused(data, tmp_path_factory):
    qualname, arg, kind = data.draw(st.sampled_from(_NUMERIC_ARGS))
    bad = data.draw(_NUMERIC[kind])
    valid, _ = ENTRY_POINTS[qualname]
    tmp = tmp_path_factory.mktemp("fuzz")
    kwargs = {k: _resolve(v, tmp) for k, v in valid.items()}
    kwargs[arg] = bad
    _check_rejected(qualname, _public_functions()[qualname], kwargs, arg, bad)


def test_zz_report_counts():
    print(f"\nfuzzed {COUNTS['entry points']} public entry points with {COUNTS['inputs']} bad inputs")
    assert COUNTS["entry points"] == len(ENTRY_POINTS) or COUNTS["entry points"] == 0
