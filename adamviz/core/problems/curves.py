"""The chapter's functions of one variable (§7.1, §7.2): a parabola, a local minimum beside the global one, and a
saddle point in one dimension.

Each writes f and f' once over an array module ``xp``, stepped in float64 on numpy arrays like the book's
plain-Python floats (its ``x -= eta * f_grad(x)``): GD on x² from 10 gives the numbers the book prints. Points
have one coordinate, shape (..., 1); the window draws the curve f(x) with the iterates moving on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from adamviz.core.arrays import ArrayModule
from adamviz.core.problems.base import GradientFn, Problem, ViewWindow

Formula = Callable[[Any, Any], Any]
"""formula(x, xp) with xp the array module (numpy or torch)."""


class Curve(Problem):
    """A loss of one parameter x, given by a formula and its derivative."""

    def __init__(self, name: str, title: str, formula: Formula, derivative: Formula, *, minima, view: ViewWindow,
                 start: float, default_steps: int, description: str, minimum: float | None = None,
                 log_loss: bool = True, floor: float = 0.0, floor_known: bool = True):
        minima = np.asarray(minima, dtype=np.float64).reshape(-1, 1)
        super().__init__(
            name=name, title=title, param_names=("x",),
            minimum=np.array([minima[0, 0] if minimum is None else minimum], dtype=np.float64),
            floor=float(floor), dtype="float64", view=view, default_steps=default_steps,
            description=description, log_loss=log_loss, floor_known=floor_known, step_arrays="numpy",
        )
        self.minima = minima
        self.formula = formula
        self.derivative = derivative
        self.start = float(start)

    def initial_point(self, seed: int = 0, start: tuple[float, ...] | None = None) -> np.ndarray:
        return np.array([self.start if start is None else start[0]], dtype=np.float64)

    def loss(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        return np.asarray(self.formula(points[..., 0], np), dtype=np.float64)

    def curve_at(self, x: np.ndarray) -> np.ndarray:
        """f at each x (a 1-D array): the curve the window draws."""
        return np.asarray(self.formula(np.asarray(x, dtype=np.float64), np), dtype=np.float64)

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch") -> GradientFn:
        derivative = self.derivative
        xp: Any = np
        if arrays != "numpy":
            import torch

            xp = torch

        def gradient(theta, step: int):
            return derivative(theta, xp)  # elementwise: a point (1,) or a batch (..., 1) alike

        return gradient


def _local_minima() -> tuple[float, float]:
    """x·cos(πx)'s two minima on [−1, 2]: where its derivative cos(πx) − πx·sin(πx) crosses 0 upwards."""
    from math import cos, pi, sin

    def slope(x: float) -> float:
        return cos(pi * x) - pi * x * sin(pi * x)

    found = []
    for low in (-0.5, 0.9):  # brackets of the two upward crossings, bisected to the last bit
        lo, hi = low, low + 0.4
        for _ in range(200):
            middle = (lo + hi) / 2
            if slope(middle) < 0:
                lo = middle
            else:
                hi = middle
        found.append((lo + hi) / 2)
    return found[0], found[1]


def parabola() -> Curve:
    # The book's §7.2: 10 steps of gradient descent from x = 10.
    return Curve(
        "parabola", "parabola: x²", lambda x, xp: x * x, lambda x, xp: 2 * x,
        minima=[0.0], view=ViewWindow((-11.0, 11.0), (-6.0, 110.0)), start=10.0, default_steps=10,
        description="f(x) = x², from x = 10 (D2L §7.2)",
    )


def local_minima() -> Curve:
    local, best = _local_minima()
    # From x = 0 gradient descent rolls into the local minimum at −0.2; started right of the hump at 0.37 it
    # finds the global one at 1.1.
    return Curve(
        "local_minima", "local minima: x·cos(πx)", lambda x, xp: x * xp.cos(np.pi * x),
        lambda x, xp: xp.cos(np.pi * x) - np.pi * x * xp.sin(np.pi * x),
        minima=[best, local], view=ViewWindow((-1.0, 2.0), (-1.3, 1.3)), start=0.0, default_steps=30,
        description="f(x) = x·cos(πx) on [−1, 2]: a local and a global minimum (D2L §7.1)",
        log_loss=False, floor=float(best * np.cos(np.pi * best)), floor_known=False,
    )


def cubic() -> Curve:
    # f'(0) = 0 but 0 is no minimum: from x = 1 gradient descent creeps towards it and stops short; momentum
    # runs past it and off to −∞.
    return Curve(
        "cubic", "cubic: x³", lambda x, xp: x * x * x, lambda x, xp: 3 * x * x,
        minima=np.empty((0, 1)), minimum=0.0, view=ViewWindow((-2.0, 2.0), (-8.0, 8.0)), start=1.0,
        default_steps=30, description="f(x) = x³: a saddle point at 0 in one dimension (D2L §7.1)",
        log_loss=False, floor=-8.0, floor_known=False,
    )


CURVES = {"parabola": parabola, "local_minima": local_minima, "cubic": cubic}
