"""The toy bowls and the airfoil regression, checked against the formulas, the book and numpy on the raw file."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems import DataError, get_problem
from adamviz.core.problems.airfoil import AirfoilRegression

COEFFS = {"toy1": (1.0, 2.0), "toy2": (0.1, 2.0)}


@pytest.fixture(scope="module")
def airfoil():
    return get_problem("airfoil")


# ---------------------------------------------------------------- toy bowls


@pytest.mark.parametrize("name", ["toy1", "toy2"])
def test_toy_loss_and_gradient_follow_the_formulas(name):
    c1, c2 = COEFFS[name]
    problem = get_problem(name)
    gradient = problem.gradient_fn()
    rng = np.random.default_rng(1)
    for x1, x2 in [(-5.0, -2.0), (0.0, 0.0), (3.0, -0.5), *rng.uniform(-10, 10, size=(5, 2))]:
        assert problem.loss(np.array([x1, x2])) == pytest.approx(c1 * x1**2 + c2 * x2**2, rel=1e-15, abs=0)
        for step in (1, 7):
            g = gradient(torch.tensor([x1, x2], dtype=torch.float64), step)
            assert g.dtype == torch.float64
            np.testing.assert_allclose(g.numpy(), [2 * c1 * x1, 2 * c2 * x2], rtol=1e-15, atol=0)


def test_toy_formulas_are_the_books():
    # f = x1² + 2·x2² and f = 0.1·x1² + 2·x2² at the book's start (−5, −2)
    assert get_problem("toy1").loss(np.array([-5.0, -2.0])) == pytest.approx(25 + 8)
    assert get_problem("toy2").loss(np.array([-5.0, -2.0])) == pytest.approx(2.5 + 8)


@pytest.mark.parametrize("name", ["toy1", "toy2"])
def test_toy_loss_is_vectorized_over_a_meshgrid(name):
    c1, c2 = COEFFS[name]
    x1, x2 = np.meshgrid(np.linspace(-5.5, 1.0, 53), np.linspace(-3.0, 1.0, 41))
    grid = np.stack([x1, x2], axis=-1)
    losses = get_problem(name).loss(grid)
    assert losses.shape == (41, 53)
    np.testing.assert_allclose(losses, c1 * x1**2 + c2 * x2**2, rtol=1e-15, atol=0)
    # and a plain list of points
    pts = [[1.0, 2.0], [-3.0, 0.5]]
    np.testing.assert_allclose(get_problem(name).loss(pts), [c1 + 4 * c2, 9 * c1 + 0.25 * c2])


@pytest.mark.parametrize("name", ["toy1", "toy2"])
def test_toy_problem_description(name):
    problem = get_problem(name)
    assert problem.dim == 2 and problem.planar
    assert problem.floor == 0.0
    np.testing.assert_array_equal(problem.minimum, [0.0, 0.0])
    np.testing.assert_array_equal(problem.initial_point(), [-5.0, -2.0])
    np.testing.assert_array_equal(problem.initial_point(123), [-5.0, -2.0])
    np.testing.assert_array_equal(problem.initial_point(0, (1.5, -0.25)), [1.5, -0.25])
    assert problem.default_steps == 20
    # the view covers the book's contour box x1 ∈ [−5.5, 1], x2 ∈ [−3, 1]
    (x_lo, x_hi), (y_lo, y_hi) = problem.view.x, problem.view.y
    assert x_lo <= -5.5 and x_hi >= 1.0 and y_lo <= -3.0 and y_hi >= 1.0


# The book's printed results after 20 steps from (−5, −2) (D2L §7.2–7.6), as it prints them: f'{x:f}'.
BOOK_RESULTS = [
    ("toy1", "sgd", {"lr": 0.1}, ("-0.057646", "-0.000073")),
    ("toy2", "sgd", {"lr": 0.4}, ("-0.943467", "-0.000073")),
    ("toy2", "sgd", {"lr": 0.6}, ("-0.387814", "-1673.365109")),
    ("toy2", "momentum", {"lr": 0.4, "momentum": 0.5}, ("-0.062843", "0.001202")),
    ("toy2", "momentum", {"lr": 0.6, "momentum": 0.5}, ("0.007188", "0.002553")),
    ("toy2", "adagrad", {"lr": 0.4}, ("-2.382563", "-0.158591")),
    ("toy2", "adagrad", {"lr": 2.0}, ("-0.002295", "-0.000000")),
    ("toy2", "rmsprop", {"lr": 0.4, "gamma": 0.9}, ("-0.010599", "0.000000")),
]


@pytest.mark.parametrize("problem,optimizer,hp,expected", BOOK_RESULTS)
def test_book_results_after_20_steps(problem, optimizer, hp, expected, ref):
    engine = Engine(get_problem(problem), [RunSpec(optimizer, dict(hp))])
    engine.step(20)
    run = engine.runs[0]
    assert run.t == 20 and run.diverged_at is None
    np.testing.assert_array_equal(run.points[0], [-5.0, -2.0])
    assert (ref.book_fmt(run.points[20][0]), ref.book_fmt(run.points[20][1])) == expected
    # the independent numpy version of the notes' rule gives the book's numbers too
    full_hp = {**ref.defaults(optimizer), **hp}
    mine = ref.numpy_toy_run(optimizer, full_hp, COEFFS[problem], (-5.0, -2.0), 20)
    assert (ref.book_fmt(mine[20][0]), ref.book_fmt(mine[20][1])) == expected
    np.testing.assert_allclose(run.points, mine, rtol=1e-12, atol=1e-300)


def test_unknown_problem():
    with pytest.raises(ValueError, match="nope"):
        get_problem("nope")


# ---------------------------------------------------------------- airfoil: data


def test_airfoil_file_has_1503_rows_of_6_columns(ref):
    data = np.loadtxt(ref.DATA_FILE, delimiter="\t")
    assert data.shape == (1503, 6)


def test_airfoil_standardization(airfoil, book_data):
    X, y = book_data
    assert airfoil.design.shape == (1500, 6) and airfoil.labels.shape == (1500,)
    assert airfoil.design.dtype == np.float32 and airfoil.labels.dtype == np.float32
    np.testing.assert_allclose(airfoil.design[:, :5], X, rtol=0, atol=2e-6)
    np.testing.assert_array_equal(airfoil.design[:, 5], 1.0)
    np.testing.assert_allclose(airfoil.labels, y, rtol=0, atol=2e-6)
    # standardized over all 1503 rows, not over the 1500 kept: the kept means are not exactly 0
    raw = np.loadtxt(airfoil.path, delimiter="\t")
    kept_standardized = (raw[:1500] - raw[:1500].mean(0)) / raw[:1500].std(0)
    assert np.abs(airfoil.design[:, :5] - kept_standardized[:, :5]).max() > 1e-4


def test_airfoil_description(airfoil):
    assert airfoil.dim == 6 and not airfoil.planar
    assert airfoil.param_names == ("w1", "w2", "w3", "w4", "w5", "b")
    assert airfoil.steps_per_epoch == 150
    assert airfoil.default_steps == 300


def random_thetas(n=4, seed=5):
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 0.5, size=6) for _ in range(n)]


def test_airfoil_loss_is_the_mean_half_squared_residual(airfoil, book_data, ref):
    X, y = book_data
    A32, y32 = airfoil.design[:, :5].astype(np.float64), airfoil.labels.astype(np.float64)
    for theta in [*random_thetas(), airfoil.initial_point(0), np.zeros(6)]:
        loss = float(airfoil.loss(theta))
        # on the very float32 numbers the optimizers train on: exact up to rounding
        assert loss == pytest.approx(ref.full_loss_rowwise(A32, y32, theta), rel=1e-12)
        # on the data standardized here in float64: the float32 rounding is all that differs
        assert loss == pytest.approx(ref.full_loss_rowwise(X, y, theta), rel=1e-6)


def test_airfoil_loss_is_vectorized(airfoil):
    thetas = np.array(random_thetas(6)).reshape(2, 3, 6)
    losses = airfoil.loss(thetas)
    assert losses.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            assert losses[i, j] == pytest.approx(float(airfoil.loss(thetas[i, j])), rel=1e-14)


def test_airfoil_loss_of_a_point_does_not_depend_on_its_neighbours(airfoil):
    """loss(points)[i] must be loss(points[i]): the engine records losses block by block.

    Fails while AirfoilRegression.loss uses ``theta @ self.moment`` (BLAS): its rounding depends on the
    shape and alignment of the block, so the same point gets a loss differing in the last bit.
    """
    thetas = np.random.default_rng(0).normal(0, 0.5, size=(300, 6))
    whole = airfoil.loss(thetas)
    alone = np.array([airfoil.loss(thetas[i]) for i in range(300)])
    in_pairs = np.concatenate([airfoil.loss(thetas[i : i + 2]) for i in range(0, 300, 2)])
    np.testing.assert_array_equal(alone, whole)
    np.testing.assert_array_equal(in_pairs, whole)


def test_airfoil_minimum_and_floor_are_least_squares(airfoil, book_data, ref):
    A32 = airfoil.design.astype(np.float64)
    lstsq32, *_ = np.linalg.lstsq(A32, airfoil.labels.astype(np.float64), rcond=None)
    np.testing.assert_allclose(airfoil.minimum, lstsq32, rtol=1e-9, atol=1e-12)
    X, y = book_data
    mine = ref.lstsq_theta(X, y)
    np.testing.assert_allclose(airfoil.minimum, mine, atol=1e-5)
    assert airfoil.floor == pytest.approx(ref.full_loss_rowwise(X, y, mine), rel=1e-6)
    assert airfoil.floor == pytest.approx(
        ref.full_loss_rowwise(A32[:, :5], airfoil.labels.astype(np.float64), lstsq32), rel=1e-12
    )
    # nothing lies below it
    for theta in random_thetas(20, seed=9):
        assert airfoil.loss(theta) >= airfoil.floor
    for k in range(6):
        nudged = airfoil.minimum.copy()
        nudged[k] += 1e-3
        assert airfoil.loss(nudged) > airfoil.floor


def test_airfoil_epoch_order_is_a_fresh_permutation_every_epoch(airfoil):
    orders = [airfoil.epoch_order(0, e) for e in range(4)]
    for order in orders:
        np.testing.assert_array_equal(np.sort(order), np.arange(1500))
    for i in range(4):
        for j in range(i + 1, 4):
            assert not np.array_equal(orders[i], orders[j])
    np.testing.assert_array_equal(airfoil.epoch_order(0, 2), orders[2])
    assert not np.array_equal(airfoil.epoch_order(1, 0), orders[0])


@pytest.mark.parametrize("seed", [0, 7])
def test_airfoil_gradient_is_the_books_minibatch_gradient(airfoil, book_data, ref, seed):
    """gradient(θ, step) = ∇ mean((Xw + b − y)²/2) over the 10 rows that step takes from epoch_order."""
    X, y = book_data
    gradient = airfoil.gradient_fn(seed)
    rng = np.random.default_rng(seed + 100)
    for step in (1, 2, 150, 151, 223, 300, 301, 600, 1000):
        theta = rng.normal(0, 0.3, size=6).astype(np.float32)
        g = gradient(torch.from_numpy(theta.copy()), step)
        assert g.shape == (6,) and g.dtype == torch.float32
        rows = ref.batch_rows(airfoil, seed, step)
        # autograd of the book's loss on those rows, float64
        Xb = torch.from_numpy(X[rows])
        yb = torch.from_numpy(y[rows]).reshape(-1, 1)
        w = torch.tensor(theta[:5], dtype=torch.float64).reshape(5, 1).requires_grad_(True)
        b = torch.tensor(theta[5:], dtype=torch.float64).requires_grad_(True)
        loss = ((Xb @ w + b - yb) ** 2 / 2).mean()
        loss.backward()
        expected = np.append(w.grad.numpy().ravel(), b.grad.numpy())
        np.testing.assert_allclose(g.numpy(), expected, rtol=0, atol=2e-5)
        # and by hand
        np.testing.assert_allclose(
            g.numpy(), ref.minibatch_gradient(X, y, rows, theta.astype(np.float64)), rtol=0, atol=2e-5
        )
        # the gradient of some other batch is clearly different (so the rows matter)
        other = ref.minibatch_gradient(X, y, ref.batch_rows(airfoil, seed, step + 1), theta.astype(np.float64))
        assert np.abs(other - expected).max() > 1e-3


def test_airfoil_initial_point(airfoil):
    p0 = airfoil.initial_point(0)
    assert p0.shape == (6,) and p0.dtype == np.float64
    assert p0[5] == 0.0
    assert 0 < np.abs(p0[:5]).max() < 0.06  # w ~ N(0, 0.01²)
    np.testing.assert_array_equal(p0, p0.astype(np.float32))  # the float32 numbers the model starts from
    np.testing.assert_array_equal(airfoil.initial_point(0), p0)
    assert not np.array_equal(airfoil.initial_point(1), p0)
    ws = np.array([airfoil.initial_point(s)[:5] for s in range(200)]).ravel()
    assert abs(ws.mean()) < 0.002 and 0.008 < ws.std() < 0.012


def test_missing_airfoil_file_is_a_data_error(tmp_path):
    path = tmp_path / "airfoil_self_noise.dat"
    with pytest.raises(DataError, match="missing") as info:
        AirfoilRegression(path=path)
    assert str(path) in str(info.value)


def test_corrupted_airfoil_file_is_a_data_error(tmp_path, ref):
    path = tmp_path / "airfoil_self_noise.dat"
    shutil.copyfile(ref.DATA_FILE, path)
    raw = bytearray(path.read_bytes())
    i = raw.index(b"0.3048")  # a chord length in the first row
    raw[i + 2] = ord("4")  # 0.3048 → 0.4048: still a valid number, but not the book's data
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="corrupted") as info:
        AirfoilRegression(path=path)
    assert str(path) in str(info.value)
    # the pristine copy next to it loads
    shutil.copyfile(ref.DATA_FILE, path)
    assert AirfoilRegression(path=path).design.shape == (1500, 6)


def test_unreadable_airfoil_path_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match=str(tmp_path)):
        AirfoilRegression(path=tmp_path)  # a directory


def test_airfoil_loss_on_a_plane_is_the_exact_slice(airfoil, book_data, ref):
    """plane_loss: L(θ0 + a·u + b·v) on a grid, against the loss evaluated point by point."""
    from adamviz.core.surface import Plane, plane_loss

    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.normal(size=(6, 2)))
    origin = airfoil.minimum + rng.normal(0, 0.2, size=6)
    plane = Plane(origin, q[:, 0], q[:, 1], "test plane", ("a", "b"))
    a = np.linspace(-1.5, 2.0, 7)
    b = np.linspace(-0.5, 1.0, 5)
    z = plane_loss(airfoil, plane, a, b)
    assert z.shape == (5, 7)
    X, y = book_data
    A32, y32 = airfoil.design[:, :5].astype(np.float64), airfoil.labels.astype(np.float64)
    for i, bi in enumerate(b):
        for j, aj in enumerate(a):
            theta = origin + aj * q[:, 0] + bi * q[:, 1]
            assert z[i, j] == pytest.approx(ref.full_loss_rowwise(A32, y32, theta), rel=1e-12)
            assert z[i, j] == pytest.approx(ref.full_loss_rowwise(X, y, theta), rel=1e-6)
    assert z.min() >= airfoil.floor - 1e-12


def test_the_colour_scales_low_end_is_numpys_percentile():
    from adamviz.core.surface import lower_percentile

    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 10, 1001, 40_000):
        values = rng.lognormal(size=size)
        for percent in (0, 0.5, 37.5, 100):
            assert lower_percentile(values, percent) == pytest.approx(np.percentile(values, percent), rel=1e-14)


def test_contour_lines_are_contourpys_own():
    import contourpy

    from adamviz.core.surface import contour_lines, grid_axes

    x, y = grid_axes((-3.0, 2.5), (-1.5, 4.0), 57)
    xx, yy = np.meshgrid(x, y)
    z = (1 - xx) ** 2 + 5 * (yy - xx**2) ** 2
    levels = np.geomspace(0.05, 400, 12)
    expected = []
    generator = contourpy.contour_generator(x, y, z, line_type=contourpy.LineType.ChunkCombinedNan)
    for level in generator.multi_lines(levels):
        for chunk in level[0]:
            if chunk is not None and len(chunk):
                expected += [chunk, np.full((1, 2), np.nan)]
    np.testing.assert_array_equal(contour_lines(x, y, z, levels), np.concatenate(expected))
