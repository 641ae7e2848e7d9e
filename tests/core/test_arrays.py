"""The array module a run steps in: numpy for the bowls and the polynomial surfaces, torch elsewhere.

The claims of adamviz.core.arrays, checked:
* a numpy run's every number is what the notes' formulas give in plain Python floats, bit for bit
  (the reference below is written here from the notes' table, one coordinate at a time, as the
  book writes its 2-D examples);
* a torch run of the same rules agrees with it to the last digits (torch's √ is one unit in the
  last place off now and then), and exactly where a rule has no √;
* stepping on numpy never imports torch, on the command line included.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import get_problem
from adamviz.core.swarm import Batch

NUMPY_PROBLEMS = ["toy1", "toy2", "rosenbrock", "beale", "himmelblau", "saddle"]
TORCH_PROBLEMS = ["airfoil", "rastrigin", "plateau"]
CHAPTER = [name for name, optimizer in OPTIMIZERS.items() if optimizer.chapter]  # the rules written out below


def python_float_run(name: str, hp: dict[str, float], gradient, start, steps: int) -> list[tuple[float, float]]:
    """The notes' update rule on two plain Python floats; gradient(x1, x2) -> (g1, g2) in floats."""
    x = [float(start[0]), float(start[1])]
    v, s, D = [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    points = [tuple(x)]
    for t in range(1, steps + 1):
        g = gradient(*x)
        for i in range(2):
            gi = g[i]
            if name == "sgd":
                d = hp["lr"] * gi
            elif name == "momentum":
                v[i] = hp["momentum"] * v[i] + hp["lr"] * gi
                d = v[i]
            elif name == "adagrad":
                s[i] = s[i] + gi * gi
                d = hp["lr"] / math.sqrt(s[i] + hp["eps"]) * gi  # the book's 2-D trainers divide first
            elif name == "rmsprop":
                s[i] = hp["gamma"] * s[i] + (1 - hp["gamma"]) * (gi * gi)
                d = hp["lr"] / math.sqrt(s[i] + hp["eps"]) * gi
            elif name == "adadelta":
                rho, eps = hp["rho"], hp["eps"]
                s[i] = rho * s[i] + (1 - rho) * (gi * gi)
                d = math.sqrt((D[i] + eps) / (s[i] + eps)) * gi
                D[i] = rho * D[i] + (1 - rho) * (d * d)
            else:
                b1, b2 = hp["beta1"], hp["beta2"]
                v[i] = b1 * v[i] + (1 - b1) * gi
                s[i] = b2 * s[i] + (1 - b2) * (gi * gi)
                v_hat = v[i] / (1 - b1**t)
                s_hat = s[i] / (1 - b2**t)
                d = hp["lr"] * v_hat / (math.sqrt(s_hat) + hp["eps"])
            x[i] = x[i] - d
        points.append(tuple(x))
    return points


FLOAT_GRADIENTS = {
    "toy1": lambda x1, x2: (2.0 * x1, 4.0 * x2),
    "toy2": lambda x1, x2: (0.2 * x1, 4.0 * x2),  # 2·0.1 is 0.2 exactly in binary too
    "rosenbrock": lambda x1, x2: (-2 * (1 - x1) - 400 * x1 * (x2 - x1 * x1), 200 * (x2 - x1 * x1)),
}

hyperparams = {
    # GD and momentum diverge at once on Rosenbrock above η ≈ 0.0013 (2/λmax at the start): stay below
    "sgd": st.fixed_dictionaries({"lr": st.floats(1e-5, 1.2e-3)}),
    "momentum": st.fixed_dictionaries({"lr": st.floats(1e-5, 5e-4), "momentum": st.floats(0.0, 0.9)}),
    "adagrad": st.fixed_dictionaries({"lr": st.floats(1e-3, 3.0), "eps": st.floats(1e-10, 1e-2)}),
    "rmsprop": st.fixed_dictionaries({"lr": st.floats(1e-3, 1.0), "gamma": st.floats(0.0, 0.999),
                                      "eps": st.floats(1e-10, 1e-2)}),
    "adadelta": st.fixed_dictionaries({"rho": st.floats(0.0, 0.999), "eps": st.floats(1e-10, 1e-2)}),
    "adam": st.fixed_dictionaries({"lr": st.floats(1e-3, 1.0), "beta1": st.floats(0.0, 0.99),
                                   "beta2": st.floats(0.0, 0.99999), "eps": st.floats(1e-10, 1e-2)}),
}


@pytest.mark.parametrize("problem_name", ["toy1", "toy2"])
@pytest.mark.parametrize("name", CHAPTER)
def test_a_numpy_run_is_the_notes_rule_in_python_floats_bit_for_bit(problem_name, name):
    problem = get_problem(problem_name)
    hp = OPTIMIZERS[name].validate(problem.hyperparams_for(name))
    engine = Engine(problem, [RunSpec(name, hp)])
    assert engine.runs[0].arrays == "numpy"
    engine.step(200)
    expected = python_float_run(name, hp, FLOAT_GRADIENTS[problem_name], (-5.0, -2.0), 200)
    assert engine.runs[0].points.tolist() == [list(p) for p in expected]


@settings(max_examples=25, deadline=None)
@given(data=st.data(), name=st.sampled_from(CHAPTER))
@example(data=None, name="adam")
def test_the_same_on_rosenbrock_for_any_hyperparameters(data, name):
    problem = get_problem("rosenbrock")
    hp = OPTIMIZERS[name].validate(
        problem.hyperparams_for(name) if data is None else data.draw(hyperparams[name], label="hp"))
    engine = Engine(problem, [RunSpec(name, hp)])
    engine.step(60)
    run = engine.runs[0]
    expected = python_float_run(name, hp, FLOAT_GRADIENTS["rosenbrock"], problem.start, 60)[: run.t + 1]
    assert run.points.tolist() == [list(p) for p in expected]


@pytest.mark.parametrize("problem_name", NUMPY_PROBLEMS)
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_torch_steps_the_same_rules_to_the_last_digits(problem_name, name):
    problem = get_problem(problem_name)
    specs = [RunSpec(name, problem.hyperparams_for(name))]
    exact = Engine(problem, specs, arrays="numpy")
    tensors = Engine(problem, [RunSpec(name, problem.hyperparams_for(name))], arrays="torch")
    assert tensors.runs[0].arrays == "torch"
    exact.step(30)
    tensors.step(30)
    a, b = exact.runs[0], tensors.runs[0]
    assert a.t == b.t
    if name in ("sgd", "momentum"):  # no √: nothing to round differently
        np.testing.assert_array_equal(a.points, b.points)
    else:
        scale = np.abs(a.points).max()
        np.testing.assert_allclose(b.points, a.points, rtol=0, atol=1e-11 * scale)


def test_each_problem_steps_in_the_module_it_names():
    for name in NUMPY_PROBLEMS:
        assert get_problem(name).step_arrays == "numpy", name
    for name in TORCH_PROBLEMS:
        assert get_problem(name).step_arrays == "torch", name
    toy2 = get_problem("toy2")
    engine = Engine(toy2, [RunSpec("adam"), RunSpec("adam", concise=True)])
    assert [run.arrays for run in engine.runs] == ["numpy", "torch"]  # torch.optim steps tensors
    assert type(engine.runs[0].theta).__module__ == "numpy"
    assert type(engine.runs[1].theta).__module__ == "torch"


def test_a_problem_that_steps_in_torch_refuses_a_numpy_gradient():
    for name in TORCH_PROBLEMS:
        with pytest.raises(ValueError, match="torch only"):
            get_problem(name).gradient_fn(0, "numpy")


def test_a_batch_steps_in_the_problems_module_and_its_rows_are_the_single_runs():
    problem = get_problem("himmelblau")
    starts = np.array([[0.5, -1.0], [-1.0, 2.0], [4.0, 4.0]])
    hp = OPTIMIZERS["adam"].validate(problem.hyperparams_for("adam"))
    batch = Batch(problem, "adam", hp, starts)
    assert type(batch.theta).__module__ == "numpy"
    batch.step(80)
    for row, start in enumerate(starts):
        single = Engine(problem, [RunSpec("adam", hp)], start=tuple(start))
        single.step(80)
        np.testing.assert_array_equal(batch.positions[row], single.runs[0].points[-1])


def test_a_run_that_overflows_on_numpy_stops_quietly():
    """numpy warns on overflow where torch is silent; the engine and a batch stop such runs without a word."""
    problem = get_problem("rosenbrock")  # GD at η = 0.01 overflows x1³ before the bounds catch it
    engine = Engine(problem, [RunSpec("sgd", {"lr": 0.01})])
    batch = Batch(problem, "sgd", {"lr": 0.01}, np.array([problem.start, [1.0, 1.0]]))  # and at the minimum
    with np.errstate(all="raise"):  # any warning numpy gave on the way would raise here
        engine.step(200)
        batch.step(200)
    assert engine.runs[0].stop_reason == "diverged" and engine.runs[0].t < 20
    assert batch.diverged_at[0] == engine.runs[0].diverged_at and batch.alive.tolist() == [False, True]


NO_TORCH = """
import json, sys
from adamviz.cli import main
codes = [main(argv) for argv in json.loads(sys.argv[1])]
print(json.dumps({"codes": codes, "torch": "torch" in sys.modules}))
"""


def test_the_command_line_on_a_bowl_never_imports_torch(tmp_path):
    runs = [
        ["trace", "--problem", "toy2", "--optimizer", "adam", "--optimizer", "rmsprop", "--steps", "20"],
        ["export", "--preset", "toy2-compare", "--out", str(tmp_path / "runs.png"), "--size", "640x400"],
        ["export", "--problem", "rosenbrock", "--optimizer", "adam", "--out", str(tmp_path / "runs.csv")],
        ["sweep", "--problem", "toy1", "--optimizer", "momentum", "--steps", "20", "--lr-range", "0.01:0.5:5"],
    ]
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", NO_TORCH, json.dumps(runs)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0, 0, 0], "torch": False}
    assert (tmp_path / "runs.png").stat().st_size > 0
    assert (tmp_path / "runs.csv").read_text().count("\n") > 10
