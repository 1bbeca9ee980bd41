"""Lazy public names read from a module's static ``if TYPE_CHECKING:`` import block.

A package lists its public API as plain imports under ``if TYPE_CHECKING:`` (so
editors, type checkers and grep follow them) and calls :func:`lazy_exports`;
at run time each name is imported on first use, so ``import mileak`` and the
command line stay cheap. The import block is the single source: ``__all__``
must name exactly its names (checked when the package is imported).

>>> import mileak
>>> "leakage" in mileak.__all__ and callable(mileak.convert)
True
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path


def _static_imports(package: str, source_file: str) -> dict:
    """``{public name: (absolute module, attribute or None)}`` from the ``if TYPE_CHECKING:`` block."""
    tree = ast.parse(Path(source_file).read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            continue
        for stmt in node.body:
            if not isinstance(stmt, ast.ImportFrom):
                raise TypeError(f"{package}: only 'from ... import ...' belongs in the TYPE_CHECKING block")
            base = importlib.util.resolve_name("." * stmt.level + (stmt.module or ""), package) if stmt.level \
                else stmt.module
            for alias in stmt.names:
                out[alias.asname or alias.name] = (base, alias.name)
    return out


def lazy_exports(package: str, source_file: str, public: list[str]):
    """``(__getattr__, __dir__)`` for ``package`` whose public names are ``public``."""
    where = _static_imports(package, source_file)
    if sorted(where) != sorted(public):
        missing, extra = sorted(set(public) - set(where)), sorted(set(where) - set(public))
        raise ImportError(f"{package}: __all__ and the TYPE_CHECKING imports differ (missing {missing}, extra {extra})")

    def __getattr__(name):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attr = where[name]
        if module == package:  # a subpackage imported by name: from . import numeric
            value = importlib.import_module(f"{module}.{attr}")
        else:
            value = getattr(importlib.import_module(module), attr)
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__():
        return sorted(set(public) | set(importlib.import_module(package).__dict__))

    return __getattr__, __dir__
