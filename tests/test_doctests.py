"""Every docstring example in the package runs, on the installed ``mileak`` modules.

pytest's ``--doctest-modules`` would import ``numeric/...`` from the repository root
under the bare name ``numeric`` (a second copy of every module beside
``mileak.numeric``, so isinstance checks and caches would fail silently); the
modules are found here by walking the ``mileak`` package instead.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mileak

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _modules():
    names = ["mileak", "mileak._lazy"]
    for sub in (mileak.numeric, mileak.proofs):  # each installed from its own folder (package-dir)
        names.append(sub.__name__)
        for info in pkgutil.walk_packages(sub.__path__, sub.__name__ + "."):
            if not info.name.endswith("__main__"):
                names.append(info.name)
    return sorted(names)


MODULES = _modules()


def test_walk_finds_both_layers():
    assert any(m.startswith("mileak.proofs.theorems.") for m in MODULES)
    assert any(m.startswith("mileak.numeric.families.") for m in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name} (output above)"
