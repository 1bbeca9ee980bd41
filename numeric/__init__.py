"""mileak's numeric layer: certified values (mpmath, Arb), the counterexample finder, the simulator.

The public surface is ``numeric.__all__``: each name is loaded on first use
(``numeric.simulate`` imports :mod:`numeric.game.simulate`), so ``import numeric``
stays cheap. The bad-input fuzz test (``tests/fuzz``) drives every function listed here.
"""

from __future__ import annotations

import importlib

_PUBLIC = {
    # certified building blocks
    "validate_dps": "numeric.precision", "normal_cdf": "numeric.normal", "normal_quantile": "numeric.normal",
    "kl_finite": "numeric.divergences", "kl_gaussian": "numeric.divergences", "binary_kl": "numeric.divergences",
    "tpr_upper_bound": "numeric.testing_bounds", "gaussian_tv": "numeric.testing_bounds",
    "gaussian_tpr": "numeric.testing_bounds", "t1_bounds": "numeric.bounds", "success_bounds": "numeric.bounds",
    "normal_law": ("numeric.gaussian_laws", "normal"), "law_kl": ("numeric.gaussian_laws", "kl"),
    "law_tv": ("numeric.gaussian_laws", "tv"), "law_bayes_success": ("numeric.gaussian_laws", "bayes_success"),
    "law_mutual_information": ("numeric.gaussian_laws", "mutual_information"),
    "mutual_information_isotropic": "numeric.isotropic_information",
    # families
    "f1_correlation_squared": "numeric.f1_information", "f1_kl_leakage": "numeric.f1_information",
    "f1_membership_information": "numeric.f1_information",
    "ridge_neighbour_kl": ("numeric.ridge", "neighbour_kl"), "logistic_fit": "numeric.logistic",
    "erm": "numeric.generic_erm", "t5_check": "numeric.generic_erm", "t5_bound": "numeric.leakage",
    "leakage_report": ("numeric.leakage", "leakage"), "fit_batch": "numeric.batched_logistic", "fit_shared_rest": "numeric.batched_logistic",
    # differential privacy
    "classic_sigma": "numeric.gaussian_mechanism", "analytic_sigma": "numeric.gaussian_mechanism",
    "analytic_eps": "numeric.gaussian_mechanism", "privacy_delta": "numeric.gaussian_mechanism",
    "convert": "numeric.dp_convert",
    # verification and falsification
    "verify_claims": ("numeric.verify", "verify"), "falsify": "numeric.falsify_report", "counterexample_search": ("numeric.falsify_pointwise", "search"),
    "mean_neighbour_kl": "numeric.falsify_population", "search_classic": "numeric.falsify_classic",
    "check_classic_point": ("numeric.falsify_classic", "check_point"),
    # the simulator
    "simulate": "numeric.game.simulate", "audit": "numeric.game.audit", "sweep": "numeric.game.sweep",
    "lambda_path": "numeric.game.overparameterisation", "make_engine": "numeric.game.engines",
    "play": "numeric.game.membership_game", "load_dataset": ("numeric.game.datasets", "load"),
    "clopper_pearson": "numeric.game.metrics", "auc_delong": "numeric.game.metrics", "roc_at_fpr": "numeric.game.metrics",
    "kl_tpr_bound": "numeric.game.bound_curves", "kl_auc_bound": "numeric.game.bound_curves",
    # results
    "write_json_atomic": "numeric.atomic",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'numeric' has no attribute {name!r}")
    where = _PUBLIC[name]
    module, attr = where if isinstance(where, tuple) else (where, name)
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
