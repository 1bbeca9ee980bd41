"""mileak: symbolic-numeric verification of membership information leakage.

The theorems of Farokhi and Kaafar, *Modelling and Quantifying Membership Information
Leakage in Machine Learning* (arXiv:2001.10648), as checkable code: :mod:`mileak.proofs`
(sympy: definitions, families, theorems, derivations checked step by step) and
:mod:`mileak.numeric` (certified numbers at 30+ digits, the counterexample finder, the
membership-game simulator, the ``mileak`` command). ``docs/theory.md`` states the mathematics.

>>> import mileak
>>> r = mileak.leakage("gaussian-mean", {"n": 20, "sigma": 0.5, "p": 2}, dps=20)
>>> r["entries"][1]["quantity"]
'rho_KL'

The plain imports below are the public API, listed here only (``mileak.numeric`` and
``mileak.proofs`` are its layers, not second lists); editors and grep follow them, and each
name is loaded on first use, so ``import mileak`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

if TYPE_CHECKING:
    from . import numeric, proofs
    from .numeric.core.atomic import write_json_atomic
    from .numeric.core.normal import normal_cdf, normal_quantile
    from .numeric.core.precision import validate_dps
    from .numeric.dp.classic_falsifier import check_point as check_classic_point
    from .numeric.dp.classic_falsifier import search_classic
    from .numeric.dp.convert import convert
    from .numeric.dp.gaussian_mechanism import analytic_eps, analytic_sigma, classic_sigma, privacy_delta
    from .numeric.falsify.pointwise import search as counterexample_search
    from .numeric.falsify.population import mean_neighbour_kl
    from .numeric.falsify.report import falsify
    from .numeric.families.gaussian_mean.information import (
        f1_correlation_squared,
        f1_kl_leakage,
        f1_membership_information,
    )
    from .numeric.families.generic.erm import erm
    from .numeric.families.logistic.batched import fit_batch, fit_shared_rest
    from .numeric.families.logistic.solve import logistic_fit
    from .numeric.families.registry import make_engine
    from .numeric.families.ridge.solve import neighbour_kl as ridge_neighbour_kl
    from .numeric.families.t5_check import t5_check
    from .numeric.game.audit import audit
    from .numeric.game.curves import kl_auc_bound, kl_tpr_bound
    from .numeric.game.datasets import load as load_dataset
    from .numeric.game.membership_game import play
    from .numeric.game.metrics import auc_delong, clopper_pearson, roc_at_fpr
    from .numeric.game.overparameterisation import lambda_path
    from .numeric.game.simulate import simulate
    from .numeric.game.sweep import sweep
    from .numeric.measures.divergences import binary_kl, kl_finite, kl_gaussian
    from .numeric.measures.gaussian_laws import (
        bayes_success as law_bayes_success,
    )
    from .numeric.measures.gaussian_laws import (
        kl as law_kl,
    )
    from .numeric.measures.gaussian_laws import (
        mutual_information as law_mutual_information,
    )
    from .numeric.measures.gaussian_laws import (
        normal as normal_law,
    )
    from .numeric.measures.gaussian_laws import (
        tv as law_tv,
    )
    from .numeric.measures.hypothesis_testing import gaussian_tpr, gaussian_tv, tpr_upper_bound
    from .numeric.measures.isotropic_information import mutual_information_isotropic
    from .numeric.measures.registered_bounds import success_bounds, t1_bounds
    from .numeric.measures.sensitivity_bounds import t5_bound
    from .numeric.verify.driver import verify
    from .numeric.verify.leakage import leakage
    from .proofs.core import Claim, ClaimChecker, Parameter, Registry, Status
    from .proofs.core.safe_parse import parse_formula
    from .proofs.families import FAMILIES, Family
    from .proofs.families.sensitivity import lipschitz_constant, t5_assumptions
    from .proofs.families.user_family import from_sympy
    from .proofs.theorems import REGISTRY

__all__ = [
    "Claim", "ClaimChecker", "FAMILIES", "Family", "Parameter", "REGISTRY", "Registry", "Status",
    "analytic_eps", "analytic_sigma", "auc_delong", "audit", "binary_kl", "check_classic_point",
    "classic_sigma", "clopper_pearson", "convert", "counterexample_search", "erm", "f1_correlation_squared",
    "f1_kl_leakage", "f1_membership_information", "falsify", "fit_batch", "fit_shared_rest", "from_sympy",
    "gaussian_tpr", "gaussian_tv", "kl_auc_bound", "kl_finite", "kl_gaussian", "kl_tpr_bound", "lambda_path",
    "law_bayes_success", "law_kl", "law_mutual_information", "law_tv", "leakage", "lipschitz_constant",
    "load_dataset", "logistic_fit", "make_engine", "mean_neighbour_kl",
    "mutual_information_isotropic", "normal_cdf", "normal_law", "normal_quantile", "numeric",
    "parse_formula", "play", "privacy_delta", "proofs", "ridge_neighbour_kl", "roc_at_fpr", "search_classic",
    "simulate", "success_bounds", "sweep", "t1_bounds", "t5_assumptions", "t5_bound", "t5_check",
    "tpr_upper_bound", "validate_dps", "verify", "write_json_atomic",
]

_public_getattr, __dir__ = lazy_exports(__name__, __file__, __all__)


def __getattr__(name: str):
    """A public name on first use; ``__version__`` from the installed metadata (one source: pyproject.toml),
    read only when asked (importing ``importlib.metadata`` costs 60 ms)."""
    if name == "__version__":
        from importlib.metadata import version

        return version("mileak")
    return _public_getattr(name)
