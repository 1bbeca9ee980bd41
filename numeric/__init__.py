"""mileak's numeric layer: certified values (mpmath, Arb), the counterexample finder, the simulator.

Laid out by concern: :mod:`.core` (precision, certified numbers, checks, quadrature, atomic writes),
:mod:`.measures` (divergences, Gaussian laws, testing bounds, registered-statement evaluation),
:mod:`.dp` (Gaussian mechanisms, conversions), :mod:`.families` (one plug-in per model family and
the registry), :mod:`.verify`, :mod:`.falsify`, :mod:`.game` (the simulator) and :mod:`.cli` (the
only code that knows the terminal).

The public API is listed once, in :mod:`mileak` (``mileak/__init__.py``); the bad-input fuzz test
(``tests/fuzz``) drives every function listed there.
"""
