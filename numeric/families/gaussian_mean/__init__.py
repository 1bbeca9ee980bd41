"""F1 gaussian-mean, numerically: its modules (sampler, engine, exact KL oracle, verify scenarios, leakage rows).

Modules: :mod:`.registration` (the plug-in), :mod:`.information` (exact ``rho_KL``, ``rho_MI`` by the variance-gamma rule),
:mod:`.variance_gamma_rule`, :mod:`.scenarios` (the ``f1`` and ``f1_mi`` games),
:mod:`.engine` (closed-form batched training), :mod:`.oracle`, :mod:`.sampler`, :mod:`.leakage`.
"""
