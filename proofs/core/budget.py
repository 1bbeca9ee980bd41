"""Wall-clock budgets for proof search: a step that runs too long is UNPROVED "timed out", never a hang.

``within_budget(fn, seconds)`` returns ``fn()`` or raises :class:`BudgetExceeded` once
``seconds`` of wall time have passed. It arms ``SIGALRM`` (``setitimer``), so sympy is
interrupted between Python bytecodes; budgets nest (the earliest deadline fires, and the
level that owns it raises), and a budget is only enforced in a process's main thread (a
signal cannot be delivered elsewhere), where ``fn()`` simply runs to its end.

The interrupt travels as a ``BaseException`` until it reaches its own level, so a library's
``except Exception`` on the way cannot swallow it; where it is swallowed all the same (raised inside a
garbage-collector callback, whose exceptions Python only prints), it is raised again every ``REPEAT_S``.

>>> within_budget(lambda: 1 + 1, 1.0)
2
>>> import time
>>> within_budget(lambda: time.sleep(2), 0.05)
Traceback (most recent call last):
...
mileak.proofs.core.budget.BudgetExceeded: timed out after 0.05 s
"""

from __future__ import annotations

import signal
import threading
import time

DEFAULT_STEP_BUDGET_S = 30.0
REPEAT_S = 0.05  # an expired budget's interrupt is raised again this often until its level has ended


class BudgetExceeded(Exception):
    """Raised by :func:`within_budget` when its own deadline passes."""

    def __init__(self, seconds: float):
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


class _Expired(BaseException):
    """In flight from the signal handler to the level whose deadline passed."""

    def __init__(self, token):
        super().__init__()
        self.token = token


_ACTIVE: list[tuple[float, object]] = []  # (deadline, token) of the budgets now running, outermost first
_PREVIOUS_HANDLER = None


def _on_alarm(signum, frame):
    now = time.monotonic()
    expired = [entry for entry in _ACTIVE if entry[0] <= now + 1e-3]
    if expired:
        # fire again soon: where the interrupt lands in code that swallows exceptions (a gc callback, __del__), it
        # is lost, and without a repeat the step would run on unbounded; the owning level's exit clears this timer
        signal.setitimer(signal.ITIMER_REAL, REPEAT_S)
        raise _Expired(min(expired, key=lambda e: e[0])[1])
    _arm()  # a stale alarm: re-arm for the earliest remaining deadline


def _arm():
    if _ACTIVE:
        left = min(d for d, _ in _ACTIVE) - time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4))
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


def enforceable() -> bool:
    """Whether a budget can interrupt here (the main thread of a process with ``SIGALRM``)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def within_budget(fn, seconds: float | None):
    """``fn()``, or :class:`BudgetExceeded` after ``seconds`` (``None``: no budget)."""
    global _PREVIOUS_HANDLER
    if seconds is None or not enforceable():
        return fn()
    if not seconds > 0:
        raise ValueError(f"step budget {seconds!r} must be a positive number of seconds")
    token = object()
    if not _ACTIVE:
        _PREVIOUS_HANDLER = signal.signal(signal.SIGALRM, _on_alarm)
    _ACTIVE.append((time.monotonic() + seconds, token))
    _arm()
    try:
        return fn()
    except _Expired as exc:
        if exc.token is token:
            raise BudgetExceeded(seconds) from None
        raise  # an outer budget's deadline: let it travel on
    finally:
        _ACTIVE[:] = [e for e in _ACTIVE if e[1] is not token]
        if _ACTIVE:
            _arm()
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, _PREVIOUS_HANDLER if _PREVIOUS_HANDLER is not None else signal.SIG_DFL)
            _PREVIOUS_HANDLER = None
