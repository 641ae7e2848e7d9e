"""What every problem offers the engine and the views.

A problem knows its loss (vectorized, float64 numpy, for recording and for
contours), its gradient (for stepping, in torch and, where that is exact, in
numpy), where runs start and where the minimum is. Torch is imported only when
a torch gradient is asked for, so the window can draw a surface before torch
has loaded, and a problem that steps in numpy never needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from adamviz.core.arrays import Array, ArrayModule

GradientFn = Callable[[Array, int], Array]
"""gradient(theta, step) for step = 1, 2, ...; theta is the flat parameter vector (dim,),
a torch tensor or, from a gradient made for numpy, a numpy array; the result is of its kind.

Every built-in problem also accepts a batch of parameter vectors, theta of shape
(..., dim), and returns the gradient at each of them, (..., dim): the swarm and
the learning-rate sweep step many runs as one array computation. Within a
batch every row gets the same minibatch (step) as a single run would.
"""


@dataclass(frozen=True)
class ViewWindow:
    x: tuple[float, float]
    y: tuple[float, float]


@dataclass
class Problem:
    name: str
    title: str
    param_names: tuple[str, ...]
    minimum: np.ndarray
    floor: float
    dtype: str = "float64"
    view: ViewWindow | None = None
    """Where the contour view looks first (a curve: x and f(x)); None for problems with more than two
    parameters."""
    steps_per_epoch: int | None = None
    default_steps: int = 20
    description: str = ""
    log_loss: bool = True
    """Whether the loss is best plotted on a log axis (it stays above ``floor``). False for a
    loss that is unbounded below (the saddle) or goes negative: plot it on a linear axis."""
    floor_known: bool = True
    """Whether ``floor`` is a bound no run can go below (a minimum's value, the least-squares loss). False
    where it is only the lowest value found in the view (a function of one's own, the saddle): then it
    is never drawn as a floor."""
    floor_label: str = ""
    """What the floor is called on the loss plot, where it is worth drawing ("least-squares minimum")."""
    step_arrays: ArrayModule = "torch"
    """The array module the scratch runs step in (adamviz.core.arrays). "numpy" where the gradient
    is plain arithmetic: every operation is then exactly rounded on numpy (torch's float64 √ is not)
    and no torch is needed (see adamviz.core.arrays)."""

    @property
    def minima(self) -> np.ndarray:
        """Every minimum worth marking, (k, dim); [minimum] unless a problem says otherwise.

        May be empty, (0, dim), for a problem without a minimum (the saddle, whose
        ``minimum`` is then its critical point, not a minimum).
        """
        own = self.__dict__.get("_minima")
        if own is not None:
            return own
        return np.asarray(self.minimum, dtype=np.float64).reshape(1, -1)

    @minima.setter
    def minima(self, value) -> None:
        points = np.asarray(value, dtype=np.float64)
        self.__dict__["_minima"] = points.reshape(-1, self.dim) if points.size else np.empty((0, self.dim))

    @property
    def dim(self) -> int:
        return len(self.param_names)

    @property
    def planar(self) -> bool:
        """True when the parameters themselves are the contour view's two axes."""
        return self.dim == 2

    @property
    def curve(self) -> bool:
        """True for a function of one parameter: the view draws the curve f(x) with the iterates on it."""
        return self.dim == 1

    @property
    def direct(self) -> bool:
        """True when the parameters themselves are the view's axes (a curve's x, a contour's x1 and x2): a
        start can be put anywhere, and swarms and noisy gradients apply."""
        return self.dim <= 2

    def initial_point(self, seed: int = 0, start: tuple[float, float] | None = None) -> np.ndarray:
        raise NotImplementedError

    def loss(self, points: np.ndarray) -> np.ndarray:
        """Loss at each point of ``points`` (shape (..., dim)), in float64."""
        raise NotImplementedError

    def loss_on_grid(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """A 2-D problem's loss at every (x[j], y[i]), shape (len(y), len(x)): ``loss``'s numbers.

        Problems whose loss is a formula override this to broadcast it over the two axes,
        which spares building the (ny, nx, 2) grid of points (most of a contour's cost)."""
        xx, yy = np.meshgrid(x, y)
        return self.loss(np.stack([xx, yy], axis=-1))

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch") -> GradientFn:
        """The gradient for parameters of the module ``arrays``: "torch", or "numpy" where
        ``step_arrays`` is "numpy" (ValueError otherwise)."""
        raise NotImplementedError

    def _torch_only(self, arrays: ArrayModule) -> None:
        if arrays != "torch":
            raise ValueError(f"{self.name} steps in torch only, not in {arrays}")

    def split(self, theta: Array) -> list[Array]:
        """The parameter arrays the book's optimizers see, as views of the flat vector."""
        return [theta]

    def hyperparams_for(self, optimizer: str) -> dict[str, float]:
        """Where ``optimizer`` starts on this problem (adamviz.core.starting)."""
        from adamviz.core.starting import starting_values

        return starting_values(self, optimizer)
