"""mileak's numeric layer: certified values (mpmath, Arb), the counterexample finder, the simulator.

Laid out by concern: :mod:`.core` (precision, certified numbers, checks, quadrature, atomic writes),
:mod:`.measures` (divergences, Gaussian laws, testing bounds, registered-statement evaluation),
:mod:`.dp` (Gaussian mechanisms, conversions), :mod:`.families` (one plug-in per model family and
the registry), :mod:`.verify`, :mod:`.falsify`, :mod:`.game` (the simulator) and :mod:`.cli` (the
only code that knows the terminal).

The public surface is ``__all__``: the plain imports below (read by editors and grep) are
loaded on first use, so ``import mileak.numeric`` stays cheap. The bad-input fuzz test
(``tests/fuzz``) drives every function listed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mileak._lazy import lazy_exports

if TYPE_CHECKING:
    from .core.atomic import write_json_atomic
    from .core.normal import normal_cdf, normal_quantile
    from .core.precision import validate_dps
    from .dp.classic_falsifier import check_point as check_classic_point
    from .dp.classic_falsifier import search_classic
    from .dp.convert import convert
    from .dp.gaussian_mechanism import analytic_eps, analytic_sigma, classic_sigma, privacy_delta
    from .falsify.pointwise import search as counterexample_search
    from .falsify.population import mean_neighbour_kl
    from .falsify.report import falsify as falsify_claim
    from .families.gaussian_mean.information import (
        f1_correlation_squared,
        f1_kl_leakage,
        f1_membership_information,
    )
    from .families.generic.erm import erm
    from .families.logistic.batched import fit_batch, fit_shared_rest
    from .families.logistic.solve import logistic_fit
    from .families.registry import make_engine
    from .families.ridge.solve import neighbour_kl as ridge_neighbour_kl
    from .families.t5_check import t5_check
    from .game.audit import audit
    from .game.curves import kl_auc_bound, kl_tpr_bound
    from .game.datasets import load as load_dataset
    from .game.membership_game import play
    from .game.metrics import auc_delong, clopper_pearson, roc_at_fpr
    from .game.overparameterisation import lambda_path
    from .game.simulate import simulate
    from .game.sweep import sweep
    from .measures.divergences import binary_kl, kl_finite, kl_gaussian
    from .measures.gaussian_laws import (
        bayes_success as law_bayes_success,
    )
    from .measures.gaussian_laws import (
        kl as law_kl,
    )
    from .measures.gaussian_laws import (
        mutual_information as law_mutual_information,
    )
    from .measures.gaussian_laws import (
        normal as normal_law,
    )
    from .measures.gaussian_laws import (
        tv as law_tv,
    )
    from .measures.hypothesis_testing import gaussian_tpr, gaussian_tv, tpr_upper_bound
    from .measures.isotropic_information import mutual_information_isotropic
    from .measures.registered_bounds import success_bounds, t1_bounds
    from .measures.sensitivity_bounds import t5_bound
    from .verify.driver import verify as verify_claims
    from .verify.leakage import leakage as leakage_report

__all__ = [
    "analytic_eps", "analytic_sigma", "auc_delong", "audit", "binary_kl", "check_classic_point",
    "classic_sigma", "clopper_pearson", "convert", "counterexample_search", "erm", "f1_correlation_squared",
    "f1_kl_leakage", "f1_membership_information", "falsify_claim", "fit_batch", "fit_shared_rest", "gaussian_tpr",
    "gaussian_tv", "kl_auc_bound", "kl_finite", "kl_gaussian", "kl_tpr_bound", "lambda_path",
    "law_bayes_success", "law_kl", "law_mutual_information", "law_tv", "leakage_report", "load_dataset",
    "logistic_fit", "make_engine", "mean_neighbour_kl", "mutual_information_isotropic", "normal_cdf",
    "normal_law", "normal_quantile", "play", "privacy_delta", "ridge_neighbour_kl", "roc_at_fpr",
    "search_classic", "simulate", "success_bounds", "sweep", "t1_bounds", "t5_bound", "t5_check",
    "tpr_upper_bound", "validate_dps", "verify_claims", "write_json_atomic",
]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
