"""The meter behind work budgets: every sympy object built counts one unit of work.

:func:`install` wraps sympy's ``Basic.__new__`` (which every sympy expression, number and relation is built
through) with a counter; when the count reaches the nearest active limit (:mod:`mileak.proofs.core.work_count`),
the wrapper interrupts the step that owns it. The count of a computation depends on its expressions and sympy's
version, not on the machine: measured on ``mileak verify``'s 50 claims, 10% slower than
unmetered, against 2.3x for a ``sys.settrace`` count of Python calls.

It also clears sympy's cache at the start of every outermost budget, so a step costs the same whatever ran
before it in the process. (Set iteration orders that depend on ``PYTHONHASHSEED`` move a step's count by about
1%; the default budgets sit 8x above the largest step that passes, see docs/theory.md.)

>>> import sympy
>>> from mileak.proofs.core import budget
>>> install(budget.on_fresh_start)
>>> before = budget.used_work()
>>> _ = sympy.Symbol("x") + 1
>>> budget.used_work() > before
True
"""

from __future__ import annotations

from sympy.core.basic import Basic
from sympy.core.cache import clear_cache

from mileak.proofs.core import work_count

_ORIGINAL = None


def _metered_new(cls, *args):
    work_count.count += 1
    if work_count.count >= work_count.next_limit:
        work_count.expire()
    return _ORIGINAL(cls, *args)


def install(on_fresh_start) -> None:
    """Meter sympy's object construction (once per process); ``on_fresh_start(clear_cache)`` registers the clearing
    of sympy's cache at each outermost budget (the budget module passes its registration function)."""
    global _ORIGINAL
    if _ORIGINAL is None:
        _ORIGINAL = Basic.__new__
        Basic.__new__ = staticmethod(_metered_new)
        on_fresh_start(clear_cache)
