"""Functions of one variable (§7.1, §7.2): the book's numbers, every optimizer, swarms, sweeps, noise, starts,
sessions and the command line on them."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import get_problem
from adamviz.core.problems.noisy import noise_at
from adamviz.core.scenario import PRESETS, default_scenario
from adamviz.core.session import Session, SessionError, ViewSettings, load_session, save_session
from adamviz.core.swarm import Swarm, grid_starts, random_starts
from adamviz.core.sweep import run_sweep

CURVES = ("parabola", "local_minima", "cubic")


def book_gd(eta: float, steps: int = 10) -> float:
    """The book's §7.2 cell: x = 10.0; for i in range(10): x -= eta * f_grad(x), f_grad = 2 * x."""
    x = 10.0
    for _ in range(steps):
        x -= eta * (2 * x)
    return x


@pytest.mark.parametrize("preset, eta, printed", [("gd-parabola", 0.2, 0.0604662),
                                                  ("gd-parabola-slow", 0.05, 3.48678),
                                                  ("gd-parabola-diverge", 1.1, 61.9174)])
def test_gradient_descent_on_x_squared_prints_the_books_numbers_bit_for_bit(preset, eta, printed):
    (run,) = PRESETS[preset].scenario().run().runs
    assert run.t == 10 and run.points.shape == (11, 1)
    assert run.points[-1, 0] == book_gd(eta)
    assert f"{run.points[-1, 0]:.6g}" == f"{printed:.6g}"
    np.testing.assert_array_equal(run.losses, run.points[:, 0] ** 2)


def test_the_local_minima_are_where_the_derivative_vanishes_and_the_preset_lands_in_the_near_one():
    problem = get_problem("local_minima")
    best, local = problem.minima[:, 0]
    for x in (best, local):
        assert abs(math.cos(math.pi * x) - math.pi * x * math.sin(math.pi * x)) < 1e-12
    assert -1 < local < 0 < 1 < best < 2
    assert problem.floor == pytest.approx(best * math.cos(math.pi * best))
    (run,) = PRESETS["local-minima"].scenario().run().runs
    assert abs(run.points[-1, 0] - local) < 1e-3
    right = replace(PRESETS["local-minima"].scenario(), start=(0.5,)).validated().run().runs[0]
    assert abs(right.points[-1, 0] - best) < 1e-3  # from past the hump: the global one


def test_on_the_cubic_gd_stops_short_of_the_saddle_and_momentum_runs_past_it():
    engine = PRESETS["cubic-saddle"].scenario().run()
    runs = {run.spec.optimizer: run for run in engine.runs}
    x = 1.0
    for _ in range(30):
        x -= 0.05 * (3 * x * x)
    assert runs["sgd"].points[-1, 0] == x and 0 < x < 0.2
    assert runs["momentum"].points[-1, 0] < -1


@pytest.mark.parametrize("name", CURVES)
def test_every_optimizer_steps_on_every_curve_and_its_torch_twin_agrees(name):
    problem = get_problem(name)
    for optimizer, info in OPTIMIZERS.items():
        if info.source is not None:
            continue
        scenario = default_scenario(name, (optimizer,), steps=15)
        # torch's AdaGrad and RMSprop put ε outside the root: with ε = 0 they are the same update
        outside = {"eps": 0.0} if optimizer in ("adagrad", "rmsprop") else {}
        scenario.runs = [replace(s, concise=info.torch_optim is not None, hyperparams={**s.hyperparams, **outside})
                         if s.enabled else s for s in scenario.runs]
        engine = scenario.validated().run()
        scratch = engine.runs[0]
        assert scratch.points.shape[1] == 1 and np.isfinite(scratch.losses).all(), optimizer
        np.testing.assert_allclose(scratch.losses, problem.loss(scratch.points), rtol=0, atol=0)
        if len(engine.runs) == 2:
            # (torch's NAdam keeps its μ product in float32, torch's default dtype: 2e-9 apart)
            close = 1e-7 if optimizer == "nadam" else 1e-10
            np.testing.assert_allclose(engine.runs[1].points, scratch.points, rtol=close, atol=1e-12,
                                       err_msg=optimizer)


def test_adams_first_step_on_the_parabola_is_worked_by_hand():
    engine = Engine(get_problem("parabola"), [RunSpec("adam", {"lr": 0.5})])
    engine.step(1)
    g = 20.0
    v, s = 0.1 * g, 0.001 * g * g
    expected = 10.0 - 0.5 * (v / 0.1) / (math.sqrt(s / 0.001) + 1e-6)
    assert engine.runs[0].points[1, 0] == pytest.approx(expected, rel=1e-15)


def test_swarms_and_sweeps_on_a_curve_are_the_single_runs():
    problem = get_problem("local_minima")
    starts = grid_starts(problem.view, 7, dim=1)
    assert starts.shape == (7, 1) and (np.diff(starts[:, 0]) > 0).all()
    assert random_starts(problem.view, 5, seed=2, dim=1).shape == (5, 1)
    swarm = Swarm(problem, "momentum", {"lr": 0.02, "momentum": 0.9}, starts, history=4)
    swarm.step(25)
    assert swarm.trails().shape == (4, 7, 1)
    for row, start in enumerate(starts):
        engine = Engine(problem, [RunSpec("momentum", {"lr": 0.02, "momentum": 0.9})], start=tuple(start))
        engine.step(25)
        np.testing.assert_array_equal(swarm.positions[row], engine.runs[0].points[-1])
    assert set(swarm.nearest_minimum()) <= {0, 1}
    result = run_sweep(get_problem("parabola"), "sgd", lrs=[0.05, 0.2, 1.1], steps=10)
    assert [entry.diverged_at for entry in result.entries] == [None, None, None]
    np.testing.assert_array_equal(result.points[-1, :, 0], [book_gd(0.05), book_gd(0.2), book_gd(1.1)])


def test_noise_on_a_curve_is_one_coordinates_draw():
    scenario = replace(default_scenario("parabola", ("sgd",)), noise=0.5, steps=3).validated()
    run = scenario.run().runs[0]
    x = 10.0
    for t in range(1, 4):
        x = x - 0.2 * (2 * x + noise_at(0, t, 1, 0.5)[0])
        assert run.points[t, 0] == pytest.approx(x, rel=1e-15)


def test_a_curves_start_is_one_number_everywhere(tmp_path):
    scenario = replace(default_scenario("cubic", ("sgd",)), start=(0.5,)).validated()
    assert scenario.run().runs[0].points[0, 0] == 0.5
    for bad, words in (((0.5, 1.0), "one number x here, not 2 numbers"), ((math.inf,), "finite")):
        with pytest.raises(ValueError, match=words):
            replace(scenario, start=bad).validated()
    with pytest.raises(ValueError, match="two numbers x1,x2 here, not 1 number"):
        replace(default_scenario("toy2"), start=(1.0,)).validated()
    path = tmp_path / "curve.json"
    save_session(path, Session(scenario, ViewSettings(), "light"))
    assert json.loads(path.read_text())["start"] == [0.5]
    assert load_session(path).scenario.start == (0.5,)
    document = json.loads(path.read_text())
    document["start"] = [0.5, 1.0]
    path.write_text(json.dumps(document))
    with pytest.raises(SessionError, match=r"start must be one number \[x\] on cubic"):
        load_session(path)


def command(*args):
    return subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_runs_a_curve_with_one_coordinate_per_point(tmp_path):
    done = command("trace", "--problem", "parabola", "--optimizer", "gd", "--set", "sgd.lr=0.2", "--start=10")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["parameters"] == ["x"] and document["start"] == [10.0]
    assert [len(point) for point in document["runs"][0]["points"]] == [1] * 11
    assert document["runs"][0]["points"][-1] == [book_gd(0.2)]
    out = tmp_path / "curve.csv"
    done = command("export", "--preset", "gd-parabola", "--out", str(out))
    assert done.returncode == 0, done.stderr
    header, *rows = [line.split(",") for line in out.read_text().strip().splitlines()]
    assert header[:5] == ["optimizer", "implementation", "step", "x", "loss"] and len(rows) == 11
    for args, text in ((("--problem", "cubic", "--start=1,2"), "one number x here"),
                       (("--problem", "airfoil", "--start=1"), "1-D and 2-D problems only")):
        done = command("trace", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr
