"""Learning-rate sweeps: every entry is the single engine run with that learning rate, batched."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems import get_problem
from adamviz.core.problems.custom import CustomProblem
from adamviz.core.sweep import log_spaced, run_sweep

WITH_LR = ["sgd", "momentum", "adagrad", "rmsprop", "adam"]


def engine_run(problem, optimizer, hyperparams, lr, steps, seed=0, start=None):
    engine = Engine(problem, [RunSpec(optimizer, {**hyperparams, "lr": float(lr)})], seed=seed, start=start)
    engine.step(steps)
    return engine.runs[0]


def assert_entry_is_the_engine_run(result, i, run):
    entry = result.entries[i]
    n = run.t + 1
    np.testing.assert_array_equal(result.points[:n, i], run.points)
    np.testing.assert_array_equal(result.losses[:n, i], run.losses)
    assert np.isnan(result.losses[n:, i]).all() and np.isnan(result.points[n:, i]).all()
    assert entry.diverged_at == run.diverged_at and entry.diverged == (run.diverged_at is not None)
    assert entry.final_loss == run.losses[-1]
    assert entry.best_loss == run.losses.min() and run.losses[entry.best_step] == entry.best_loss
    reached = np.flatnonzero(run.losses <= result.target)
    assert entry.steps_to_tolerance == (int(reached[0]) if len(reached) else None)


@pytest.mark.parametrize("name", ["toy2", "rosenbrock", "beale", "himmelblau", "saddle", "rastrigin", "plateau"])
@pytest.mark.parametrize("optimizer", WITH_LR)
def test_each_entry_is_the_single_engine_run(name, optimizer):
    problem = get_problem(name)
    lrs = log_spaced(1e-3, 10.0, 9)
    result = run_sweep(problem, optimizer, lrs=lrs, steps=80)
    assert result.losses.shape == (81, 9) and result.points.shape == (81, 9, 2)
    np.testing.assert_array_equal(result.lrs, lrs)
    others = {k: v for k, v in problem.hyperparams_for(optimizer).items() if k != "lr"}
    for i, lr in enumerate(lrs):
        run = engine_run(problem, optimizer, others, lr, 80)
        assert result.hyperparams == {k: v for k, v in run.hyperparams.items() if k != "lr"}
        assert_entry_is_the_engine_run(result, i, run)


@pytest.mark.parametrize("optimizer", WITH_LR)
def test_airfoil_entries_are_engine_runs_on_the_same_batches_and_start(optimizer):
    problem = get_problem("airfoil")
    lrs = [1e-3, 0.01, 0.05, 0.3, 3.0]
    result = run_sweep(problem, optimizer, lrs=lrs, seed=4)
    assert result.steps == 300 and result.points.shape == (301, 5, 6)
    np.testing.assert_array_equal(result.start, problem.initial_point(4))
    others = {k: v for k, v in problem.hyperparams_for(optimizer).items() if k != "lr"}
    for i, lr in enumerate(lrs):
        assert_entry_is_the_engine_run(result, i, engine_run(problem, optimizer, others, lr, 300, seed=4))
    if optimizer in ("sgd", "momentum"):
        assert result.entries[-1].diverged and not result.entries[1].diverged


def test_airfoil_gradient_of_a_batch_is_each_rows_gradient(book_data, ref):
    problem = get_problem("airfoil")
    gradient = problem.gradient_fn(seed=2)
    thetas = np.random.default_rng(1).normal(0, 0.4, size=(3, 4, 6)).astype(np.float32)
    X, y = book_data
    for step in (1, 150, 151, 437):
        batched = gradient(torch.from_numpy(thetas), step)
        assert batched.shape == (3, 4, 6) and batched.dtype == torch.float32
        rows = ref.batch_rows(problem, 2, step)
        for i in range(3):
            for j in range(4):
                single = gradient(torch.from_numpy(thetas[i, j].copy()), step)
                assert torch.equal(batched[i, j], single)
                expected = ref.minibatch_gradient(X, y, rows, thetas[i, j].astype(np.float64))
                np.testing.assert_allclose(single.numpy(), expected, rtol=0, atol=2e-5)


def test_custom_expression_sweep():
    problem = CustomProblem("(x1 - 1)**2 + 5*(x2 + 0.5)**2")
    result = run_sweep(problem, "adam", lrs=[0.01, 0.1, 1.0], steps=60)
    for i, lr in enumerate(result.lrs):
        assert_entry_is_the_engine_run(result, i, engine_run(problem, "adam", {"beta1": 0.9, "beta2": 0.999,
                                                                              "eps": 1e-6}, lr, 60))


def test_divergence_step_is_the_closed_form():
    """GD on toy2: x2 ← (1 − 4η)·x2 from −2; the engine's bound is 1e8·max(1, |start|) = 5e8."""
    problem = get_problem("toy2")
    lrs = [0.1, 0.4, 0.499, 0.51, 0.6, 1.0, 10.0]
    result = run_sweep(problem, "sgd", lrs=lrs, steps=200)
    for entry, lr in zip(result.entries, lrs, strict=True):
        factor = abs(1 - 4 * lr)
        bad = next((t for t in range(1, 201) if 2 * factor**t > 5e8), None)
        assert entry.diverged_at == bad
    assert result.entries[2].final_loss < problem.loss(problem.initial_point())  # just stable
    assert result.entries[3].final_loss > 1e3 and not result.entries[3].diverged  # growing, not yet out
    assert result.best().lr == 0.4


def test_tolerance_and_default_tolerance():
    problem = get_problem("toy1")
    result = run_sweep(problem, "sgd", lrs=[0.01, 0.1, 0.25], steps=50)
    start_loss = problem.loss(problem.initial_point())
    assert result.tolerance == pytest.approx(0.01 * start_loss) and result.target == result.tolerance
    # GD on toy1 in closed form: x ← (1 − 2η)·x1, (1 − 4η)·x2; the first step under the target
    x1, x2 = problem.initial_point()
    for entry, lr in zip(result.entries, [0.01, 0.1, 0.25], strict=True):
        losses = [(x1 * (1 - 2 * lr) ** t) ** 2 + 2 * (x2 * (1 - 4 * lr) ** t) ** 2 for t in range(51)]
        reached = [t for t, value in enumerate(losses) if value <= result.target]
        assert entry.steps_to_tolerance == (reached[0] if reached else None)
    assert result.entries[0].steps_to_tolerance is None and result.entries[2].steps_to_tolerance is not None
    # η = 0.25 zeroes x2 at once and halves x1 a step: loss 25·4⁻ᵗ
    tight = run_sweep(problem, "sgd", lrs=[0.25], steps=50, tolerance=1e-20)
    assert tight.target == 1e-20 and tight.entries[0].steps_to_tolerance == 36
    assert run_sweep(problem, "sgd", lrs=[0.25], steps=50, tolerance=1e-40).entries[0].steps_to_tolerance is None


def test_sweep_refuses_what_it_cannot_do():
    problem = get_problem("toy2")
    with pytest.raises(ValueError, match="AdaDelta has no learning rate"):
        run_sweep(problem, "adadelta")
    with pytest.raises(ValueError, match="pass the learning rates as lrs"):
        run_sweep(problem, "sgd", {"lr": 0.1})
    for bad in ([0.0], [-1.0], [11.0], [float("nan")]):
        with pytest.raises(ValueError, match="lr"):
            run_sweep(problem, "sgd", lrs=bad)
    with pytest.raises(ValueError, match="steps"):
        run_sweep(problem, "sgd", lrs=[0.1], steps=-1)
    with pytest.raises(ValueError, match="outside its range"):
        run_sweep(problem, "momentum", {"momentum": 1.0}, lrs=[0.1])
    with pytest.raises(ValueError, match="2-D problems only"):
        run_sweep(get_problem("airfoil"), "sgd", lrs=[0.1], start=(0.0, 0.0))


def test_log_spaced():
    lrs = log_spaced()
    assert len(lrs) == 41 and lrs[0] == 1e-4 and lrs[-1] == 10.0
    np.testing.assert_allclose(lrs, 10 ** np.linspace(-4, 1, 41), rtol=5e-3)  # even on a log scale, to rounding
    assert all(float(f"{lr:.3g}") == lr for lr in lrs)  # short enough to read and to type
    assert lrs[30] == 0.562  # not 0.5623413251903491
    dense = log_spaced(1e-4, 1e-4 * 1.001, 50)  # so close that three digits cannot tell them apart
    assert len(set(dense)) == 50 and np.all(np.diff(dense) > 0)
    np.testing.assert_array_equal(log_spaced(0.1, 0.1, 1), [0.1])
    with pytest.raises(ValueError):
        log_spaced(0.0, 1.0)


def test_start_and_seed_are_the_engines():
    problem = get_problem("beale")
    result = run_sweep(problem, "rmsprop", lrs=[0.01, 0.1], steps=30, start=(-1.0, 2.0), seed=9)
    np.testing.assert_array_equal(result.points[0], [[-1.0, 2.0], [-1.0, 2.0]])
    others = {"gamma": 0.9, "eps": 1e-6}
    for i, lr in enumerate(result.lrs):
        assert_entry_is_the_engine_run(result, i, engine_run(problem, "rmsprop", others, lr, 30, seed=9,
                                                             start=(-1.0, 2.0)))
    no_points = run_sweep(problem, "rmsprop", lrs=[0.01], steps=30, keep_points=False)
    assert no_points.points is None and no_points.losses.shape == (31, 1)
