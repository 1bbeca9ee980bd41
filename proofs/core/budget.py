"""Budgets for proof search counted in work, so the same step gets the same verdict on any machine.

``within_budget(fn, work, seconds)`` returns ``fn()``, or raises

* :class:`WorkExhausted` once ``fn`` has built ``work`` sympy objects (every call of sympy's
  ``Basic.__new__``, counted by :mod:`mileak.proofs.core.work_meter`). The count depends on the
  expressions and sympy's version, not on the clock or the machine's load: a step over it is
  UNPROVED "used its work budget", the same on a fast, a slow or a busy machine;
* :class:`TimedOut` once ``seconds`` of wall time have passed: a safety net against a step that
  spins without building sympy objects (a long polynomial loop on plain integers). Its verdict is
  **TIMED_OUT**, never UNPROVED or FALSIFIED: it says the machine ran out of patience, not what the
  mathematics is, and ``mileak verify`` exits non-zero on it.

The outermost level clears sympy's cache first, so what a step costs does not depend on what ran before it
in the process (which claim a worker happened to check first). Levels nest: each has its own limit on the
shared count (:mod:`mileak.proofs.core.work_count`) and its own deadline; the first reached raises at the
level that owns it. The wall clock is enforced with ``SIGALRM`` in a process's main thread only (elsewhere a step is
bounded by its work alone); the work count everywhere.

The interrupt travels as a ``BaseException`` until it reaches its own level, so a library's
``except Exception`` on the way cannot swallow it; where it is swallowed all the same, the next sympy
object raises it again (work), or the alarm repeats every ``REPEAT_S`` (wall time).

>>> within_budget(lambda: 1 + 1, 1000)
2
>>> import sympy
>>> x = sympy.Symbol("x")
>>> within_budget(lambda: sympy.expand((x + 1) ** 200), 500)
Traceback (most recent call last):
...
mileak.proofs.core.budget.WorkExhausted: used its work budget of 500 sympy operations
"""

from __future__ import annotations

import math
import signal
import threading
import time

from mileak.proofs.core import work_count

DEFAULT_STEP_WORK = 1_000_000  # sympy objects a step may build; verify's largest step builds about 125,000
DEFAULT_STEP_TIMEOUT_S = 600.0  # the safety net: a step on verify's largest budget takes 10-60 s on 2026 laptops
MAX_STEP_WORK = 10**12
MAX_STEP_TIMEOUT_S = 86400.0
REPEAT_S = 0.05  # an expired deadline's interrupt is raised again this often until its level has ended


class BudgetExceeded(Exception):
    """A budget ran out: :class:`WorkExhausted` (a verdict: UNPROVED) or :class:`TimedOut` (no verdict)."""

    timed_out = False


class WorkExhausted(BudgetExceeded):
    """The step built its allowance of sympy objects: the same on every machine."""

    def __init__(self, work: int):
        super().__init__(f"used its work budget of {work:,} sympy operations")
        self.work = work


class TimedOut(BudgetExceeded):
    """The wall-clock safety net fired before the work budget ran out: this depends on the machine."""

    timed_out = True

    def __init__(self, seconds: float):
        super().__init__(f"hit the wall-clock safety net of {seconds:g} s before its work budget ran out")
        self.seconds = seconds


_Expired = work_count.Expired
_FRESH_START_HOOKS: list = []  # run at the start of an outermost level (the meter clears sympy's cache)


def on_fresh_start(hook) -> None:
    """Run ``hook()`` whenever an outermost budgeted level starts (once per hook)."""
    if hook not in _FRESH_START_HOOKS:
        _FRESH_START_HOOKS.append(hook)


# ---- wall time: the safety net ----
_DEADLINES: list[tuple[float, object]] = []  # (deadline, token) of the levels now running, outermost first
_PREVIOUS_HANDLER = None


def _on_alarm(signum, frame):
    now = time.monotonic()
    expired = [entry for entry in _DEADLINES if entry[0] <= now + 1e-3]
    if expired:
        # fire again soon: where the interrupt lands in code that swallows exceptions (a gc callback, __del__), it
        # is lost, and without a repeat the step would run on unbounded; the owning level's exit clears this timer
        signal.setitimer(signal.ITIMER_REAL, REPEAT_S)
        raise _Expired(min(expired, key=lambda e: e[0])[1])
    _arm()  # a stale alarm: re-arm for the earliest remaining deadline


def _arm():
    if _DEADLINES:
        left = min(d for d, _ in _DEADLINES) - time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4))
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


def enforceable() -> bool:
    """Whether a wall-clock limit can interrupt here (the main thread of a process with ``SIGALRM``)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def check_work(work, name: str = "step_budget") -> int | None:
    """``work`` as a number of sympy operations in ``[1, MAX_STEP_WORK]`` (``None``: unlimited), else ValueError."""
    if work is None:
        return None
    if isinstance(work, bool) or not isinstance(work, int) or not 1 <= work <= MAX_STEP_WORK:
        raise ValueError(f"{name}={work!r} must be a whole number of sympy operations in [1, {MAX_STEP_WORK:.0e}] "
                         "(or None)")
    return work


def check_seconds(seconds, name: str = "step_timeout") -> float | None:
    """``seconds`` as a wall-clock limit in ``(0, MAX_STEP_TIMEOUT_S]`` (``None``: none), else ValueError."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= MAX_STEP_TIMEOUT_S:
        raise ValueError(f"{name}={seconds!r} must be a number of seconds in (0, {MAX_STEP_TIMEOUT_S:g}] (or None)")
    return float(seconds)


def within_budget(fn, work: int | None = DEFAULT_STEP_WORK, seconds: float | None = DEFAULT_STEP_TIMEOUT_S):
    """``fn()``; :class:`WorkExhausted` after ``work`` sympy objects, :class:`TimedOut` after ``seconds`` of wall
    time (``None``: no limit of that kind)."""
    global _PREVIOUS_HANDLER
    work, seconds = check_work(work), check_seconds(seconds)
    token = object()
    if work is not None:
        from mileak.proofs.core import work_meter

        work_meter.install(on_fresh_start)
        if not work_count.limits:
            for hook in _FRESH_START_HOOKS:
                hook()
        work_count.limits.append((work_count.count + work, token))
        work_count.set_next_limit()
    timed = seconds is not None and enforceable()
    if timed:
        if not _DEADLINES:
            _PREVIOUS_HANDLER = signal.signal(signal.SIGALRM, _on_alarm)
        _DEADLINES.append((time.monotonic() + seconds, token))
        _arm()
    try:
        return fn()
    except _Expired as exc:
        if exc.token is not token:
            raise  # an outer level's limit: let it travel on
        if work is not None and work_count.count >= next((lim for lim, t in work_count.limits if t is token), math.inf):
            raise WorkExhausted(work) from None
        raise TimedOut(seconds) from None
    finally:
        if work is not None:
            work_count.limits[:] = [e for e in work_count.limits if e[1] is not token]
            work_count.set_next_limit()
        if timed:
            _DEADLINES[:] = [e for e in _DEADLINES if e[1] is not token]
            if _DEADLINES:
                _arm()
            else:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, _PREVIOUS_HANDLER if _PREVIOUS_HANDLER is not None else signal.SIG_DFL)
                _PREVIOUS_HANDLER = None


def used_work():
    """The count of sympy objects built so far in this process (differences of it measure a computation)."""
    return work_count.count
