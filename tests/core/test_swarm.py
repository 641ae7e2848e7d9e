"""Swarm mode: N particles as one tensor, each exactly an engine run; per-particle divergence; trails."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import ViewWindow, get_problem
from adamviz.core.problems.custom import CustomProblem
from adamviz.core.swarm import NEVER, Swarm, denormals_flushed, grid_starts, random_starts


def engine_run(problem, optimizer, hyperparams, start, steps):
    engine = Engine(problem, [RunSpec(optimizer, dict(hyperparams))], start=tuple(start))
    engine.step(steps)
    return engine.runs[0]


def assert_particle_is_the_engine_run(swarm, i, run):
    trails = swarm.trails()
    assert (None if swarm.diverged_at[i] == NEVER else swarm.diverged_at[i]) == run.diverged_at
    np.testing.assert_array_equal(trails[: run.t + 1, i], run.points)
    np.testing.assert_array_equal(swarm.positions[i], run.points[-1])
    assert swarm.losses[i] == run.losses[-1]
    assert swarm.alive[i] == (run.diverged_at is None)
    if run.diverged_at is not None:  # frozen at its last good point ever since
        assert (trails[run.t :, i] == run.points[-1]).all()


@pytest.mark.parametrize("name", ["toy2", "rosenbrock", "himmelblau", "saddle", "rastrigin", "plateau"])
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_particle_is_exactly_its_own_engine_run(name, optimizer):
    problem = get_problem(name)
    steps = 60
    swarm = Swarm(problem, optimizer, starts=200, seed=3, history=steps + 1)
    swarm.step(25)
    swarm.step(steps - 25)  # in two pieces: stepping in chunks changes nothing
    assert swarm.t == steps and swarm.trails().shape == (steps + 1, 200, 2)
    np.testing.assert_array_equal(swarm.trails()[0], swarm.starts)
    rng = np.random.default_rng(0)
    chosen = set(rng.choice(200, 5, replace=False)) | set(np.flatnonzero(~swarm.alive)[:3])
    for i in sorted(chosen):
        run = engine_run(problem, optimizer, swarm.hyperparams, swarm.starts[i], steps)
        assert_particle_is_the_engine_run(swarm, i, run)


def test_particles_on_a_custom_expression_are_engine_runs_too():
    problem = CustomProblem("sin(3*x1)*exp(-x2**2) + 0.1*x1**2 + log(1 + x2**2)")
    for optimizer in ("momentum", "adam"):
        swarm = Swarm(problem, optimizer, starts=grid_starts(problem.view, 100), history=51)
        swarm.step(50)
        for i in (0, 37, 99):
            assert_particle_is_the_engine_run(swarm, i, engine_run(problem, optimizer, swarm.hyperparams,
                                                                   swarm.starts[i], 50))


def test_the_books_updates_work_unchanged_on_a_batch(ref):
    """update([θ (N, 2)]) is N independent updates: against the notes' rule in float64 numpy, row by row."""
    rng = np.random.default_rng(4)
    x0 = rng.normal(size=(7, 2))
    grads = [rng.normal(size=(7, 2)) for _ in range(5)]
    for name, optimizer in OPTIMIZERS.items():
        hp = optimizer.validate(ref.defaults(name) if optimizer.chapter else {})
        assert optimizer.elementwise, name
        theta = torch.tensor(x0)
        state = optimizer.init([theta])
        for t, g in enumerate(grads, start=1):
            state, _ = optimizer.update([theta], [torch.tensor(g)], state, hp, t)
        for row in range(7):
            if optimizer.chapter:
                mine = ref.NumpyOptimizer(name, hp, [(2,)])
                x = x0[row]
                for g in grads:
                    (x,) = mine.step([x], [g[row]])
            else:  # the same module on this row alone: the batch is that many independent runs
                alone = torch.tensor(x0[row])
                alone_state = optimizer.init([alone])
                for t, g in enumerate(grads, start=1):
                    alone_state, _ = optimizer.update([alone], [torch.tensor(g[row])], alone_state, hp, t)
                x = alone.numpy()
            np.testing.assert_allclose(theta[row].numpy(), x, rtol=1e-13, atol=1e-15)


def test_a_diverging_particle_is_frozen_and_the_others_go_on():
    """GD with η = 0.6 on toy2: x2 ← −1.4·x2, so |x2| passes the bound 1e8·scale at a step set by |x2(0)|."""
    problem = get_problem("toy2")
    starts = np.array([[-5.0, -2.0], [-5.0, 0.0], [3.0, 1e-3], [1.0, 2.0], [-5.0, 1e-30]])
    swarm = Swarm(problem, "sgd", {"lr": 0.6}, starts=starts, history=200)
    swarm.step(120)
    for i, (x1, x2) in enumerate(starts):
        scale = max(1.0, abs(x1), abs(x2))
        bad = [t for t in range(1, 121) if abs(x2) * 1.4**t > 1e8 * scale]
        expected = bad[0] if bad else NEVER
        assert swarm.diverged_at[i] == expected
        run = engine_run(problem, "sgd", {"lr": 0.6}, starts[i], 120)
        assert_particle_is_the_engine_run(swarm, i, run)
    assert list(swarm.alive) == [False, True, False, False, True]
    assert swarm.diverged_at[3] < swarm.diverged_at[0] < swarm.diverged_at[2]
    # the survivors keep moving, the diverged stay put
    before = swarm.positions
    swarm.step(5)
    assert swarm.t == 125
    moved = np.any(swarm.positions != before, axis=1)
    assert list(moved) == [False, True, False, False, True]
    assert np.isfinite(swarm.positions).all() and np.isfinite(swarm.losses).all()
    assert swarm.summary()["diverged"] == 3 and swarm.summary()["alive"] == 2


def test_particles_that_turn_non_finite_are_marked():
    problem = CustomProblem("sqrt(x1) + (x1 - 2)**2 + x2**2", view=((-1, 3), (-1, 1)))
    starts = np.array([[2.0, 0.5], [0.01, 0.5], [-0.5, 0.5]])
    swarm = Swarm(problem, "sgd", {"lr": 0.5}, starts=starts)
    assert swarm.diverged_at[2] == 0 and not swarm.alive[2]  # no loss at its start
    swarm.step(30)
    # from x1 = 0.01 the slope 1/(2√x1) − 3.98 ≈ 1 sends the first step to x1 ≈ −0.5, where sqrt has no value
    assert swarm.diverged_at[1] == 1
    np.testing.assert_array_equal(swarm.positions[1], starts[1])
    assert swarm.alive[0] and swarm.positions[0, 0] > 0
    np.testing.assert_array_equal(swarm.positions[2], starts[2])


def test_trails_keep_the_last_positions_oldest_first():
    problem = get_problem("beale")
    full = Swarm(problem, "adam", starts=50, seed=1, history=100)
    short = Swarm(problem, "adam", starts=50, seed=1, history=8)
    assert short.trails().shape == (1, 50, 2)
    for steps in (3, 4, 20, 1):
        full.step(steps)
        short.step(steps)
        kept = min(full.t + 1, 8)
        assert short.trails().shape == (kept, 50, 2)
        np.testing.assert_array_equal(short.trails(), full.trails()[-kept:])
        np.testing.assert_array_equal(short.trails()[-1], short.positions)


def test_start_clouds():
    view = ViewWindow((-4.0, 4.0), (-1.0, 1.0))
    grid = grid_starts(view, 400)
    assert len(grid) == 400
    xs, ys = np.unique(grid[:, 0]), np.unique(grid[:, 1])
    assert len(xs) * len(ys) == len(grid) and len(xs) / len(ys) == pytest.approx(4, rel=0.15)
    np.testing.assert_allclose(np.diff(xs), 8 / len(xs))  # cell centres, evenly spaced
    assert xs[0] == pytest.approx(-4 + 4 / len(xs)) and ys[-1] == pytest.approx(1 - 1 / len(ys))
    assert len(grid_starts(view, 1)) == 1
    for count in (1000, 997, 10, 7, 10_000):  # as many as asked, however it divides
        grid = grid_starts(view, count)
        assert len(grid) == count and len(np.unique(grid, axis=0)) == count
        assert (grid[:, 0] > -4).all() and (grid[:, 0] < 4).all() and (np.abs(grid[:, 1]) < 1).all()
        rows, per_row = np.unique(grid[:, 1], return_counts=True)
        assert (per_row[:-1] == per_row[0]).all() and 0 < per_row[-1] <= per_row[0]  # full rows, one shorter
        last = grid[grid[:, 1] == rows[-1], 0]
        assert last.mean() == pytest.approx(0, abs=1e-9)  # the short row centred
    square = ViewWindow((-3.0, 3.0), (-3.0, 3.0))
    assert len(np.unique(grid_starts(square, 1000)[:, 1])) == 32  # 32 rows of 32 for a square view
    cloud = random_starts(view, 1000, seed=7)
    assert cloud.shape == (1000, 2)
    assert (cloud[:, 0] >= -4).all() and (cloud[:, 0] <= 4).all() and (np.abs(cloud[:, 1]) <= 1).all()
    np.testing.assert_array_equal(cloud, random_starts(view, 1000, seed=7))
    assert not np.array_equal(cloud, random_starts(view, 1000, seed=8))
    assert abs(cloud[:, 0].mean()) < 0.3 and abs(cloud[:, 1].mean()) < 0.1
    # a count gives a seeded cloud over the problem's view
    problem = get_problem("himmelblau")
    np.testing.assert_array_equal(Swarm(problem, "sgd", starts=30, seed=2).starts, random_starts(problem.view, 30, 2))


def test_himmelblau_swarm_finds_all_four_basins():
    problem = get_problem("himmelblau")
    swarm = Swarm(problem, "sgd", starts=grid_starts(problem.view, 400))
    assert swarm.hyperparams == get_optimizer("sgd").validate(problem.hyperparams_for("sgd"))
    swarm.step(150)
    assert swarm.alive.all()
    basin = swarm.nearest_minimum()
    assert set(basin) == {0, 1, 2, 3}
    converged = swarm.losses < 1e-12
    assert converged.mean() > 0.9
    distance = np.linalg.norm(swarm.positions - problem.minima[basin], axis=1)
    assert (distance[converged] < 1e-5).all()
    assert swarm.summary(tolerance=1e-12)["near_floor"] == converged.sum()


def test_swarm_validation():
    problem = get_problem("toy2")
    with pytest.raises(ValueError, match="two parameters"):
        Swarm(get_problem("airfoil"), "sgd", starts=10)
    with pytest.raises(ValueError, match="outside its range"):
        Swarm(problem, "sgd", {"lr": -1.0}, starts=10)
    with pytest.raises(ValueError, match="no hyperparameter"):
        Swarm(problem, "sgd", {"beta": 0.5}, starts=10)
    with pytest.raises(ValueError, match="particles"):
        Swarm(problem, "sgd", starts=0)
    with pytest.raises(ValueError, match="N, 2"):
        Swarm(problem, "sgd", starts=np.zeros((4, 3)))
    with pytest.raises(ValueError, match="unknown optimizer"):
        Swarm(problem, "lbfgs", starts=10)
    swarm = Swarm(problem, "momentum", {"momentum": 0.8}, starts=5)
    assert swarm.hyperparams == {"lr": 0.4, "momentum": 0.8}  # the problem's η, the given γ


def test_stepping_leaves_the_threads_denormal_mode_as_it_was():
    problem = get_problem("toy2")
    swarm = Swarm(problem, "adam", starts=20)
    assert not denormals_flushed()
    swarm.step(5)
    assert not denormals_flushed()
    torch.set_flush_denormal(True)
    try:
        swarm.step(5)
        assert denormals_flushed()
    finally:
        torch.set_flush_denormal(False)
