"""The architecture as a checked contract: one installed name (``mileak``), import layers, lint.

* the wheel installs ``mileak`` only (no generic top-level ``numeric``/``proofs``) and imports from a
  folder that is not the repository, with every public name resolvable;
* import-linter's contracts (``[tool.importlinter]`` in pyproject.toml: proofs never imports numeric or
  numpy, numeric is layered core < dp|measures < families < game < falsify < verify < cli, only cli knows
  the terminal, families are independent of the simulator and the checks, no bare ``numeric``/``proofs``
  imports, no cycles) hold on that install, where the package-dir mapping is real folders;
* ruff (``[tool.ruff]``: line length, import order, unused names) passes on the repository;
* every folder with an ``__init__.py`` is found (setup.py) and installed under its ``mileak`` name.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from the repository, unpacked into a site folder (as pip would install it)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(out.glob("mileak-*.whl"))
    site = out / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    return site


def _run(argv, site, cwd):
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_wheel_installs_one_name_and_its_api_imports(installed, tmp_path):
    tops = sorted(p.name for p in installed.iterdir() if not p.name.endswith(".dist-info"))
    assert tops == ["mileak"]
    code = ("import importlib.util, mileak, mileak.numeric, mileak.proofs\n"
            f"assert mileak.__file__.startswith({str(installed)!r}), mileak.__file__\n"
            "assert importlib.util.find_spec('numeric') is None and importlib.util.find_spec('proofs') is None\n"
            "assert all(getattr(mileak, n) is not None for n in mileak.__all__)\n"
            "print(mileak.leakage('gaussian-mean', {'n': 20, 'sigma': 0.5}, dps=20)['entries'][1]['value'][:8])")
    done = _run([sys.executable, "-c", code], installed, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    n, sigma2 = 20, 0.25
    a = 1 / n**2  # s^2 / (n^2 (1 + lam)^2) with s = 1, lam = 0
    expected = 0.5 * math.log((n * a + sigma2) / ((n - 1) * a + sigma2))  # F1's rho_KL, p = 1, computed here
    assert abs(float(done.stdout.strip()) - expected) < 1e-6


def test_import_contracts_hold_on_the_installed_package(installed, tmp_path):
    done = _run([str(BIN / "lint-imports"), str(ROOT / "pyproject.toml")], installed, tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 7 kept, 0 broken." in done.stdout


def test_ruff_passes():
    done = subprocess.run([str(BIN / "ruff"), "check", str(ROOT)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-4000:]


def test_every_package_folder_installs_under_its_mileak_name(installed):
    """Packages are found, not listed (setup.py): every folder with an ``__init__.py`` is in the wheel under its
    ``mileak`` name, with every module beside it."""
    missing = []
    for top, name in (("mileak", "mileak"), ("proofs", "mileak/proofs"), ("numeric", "mileak/numeric")):
        for module in (ROOT / top).rglob("*.py"):
            if (module.parent / "__init__.py").exists() and "__pycache__" not in module.parts:
                target = installed / name / module.relative_to(ROOT / top)
                if not target.is_file():
                    missing.append(str(module.relative_to(ROOT)))
    assert not missing, f"not installed: {missing}"


def test_precision_is_set_only_in_the_precision_module():
    """``mpmath``'s working precision changes only through ``mileak.numeric.core.precision`` (scoped contexts)."""
    import ast

    setters = {"workdps", "workprec", "extradps", "extraprec"}
    found = []
    for top in ("numeric", "proofs", "mileak"):
        for path in (ROOT / top).rglob("*.py"):
            if path == ROOT / "numeric" / "core" / "precision.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in setters:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
                if isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    found += [f"{path.relative_to(ROOT)}:{node.lineno} sets .{t.attr}" for t in targets
                              if isinstance(t, ast.Attribute) and t.attr in ("dps", "prec")]
    assert not found, "precision set outside numeric/core/precision.py:\n" + "\n".join(found)
