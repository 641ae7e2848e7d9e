"""Noisy gradients (§7.2): N(0, σ²) on each coordinate, drawn from the seed, the same for every run at a step."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import get_optimizer
from adamviz.core.problems import custom_problem, get_problem
from adamviz.core.problems.noisy import CHUNK, STREAM, noise_at, noisy
from adamviz.core.scenario import PRESETS, default_scenario
from adamviz.core.swarm import Batch
from adamviz.core.sweep import run_sweep


def hand_noise(seed, step, sigma, dim=2):
    """The documented draw, made here again: block k of CHUNK steps from default_rng([seed, k, STREAM])."""
    block, row = divmod(step - 1, CHUNK)
    return np.random.default_rng([seed, block, STREAM]).standard_normal((CHUNK, dim))[row] * sigma


def test_the_noise_has_mean_zero_and_standard_deviation_sigma():
    draws = np.array([noise_at(3, t, 2, 0.7) for t in range(1, 20_001)])
    assert np.abs(draws.mean(axis=0)).max() < 4 * 0.7 / math.sqrt(len(draws))
    np.testing.assert_allclose(draws.std(axis=0), 0.7, rtol=0.03)
    assert abs(np.corrcoef(draws[:-1, 0], draws[1:, 0])[0, 1]) < 0.03  # step to step: independent
    for t in (1, 2, CHUNK, CHUNK + 1, 5 * CHUNK + 17):
        np.testing.assert_array_equal(noise_at(3, t, 2, 0.7), hand_noise(3, t, 0.7))
    assert not np.array_equal(noise_at(3, 1, 2, 0.7), noise_at(4, 1, 2, 0.7))


def test_gradient_descent_with_noise_is_the_rule_in_python_floats_bit_for_bit():
    eta, sigma, seed = 0.1, 0.5, 9
    engine = Engine(noisy(get_problem("toy1"), sigma), [RunSpec("sgd", {"lr": eta})], seed=seed)
    engine.step(60)
    x1, x2 = -5.0, -2.0
    for t in range(1, 61):
        n1, n2 = (float(v) for v in hand_noise(seed, t, sigma))
        g1, g2 = 2.0 * x1 + n1, 4.0 * x2 + n2
        x1, x2 = x1 - eta * g1, x2 - eta * g2
        assert (engine.runs[0].points[t] == [x1, x2]).all(), t


def test_every_run_sees_the_same_noise_at_a_step():
    eta, gamma, sigma = 0.05, 0.5, 1.0
    engine = Engine(noisy(get_problem("toy1"), sigma),
                    [RunSpec("sgd", {"lr": eta}), RunSpec("momentum", {"lr": eta, "momentum": gamma})], seed=2)
    engine.step(40)
    sgd, momentum = (run.points for run in engine.runs)
    gradient = lambda x: np.array([2.0, 4.0]) * x
    v = np.zeros(2)
    for t in range(1, 41):
        expected = noise_at(2, t, 2, sigma)
        from_sgd = (sgd[t - 1] - sgd[t]) / eta - gradient(sgd[t - 1])
        new_v = momentum[t - 1] - momentum[t]
        from_momentum = (new_v - gamma * v) / eta - gradient(momentum[t - 1])
        v = new_v
        np.testing.assert_allclose(from_sgd, expected, atol=1e-9)
        np.testing.assert_allclose(from_momentum, expected, atol=1e-9)


def test_a_sweep_and_a_swarm_carry_the_same_noise_as_single_runs():
    problem = noisy(get_problem("toy1"), 1.0)
    lrs = [0.01, 0.05, 0.2]
    result = run_sweep(problem, "adam", lrs=lrs, steps=80, seed=5)
    for i, lr in enumerate(lrs):
        engine = Engine(problem, [RunSpec("adam", {"lr": lr})], seed=5)
        engine.step(80)
        np.testing.assert_array_equal(result.points[:, i], engine.runs[0].points)
    starts = np.array([[-5.0, -2.0], [3.0, 1.5], [0.5, -4.0]])
    values = get_optimizer("rmsprop").validate(get_problem("toy1").hyperparams_for("rmsprop"))
    batch = Batch(problem, "rmsprop", values, starts, seed=5)
    batch.step(50)
    for i, start in enumerate(starts):
        engine = Engine(problem, [RunSpec("rmsprop", dict(values))], seed=5, start=tuple(start))
        engine.step(50)
        np.testing.assert_array_equal(batch.positions[i], engine.runs[0].points[-1])


def test_your_own_function_in_torch_gets_the_same_noise():
    exact = noisy(get_problem("toy1"), 0.8)
    typed = noisy(custom_problem("x1**2 + 2*x2**2"), 0.8)
    assert typed.step_arrays == "torch" and exact.step_arrays == "numpy"
    runs = []
    for problem in (exact, typed):
        engine = Engine(problem, [RunSpec("adam", {"lr": 0.1})], seed=1, start=(-5.0, -2.0))
        engine.step(100)
        runs.append(engine.runs[0].points)
    np.testing.assert_allclose(runs[1], runs[0], rtol=1e-12, atol=1e-12)


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others():
    scenario = replace(default_scenario("toy2", ("momentum", "adam")), noise=0.5, steps=50).validated()
    a, b = scenario.run(), scenario.run()
    c = replace(scenario, seed=1).run()
    for x, y, z in zip(a.runs, b.runs, c.runs, strict=True):
        np.testing.assert_array_equal(x.points, y.points)
        assert not np.array_equal(x.points, z.points)
    assert a.runs[0].points.tolist() != default_scenario("toy2", ("momentum",)).run().runs[0].points.tolist()


def test_noise_is_refused_where_it_has_no_meaning():
    with pytest.raises(ValueError, match="2-D problems, not airfoil"):
        replace(default_scenario("airfoil", ("sgd",)), noise=1.0).validated()
    for bad in (-1.0, math.nan, math.inf, 1e6):
        with pytest.raises(ValueError, match="noise"):
            replace(default_scenario("toy1", ("sgd",)), noise=bad).validated()


def test_the_chapters_stochastic_gradient_preset():
    scenario = PRESETS["sgd-noise-toy1"].scenario()
    assert (scenario.problem, scenario.noise, scenario.steps) == ("toy1", 1.0, 50)
    (run,) = [run for run in scenario.run().runs]
    assert np.any(np.diff(run.losses) > 0)  # noise: the loss goes up at some steps
    assert run.losses[-1] < 0.05 * run.losses[0]
    assert "noisy gradients σ = 1" in scenario.problem_object().title


def test_momentum_and_adam_average_the_noise_out_as_the_preset_says():
    engine = PRESETS["noise-compare-toy1"].scenario().run()
    late = {run.spec.optimizer: run.losses[100:].mean() for run in engine.runs}
    assert late["adam"] < late["momentum"] < late["sgd"]


def command(*args):
    return subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_takes_the_noise_and_says_so_in_the_json():
    done = command("trace", "--problem", "toy1", "--optimizer", "sgd", "--noise", "0.5", "--steps", "5")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["noise"] == 0.5
    first = np.array(document["runs"][0]["points"][1])
    expected = np.array([-5.0, -2.0]) - 0.1 * (np.array([-10.0, -8.0]) + hand_noise(0, 1, 0.5))
    np.testing.assert_allclose(first, expected, rtol=1e-15)
    for args, text in ((("--preset", "airfoil-compare", "--noise", "1"), "2-D problems, not airfoil"),
                       (("--problem", "toy1", "--noise", "-1"), "between 0 and 1000")):
        done = command("trace", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr
