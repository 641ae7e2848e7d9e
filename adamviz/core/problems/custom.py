"""Your own f(x1, x2) as a problem: parsed by adamviz.core.expression, its minimum looked for on a grid."""

from __future__ import annotations

import math

import numpy as np

from adamviz.core.arrays import ArrayModule
from adamviz.core.expression import ExpressionError, parse_expression
from adamviz.core.problems.base import Problem, ViewWindow
from adamviz.core.starting import median_slope
from adamviz.core.text import translate

DEFAULT_VIEW = ((-3.0, 3.0), (-3.0, 3.0))
SEARCH_GRID = 601
"""Points per axis of the grid the minimum is estimated on (odd: a symmetric view includes 0)."""


class CustomProblem(Problem):
    """The user's own f(x1, x2) as a 2-D problem.

    Loss in float64 numpy from the parsed expression; gradient by torch autograd on the same
    expression (batch-capable: theta of shape (..., 2)). ``minimum`` and ``floor`` are an
    ESTIMATE: the lowest finite value on a 601×601 grid over the view window, not a proven
    minimum (the true one can lie between grid points or outside the view, and runs may go
    below this floor, so it is not ``floor_known``). ``minima`` holds that point only where it is a
    local minimum of the grid, inside the view: a function without one in view (exp(x1·x2),
    log(x1) + x2²) claims none. ``log_loss`` is True only when the lowest value is ≥ 0.

    Default start: one sixth of the view in from its top-left corner, (−2, 2) for the default
    view [−3, 3]² (or the nearest grid point well inside where f is finite). The optimizers start
    from a rule of thumb on the view's size and the median gradient size over the grid
    (``heuristic_scale``; adamviz.core.starting.for_function). Building the problem does not import torch.
    """

    def __init__(self, expression_text: str, view=None, start: tuple[float, float] | None = None):
        expression = parse_expression(expression_text)
        view = _view_window(DEFAULT_VIEW if view is None else view)
        if expression.constant:
            raise ExpressionError(translate("problems", "`{function}` is a constant: a loss must depend on x1 or x2")
                                  .format(function=expression.text))
        x = np.linspace(*view.x, SEARCH_GRID)
        y = np.linspace(*view.y, SEARCH_GRID)
        xx, yy = np.meshgrid(x, y)
        z = expression.numpy(xx, yy)
        finite = np.isfinite(z)
        if not finite.any():
            raise ExpressionError(translate("problems", "`{function}` is not finite anywhere in the view "
                                            "x1 ∈ [{x1_low:g}, {x1_high:g}], x2 ∈ [{x2_low:g}, {x2_high:g}]").format(
                function=expression.text, x1_low=view.x[0], x1_high=view.x[1], x2_low=view.y[0], x2_high=view.y[1]))
        low = float(z[finite].min())
        if low == float(z[finite].max()):
            raise ExpressionError(
                translate("problems", "`{function}` is constant ({value:g}) over the view: there is nothing to descend")
                .format(function=expression.text, value=low)
            )
        row, col = np.unravel_index(np.argmin(np.where(finite, z, np.inf)), z.shape)
        minimum = np.array([x[col], y[row]])
        self.expression = expression
        super().__init__(
            name="custom", title="", param_names=("x1", "x2"),  # title and description: properties below
            minimum=minimum, floor=low, dtype="float64", view=view, floor_known=False,
            default_steps=100, log_loss=low >= 0,
        )
        # A minimum is claimed only where the grid's lowest point is one: inside the view, with finite
        # neighbours none lower. At an edge of the view or of f's domain it is only the lowest value seen.
        self.minima = minimum[np.newaxis] if _interior_minimum(z, row, col) else np.empty((0, 2))
        self.heuristic_scale = (min(view.x[1] - view.x[0], view.y[1] - view.y[0]), median_slope(z, x, y))
        """(view width, median slope): what adamviz.core.starting's rule of thumb starts the optimizers from."""
        self.start = _default_start(view, x, y, finite) if start is None else _finite_point(start)

    @property
    def title(self) -> str:
        """"custom: x1**2 + 3*x2**2", in the window's language."""
        return translate("problems", "custom: {function}").format(function=self.expression.text)

    @title.setter
    def title(self, value: str) -> None:
        """Problem's __init__ sets it; the function decides it."""

    @property
    def description(self) -> str:
        return translate("problems", "f(x) = {function}; minimum and floor estimated on a {grid}×{grid} grid "
                         "over the view").format(function=self.expression.text, grid=SEARCH_GRID)

    @description.setter
    def description(self, value: str) -> None:
        """Problem's __init__ sets it; the function decides it."""

    def initial_point(self, seed: int = 0, start: tuple[float, float] | None = None) -> np.ndarray:
        return np.asarray(self.start if start is None else start, dtype=np.float64)

    def loss(self, points: np.ndarray) -> np.ndarray:
        return self.expression(points)

    def loss_on_grid(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.expression.numpy(np.asarray(x)[np.newaxis, :], np.asarray(y)[:, np.newaxis])

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch"):
        self._torch_only(arrays)  # the gradient is autograd's
        import torch

        expression = self.expression

        def gradient(theta: torch.Tensor, step: int) -> torch.Tensor:
            # the engine steps without autograd (inference mode, or no_grad for torch.optim's runs): back on
            with torch.inference_mode(False), torch.enable_grad():
                x = theta.detach().clone().requires_grad_(True)
                value = expression.torch(x[..., 0], x[..., 1])
                (grad,) = torch.autograd.grad(value.sum(), x, allow_unused=True)
            return torch.zeros_like(theta) if grad is None else grad

        return gradient


def _interior_minimum(z: np.ndarray, row: int, col: int) -> bool:
    """Whether grid point (row, col) is a local minimum of the sampled f: not on the grid's border, its eight
    neighbours finite and none below it."""
    if not (0 < row < z.shape[0] - 1 and 0 < col < z.shape[1] - 1):
        return False
    around = z[row - 1: row + 2, col - 1: col + 2]
    return bool(np.isfinite(around).all() and around.min() >= z[row, col])


def _view_window(view) -> ViewWindow:
    if not isinstance(view, ViewWindow):
        try:
            (x0, x1), (y0, y1) = view
            view = ViewWindow((float(x0), float(x1)), (float(y0), float(y1)))
        except (TypeError, ValueError):
            raise ValueError(f"a view is ((x1 low, x1 high), (x2 low, x2 high)), not {view!r}") from None
    for low, high in (view.x, view.y):
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"a view's ranges must be finite with low < high, not {view.x} × {view.y}")
    return view


def _finite_point(point) -> tuple[float, float]:
    try:
        x1, x2 = (float(v) for v in point)
    except (TypeError, ValueError):
        raise ValueError(f"a start point is two numbers x1, x2, not {point!r}") from None
    if not (math.isfinite(x1) and math.isfinite(x2)):
        raise ValueError(f"the start point must be finite, not ({x1}, {x2})")
    return (x1, x2)


def _default_start(view: ViewWindow, x: np.ndarray, y: np.ndarray, finite: np.ndarray) -> tuple[float, float]:
    target = np.array([view.x[0] + (view.x[1] - view.x[0]) / 6, view.y[1] - (view.y[1] - view.y[0]) / 6])
    # Where f is defined a good way around (a twentieth of the view), if anywhere: a start on the very edge
    # of f's domain (log(x1) at x1 = 0.01) sends every run out of it at the first step.
    inner = _eroded(finite, max(1, len(x) // 20))
    rows, cols = np.nonzero(inner if inner.any() else finite)
    candidates = np.stack([x[cols], y[rows]], axis=-1)
    distance = np.abs(candidates - target).sum(axis=-1)
    if distance.min() < 1e-12 * max(1.0, float(np.abs(target).max())):
        return (float(target[0]), float(target[1]))
    best = candidates[np.argmin(distance)]
    return (float(best[0]), float(best[1]))


def _eroded(mask: np.ndarray, cells: int) -> np.ndarray:
    """``mask`` where all of the (2·cells+1)² square around a point is True (edges count as False)."""
    padded = np.pad(mask, cells, constant_values=False).astype(np.int32)
    sums = padded.cumsum(0).cumsum(1)
    sums = np.pad(sums, ((1, 0), (1, 0)))
    size = 2 * cells + 1
    window = sums[size:, size:] - sums[:-size, size:] - sums[size:, :-size] + sums[:-size, :-size]
    return window == size * size
