"""Sweeps: atomic point files, resume after SIGKILL at random moments, refusal of a foreign folder,
identical results with 1 or 2 jobs and on a local Dask cluster."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from mileak.numeric.game.sweep import sweep

GRID = {"n": [4, 8, 16], "sigma": [0.2, 1]}  # as the CLI parses "0.2,1"
ARGS = ["gaussian-mean", "--grid", "n=4,8,16", "--grid", "sigma=0.2,1", "--trials", "40000", "--shadows", "16",
        "--quiet"]


def _points(folder):
    out = {}
    for name in sorted(os.listdir(os.path.join(folder, "points"))):
        with open(os.path.join(folder, "points", name)) as fh:
            out[name] = fh.read()
    return out


def _cli(folder, *extra):
    return [sys.executable, "-m", "mileak.numeric.cli", "sweep", *ARGS, "--out", str(folder), *extra]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    subprocess.run(_cli(folder), check=True, capture_output=True)
    return _points(folder)


@pytest.mark.slow
def test_a_sweep_killed_at_random_moments_resumes_and_loses_nothing(tmp_path, reference):
    rng = np.random.default_rng(0)
    folder = tmp_path / "killed"
    kills = 0
    for _ in range(6):
        proc = subprocess.Popen(_cli(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(float(rng.uniform(0.3, 2.5)))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        if os.path.isdir(folder / "points"):  # what a reader sees after a kill: only complete files
            for name, text in _points(folder).items():
                assert json.loads(text)["index"] >= 0 and text == reference[name]
    done = subprocess.run(_cli(folder), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert kills >= 1
    print(f"{kills} SIGKILLs; resumed run: {done.stdout.splitlines()[0]}")
    assert _points(folder) == reference
    assert not [f for f in os.listdir(folder / "points") if f.startswith(".tmp-")]


def test_resume_redoes_only_missing_points(tmp_path, reference):
    folder = tmp_path / "partial"
    subprocess.run(_cli(folder), check=True, capture_output=True)
    os.unlink(folder / "points" / "point-00003.json")
    r = subprocess.run(_cli(folder), check=True, capture_output=True, text=True)
    assert "5 already done" in r.stdout
    assert _points(folder) == reference


def test_a_folder_from_another_configuration_is_refused(tmp_path):
    folder = tmp_path / "other"
    sweep("gaussian-mean", {"n": [4, 8]}, {"sigma": 0.5}, str(folder), trials=500, shadows=0)
    with pytest.raises(ValueError, match="another configuration"):
        sweep("gaussian-mean", {"n": [4, 8]}, {"sigma": 0.6}, str(folder), trials=500, shadows=0)
    r = subprocess.run(_cli(folder), capture_output=True, text=True)
    assert r.returncode == 2 and "another configuration" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("contents", [{"summary.json": '{"mine": 1}'}, {"notes.txt": "keep me"},
                                      {"config.json": '{"format": "mileak-phase-1"}', "summary.json": "{}"},
                                      {"config.json": "not json"}])
def test_a_folder_holding_anything_else_is_refused_before_work_and_left_as_it_was(tmp_path, contents):
    """A user's folder (or a phase-diagram folder) is never written into: before, ``sweep --out`` overwrote a user's
    summary.json with exit 0. An empty folder is taken; a file given as the folder is refused."""
    folder = tmp_path / "users"
    folder.mkdir()
    for name, text in contents.items():
        (folder / name).write_text(text)
    r = subprocess.run(_cli(folder), capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "already holds files and is not a sweep folder" in r.stderr
    assert sorted(os.listdir(folder)) == sorted(contents)
    assert all((folder / name).read_text() == text for name, text in contents.items())
    empty = tmp_path / "empty"
    empty.mkdir()
    sweep("gaussian-mean", {"n": [4]}, {"sigma": 0.5}, str(empty), trials=500, shadows=0)
    assert (empty / "summary.json").exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(ValueError, match="is a file, not a folder"):
        sweep("gaussian-mean", {"n": [4]}, {"sigma": 0.5}, str(a_file), trials=500, shadows=0)


def test_a_folder_from_the_older_seeding_scheme_is_refused(tmp_path):
    """Before 0.3 a point's games ran one stream through the chunks; such a folder (no ``streams`` in its
    config) is not resumed with games of the new scheme."""
    import json

    folder = tmp_path / "old"
    sweep("gaussian-mean", {"n": [4, 8]}, {"sigma": 0.5}, str(folder), trials=500, shadows=0)
    config = json.loads((folder / "config.json").read_text())
    assert config["streams"] == "SeedSequence(seed, spawn_key=(chunk,))"
    del config["streams"]
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="differs in streams"):
        sweep("gaussian-mean", {"n": [4, 8]}, {"sigma": 0.5}, str(folder), trials=500, shadows=0)


def test_jobs_1_and_2_give_bit_identical_files(tmp_path, reference):
    folder = tmp_path / "two"
    subprocess.run(_cli(folder, "--jobs", "2"), check=True, capture_output=True)
    assert _points(folder) == reference


def test_a_sweep_on_a_local_dask_cluster_gives_the_same_files(tmp_path, reference):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        r = sweep("gaussian-mean", GRID, {}, str(tmp_path / "dask"), trials=40000, shadows=16,
                  scheduler=cluster.scheduler_address)
    assert len(r["points"]) == 6
    assert _points(tmp_path / "dask") == reference


@pytest.mark.parametrize("grid, fixed, message", [({}, {}, "grid"), ({"n": []}, {}, "non-empty"),
                                                   ({"n": [4, 1]}, {}, "n=1"), ({"n": [4]}, {"n": 5}, "both swept"),
                                                   ({"sigma": [-1.0]}, {"n": 4}, "sigma")])
def test_bad_grids_are_refused_before_work(tmp_path, grid, fixed, message):
    with pytest.raises(ValueError, match=message):
        sweep("gaussian-mean", grid, fixed, str(tmp_path / "bad"), trials=100)
    assert not os.path.exists(tmp_path / "bad" / "points") or not os.listdir(tmp_path / "bad" / "points")
