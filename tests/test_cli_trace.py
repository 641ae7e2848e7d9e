"""`adamviz trace`: strict JSON for good input, exit 2 with one line on stderr for bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from adamviz.cli import main
from adamviz.core.optimizers import get_optimizer

REPO = Path(__file__).resolve().parents[1]
TOY_CONTRACT = [
    "trace",
    "--problem",
    "toy2",
    "--optimizer",
    "momentum",
    "--optimizer",
    "adam",
    "--set",
    "momentum.lr=0.4",
    "--set",
    "momentum.momentum=0.5",
    "--steps",
    "20",
    "--start=-5,-2",
]
AIRFOIL_CONTRACT = [
    "trace",
    "--problem",
    "airfoil",
    "--optimizer",
    "adam",
    "--set",
    "adam.lr=0.01",
    "--epochs",
    "2",
    "--seed",
    "0",
]


def strict_loads(text: str):
    def reject(name):
        raise ValueError(f"non-finite number {name} in the output")

    return json.loads(text, parse_constant=reject)


def trace(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert out.endswith("\n") and out.count("\n") == 1
    return strict_loads(out)


def by_optimizer(data):
    runs = {run["optimizer"]: run for run in data["runs"]}
    assert len(runs) == len(data["runs"])
    return runs


def check_schema(data):
    assert {"problem", "runs"} <= data.keys()
    assert isinstance(data["runs"], list) and data["runs"]
    for run in data["runs"]:
        assert {"optimizer", "hyperparams", "points", "losses", "diverged_at"} <= run.keys()
        assert len(run["points"]) == len(run["losses"])
        assert all(math.isfinite(v) for p in run["points"] for v in p)
        assert all(math.isfinite(v) for v in run["losses"])


def defaults_for(problem: str, optimizer: str) -> dict[str, float]:
    """Declared defaults overridden by the problem's own (chapter) settings."""
    from adamviz.core.problems import get_problem

    declared = {hp.name: hp.default for hp in get_optimizer(optimizer).hyperparams}
    return declared | get_problem(problem).hyperparams_for(optimizer)


# ---------------------------------------------------------------- the two contract commands


def test_toy2_contract_command(capsys, ref):
    data = trace(capsys, TOY_CONTRACT)
    check_schema(data)
    assert data["problem"] == "toy2"
    assert data["steps"] == 20 and data["start"] == [-5.0, -2.0] and data["floor"] == 0.0
    runs = by_optimizer(data)
    assert set(runs) == {"momentum", "adam"}
    mom, adam = runs["momentum"], runs["adam"]
    assert mom["hyperparams"] == {"lr": 0.4, "momentum": 0.5}
    for run in (mom, adam):
        assert run["points"][0] == [-5.0, -2.0]
        assert len(run["points"]) == 21 and all(len(p) == 2 for p in run["points"])
        assert run["diverged_at"] is None
        pts = np.array(run["points"])
        np.testing.assert_allclose(run["losses"], 0.1 * pts[:, 0] ** 2 + 2 * pts[:, 1] ** 2, rtol=1e-14)
    # the book's momentum result (D2L §7.4)
    assert (ref.book_fmt(mom["points"][20][0]), ref.book_fmt(mom["points"][20][1])) == ("-0.062843", "0.001202")
    # adam had no --set: toy2's defaults, and the trajectory the notes' rule gives with them
    assert adam["hyperparams"] == defaults_for("toy2", "adam")
    assert adam["hyperparams"]["beta1"] == 0.9 and adam["hyperparams"]["beta2"] == 0.999
    assert adam["hyperparams"]["eps"] == 1e-6
    expected = ref.numpy_toy_run("adam", adam["hyperparams"], (0.1, 2.0), (-5.0, -2.0), 20)
    np.testing.assert_allclose(adam["points"], expected, rtol=1e-12, atol=1e-15)


def test_airfoil_contract_command(capsys, ref, book_data):
    data = trace(capsys, AIRFOIL_CONTRACT)
    check_schema(data)
    assert data["problem"] == "airfoil"
    assert data["steps"] == 300 and data["seed"] == 0
    (run,) = data["runs"]
    assert run["optimizer"] == "adam" and run["diverged_at"] is None
    assert run["hyperparams"] == {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    points = np.array(run["points"])
    assert points.shape == (301, 6)
    # the start: w ~ N(0, 0.01²), b = 0
    assert points[0, 5] == 0.0 and 0 < np.abs(points[0, :5]).max() < 0.06
    X, y = book_data
    floor = ref.full_loss_rowwise(X, y, ref.lstsq_theta(X, y))
    assert data["floor"] == pytest.approx(floor, rel=1e-6)
    assert min(run["losses"]) >= data["floor"] - 1e-12
    for k in (0, 100, 200, 300):
        assert run["losses"][k] == pytest.approx(ref.full_loss_rowwise(X, y, points[k]), rel=1e-5)
    assert run["losses"][300] < data["floor"] + 0.01
    from adamviz.core.problems import get_problem

    expected = ref.numpy_airfoil_run(X, y, get_problem("airfoil"), "adam", run["hyperparams"], points[0], 0, 300)
    np.testing.assert_allclose(points, expected, rtol=0, atol=2e-4)


def test_console_command_gives_the_same_json(capsys):
    in_process = trace(capsys, TOY_CONTRACT)
    proc = subprocess.run(
        [sys.executable, "-m", "adamviz", *TOY_CONTRACT], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert strict_loads(proc.stdout) == in_process


# ---------------------------------------------------------------- other good input


@pytest.mark.parametrize(
    "problem,optimizer,expected",
    [
        # the notes' settings for the chapter's experiments
        ("toy2", "rmsprop", {"lr": 0.4, "gamma": 0.9, "eps": 1e-6}),
        ("toy2", "adagrad", {"lr": 0.4, "eps": 1e-6}),
        ("toy1", "sgd", {"lr": 0.1}),
        ("airfoil", "rmsprop", {"lr": 0.01, "gamma": 0.9, "eps": 1e-6}),
        ("airfoil", "adagrad", {"lr": 0.1, "eps": 1e-6}),
        ("airfoil", "adadelta", {"rho": 0.9, "eps": 1e-5}),
        ("airfoil", "momentum", {"lr": 0.02, "momentum": 0.5}),
    ],
)
def test_optimizer_without_set_uses_the_problems_defaults(capsys, problem, optimizer, expected):
    data = trace(capsys, ["trace", "--problem", problem, "--optimizer", optimizer, "--steps", "3"])
    (run,) = data["runs"]
    assert run["hyperparams"] == expected == defaults_for(problem, optimizer)
    assert len(run["points"]) == 4


def test_every_optimizer_at_its_defaults(capsys):
    argv = ["trace", "--problem", "toy1", "--steps", "5"]
    for name in ("sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam"):
        argv += ["--optimizer", name]
    data = trace(capsys, argv)
    check_schema(data)
    runs = by_optimizer(data)
    assert len(runs) == 6
    for name, run in runs.items():
        assert run["hyperparams"] == defaults_for("toy1", name)
        assert len(run["points"]) == 6


def test_defaults_without_arguments(capsys):
    data = trace(capsys, ["trace"])
    assert data["problem"] == "toy2"
    assert {run["optimizer"] for run in data["runs"]} == {"momentum", "rmsprop", "adam"}
    assert all(len(run["points"]) == 21 for run in data["runs"])


def test_steps_on_airfoil(capsys):
    data = trace(capsys, ["trace", "--problem", "airfoil", "--optimizer", "sgd", "--steps", "7", "--seed", "3"])
    (run,) = data["runs"]
    assert len(run["points"]) == 8 and all(len(p) == 6 for p in run["points"])


def test_seed_changes_the_airfoil_run(capsys):
    a = trace(capsys, ["trace", "--problem", "airfoil", "--optimizer", "sgd", "--steps", "5", "--seed", "1"])
    b = trace(capsys, ["trace", "--problem", "airfoil", "--optimizer", "sgd", "--steps", "5", "--seed", "2"])
    c = trace(capsys, ["trace", "--problem", "airfoil", "--optimizer", "sgd", "--steps", "5", "--seed", "1"])
    assert a["runs"][0]["points"][0] != b["runs"][0]["points"][0]
    assert a == c


def test_diverging_run_gives_finite_json(capsys):
    data = trace(
        capsys,
        [
            "trace",
            "--problem",
            "toy2",
            "--optimizer",
            "sgd",
            "--optimizer",
            "adam",
            "--set",
            "sgd.lr=10",
            "--steps",
            "60",
        ],
    )
    check_schema(data)
    runs = by_optimizer(data)
    k = runs["sgd"]["diverged_at"]
    assert isinstance(k, int) and k >= 1
    assert len(runs["sgd"]["points"]) == k
    assert runs["adam"]["diverged_at"] is None and len(runs["adam"]["points"]) == 61


def test_start_moves_the_runs(capsys):
    data = trace(
        capsys,
        ["trace", "--problem", "toy1", "--optimizer", "sgd", "--set", "sgd.lr=0.1", "--steps", "2", "--start=2,-1"],
    )
    np.testing.assert_allclose(data["runs"][0]["points"], [[2.0, -1.0], [1.6, -0.6], [1.28, -0.36]], rtol=1e-15)


# ---------------------------------------------------------------- bad input


BAD = [
    (["--problem", "toy9"], "toy9"),
    (["--optimizer", "nadamw"], "nadamw"),
    (["--optimizer", "adam", "--optimizer", "adam"], "once"),
    (["--optimizer", "adam", "--set", "adam.gamma=0.9"], "gamma"),
    (["--optimizer", "adam", "--set", "adam.lr=fast"], "fast"),
    (["--optimizer", "adam", "--set", "adam.lr="], "lr"),
    (["--optimizer", "adam", "--set", "adam.lr=0"], "lr"),
    (["--optimizer", "adam", "--set", "adam.lr=11"], "lr"),
    (["--optimizer", "adam", "--set", "adam.lr=nan"], "lr"),
    (["--optimizer", "adam", "--set", "adam.lr=inf"], "lr"),
    (["--optimizer", "adam", "--set", "adam.beta2=1"], "beta2"),
    (["--optimizer", "adam", "--set", "adam.eps=-1e-9"], "eps"),
    (["--optimizer", "adam", "--set", "adamlr0.1"], "adamlr0.1"),
    (["--optimizer", "adam", "--set", "sgd.lr=0.1"], "sgd"),
    (["--optimizer", "adam", "--set", "nadamw.lr=0.1"], "nadamw"),
    (["--optimizer", "yogi", "--concise", "yogi"], "no torch.optim counterpart"),
    (["--start=-5"], "start"),
    (["--start=a,b"], "start"),
    (["--start=1,2,3"], "start"),
    (["--start=nan,1"], "start"),
    (["--start=-5,inf"], "start"),
    (["--start=1e9,0"], "start"),
    (["--steps", "0"], "steps"),
    (["--steps", "-3"], "steps"),
    (["--steps", "x"], "steps"),
    (["--steps", "2.5"], "steps"),
    (["--problem", "airfoil", "--epochs", "0"], "epochs"),
    (["--problem", "toy2", "--epochs", "1"], "epochs"),
    (["--problem", "toy1", "--epochs", "2"], "epochs"),
    (["--problem", "airfoil", "--start=-5,-2"], "start"),
    (["--problem", "airfoil", "--steps", "3", "--epochs", "1"], "epochs"),
    (["--seed", "-1"], "seed"),
    (["--bogus"], "bogus"),
]


@pytest.mark.parametrize("args,mentions", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(capsys, args, mentions):
    code = main(["trace", *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("adamviz trace: error: ")
    assert mentions in err


def test_unusable_data_is_a_usage_error(capsys, monkeypatch):
    from adamviz.core import problems
    from adamviz.core.problems import DataError

    real = problems.get_problem

    def broken(name):
        if name == "airfoil":
            raise DataError("the airfoil data file is missing: /nowhere/airfoil_self_noise.dat")
        return real(name)

    monkeypatch.setattr(problems, "get_problem", broken)  # every problem lookup goes through here
    code = main(["trace", "--problem", "airfoil", "--optimizer", "adam"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "missing" in err and "Traceback" not in err


def test_console_command_bad_input():
    proc = subprocess.run(
        [sys.executable, "-m", "adamviz", "trace", "--problem", "toy2", "--set", "adam.lr=abc"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "adam.lr" in proc.stderr and "abc" in proc.stderr


def test_gd_is_the_name_the_book_and_the_window_use_for_sgd(capsys):
    """The presets and the window say GD; the command line takes gd as well as sgd, with the same numbers."""
    as_gd = trace(capsys, ["trace", "--optimizer", "gd", "--set", "gd.lr=0.4", "--concise", "gd", "--steps", "9"])
    as_sgd = trace(capsys, ["trace", "--optimizer", "sgd", "--set", "sgd.lr=0.4", "--concise", "sgd", "--steps", "9"])
    assert as_gd == as_sgd
    assert [run["optimizer"] for run in as_gd["runs"]] == ["sgd", "sgd"]
    # the book's GD on toy2 with η = 0.4 (§7.4): x1 ← x1 − η·0.2·x1, x2 ← x2 − η·4·x2, from (−5, −2)
    x1, x2 = -5.0, -2.0
    for _ in range(9):
        x1, x2 = x1 - 0.4 * (0.2 * x1), x2 - 0.4 * (4 * x2)
    assert as_gd["runs"][0]["points"][-1] == [x1, x2]
    assert main(["trace", "--optimizer", "gd", "--optimizer", "sgd"]) == 2  # the same optimizer twice
    assert "each --optimizer may be given once" in capsys.readouterr().err
