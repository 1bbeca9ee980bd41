"""Packages found, never listed: the folders keep their places in the repository and install beneath one name,
``mileak`` (``mileak.proofs`` from proofs/, ``mileak.numeric`` from numeric/; no generic top-level ``proofs`` or
``numeric``). Everything else is in pyproject.toml; tests/test_architecture.py checks the built wheel."""

from setuptools import find_packages, setup

FOLDERS = {"mileak": "mileak", "mileak.proofs": "proofs", "mileak.numeric": "numeric"}

setup(package_dir=FOLDERS,
      packages=[p for name, folder in FOLDERS.items() for p in (name, *(f"{name}.{s}" for s in find_packages(folder)))])
