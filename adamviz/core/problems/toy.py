"""The chapter's two bowls, f(x) = c₁·x1² + c₂·x2².

toy1 (c = 1, 2) is evenly curved; toy2 (c = 0.1, 2) is steep across and flat
along, the case that motivates momentum and adaptive rates. The gradient is
the book's analytic one, (2c₁·x1, 2c₂·x2), stepped in float64 like the book's
plain-Python floats: on numpy arrays, which give the plain floats' numbers
bit for bit (adamviz.core.arrays).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from adamviz.core.arrays import ArrayModule
from adamviz.core.problems.base import GradientFn, Problem, ViewWindow

if TYPE_CHECKING:
    import torch

BOOK_START = (-5.0, -2.0)

class Bowl(Problem):
    def __init__(self, name: str, title: str, coeffs: tuple[float, float], view: ViewWindow, description: str):
        super().__init__(
            name=name, title=title, param_names=("x1", "x2"),
            minimum=np.zeros(2), floor=0.0, dtype="float64", view=view,
            default_steps=20, description=description,
            step_arrays="numpy",
        )
        self.coeffs = np.asarray(coeffs, dtype=np.float64)

    def initial_point(self, seed: int = 0, start: tuple[float, float] | None = None) -> np.ndarray:
        return np.asarray(BOOK_START if start is None else start, dtype=np.float64)

    def loss(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        return (self.coeffs * points * points).sum(axis=-1)

    def loss_on_grid(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        (c1, c2), x, y = self.coeffs, np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        return (c1 * x * x)[np.newaxis, :] + (c2 * y * y)[:, np.newaxis]

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch") -> GradientFn:
        if arrays == "numpy":
            slopes = 2 * self.coeffs
        else:
            import torch

            slopes = torch.tensor(2 * self.coeffs, dtype=torch.float64)

        def gradient(theta: torch.Tensor, step: int) -> torch.Tensor:
            return slopes * theta

        return gradient


def toy1() -> Bowl:
    return Bowl(
        "toy1", "toy1: x1² + 2·x2²", (1.0, 2.0),
        ViewWindow((-6.0, 2.0), (-3.5, 3.5)),
        "f(x) = x1² + 2·x2², evenly curved (D2L §7.2)",
    )


def toy2() -> Bowl:
    return Bowl(
        "toy2", "toy2: 0.1·x1² + 2·x2²", (0.1, 2.0),
        ViewWindow((-6.0, 2.0), (-3.5, 3.5)),
        "f(x) = 0.1·x1² + 2·x2², steep across and flat along (D2L §7.4)",
    )
