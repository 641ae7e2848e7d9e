"""Reference material shared by the tests, written independently of adamviz.

* the airfoil data read straight from the file and standardized here, in float64;
* the chapter's update rules (notes/chapter7.md) re-implemented in float64 numpy;
* which rows a minibatch step uses, as the book's loop visits them.

Nothing here calls adamviz code to produce an expected value, except
``epoch_order`` (the shuffle itself, which the tests check separately).
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "adamviz" / "data" / "airfoil_self_noise.dat"
BATCH = 10
KEPT = 1500


# ---------------------------------------------------------------- data


def read_standardized_airfoil() -> tuple[np.ndarray, np.ndarray]:
    """(X (1500, 5), y (1500,)) in float64: every column standardized over all 1503 rows, first 1500 kept."""
    rows = [line.split("\t") for line in DATA_FILE.read_text(encoding="ascii").splitlines() if line.strip()]
    data = np.array(rows, dtype=np.float64)
    assert data.shape == (1503, 6)
    mean = data.sum(axis=0) / len(data)
    pop_std = np.sqrt(((data - mean) ** 2).sum(axis=0) / len(data))
    data = (data - mean) / pop_std
    data = data[:KEPT]
    return data[:, :5], data[:, 5]


@pytest.fixture(scope="session")
def book_data() -> tuple[np.ndarray, np.ndarray]:
    return read_standardized_airfoil()


def full_loss_rowwise(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> float:
    """mean((X·w + b − y)²)/2 over all rows, accumulated row by row in float64."""
    w, b = np.asarray(theta[:5], dtype=np.float64), float(theta[5])
    total = 0.0
    for row, label in zip(X, y, strict=True):
        r = float(row @ w) + b - float(label)
        total += r * r
    return total / len(y) / 2


def lstsq_theta(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    A = np.hstack([X, np.ones((len(X), 1))])
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return theta


def batch_rows(problem, seed: int, step: int) -> np.ndarray:
    """The 10 rows step ``step`` (1-based) uses: epoch (step−1)//150 visits its permutation in slices of 10."""
    epoch, index = divmod(step - 1, KEPT // BATCH)
    order = problem.epoch_order(seed, epoch)
    return order[index * BATCH : (index + 1) * BATCH]


def minibatch_gradient(X: np.ndarray, y: np.ndarray, rows: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Gradient of mean((X w + b − y)²/2) over ``rows``, written out by hand in float64."""
    Xb, yb = X[rows], y[rows]
    r = Xb @ theta[:5] + theta[5] - yb
    return np.append(Xb.T @ r / len(rows), r.mean())


# ---------------------------------------------------------------- the notes' update rules in numpy


def defaults(name: str) -> dict[str, float]:
    """The notes' default hyperparameters (the table), with lr where the optimizer has one."""
    return {
        "sgd": {"lr": 0.1},
        "momentum": {"lr": 0.1, "momentum": 0.5},
        "adagrad": {"lr": 0.1, "eps": 1e-6},
        "rmsprop": {"lr": 0.01, "gamma": 0.9, "eps": 1e-6},
        "adadelta": {"rho": 0.9, "eps": 1e-5},
        "adam": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6},
    }[name]


class NumpyOptimizer:
    """One of the chapter's optimizers over a list of float64 arrays, exactly as the notes' table writes it."""

    def __init__(self, name: str, hp: dict[str, float], shapes: list[tuple[int, ...]]):
        self.name, self.hp, self.t = name, dict(hp), 0
        zeros = lambda: [np.zeros(s) for s in shapes]
        self.v, self.s, self.D = zeros(), zeros(), zeros()

    def step(self, xs: list[np.ndarray], gs: list[np.ndarray]) -> list[np.ndarray]:
        """New parameter arrays (the inputs are not changed); self.deltas holds the steps taken."""
        self.t += 1
        hp, t = self.hp, self.t
        new, deltas = [], []
        for i, (x, g) in enumerate(zip(xs, gs, strict=True)):
            x, g = np.asarray(x, np.float64), np.asarray(g, np.float64)
            if self.name == "sgd":
                d = hp["lr"] * g
            elif self.name == "momentum":
                self.v[i] = hp["momentum"] * self.v[i] + hp["lr"] * g
                d = self.v[i]
            elif self.name == "adagrad":
                self.s[i] = self.s[i] + g**2
                d = hp["lr"] / np.sqrt(self.s[i] + hp["eps"]) * g  # divided first, as the book's trainers do
            elif self.name == "rmsprop":
                self.s[i] = hp["gamma"] * self.s[i] + (1 - hp["gamma"]) * g**2
                d = hp["lr"] / np.sqrt(self.s[i] + hp["eps"]) * g
            elif self.name == "adadelta":
                rho, eps = hp["rho"], hp["eps"]
                self.s[i] = rho * self.s[i] + (1 - rho) * g**2
                d = np.sqrt((self.D[i] + eps) / (self.s[i] + eps)) * g
                self.D[i] = rho * self.D[i] + (1 - rho) * d**2
            elif self.name == "adam":
                b1, b2 = hp["beta1"], hp["beta2"]
                self.v[i] = b1 * self.v[i] + (1 - b1) * g
                self.s[i] = b2 * self.s[i] + (1 - b2) * g**2
                v_hat = self.v[i] / (1 - b1**t)
                s_hat = self.s[i] / (1 - b2**t)
                d = hp["lr"] * v_hat / (np.sqrt(s_hat) + hp["eps"])
            else:  # pragma: no cover - a typo in a test
                raise AssertionError(self.name)
            new.append(x - d)
            deltas.append(d)
        self.deltas = deltas
        return new


def numpy_toy_run(name: str, hp: dict[str, float], coeffs, start, steps: int) -> np.ndarray:
    """Trajectory (steps+1, 2) of the notes' rule on f = c1·x1² + c2·x2² in float64."""
    opt = NumpyOptimizer(name, hp, [(2,)])
    x = np.asarray(start, np.float64)
    c = np.asarray(coeffs, np.float64)
    points = [x]
    for _ in range(steps):
        (x,) = opt.step([x], [2 * c * x])
        points.append(x)
    return np.array(points)


def numpy_airfoil_run(X, y, problem, name: str, hp: dict[str, float], theta0, seed: int, steps: int) -> np.ndarray:
    """Trajectory (steps+1, 6) of the notes' rule on the book's minibatch regression, float64 throughout."""
    opt = NumpyOptimizer(name, hp, [(5,), (1,)])
    theta = np.asarray(theta0, np.float64)
    points = [theta]
    for step in range(1, steps + 1):
        g = minibatch_gradient(X, y, batch_rows(problem, seed, step), theta)
        w, b = opt.step([theta[:5], theta[5:]], [g[:5], g[5:]])
        theta = np.concatenate([w, b])
        points.append(theta)
    return np.array(points)


def book_fmt(x: float) -> str:
    """How the book prints a coordinate: f'{x:f}'."""
    return f"{x:f}"


@pytest.fixture(scope="session")
def ref() -> SimpleNamespace:
    """The helpers above, for test modules (session-scoped so hypothesis tests may use it)."""
    return SimpleNamespace(
        DATA_FILE=DATA_FILE,
        full_loss_rowwise=full_loss_rowwise,
        lstsq_theta=lstsq_theta,
        batch_rows=batch_rows,
        minibatch_gradient=minibatch_gradient,
        defaults=defaults,
        NumpyOptimizer=NumpyOptimizer,
        numpy_toy_run=numpy_toy_run,
        numpy_airfoil_run=numpy_airfoil_run,
        book_fmt=book_fmt,
    )


@pytest.fixture
def broken_airfoil(monkeypatch, tmp_path):
    """use(kind) points the airfoil problem at a data file that is "missing", "corrupted" or a "directory";
    get_problem's cache is cleared before and after."""
    from adamviz.core.problems import PROBLEMS, get_problem
    from adamviz.core.problems.airfoil import AirfoilRegression

    def use(kind: str):
        path = tmp_path / "airfoil_self_noise.dat"
        if kind == "corrupted":
            good = DATA_FILE.read_bytes()
            path.write_bytes(good[:-200] + b"1\t2\t3\t4\t5\t6\n")
        elif kind == "directory":
            path.mkdir()
        monkeypatch.setitem(PROBLEMS, "airfoil", functools.partial(AirfoilRegression, path=path))
        get_problem.cache_clear()
        return path

    get_problem.cache_clear()
    yield use
    monkeypatch.undo()
    get_problem.cache_clear()
    assert PROBLEMS["airfoil"] is AirfoilRegression  # nothing leaks into the tests that follow


@pytest.fixture(autouse=True)
def _no_optimizer_files_left():
    """A user's optimizer file loaded by a test (into the process-wide registry) is gone after it."""
    yield
    from adamviz.core.optimizer_files import LOADED, unload

    for name in list(LOADED):
        unload(name)
