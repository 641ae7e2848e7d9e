"""The test surfaces: formulas, gradients, minima, views, defaults, against independent float64 references.

The reference formulas below are written out here with Python's math module,
one point at a time; gradients are checked against central finite differences
of those, and against torch autograd of them.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import PROBLEMS, get_problem
from adamviz.core.problems.surfaces import SURFACES
from adamviz.core.scenario import default_scenario

NAMES = ["rosenbrock", "beale", "himmelblau", "saddle", "rastrigin", "plateau"]


def ref_rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def ref_beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def ref_himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def ref_saddle(x, y):
    return x * x - y * y


def ref_rastrigin(x, y):
    return 20 + (x * x - 10 * math.cos(2 * math.pi * x)) + (y * y - 10 * math.cos(2 * math.pi * y))


def ref_plateau(x, y):
    return 1 - math.exp(-(x * x + 25 * y * y) / 2)


REFERENCE = {
    "rosenbrock": ref_rosenbrock, "beale": ref_beale, "himmelblau": ref_himmelblau,
    "saddle": ref_saddle, "rastrigin": ref_rastrigin, "plateau": ref_plateau,
}

# The same formulas over torch, for autograd.
TORCH_REFERENCE = {
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "beale": lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "saddle": lambda x, y: x**2 - y**2,
    "rastrigin": lambda x, y: 20 + x**2 - 10 * torch.cos(2 * math.pi * x) + y**2 - 10 * torch.cos(2 * math.pi * y),
    "plateau": lambda x, y: 1 - torch.exp(-(x**2 + 25 * y**2) / 2),
}


def sample_points(problem, n=12, seed=0):
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = problem.view.x, problem.view.y
    return np.stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)], axis=-1)


def finite_difference(f, x, y, h=1e-6):
    return np.array([(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)])


@pytest.mark.parametrize("name", NAMES)
def test_loss_is_the_formula_vectorized_in_float64(name):
    problem = get_problem(name)
    points = sample_points(problem, 30)
    expected = np.array([REFERENCE[name](x, y) for x, y in points])
    losses = problem.loss(points)
    assert losses.dtype == np.float64 and losses.shape == (30,)
    np.testing.assert_allclose(losses, expected, rtol=1e-12, atol=1e-12)
    # any leading shape, and a plain list
    grid = points.reshape(5, 3, 2, 2)
    np.testing.assert_array_equal(problem.loss(grid), losses.reshape(5, 3, 2))
    assert problem.loss(points[0].tolist()) == losses[0]


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences_and_autograd(name):
    problem = get_problem(name)
    gradient = problem.gradient_fn()
    for x, y in sample_points(problem, 10, seed=1):
        g = gradient(torch.tensor([x, y], dtype=torch.float64), 1)
        assert g.dtype == torch.float64 and g.shape == (2,)
        fd = finite_difference(REFERENCE[name], x, y)
        np.testing.assert_allclose(g.numpy(), fd, rtol=1e-5, atol=1e-5 * (1 + np.abs(fd).max()))
        xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        yt = torch.tensor(y, dtype=torch.float64, requires_grad=True)
        TORCH_REFERENCE[name](xt, yt).backward()
        np.testing.assert_allclose(g.numpy(), [xt.grad.item(), yt.grad.item()], rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_accepts_a_batch_of_points(name):
    problem = get_problem(name)
    gradient = problem.gradient_fn()
    points = torch.from_numpy(sample_points(problem, 24, seed=2).reshape(4, 6, 2))
    batched = gradient(points, 3)
    assert batched.shape == (4, 6, 2)
    for i in range(4):
        for j in range(6):
            assert torch.equal(batched[i, j], gradient(points[i, j].clone(), 3))


@pytest.mark.parametrize("name", [n for n in NAMES if get_problem(n).step_arrays == "numpy"])
def test_the_numpy_gradient_is_the_torch_gradient_bit_for_bit(name):
    """Plain arithmetic: the two modules must agree exactly, alone and in a batch."""
    problem = get_problem(name)
    exact, tensors = problem.gradient_fn(0, "numpy"), problem.gradient_fn(0, "torch")
    points = sample_points(problem, 24, seed=3)
    batched = exact(points, 1)
    assert isinstance(batched, np.ndarray) and batched.shape == (24, 2)
    np.testing.assert_array_equal(batched, tensors(torch.from_numpy(points), 1).numpy())
    for i, point in enumerate(points):
        np.testing.assert_array_equal(exact(point.copy(), 1), batched[i])


PLANAR = ["toy1", "toy2", *NAMES]


@pytest.mark.parametrize("name", [*PLANAR, "custom"])
def test_loss_on_grid_is_the_loss_at_every_grid_point(name):
    if name == "custom":
        from adamviz.core.problems.custom import CustomProblem

        problem = CustomProblem("sin(x1)*x2**2 + exp(-x1) + 3")
    else:
        problem = get_problem(name)
    x = np.linspace(*problem.view.x, 37)
    y = np.linspace(*problem.view.y, 23)
    grid = problem.loss_on_grid(x, y)
    assert grid.shape == (23, 37) and grid.dtype == np.float64
    xx, yy = np.meshgrid(x, y)
    np.testing.assert_array_equal(grid, problem.loss(np.stack([xx, yy], axis=-1)))
    assert grid[4, 9] == problem.loss(np.array([x[9], y[4]]))


@pytest.mark.parametrize("name", NAMES)
def test_description_view_and_start(name):
    problem = get_problem(name)
    assert problem.planar and problem.param_names == ("x1", "x2") and problem.dtype == "float64"
    start = problem.initial_point()
    assert start.shape == (2,) and start.dtype == np.float64
    assert problem.view.x[0] < start[0] < problem.view.x[1] and problem.view.y[0] < start[1] < problem.view.y[1]
    np.testing.assert_array_equal(problem.initial_point(5, (0.25, -0.5)), [0.25, -0.5])
    for point in problem.minima:
        assert problem.view.x[0] <= point[0] <= problem.view.x[1]
        assert problem.view.y[0] <= point[1] <= problem.view.y[1]
    assert 50 <= problem.default_steps <= 200
    for optimizer in OPTIMIZERS:  # every optimizer starts somewhere valid on every surface
        OPTIMIZERS[optimizer].validate(problem.hyperparams_for(optimizer))  # raises if out of range


@pytest.mark.parametrize("name", [n for n in NAMES if n != "saddle"])
def test_minima_are_minima_at_the_floor(name):
    problem = get_problem(name)
    assert problem.log_loss
    np.testing.assert_array_equal(problem.minimum, problem.minima[0])
    gradient = problem.gradient_fn()
    for x, y in problem.minima:
        assert REFERENCE[name](x, y) == pytest.approx(problem.floor, abs=1e-12)
        assert np.abs(gradient(torch.tensor([x, y], dtype=torch.float64), 1).numpy()).max() < 1e-9
        # strictly higher all around: a minimum, not a saddle
        for angle in np.linspace(0, 2 * np.pi, 16, endpoint=False):
            nudged = (x + 1e-3 * np.cos(angle), y + 1e-3 * np.sin(angle))
            assert REFERENCE[name](*nudged) > problem.floor
    # nothing in the view is lower than the floor
    x = np.linspace(*problem.view.x, 301)
    y = np.linspace(*problem.view.y, 301)
    grid = np.stack(np.meshgrid(x, y), axis=-1)
    assert problem.loss(grid).min() >= problem.floor - 1e-12


def test_known_minima_positions():
    np.testing.assert_array_equal(get_problem("rosenbrock").minima, [[1.0, 1.0]])
    np.testing.assert_array_equal(get_problem("beale").minima, [[3.0, 0.5]])
    np.testing.assert_array_equal(get_problem("rastrigin").minima, [[0.0, 0.0]])
    np.testing.assert_array_equal(get_problem("plateau").minima, [[0.0, 0.0]])


def test_himmelblau_has_its_four_minima_to_the_last_digit():
    problem = get_problem("himmelblau")
    assert problem.minima.shape == (4, 2)
    mpmath.mp.dps = 40
    roots = []
    for guess in [(3, 2), (-2.8, 3.1), (-3.8, -3.3), (3.6, -1.8)]:
        root = mpmath.findroot(lambda x, y: [x * x + y - 11, x + y * y - 7], guess)
        roots.append([float(root[0]), float(root[1])])  # float() rounds to nearest
    np.testing.assert_array_equal(np.sort(problem.minima, axis=0), np.sort(np.array(roots), axis=0))
    np.testing.assert_array_equal(problem.minimum, [3.0, 2.0])
    assert len({tuple(m) for m in problem.minima}) == 4
    assert (problem.loss(problem.minima) < 1e-25).all()


def test_saddle_has_no_minimum_and_a_linear_loss_axis():
    problem = get_problem("saddle")
    assert problem.minima.shape == (0, 2)
    np.testing.assert_array_equal(problem.minimum, [0.0, 0.0])  # its critical point
    assert not problem.log_loss
    # the floor is the lowest value in the view, not a bound: the loss goes on down outside it
    x = np.linspace(*problem.view.x, 201)
    grid = np.stack(np.meshgrid(x, np.linspace(*problem.view.y, 201)), axis=-1)
    assert problem.floor == problem.loss(grid).min() == -9.0
    assert problem.loss(np.array([0.0, 10.0])) == -100.0
    # the start is just off the x1 axis
    x1, x2 = problem.initial_point()
    assert x1 < -2 and 0 < abs(x2) <= 1e-2


def test_existing_problems_get_minima_and_log_loss_by_default():
    for name in ("toy1", "toy2"):
        problem = get_problem(name)
        np.testing.assert_array_equal(problem.minima, [problem.minimum])
        assert problem.log_loss
    airfoil = get_problem("airfoil")
    assert airfoil.minima.shape == (1, 6)
    np.testing.assert_array_equal(airfoil.minima[0], airfoil.minimum)


def test_registered():
    for name in NAMES:
        assert PROBLEMS[name] is SURFACES[name]
        assert get_problem(name).name == name
        scenario = default_scenario(name)
        assert scenario.steps == get_problem(name).default_steps


# ---------------------------------------------------------------- the pictures the defaults give


def run_defaults(name, steps=None, **overrides):
    problem = get_problem(name)
    # the chapter's six, whose values the tables tune; the others' are checked in test_starting_values
    specs = [RunSpec(o, {**problem.hyperparams_for(o), **overrides.get(o, {})})
             for o, optimizer in OPTIMIZERS.items() if optimizer.chapter]
    engine = Engine(problem, specs)
    engine.step(problem.default_steps if steps is None else steps)
    return problem, {run.spec.optimizer: run for run in engine.runs}


def in_view(problem, points):
    return ((points[:, 0] >= problem.view.x[0]) & (points[:, 0] <= problem.view.x[1])
            & (points[:, 1] >= problem.view.y[0]) & (points[:, 1] <= problem.view.y[1])).all()


def test_rosenbrock_defaults_crawl_along_the_valley():
    problem, runs = run_defaults("rosenbrock")
    for run in runs.values():
        assert run.diverged_at is None and in_view(problem, run.points)
        assert run.losses[-1] < run.losses[0]
    distance = {name: np.linalg.norm(run.points[-1] - [1, 1]) for name, run in runs.items()}
    # momentum and Adam get round the bend; GD is still far up the valley
    assert distance["momentum"] < 0.5 and distance["adam"] < 1.0 and distance["sgd"] > 1.5


def test_beale_defaults_reach_the_minimum_region():
    problem, runs = run_defaults("beale")
    for name, run in runs.items():
        assert run.diverged_at is None and in_view(problem, run.points)
        # AdaDelta's slow start leaves it halfway down
        assert run.losses[-1] < (0.05 if name == "adadelta" else 0.001) * run.losses[0]
    assert np.linalg.norm(runs["momentum"].points[-1] - [3, 0.5]) < 0.05
    # GD with a step 5x its default blows up at once: the default is near the edge
    engine = Engine(problem, [RunSpec("sgd", {"lr": 0.05})])
    engine.step(20)
    assert engine.runs[0].diverged_at is not None


def test_himmelblau_defaults_end_in_different_minima():
    problem, runs = run_defaults("himmelblau")
    for run in runs.values():
        assert run.diverged_at is None and in_view(problem, run.points)
    for name in ("sgd", "momentum"):
        np.testing.assert_allclose(runs[name].points[-1], problem.minima[3], atol=1e-3)
    for name in ("adagrad", "rmsprop", "adam"):
        np.testing.assert_allclose(runs[name].points[-1], problem.minima[0], atol=1e-3)


def test_saddle_gd_stalls_then_falls_off_and_the_bound_ends_it():
    problem, runs = run_defaults("saddle")
    gd = runs["sgd"]
    eta = gd.hyperparams["lr"]
    x1, x2 = problem.initial_point()
    steps = np.arange(gd.t + 1)
    # GD on x1² − x2² in closed form: x1 shrinks by (1 − 2η), x2 grows by (1 + 2η)
    np.testing.assert_allclose(gd.points[:, 0], x1 * (1 - 2 * eta) ** steps, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(gd.points[:, 1], x2 * (1 + 2 * eta) ** steps, rtol=1e-12)
    near = np.linalg.norm(gd.points, axis=1) < 0.3
    assert near.sum() >= 30  # it lingers by the saddle
    assert (np.abs(runs["adam"].points[:, 1]) > 0.3).any() and np.linalg.norm(runs["adam"].points, axis=1).min() > 0.3
    # run on and the loss falls without bound until the engine's divergence bound stops GD
    engine = Engine(problem, [RunSpec("sgd", {"lr": eta})])
    engine.step(400)
    run = engine.runs[0]
    bound = 1e8 * max(1.0, np.abs(problem.initial_point()).max())
    expected_step = int(np.ceil(np.log(bound / x2) / np.log(1 + 2 * eta)))
    assert run.diverged_at in (expected_step, expected_step + 1)
    assert np.all(np.diff(run.losses[50:]) < 0) and run.losses[-1] < -1e15


def test_rastrigin_defaults_settle_in_the_nearest_local_minimum():
    _, runs = run_defaults("rastrigin")
    # the local minimum near (−3, 3): 2x + 20π·sin(2πx) = 0, by bisection here
    lo, hi = -3.0, -2.9
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 2 * mid + 20 * math.pi * math.sin(2 * math.pi * mid) < 0 else (lo, mid)
    local = np.array([lo, -lo])
    for run in runs.values():
        assert run.diverged_at is None
        np.testing.assert_allclose(run.points[-1], local, atol=0.03)
        assert run.losses[-1] > 17  # far above the global minimum 0


def test_plateau_strands_momentum_and_gd_but_not_the_adaptive_methods():
    problem, runs = run_defaults("plateau")
    start = problem.initial_point()
    for name in ("sgd", "momentum", "adadelta"):
        assert np.linalg.norm(runs[name].points[-1] - start) < 0.5
        assert runs[name].losses.min() > 0.99
    for name in ("adagrad", "rmsprop", "adam"):
        assert runs[name].losses[-1] < 0.01
    # momentum's default is as large as the well allows: 2(1 + γ)/25 ≈ 0.152 at γ = 0.9
    momentum = runs["momentum"].hyperparams
    assert momentum["momentum"] == 0.9 and momentum["lr"] < 2 * (1 + 0.9) / 25
    # a larger step crosses the plateau but cannot settle in the narrow well
    engine = Engine(problem, [RunSpec("momentum", {"lr": 0.2, "momentum": 0.9})])
    engine.step(200)
    crossing = engine.runs[0]
    assert crossing.losses.min() < 0.1 and crossing.losses[-20:].max() > 0.01
