"""A valid call of every public function of ``mileak`` (its ``__all__``) and the kind of each argument.

The fuzz test replaces one argument at a time by out-of-domain or malformed
values of its kind and expects a ``ValueError``/``TypeError`` that names the
argument. ``NAMES`` maps an argument to the words its error may use (the
CLI-facing name or a field of a dict argument). A public function without an
entry here fails the completeness test.
"""

from __future__ import annotations

import math

import numpy as np

HUGE_INT = 10**12
NAN, INF = math.nan, math.inf

_REAL = [NAN, INF, -INF, "1", None, [1.0], complex(1, 1), True]
_POS = _REAL + [0, -1, -1e-300]
BAD = {
    "real": _REAL,
    "pos": _POS,
    "nonneg": _REAL + [-1, -1e-300],
    "prob": _REAL + [0, 1, -0.1, 1.5],
    "prob_closed": _REAL + [-0.1, 1.5],
    "unit_left_open": _REAL + [0, -0.1, 1.5],  # (0, 1]
    "pos_or_none": [NAN, INF, -INF, "1", [1.0], complex(1, 1), True, 0, -1],  # None means "not given"
    "kl_or_inf": [NAN, -INF, "1", None, [1.0], complex(1, 1), True, -1, -1e-300],  # +oo is a valid KL
    "shadows": [-2, 2, 3, 2.5, "4", None, True, HUGE_INT],
    "count": [0, -1, 2.5, "3", None, True, HUGE_INT],  # trials, budget, models: huge is refused (no hang)
    "int_pos": [0, -1, 2.5, "3", None, True],
    "dim": [0, -1, 2.5, "3", None, True, HUGE_INT],  # a dimension or dataset size that would exhaust memory
    "seed": [-1, 2.5, "x", None, True],
    "dps": [14, 1001, 30.0, "30", None, True],
    "vector": [[], [NAN, 1.0], [INF], "abc", None, [[1.0], [2.0]], 3.0],
    "scores": [[], [NAN, 1.0], "abc", None, [[1.0], [2.0]], 3.0],  # +-inf scores are valid (exact release)
    "label": [None, "", 3],
    "matrix": [[], [[NAN]], [[1.0, 2.0], [3.0]], [1.0, 2.0], None, "x", [[INF, 0.0], [0.0, 1.0]]],
    "pd_matrix": [[[1.0, 2.0], [2.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]], [[NAN, 0.0], [0.0, 1.0]], None, [[1.0]]],
    "array3": [np.zeros((2, 3)), np.full((2, 5, 2), np.nan), np.zeros((0, 5, 2)), "x", None],
    "array2": [np.zeros(3), np.full((2, 5), np.nan), "x", None, np.zeros((3, 5))],
    "labels": [np.zeros((2, 5)), np.full((2, 5), 0.5), "x", None],
    "choice": ["bogus", None, 3, ""],
    "choice_or_default": ["bogus", 3, ""],  # None means "the default" (a family's own release)
    "family": ["bogus", None, 3],
    "values": [None, [], {"bogus": 1}, {"n": -1}, {"n": NAN}, "n=3"],
    "path": ["/nonexistent-folder-mileak/x.json", None, 3],
    "formula": ["__import__('os').system('true')", "x +", "", None, 3, "lambda: 1", "().__class__"],
    "symbols": [None, "", "1x", ["__class__"], 3],
    "law": [None, (0.0, -1.0), "normal", (NAN, 1.0), (0.0, 1.0, 2.0, 3.0)],
    "weights_laws": [None, [], ((0.5, 0.0, 1.0),), "x"],
    "records": [np.zeros((3,)), np.full((4, 2), np.nan), "x", None, np.zeros((0, 2))],
    "grid": [None, {}, {"n": []}, {"n": [1]}, {"n": "4"}, []],
    "lams": [None, [], [1.0], [1.0, 0.1], [0.0, 1.0], [NAN, 1.0]],
    "fprs": [(0.0,), (1.5,), ("x",), None, (NAN,)],
    "ids": [["T99"], "T1; rm", [3], [None]],
}

ENTRY_POINTS = {
    # --- numeric ---------------------------------------------------------------------------------------
    "mileak.validate_dps": ({"dps": 30}, {"dps": "dps"}),
    "mileak.normal_cdf": ({"x": 0.3, "dps": 20}, {"x": "real", "dps": "dps"}),
    "mileak.normal_quantile": ({"a": 0.3, "dps": 20}, {"a": "prob", "dps": "dps"}),
    "mileak.kl_finite": ({"p": [0.5, 0.5], "q": [0.25, 0.75], "dps": 20}, {"p": "vector", "q": "vector", "dps": "dps"}),
    "mileak.kl_gaussian": ({"mean0": [0.0, 0.0], "cov0": [[1.0, 0.0], [0.0, 1.0]], "mean1": [1.0, 0.0],
                             "cov1": [[2.0, 0.0], [0.0, 1.0]], "dps": 20},
                            {"mean0": "vector", "cov0": "pd_matrix", "mean1": "vector", "cov1": "pd_matrix", "dps": "dps"}),
    "mileak.binary_kl": ({"a": 0.3, "b": 0.4, "dps": 20}, {"a": "prob_closed", "b": "prob", "dps": "dps"}),
    "mileak.tpr_upper_bound": ({"alpha": 0.1, "kl": 0.2, "dps": 20}, {"alpha": "prob", "kl": "nonneg", "dps": "dps"}),
    "mileak.gaussian_tv": ({"mu": 0.5, "dps": 20}, {"mu": "nonneg", "dps": "dps"}),
    "mileak.gaussian_tpr": ({"alpha": 0.1, "mu": 0.5, "dps": 20}, {"alpha": "prob", "mu": "nonneg", "dps": "dps"}),
    "mileak.t1_bounds": ({"pi": 0.5, "rho_kl": 0.2, "dps": 20}, {"pi": "prob", "rho_kl": "nonneg", "dps": "dps"}),
    "mileak.success_bounds": ({"pi": 0.5, "rho_kl": 0.2, "dps": 20}, {"pi": "prob", "rho_kl": "nonneg", "dps": "dps"}),
    "mileak.normal_law": ({"mean": 0.0, "sd": 1.0}, {"mean": "real", "sd": "pos"}),
    "mileak.law_kl": ({"law_a": ("N", 0.0, 1.0), "law_b": ("N", 1.0, 2.0), "dps": 20},
                       {"law_a": "law", "law_b": "law", "dps": "dps"}),
    "mileak.law_tv": ({"law_1": ("N", 0.0, 1.0), "law_0": ("N", 1.0, 1.0), "dps": 20},
                       {"law_1": "law", "law_0": "law", "dps": "dps"}),
    "mileak.law_bayes_success": ({"pi": 0.5, "law_1": ("N", 0.0, 1.0), "law_0": ("N", 1.0, 1.0), "dps": 20},
                                  {"pi": "prob", "law_1": "law", "law_0": "law", "dps": "dps"}),
    "mileak.law_mutual_information": ({"pi": 0.5, "law_1": ("N", 0.0, 1.0), "law_0": ("N", 1.0, 1.0), "dps": 20},
                                       {"pi": "prob", "law_1": "law", "law_0": "law", "dps": "dps"}),
    "mileak.mutual_information_isotropic": ({"pi": 0.5, "mean1": [1.0], "mean0": [0.0], "sd1": 1.0, "sd0": 1.0, "dps": 20},
                                             {"pi": "prob", "mean1": "vector", "mean0": "vector", "sd1": "pos",
                                              "sd0": "pos", "dps": "dps"}),
    "mileak.f1_correlation_squared": ({"n": 10, "lam": 0.5, "sigma": 0.3, "s": 1.0},
                                       {"n": "int_pos", "lam": "nonneg", "sigma": "nonneg", "s": "pos"}),
    "mileak.f1_kl_leakage": ({"c2": 0.2, "p": 2, "dps": 20}, {"c2": "unit_left_open", "p": "int_pos", "dps": "dps"}),
    "mileak.f1_membership_information": ({"pi": 0.5, "c2": 0.2, "p": 1, "dps": 15},
                                          {"pi": "prob", "c2": "unit_left_open", "p": "dim", "dps": "dps"}),
    "mileak.ridge_neighbour_kl": ({"rest_X": [[1.0]], "rest_y": [0.0], "z": ([1.0], 1.0), "z_prime": ([2.0], 0.0),
                                    "lam": 0.5, "release": "output", "noise": 1.0, "dps": 20},
                                   {"rest_X": "matrix", "rest_y": "vector", "lam": "nonneg", "release": "choice",
                                    "noise": "pos", "dps": "dps"}),
    "mileak.logistic_fit": ({"X": [[0.5], [-0.3], [0.2]], "y": [1.0, -1.0, -1.0], "lam": 0.5, "dps": 20},
                             {"X": "matrix", "y": "vector", "lam": "pos", "dps": "dps"}),
    "mileak.erm": ({"family": "logistic", "records": np.array([[0.5, 1.0], [-0.3, -1.0]]), "lam": 0.5, "dps": 20, "R": 1.0},
                    {"family": "family", "records": "records", "lam": "pos", "dps": "dps"}),
    "mileak.t5_check": ({"family": "logistic", "L": 1.0, "n": 5, "lam": 0.5, "sigma": 1.0, "trials": 1, "dps": 20, "R": 1.0},
                         {"family": "family", "L": "pos", "n": "dim", "lam": "pos", "sigma": "pos", "trials": "count",
                          "seed": "seed", "dps": "dps"}),
    "mileak.t5_bound": ({"n": 10, "lam": 0.1, "sigma": 1.0, "L": 1.0, "dps": 20},
                         {"n": "int_pos", "lam": "pos", "sigma": "pos", "L": "pos", "dps": "dps"}),
    "mileak.leakage": ({"family": "gaussian-mean", "values": {"n": 10, "sigma": 0.5}, "dps": 20},
                               {"family": "family", "values": "values", "dps": "dps", "pi": "prob"}),
    "mileak.fit_batch": ({"X": np.full((2, 5, 2), 0.1), "y": np.ones((2, 5)), "lam": 0.5},
                          {"X": "array3", "y": "labels", "lam": "pos", "tol": "pos", "max_iter": "count"}),
    "mileak.fit_shared_rest": ({"Xr": np.full((2, 5, 2), 0.1), "yr": np.ones((2, 5)), "Xe": np.full((2, 3, 2), 0.2),
                                 "ye": -np.ones((2, 3)), "lam": 0.5},
                                {"Xr": "array3", "yr": "labels", "Xe": "array3", "ye": "labels", "lam": "pos",
                                 "tol": "pos", "max_iter": "count"}),
    "mileak.classic_sigma": ({"eps": 0.5, "delta": 1e-5, "sensitivity": 1.0, "dps": 20},
                              {"eps": "pos", "delta": "prob", "sensitivity": "pos", "dps": "dps"}),
    "mileak.analytic_sigma": ({"eps": 0.5, "delta": 1e-5, "sensitivity": 1.0, "dps": 20},
                               {"eps": "pos", "delta": "prob", "sensitivity": "pos", "dps": "dps"}),
    "mileak.analytic_eps": ({"delta": 1e-5, "noise_multiplier": 2.0, "dps": 20},
                             {"delta": "prob", "noise_multiplier": "pos", "dps": "dps"}),
    "mileak.privacy_delta": ({"eps": 0.5, "noise_multiplier": 2.0, "dps": 20},
                              {"eps": "nonneg", "noise_multiplier": "pos", "dps": "dps"}),
    "mileak.convert": ({"sigma": 2.0, "sensitivity": 1.0, "dps": 20},
                        {"sigma": "pos", "sensitivity": "pos", "dps": "dps", "fprs": "fprs"}),
    "mileak.verify": ({"ids": ["T1.kl"], "numeric": False, "dps": 20},
                              {"ids": "ids", "profile": "choice", "dps": "dps", "seed": "seed"}),
    "mileak.falsify": ({"claim": "T3", "family": "gaussian-mean", "release": "output", "budget": 3, "trials": 10},
                        {"claim": "choice", "family": "family", "release": "choice_or_default", "budget": "count", "seed": "seed",
                         "trials": "count"}),
    "mileak.counterexample_search": ({"claim": "T3", "family": "gaussian-mean", "release": "output", "budget": 3, "dps": 20},
                                      {"claim": "choice", "family": "family", "release": "choice", "budget": "count",
                                       "seed": "seed", "p": "dim", "dps": "dps"}),
    "mileak.mean_neighbour_kl": ({"family": "ridge", "release": "output", "p": 2, "n": 5, "lam": 0.1, "trials": 20},
                                  {"family": "family", "release": "choice", "p": "dim", "n": "dim", "lam": "nonneg",
                                   "noise": "pos", "trials": "count", "seed": "seed"}),
    "mileak.search_classic": ({"budget": 3, "dps": 20, "region_grid": (2, 2)},
                               {"budget": "count", "seed": "seed", "dps": "dps"}),
    "mileak.check_classic_point": ({"eps": 0.5, "delta": 1e-5, "dps": 20}, {"eps": "pos", "delta": "prob", "dps": "dps"}),
    "mileak.simulate": ({"family": "ridge", "values": {"n": 5, "lam": 0.1, "sigma": 1.0}, "trials": 60, "shadows": 0},
                         {"family": "family", "values": "values", "trials": "count", "seed": "seed", "release": "choice_or_default",
                          "adversary": "choice", "shadows": "shadows", "pi": "prob", "fprs": "fprs", "level": "prob",
                          "calibration": "choice"}),
    "mileak.audit": ({"dataset": "wine", "models": 8, "eps": 1.0},
                      {"dataset": "choice", "lam": "pos", "eps": "pos_or_none", "delta": "prob", "models": "count", "R": "pos",
                       "seed": "seed", "fprs": "fprs", "level": "prob"}),
    "mileak.sweep": ({"family": "gaussian-mean", "grid": {"n": [4]}, "fixed": {"sigma": 0.5}, "folder": "{tmp}/sweep",
                       "trials": 40, "shadows": 0},
                      {"family": "family", "grid": "grid", "fixed": "values", "folder": "path", "trials": "count",
                       "seed": "seed", "jobs": "count"}),
    "mileak.lambda_path": ({"p": 3, "n": 4, "lams": (0.1, 1.0), "trials": 40, "shadows": 4},
                            {"p": "dim", "n": "dim", "lams": "lams", "trials": "count", "seed": "seed", "shadows": "shadows",
                             "s": "pos", "fpr": "prob", "level": "prob"}),
    "mileak.make_engine": ({"family": "ridge", "release": "output", "values": {"n": 5, "lam": 0.1, "sigma": 1.0}},
                            {"family": "family", "release": "choice", "values": "values"}),
    "mileak.play": ({"engine": "{engine}", "trials": 20}, {"trials": "count", "seed": "seed", "pi": "prob",
                                                            "adversary": "choice", "shadows": "shadows"}),
    "mileak.load_dataset": ({"name": "wine", "R": 1.0}, {"name": "choice", "R": "pos"}),
    "mileak.clopper_pearson": ({"k": 3, "n": 10, "level": 0.95}, {"k": "seed", "n": "count", "level": "prob"}),
    "mileak.auc_delong": ({"pos": [1.0, 2.0, 3.0], "neg": [0.0, 0.5, 1.5], "level": 0.95},
                           {"pos": "scores", "neg": "scores", "level": "prob"}),
    "mileak.roc_at_fpr": ({"cal_pos": [1.0, 2.0], "cal_neg": [0.0, 0.5], "test_pos": [1.5, 2.5], "test_neg": [0.2, 0.1],
                            "alpha": 0.5}, {"cal_pos": "scores", "cal_neg": "scores", "test_pos": "scores",
                                            "test_neg": "scores", "alpha": "prob", "level": "prob"}),
    "mileak.kl_tpr_bound": ({"alpha": 0.1, "kl": 0.2}, {"alpha": "prob", "kl": "kl_or_inf"}),
    "mileak.kl_auc_bound": ({"kl": 0.2}, {"kl": "kl_or_inf"}),
    "mileak.write_json_atomic": ({"path": "{tmp}/out.json", "data": {"a": 1}}, {"path": "path"}),
    # --- proofs ----------------------------------------------------------------------------------------
    "mileak.from_sympy": ({"name": "quad", "loss": "(theta - x)**2/2", "regularizer": "theta**2/2", "theta": "theta",
                          "data": "x", "data_box": {"x": (-1, 1)}},
                         {"name": "label", "loss": "formula", "regularizer": "formula", "theta": "symbols",
                          "data": "symbols"}),
    "mileak.parse_formula": ({"text": "x**2 + 1", "symbols": "{symbols}"}, {"text": "formula"}),
    "mileak.lipschitz_constant": ({"family": "{logistic}", "R": 1, "p": 1, "n": 5, "lam": 1, "sigma": 1},
                                  {"family": "family", "R": "pos"}),
    "mileak.t5_assumptions": ({"family": "{logistic}", "R": 1, "lam": 1}, {"family": "family", "R": "pos", "lam": "pos"}),
}

# words an error about an argument may use instead of its Python name
NAMES = {
    "values": ("n", "lam", "sigma", "values", "family", "parameter", "bogus", "dict"),
    "fixed": ("n", "sigma", "values", "parameter", "bogus", "fixed", "dict"),
    "law_a": ("law",), "law_b": ("law",), "law_1": ("law",), "law_0": ("law",),
    "z": ("record",), "z_prime": ("record",), "rest_X": ("rest_X", "X", "rows"), "rest_y": ("rest_y", "y"),
    "records": ("records", "record"), "grid": ("grid",), "ids": ("claim", "theorem", "id"),
    "X": ("X",), "y": ("y", "labels"), "Xr": ("Xr",), "yr": ("yr", "labels"), "Xe": ("Xe",), "ye": ("ye", "labels"),
    "name": ("name", "dataset"), "text": ("formula", "text"), "theta": ("theta",), "data": ("data",),
    "loss": ("loss", "formula"), "regularizer": ("regularizer", "formula"), "fprs": ("FPR", "fprs"),
    "alpha": ("alpha", "FPR"), "fpr": ("fpr", "FPR"), "k": ("k", "counts"), "n": ("n", "counts"),
    "pos": ("pos", "members", "scores"), "neg": ("neg", "non-members", "scores"),
    "cal_pos": ("cal_pos", "members", "scores"), "cal_neg": ("cal_neg", "non-members", "scores"),
    "test_pos": ("test_pos", "members", "scores"), "test_neg": ("test_neg", "non-members", "scores"),
    "folder": ("folder", "path", "sweep"), "path": ("path", "folder"),
    "lams": ("lams",), "mean0": ("mean0",), "mean1": ("mean1",), "family": ("family",),
}
