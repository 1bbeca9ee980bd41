"""mileak's symbolic layer (sympy only): definitions, families, theorems and the rules that check their derivations.

The public API is listed once, in :mod:`mileak` (``mileak/__init__.py``).
"""
