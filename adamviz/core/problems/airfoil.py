"""The chapter's linear regression on the NASA airfoil self-noise data (D2L §7.3).

Pipeline, as the book's ``get_data_ch7``: standardize every column with its
mean and population standard deviation over all 1503 rows, keep the first
1500, float32 features. Model ŷ = X·w + b, loss mean((ŷ − y)²/2), w ~ N(0,
0.01²), b = 0, minibatches of 10 reshuffled every epoch.

The loss is quadratic in θ = (w, b): with A = [X, 1], G = AᵀA/n, c = Aᵀy/n and
k = yᵀy/n, L(θ) = ½(θᵀGθ − 2cᵀθ + k). The recorded full-data loss, the
least-squares floor and the contour slices all come from (G, c, k) in float64,
computed from the very float32 numbers the optimizers train on, so no recorded
loss can fall below the floor through rounding.
"""

from __future__ import annotations

import copy
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from adamviz.core.arrays import ArrayModule
from adamviz.core.problems.base import GradientFn, Problem
from adamviz.core.text import QT_TRANSLATE_NOOP, declared, translate

if TYPE_CHECKING:
    import torch

ROWS, COLUMNS, KEPT_ROWS, BATCH_SIZE = 1503, 6, 1500, 10
"""BATCH_SIZE: the chapter's minibatches; ``AirfoilRegression.with_batch_size`` makes any size from 1 to 1500."""
SHA256 = "10ee06e6cfb27dae6b44213d421d217012fb1f9b697592e73a4e4016b52d425f"


def data_file() -> Path:
    """The data set, shipped in the package (a clone's and an installed wheel's alike); DATA.md beside it
    says whence. Found when first read: importlib.resources costs the window's start-up 10 ms."""
    from importlib import resources

    return resources.files("adamviz.data") / "airfoil_self_noise.dat"

class DataError(Exception):
    """The data set cannot be used; the message says why and what to do."""


def load_airfoil(path: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Standardized features (1500, 5) and labels (1500,), float32, as the book prepares them."""
    import hashlib

    path = data_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"the airfoil data file is missing: {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read the airfoil data file {path}: {exc.strerror}") from None
    if hashlib.sha256(raw).hexdigest() != SHA256:
        raise DataError(
            f"the airfoil data file {path} is corrupted (its checksum differs from the book's copy); "
            "reinstall adamviz, or restore the file from its repository"
        )
    data = np.loadtxt(raw.decode("ascii").splitlines(), delimiter="\t", dtype=np.float64)
    data = (data - data.mean(axis=0)) / data.std(axis=0)
    data = data[:KEPT_ROWS].astype(np.float32)
    return data[:, :-1], data[:, -1]


class AirfoilRegression(Problem):
    TITLE = "airfoil: linear regression on NASA airfoil noise"
    """Known without reading the data (the window lists the problems before one is chosen)."""
    DESCRIPTION = "ŷ = X·w + b on 1500 standardized rows, loss mean((ŷ−y)²/2), minibatches of 10"

    def __init__(self, path: Path | None = None):
        self.path = data_file() if path is None else path
        super().__init__(
            name="airfoil", title=self.TITLE,
            param_names=("w1", "w2", "w3", "w4", "w5", "b"),
            minimum=np.zeros(0), floor=0.0, dtype="float32",
            floor_label=QT_TRANSLATE_NOOP("declared", "least-squares minimum"),
            steps_per_epoch=KEPT_ROWS // BATCH_SIZE, default_steps=2 * (KEPT_ROWS // BATCH_SIZE),
            description=self.DESCRIPTION,
        )
        self.batch_size = BATCH_SIZE
        self._sizes: dict[int, AirfoilRegression] = {}
        features, labels = load_airfoil(path)
        self.design = np.hstack([features, np.ones((KEPT_ROWS, 1), np.float32)])
        self.labels = labels
        a64, y64 = self.design.astype(np.float64), labels.astype(np.float64)
        self.gram = a64.T @ a64 / KEPT_ROWS
        self.moment = a64.T @ y64 / KEPT_ROWS
        self.label_energy = float(y64 @ y64 / KEPT_ROWS)
        self.minimum = np.linalg.solve(self.gram, self.moment)
        self.floor = float(self.loss(self.minimum))

    @property
    def title(self) -> str:
        """The chapter's regression: TITLE (declared: shown through declared()); at another batch size, the size
        said beside it, in the window's language."""
        if self.batch_size == BATCH_SIZE:
            return self.TITLE
        if self.batch_size >= KEPT_ROWS:
            return translate("problems", "{title} (full batch)").format(title=declared(self.TITLE))
        return translate("problems", "{title} (batches of {size})").format(title=declared(self.TITLE),
                                                                           size=self.batch_size)

    @title.setter
    def title(self, value: str) -> None:
        """Problem's __init__ sets it to TITLE; the batch size decides it from then on."""

    @property
    def description(self) -> str:
        """DESCRIPTION (declared) for the chapter's minibatches of 10; another size's, in the window's language."""
        if self.batch_size == BATCH_SIZE:
            return self.DESCRIPTION
        return translate("problems", "ŷ = X·w + b on 1500 standardized rows, loss mean((ŷ−y)²/2), "
                         "minibatches of {size}").format(size=self.batch_size)

    @description.setter
    def description(self, value: str) -> None:
        """Problem's __init__ sets it to DESCRIPTION; the batch size decides it from then on."""

    numbers = "adamviz"
    """Whose random numbers draw the start and the minibatch order: adamviz's own generator, or "book":
    the book's notebook's after np.random.seed(S); torch.manual_seed(S) (book_numbers())."""

    def book_numbers(self) -> AirfoilRegression:
        """The same regression drawing its start and minibatch order as the book's notebook does after
        ``np.random.seed(S); torch.manual_seed(S)``: w from ``np.random.normal(0, 0.01, (5, 1))`` as float32,
        b = 0, and each epoch's order from torch's own ``DataLoader(..., batch_size=10, shuffle=True)``,
        iterated once per epoch as train_ch7 iterates it. One object per regression (the data is shared)."""
        if self.numbers == "book":
            return self
        if getattr(self, "_book", None) is None:
            book = copy.copy(self)
            book.numbers, book._loaders, book._sizes = "book", {}, {}
            self._book = book
        return self._book

    def with_batch_size(self, size: int) -> AirfoilRegression:
        """The same regression stepped on minibatches of ``size`` rows (1 … 1500; the last of an epoch is smaller
        when ``size`` does not divide 1500, as torch's DataLoader makes it). One object per size."""
        check_batch_size(size)
        if size == self.batch_size:
            return self
        made = self._sizes.get(size)
        if made is None:
            made = copy.copy(self)
            per_epoch = -(-KEPT_ROWS // size)
            made.batch_size, made.steps_per_epoch, made.default_steps = size, per_epoch, 2 * per_epoch
            made._sizes, made._book = {}, None
            self._sizes[size] = made
        return made

    def initial_point(self, seed: int = 0, start: tuple[float, float] | None = None) -> np.ndarray:
        if self.numbers == "book":
            w = np.random.RandomState(seed).normal(0, 0.01, size=(5, 1)).astype(np.float32).ravel()
        else:
            w = np.random.default_rng(seed).normal(0.0, 0.01, size=5).astype(np.float32)
        return np.append(w, np.float32(0.0)).astype(np.float64)

    def loss(self, points: np.ndarray) -> np.ndarray:
        theta = np.asarray(points, dtype=np.float64)
        # einsum, not matmul: BLAS rounds differently with a block's shape, and the same
        # point must get the same loss however the steps were chunked.
        quadratic = np.einsum("...i,ij,...j->...", theta, self.gram, theta)
        linear = np.einsum("...i,i->...", theta, self.moment)
        return 0.5 * (quadratic - 2.0 * linear + self.label_energy)

    def epoch_order(self, seed: int, epoch: int) -> np.ndarray:
        """The rows in the order epoch ``epoch`` (0-based) visits them; the same for every optimizer."""
        if self.numbers == "book":
            return self._book_order(seed, epoch)
        return np.random.default_rng([seed, epoch]).permutation(KEPT_ROWS)

    def _book_order(self, seed: int, epoch: int) -> np.ndarray:
        """Epoch ``epoch``'s order from torch's DataLoader, seeded as the notebook seeds it. The loader draws
        each epoch's permutation from torch's global generator when it is iterated: that generator is
        forked here, so the rest of the process's torch numbers are not touched, and its state is kept
        between calls, so epoch 5000 does not replay the 4999 before it."""
        import torch
        from torch.utils.data import DataLoader, TensorDataset

        key = (seed, self.batch_size)  # the loader as train_ch7 makes it, at this batch size
        if key not in self._loaders:
            if len(self._loaders) > 8:
                self._loaders.clear()
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(seed)
                # Its order depends on the generator and the data's length alone: rows' numbers stand in for them
                loader = DataLoader(TensorDataset(torch.arange(KEPT_ROWS)), batch_size=self.batch_size,
                                    shuffle=True)
                self._loaders[key] = (loader, torch.random.get_rng_state(), [])
        loader, state, orders = self._loaders[key]
        if epoch >= len(orders):
            with torch.random.fork_rng(devices=[]):
                torch.random.set_rng_state(state)
                while len(orders) <= epoch:
                    orders.append(torch.cat([rows for (rows,) in loader]).numpy())
                    if len(orders) > 64:  # runs replay from step 0, but rarely from epoch 64 on: keep the last
                        orders[len(orders) - 65] = None
                self._loaders[key] = (loader, torch.random.get_rng_state(), orders)
        order = orders[epoch]
        if order is None:  # an early epoch long dropped: made again from the start, once
            del self._loaders[key]
            return self._book_order(seed, epoch)
        return order

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch") -> GradientFn:
        self._torch_only(arrays)  # the book's float32 tensors, minibatches and all
        import torch

        design = torch.from_numpy(self.design)
        labels = torch.from_numpy(self.labels)
        per_epoch, size = self.steps_per_epoch, self.batch_size
        batches: dict[int, tuple[torch.Tensor, torch.Tensor]] = {}

        def epoch_batches(epoch: int):
            if epoch not in batches:
                if len(batches) > 4:  # runs replay from step 0, so old epochs come back
                    batches.pop(next(iter(batches)))
                rows = torch.from_numpy(self.epoch_order(seed, epoch))
                features, targets = design[rows], labels[rows]
                if KEPT_ROWS % size == 0:  # equal batches: one reshape, and a step indexes it (the fastest)
                    batches[epoch] = (features.reshape(per_epoch, size, -1), targets.reshape(per_epoch, size))
                else:  # the last batch is what is left, as torch's DataLoader makes it
                    batches[epoch] = ([features[i * size:(i + 1) * size] for i in range(per_epoch)],
                                      [targets[i * size:(i + 1) * size] for i in range(per_epoch)])
            return batches[epoch]

        def gradient(theta: torch.Tensor, step: int) -> torch.Tensor:
            epoch, index = divmod(step - 1, per_epoch)
            features, targets = epoch_batches(epoch)
            batch, target = features[index], targets[index]
            # Xᵀ(Xθ − y)/10 written as broadcast products and sums rather than matmuls, for
            # theta (6,) or a batch (..., 6), every row on this step's minibatch: a sum over the
            # same axis adds in the same order whatever the batch's shape, so row i of a batch is
            # bit for bit the single run's gradient (BLAS orders its sums by shape), and tiny
            # sums never wait on BLAS threads.
            residual = (theta.unsqueeze(-2) * batch).sum(-1) - target
            return (residual.unsqueeze(-1) * batch).sum(-2) / target.shape[-1]

        return gradient

    def split(self, theta: torch.Tensor) -> list[torch.Tensor]:
        return [theta[:5].view(5, 1), theta[5:]]

    @cached_property
    def curvature_axes(self) -> np.ndarray:
        """Eigenvectors of G, steepest first: the plane to show before there is a trajectory."""
        _values, vectors = np.linalg.eigh(self.gram)
        return vectors[:, ::-1].T.copy()


def check_batch_size(size) -> int:
    """``size`` if it is a minibatch size the regression can take (1 … 1500 rows); ValueError otherwise."""
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 1 <= size <= KEPT_ROWS:
        raise ValueError(translate("problems", "the batch size is a whole number of rows from 1 to {most}, "
                                   "not {size!r}").format(most=KEPT_ROWS, size=size))
    return int(size)
