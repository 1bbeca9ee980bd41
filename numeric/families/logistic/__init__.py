"""F3 logistic regression, numerically: certified and batched ERM, the engine, oracles.

Modules: :mod:`.registration` (the plug-in), :mod:`.solve` (certified ERM at 30+ digits), :mod:`.batched` (batched Newton, chord
steps for shared rest sets), :mod:`.engine`, :mod:`.oracle`, :mod:`.sampler`, :mod:`.scenarios`
(``f3_strong``, ``f3_dp``), :mod:`.local_form` (T5's second-order form, growing capacity), :mod:`.dp_sgd`
(batched DP-SGD).
"""
