"""Phase diagrams of T3/T4 (``mileak falsify --grid``): verdicts against an independent ridge computation, the
sequential test's budget, resumption, refusals, and the command's text, JSON and plot."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from mileak.numeric.cli.main import main
from mileak.numeric.falsify.phase_diagram import looks, neighbour_averaged_cell, phase_diagram
from tests.cli_runs import refused

Z_999 = 3.2905267314919255


def _ridge_paired_kl(p, n, lam, lam_after, n_after, trials, seed, s=1.0):
    """An independent paired Monte Carlo of the neighbour-averaged KL of ridge's output release (sigma = 1):
    ``theta_D = (X'X + n lam I)^-1 X'y`` by ``numpy.linalg.solve``, ``KL = ||theta - theta'||^2 / 2``; the
    same ``(D_rest, z, z', w)`` before and after (``n -> n_after`` adds ``w``, ``lam -> lam_after``)."""
    rng = np.random.default_rng(seed)
    beta = rng.normal(size=p) / np.sqrt(p)
    out = []
    for _ in range(trials):
        X = rng.normal(size=(n + 2, p))
        y = X @ beta + s * rng.normal(size=n + 2)
        rest, z, zp, w = slice(0, n - 1), n - 1, n, n + 1

        def kl(rows, lam_):
            m = len(rows) + 1
            thetas = []
            for last in (z, zp):
                idx = list(rows) + [last]
                A = X[idx].T @ X[idx] + m * lam_ * np.eye(p)
                thetas.append(np.linalg.solve(A, X[idx].T @ y[idx]))
            return float(np.sum((thetas[0] - thetas[1]) ** 2) / 2)

        rows = list(range(rest.stop))
        before = kl(rows, lam)
        after = kl(rows + [w] if n_after > n else rows, lam_after)
        out.append(after - before)
    d = np.array(out)
    half = Z_999 * d.std(ddof=1) / np.sqrt(trials)
    return d.mean() - half, d.mean() + half


@pytest.mark.parametrize("claim, p, n, lam", [("T3", 5, 2, 0.01), ("T3", 5, 10, 0.01), ("T3", 20, 10, 0.1),
                                              ("T4", 5, 3, 0.01), ("T4", 5, 20, 0.1)])
def test_cell_verdicts_agree_with_an_independent_ridge_computation(claim, p, n, lam):
    cell = neighbour_averaged_cell(claim, "ridge", "output", p, n, lam, 1.0, 2000, 32000, 0)
    after = (lam, n + 1) if claim == "T3" else (2 * lam, n)
    low, high = _ridge_paired_kl(p, n, lam, after[0], after[1], 3000, 1)
    independent = "rises" if low > 0 else "falls" if high < 0 else "inconclusive"
    assert independent != "inconclusive", (low, high)
    assert cell["verdict"] == independent, (cell, low, high)
    assert cell["low"] <= high and low <= cell["high"]  # the two intervals overlap


def test_a_cell_that_cannot_decide_says_its_budget_was_spent():
    assert looks(100, 100) == 1 and looks(100, 399) == 2 and looks(100, 400) == 3
    # at n/p = 0.65, lam = 0.1 the neighbour-averaged KL barely moves (the limit's boundary is 0.684): 20, 40
    # and 80 paired draws (three looks) do not decide it, and the cell says so
    cell = neighbour_averaged_cell("T3", "ridge", "output", 40, 26, 0.1, 1.0, 20, 80, 0)
    assert cell["verdict"] == "inconclusive" and cell["budget_spent"]
    assert cell["trials"] == 80 and cell["looks"] == 3 and cell["low"] < 0 < cell["high"]
    decided = neighbour_averaged_cell("T3", "ridge", "output", 5, 10, 1.0, 1.0, 20, 80, 0)  # far from it: the
    assert decided["verdict"] == "falls" and not decided["budget_spent"]  # second look (40 draws) decides
    assert decided["trials"] == 40 and decided["looks"] == 2 and decided["high"] < 0


GRID = {"p": [5], "n": [2, 10], "lam": [0.01, 1.0]}


def test_the_diagram_resumes_refuses_another_configuration_and_draws_the_boundary(tmp_path):
    folder = tmp_path / "phase"
    first = phase_diagram("T3", "ridge", GRID, folder, trials=500, max_trials=2000)
    assert first["resumed"] == 0 and len(first["cells"]) == 4
    verdicts = {(c["n"], c["lam"]): c["verdict"] for c in first["cells"]}
    assert verdicts[(2, 0.01)] == "rises" and verdicts[(10, 0.01)] == "falls" and verdicts[(10, 1.0)] == "falls"
    row = next(b for b in first["boundaries"] if b["lam"] == 0.01)
    assert row["last_rise"] == pytest.approx(0.4) and row["first_fall"] == pytest.approx(2.0)
    os.unlink(folder / "points" / "point-00001.json")
    again = phase_diagram("T3", "ridge", GRID, folder, trials=500, max_trials=2000)
    assert again["resumed"] == 3 and again["cells"] == first["cells"]
    assert json.loads((folder / "summary.json").read_text())["cells"] == first["cells"]
    with pytest.raises(ValueError, match="another configuration"):
        phase_diagram("T3", "ridge", GRID, folder, trials=400, max_trials=2000)


def test_the_predicted_boundary_is_ridges_limit_and_only_for_t3_output():
    from mileak.numeric.families.ridge.proportional import boundary_ratio, limit_h

    r = boundary_ratio(0.1)
    gamma = 1 / r  # H is largest there: a little either side is lower
    assert limit_h(gamma, 0.1) > max(limit_h(gamma * 1.01, 0.1), limit_h(gamma / 1.01, 0.1))
    assert boundary_ratio(1e-4) == pytest.approx(1, abs=2e-3)  # ridgeless: the boundary is n = p
    assert boundary_ratio(1.0) is None


@pytest.mark.slow
def test_the_limit_kl_matches_a_large_simulation():
    """``E D ~ H(p/n, lam) / (p sigma^2)``: at p = 200 the simulated neighbour-averaged KL is within 10% of the
    limit (finite-size corrections are O(1/p)), at n/p = 0.5 and 2."""
    from mileak.numeric.falsify.population import mean_neighbour_kl
    from mileak.numeric.families.ridge.proportional import limit_h

    p = 200
    for n in (100, 400):
        mean, half = mean_neighbour_kl("ridge", "output", p, n, 0.1, noise=1.0, trials=200, seed=3)
        predicted = limit_h(p / n, 0.1) / p
        assert abs(mean - predicted) < 0.1 * predicted + half, (n, mean, half, predicted)


@pytest.mark.parametrize("grid, kwargs, message", [
    ({"p": [5], "n": [2]}, {}, "names p, n and lam"),
    ({"p": [5], "n": [2], "lam": [0.0]}, {}, "lam"),
    ({"p": [5], "n": [2.5], "lam": [0.1]}, {}, "grid n"),
    ({"p": [20], "n": [2], "lam": [0.1]}, {"quantity": "paper_rho_kl"}, "p <= 5"),
    ({"p": [2], "n": [1, 2], "lam": [0.1]}, {"quantity": "paper_rho_mi"}, "n >= 2"),
    ({"p": [5], "n": [2], "lam": [0.1]}, {"quantity": "rho"}, "quantity"),
    ({"p": [5], "n": [2], "lam": [0.1]}, {"release": "exact"}, "no density"),
    ({"p": [5], "n": [2], "lam": [0.1]}, {"max_trials": 100, "trials": 200}, "max_trials"),
    ({"p": list(range(1, 11)), "n": list(range(2, 12)), "lam": [0.1, 1.0, 2.0, 3.0, 4.0]}, {}, "--yes"),
])
def test_bad_diagrams_are_refused_before_work(tmp_path, grid, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        phase_diagram("T3", "ridge", grid, tmp_path / "d", **kwargs)
    assert not (tmp_path / "d").exists()


def test_the_command_prints_the_map_and_writes_json_and_a_pdf(tmp_path, capsys):
    out, plot, js = tmp_path / "phase", tmp_path / "phase.pdf", tmp_path / "phase.json"
    code = main(["falsify", "T3", "--family", "ridge", "--grid", "p=5", "--grid", "n=2,10", "--grid", "lam=0.01,1",
                 "--trials", "500", "--max-trials", "2000", "--out", str(out), "--plot", str(plot), "--json", str(js),
                 "--quiet"])
    text = capsys.readouterr().out
    assert code == 0
    assert "lam=0.01" in text and "rises up to n/p = 0.4, falls from 2" in text
    assert "the limit predicts rises below n/p = 0.968" in text  # ridge's proportional limit at lam = 0.01
    data = json.loads(js.read_text())
    assert data["config"]["budget"] == {"trials": 500, "max_trials": 2000} and len(data["cells"]) == 4
    assert plot.read_bytes().startswith(b"%PDF")
    assert data["cells"] == phase_diagram("T3", "ridge", GRID, out, trials=500, max_trials=2000)["cells"]


def test_t4_and_the_papers_quantity_run_at_non_default_options(tmp_path, capsys):
    code = main(["falsify", "T4", "--family", "ridge", "--grid", "p=2", "--grid", "n=3", "--grid", "lam=0.05",
                 "--quantity", "paper_rho_kl", "--paper-outer", "20", "--paper-inner", "8", "--seed", "3",
                 "--out", str(tmp_path / "t4"), "--json", "-"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["config"]["step"] == "lam -> 2 lam" and data["config"]["seed"] == 3
    cell = data["cells"][0]
    assert cell["outer"] == 20 and cell["inner"] == 8 and cell["low"] <= cell["difference"] <= cell["high"]
    assert data["predicted"] is None  # the limit speaks of the neighbour-averaged KL only


@pytest.mark.parametrize("extra, message", [
    (["--grid", "n=4"], "--grid n is given twice"),
    (["--budget", "10"], "--budget does not apply"),
    (["--paper-settings", "1"], "--paper-settings does not apply"),
    (["--paper-outer", "20"], "--paper-outer does not apply to a phase diagram of neighbour_averaged"),
    (["--quantity", "paper_rho_kl", "--trials", "100"], "--trials does not apply"),
    (["--jobs", "0"], "--jobs"),
    (["--plot", "x.jpg"], ".png"),
])
def test_the_command_refuses_misplaced_options(tmp_path, capsys, extra, message):
    argv = ["falsify", "T3", "--family", "ridge", "--grid", "p=5", "--grid", "n=2", "--grid", "lam=0.1",
            "--out", str(tmp_path / "o"), *extra]
    assert message in refused(argv, capsys)


def test_grid_options_without_a_grid_and_a_grid_without_out_are_refused(tmp_path, capsys):
    for extra in (["--plot", str(tmp_path / "p.png")], ["--out", str(tmp_path)], ["--quantity", "paper_rho_kl"],
                  ["--max-trials", "100"], ["--yes"], ["--jobs", "2"]):
        line = refused(["falsify", "T3", "--family", "ridge", *extra], capsys)
        assert "belongs to a phase diagram" in line, line
    line = refused(["falsify", "T3", "--family", "ridge", "--grid", "p=5", "--grid", "n=2", "--grid", "lam=1"], capsys)
    assert "--out" in line
    assert "T3 or T4" in refused(["falsify", "classic-gaussian", "--grid", "p=5", "--out", str(tmp_path)], capsys)


def test_a_user_family_gets_a_phase_diagram_and_its_fixed_dimension_is_kept(tmp_path, capsys):
    argv = ["falsify", "T3", "--loss", "log(cosh(theta - x))", "--box", "x=-1:1", "--grid", "n=2,4", "--grid",
            "lam=0.1,1", "--out", str(tmp_path / "u"), "--trials", "200", "--max-trials", "800", "--json", "-"]
    assert main([*argv, "--grid", "p=1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"]["family"] == "user" and data["config"]["declaration"]["loss"] == "log(cosh(theta - x))"
    assert len(data["cells"]) == 4 and data["predicted"] is None
    argv[argv.index(str(tmp_path / "u"))] = str(tmp_path / "v")
    assert "fixed dimension: grid p must be 1" in refused([*argv, "--grid", "p=3"], capsys)


@pytest.mark.slow
def test_ctrl_c_stops_with_one_line_keeps_finished_cells_and_the_rerun_resumes(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    argv = [sys.executable, "-m", "mileak.numeric.cli", "falsify", "T3", "--family", "ridge", "--grid", "p=40",
            "--grid", "n=26,28", "--grid", "lam=0.05,0.1", "--out", str(tmp_path / "run"), "--quiet"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(8)  # near the boundary each cell spends up to 32000 paired draws: the run is still going
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130, err
    assert err.strip().endswith("resume with the same command") and len(err.strip().splitlines()) == 1, err
    points = tmp_path / "run" / "points"
    kept = [f for f in os.listdir(points) if f.startswith("point-")]
    assert len(kept) < 4 and not [f for f in os.listdir(points) if f.startswith(".tmp")]
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode == 0 and f"{len(kept)} of 4 read from" in done.stdout


@pytest.mark.slow  # the cell folder's jobs and Dask paths are also the sweep's, tested in the main pass
def test_jobs_and_a_local_dask_cluster_give_the_same_cells(tmp_path):
    from distributed import LocalCluster

    grid = {"p": [5], "n": [2, 10], "lam": [0.1]}
    one = phase_diagram("T3", "ridge", grid, tmp_path / "one", trials=200, max_trials=800)["cells"]
    assert phase_diagram("T3", "ridge", grid, tmp_path / "two", trials=200, max_trials=800, jobs=2)["cells"] == one
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        dask = phase_diagram("T3", "ridge", grid, tmp_path / "dask", trials=200, max_trials=800,
                             scheduler=cluster.scheduler_address)
    assert dask["cells"] == one and dask["resumed"] == 0
