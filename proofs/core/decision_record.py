"""A claim's decisions, recorded while it is proved, answered from the record when it is checked again.

A derivation's steps call the decider (:mod:`mileak.proofs.core.decide`) tens of times, and those decisions are
nearly all of a proof's time (sympy's simplifications). While a claim is checked inside :func:`recording`,
each decision leaves an entry: the *fingerprint* of its question (a SHA-256 of sympy's ``srepr`` of the
expression decided, of what is asked, ``== 0`` or ``>= 0``, and of the domains) and its outcome (status,
detail, witness). Inside :func:`replaying`, a decision whose fingerprint is the next entry's takes that
entry's outcome; the first decision that differs (another question: the claim, a lemma or sympy changed) ends
the replay, and it and every later decision are decided by sympy. Everything else a derivation does (its
facts, lemmas, limits, what ``mileak derive`` prints) is computed from the claim itself each time.

An outcome is only ever taken for the very question it answered, and only from a record the caller checked
came from this user's own run (:mod:`mileak.numeric.verify.proof_cache` keeps records sealed with an HMAC of a
key kept outside the cache folder). Contexts nest (a claim used by a step is checked inside its own recording
and replay) and are per thread.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> with recording() as record:
...     answer(x + 1, "nonneg", {}, lambda: "decided")
'decided'
>>> len(record), record[0]["status"] is None  # the outcome is filled in by the decider (here a stand-in)
(1, True)
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager

from mileak.proofs.core.status import Outcome, Status

_STATE = threading.local()


def _stack(name: str) -> list:
    if not hasattr(_STATE, name):
        setattr(_STATE, name, [])
    return getattr(_STATE, name)


@contextmanager
def recording():
    """Collect the entries of the decisions made inside (a list, in the order the decisions began)."""
    record: list = []
    stack = _stack("recording")
    stack.append(record)
    try:
        yield record
    finally:
        stack.pop()


@contextmanager
def replaying(record):
    """Answer the decisions made inside from ``record`` (entries as :func:`recording` left them), in order."""
    stack = _stack("replaying")
    stack.append({"entries": list(record), "next": 0, "broken": False})
    try:
        yield
    finally:
        stack.pop()


def fingerprint(expr, want: str, domains: dict) -> str:
    """SHA-256 of the question: the expression (``srepr``: names, assumptions, structure), ``want``, the domains."""
    import sympy as sp

    parts = [sp.srepr(expr), want, *sorted(f"{sp.srepr(s)}:{sp.srepr(d)}" for s, d in domains.items())]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _as_outcome(entry) -> Outcome | None:
    """The outcome of a well-formed entry, else ``None``."""
    try:
        status = Status(entry["status"])
        detail, witness = entry["detail"], entry["witness"]
    except (KeyError, TypeError, ValueError):
        return None
    if status is Status.TIMED_OUT or not isinstance(detail, str) or not isinstance(witness, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in witness.items()):
        return None
    return Outcome(status, detail, dict(witness))


def _replayed(question: str) -> Outcome | None:
    stack = _stack("replaying")
    if not stack or stack[-1]["broken"]:
        return None
    replay = stack[-1]
    entries, i = replay["entries"], replay["next"]
    entry = entries[i] if i < len(entries) else None
    outcome = _as_outcome(entry) if isinstance(entry, dict) and entry.get("question") == question else None
    if outcome is None:
        replay["broken"] = True  # another question from here on: sympy decides the rest
        return None
    inner = entry.get("inner", 0)
    if isinstance(inner, bool) or not isinstance(inner, int) or not 0 <= inner < len(entries) - i:
        replay["broken"] = True
        return None
    replay["next"] = i + 1 + inner  # the decisions it made itself are not made again
    return outcome


def answer(expr, want: str, domains: dict, decide):
    """``decide()``'s outcome for the question ``(expr, want, domains)``, or the replayed one; recorded when
    recording. The entry is reserved when the decision begins, so the decisions it makes itself (a case
    split's, an endpoint's) come after it, as they are replayed."""
    recording_stack, replaying_stack = _stack("recording"), _stack("replaying")
    if not recording_stack and not replaying_stack:
        return decide()
    question = fingerprint(expr, want, domains)
    entry = {"question": question, "status": None, "detail": "", "witness": {}, "inner": 0}
    record = recording_stack[-1] if recording_stack else None
    if record is not None:
        record.append(entry)
    start = len(record) if record is not None else 0
    out = _replayed(question)
    if out is None:
        out = decide()
    if record is not None:
        entry["inner"] = len(record) - start
    if isinstance(out, Outcome):
        entry.update(status=out.status.value, detail=out.detail, witness={str(k): str(v) for k, v in
                                                                          (out.witness or {}).items()})
    return out
