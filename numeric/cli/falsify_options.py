"""``mileak falsify``'s options: their defaults (the parser leaves them ``None``, so an option the user gave can
be told apart from one left out, and an option that does not apply is refused rather than ignored).
"""

from __future__ import annotations

DEFAULTS = {"budget": 300, "trials": 2000, "paper_settings": 2, "paper_outer": 400, "paper_inner": 200,
            "max_trials": 32000, "jobs": 1}  # falsify's options default to None, so a given one can be told apart
GRID_ONLY = ("quantity", "max_trials", "out", "plot", "jobs", "scheduler", "yes", "wait", "quiet")


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def given(args, names) -> list[str]:
    """The options among ``names`` the user gave (each default is ``None`` or ``False``)."""
    return [option_name(k) for k in names if getattr(args, k) is not None and getattr(args, k) is not False]


def value(args, name):
    """An option's value, or its default from :data:`DEFAULTS`."""
    got = getattr(args, name)
    return DEFAULTS[name] if got is None else got
