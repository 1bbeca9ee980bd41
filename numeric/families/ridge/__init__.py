"""F2 ridge regression, numerically: exact rational solves, the batched engine, oracles.

Modules: :mod:`.registration` (the plug-in), :mod:`.solve` (exact and float64 ridge, the strong adversary's KL for every release),
:mod:`.engine` (shared ``D_rest``, rank-one updates), :mod:`.oracle`, :mod:`.sampler`,
:mod:`.scenarios` (``f2_bounded``: T5 on bounded data), :mod:`.proportional` (``marchenko_pastur``: F2's limit,
and the phase diagram's predicted boundary).
"""
