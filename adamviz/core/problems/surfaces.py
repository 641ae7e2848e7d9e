"""Classic two-parameter test surfaces beyond the chapter's bowls.

Each surface writes its loss and its analytic gradient once, over an array
module ``xp`` (numpy for the recorded loss and the contours, numpy or torch
for stepping), so the two cannot drift apart. The polynomial surfaces step on
numpy arrays, exact in every operation (adamviz.core.arrays). Those whose
gradient needs sin or exp step in torch: neither module rounds those exactly
(and the two disagree in the last bit now and then), so numpy would gain them
nothing but speed. Losses are float64 and vectorized
over points of shape (..., 2); gradients accept a batch of points (..., 2)
as well, which the swarm and the learning-rate sweep rely on.

Every surface comes with its minima, a view window that shows them and the
interesting ground around them, a default start and per-optimizer default
hyperparameters chosen by running the engine from that start (see each
factory's comment for what the defaults show).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from adamviz.core.arrays import ArrayModule
from adamviz.core.problems.base import GradientFn, Problem, ViewWindow

if TYPE_CHECKING:
    import torch

Formula = Callable[[Any, Any, Any], Any]
"""formula(x1, x2, xp) with xp the array module (numpy or torch)."""
GradientFormula = Callable[[Any, Any, Any], tuple[Any, Any]]


class Surface(Problem):
    """A 2-D loss given by a formula and its analytic gradient."""

    def __init__(self, name: str, title: str, formula: Formula, gradient: GradientFormula, *,
                 minima: np.ndarray, view: ViewWindow, start: tuple[float, float],
                 default_steps: int, description: str,
                 floor: float = 0.0, minimum: np.ndarray | None = None, log_loss: bool = True,
                 floor_known: bool = True, step_arrays: ArrayModule = "torch"):
        minima = np.asarray(minima, dtype=np.float64).reshape(-1, 2)
        super().__init__(
            name=name, title=title, param_names=("x1", "x2"),
            minimum=np.asarray(minima[0] if minimum is None else minimum, dtype=np.float64),
            floor=float(floor), dtype="float64", view=view,
            default_steps=default_steps,
            description=description, log_loss=log_loss, floor_known=floor_known, step_arrays=step_arrays,
        )
        self.minima = minima
        self.formula = formula
        self.gradient_formula = gradient
        self.start = (float(start[0]), float(start[1]))

    def initial_point(self, seed: int = 0, start: tuple[float, float] | None = None) -> np.ndarray:
        return np.asarray(self.start if start is None else start, dtype=np.float64)

    def loss(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        return np.asarray(self.formula(points[..., 0], points[..., 1], np), dtype=np.float64)

    def loss_on_grid(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        z = np.asarray(self.formula(x[np.newaxis, :], y[:, np.newaxis], np), dtype=np.float64)
        return z if z.shape == (len(y), len(x)) else np.broadcast_to(z, (len(y), len(x))).copy()

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule = "torch") -> GradientFn:
        formula = self.gradient_formula
        if arrays == "numpy":
            if self.step_arrays != "numpy":
                self._torch_only(arrays)

            def numpy_gradient(theta: np.ndarray, step: int) -> np.ndarray:
                g1, g2 = formula(theta[..., 0], theta[..., 1], np)
                return np.stack((g1, g2), axis=-1)

            return numpy_gradient
        import torch

        def gradient(theta: torch.Tensor, step: int) -> torch.Tensor:
            g1, g2 = formula(theta[..., 0], theta[..., 1], torch)
            return torch.stack((g1, g2), dim=-1)

        return gradient


# ---------------------------------------------------------------- formulas


def rosenbrock_f(x1, x2, xp):
    return (1 - x1) ** 2 + 100 * (x2 - x1 * x1) ** 2


def rosenbrock_g(x1, x2, xp):
    ridge = x2 - x1 * x1
    return -2 * (1 - x1) - 400 * x1 * ridge, 200 * ridge


def beale_f(x1, x2, xp):
    t1 = 1.5 - x1 + x1 * x2
    t2 = 2.25 - x1 + x1 * x2 * x2
    t3 = 2.625 - x1 + x1 * x2 * x2 * x2
    return t1 * t1 + t2 * t2 + t3 * t3


def beale_g(x1, x2, xp):
    y2 = x2 * x2
    y3 = y2 * x2
    t1 = 1.5 - x1 + x1 * x2
    t2 = 2.25 - x1 + x1 * y2
    t3 = 2.625 - x1 + x1 * y3
    d1 = 2 * t1 * (x2 - 1) + 2 * t2 * (y2 - 1) + 2 * t3 * (y3 - 1)
    d2 = 2 * t1 * x1 + 4 * t2 * x1 * x2 + 6 * t3 * x1 * y2
    return d1, d2


def himmelblau_f(x1, x2, xp):
    a = x1 * x1 + x2 - 11
    b = x1 + x2 * x2 - 7
    return a * a + b * b


def himmelblau_g(x1, x2, xp):
    a = x1 * x1 + x2 - 11
    b = x1 + x2 * x2 - 7
    return 4 * x1 * a + 2 * b, 2 * a + 4 * x2 * b


def saddle_f(x1, x2, xp):
    return x1 * x1 - x2 * x2


def saddle_g(x1, x2, xp):
    return 2 * x1, -2 * x2


TWO_PI = 2 * math.pi


def rastrigin_f(x1, x2, xp):
    # 20 + Σ (xᵢ² − 10·cos 2πxᵢ), written with 10 − 10·cos 2θ = 20·sin² θ so that it keeps its
    # precision near the minima instead of cancelling 20 against 20.
    s1, s2 = xp.sin(math.pi * x1), xp.sin(math.pi * x2)
    return x1 * x1 + x2 * x2 + 20 * (s1 * s1 + s2 * s2)


def rastrigin_g(x1, x2, xp):
    return 2 * x1 + 20 * math.pi * xp.sin(TWO_PI * x1), 2 * x2 + 20 * math.pi * xp.sin(TWO_PI * x2)


PLATEAU_STEEPNESS = 25.0


def plateau_f(x1, x2, xp):
    # 1 − exp(−q/2) with expm1, which keeps its precision at the bottom of the well
    return -xp.expm1(-(x1 * x1 + PLATEAU_STEEPNESS * x2 * x2) / 2)


def plateau_g(x1, x2, xp):
    height = xp.exp(-(x1 * x1 + PLATEAU_STEEPNESS * x2 * x2) / 2)
    return x1 * height, PLATEAU_STEEPNESS * x2 * height


HIMMELBLAU_MINIMA = np.array([
    # the four roots of x1² + x2 = 11, x1 + x2² = 7 (where the loss is exactly 0), each the
    # float64 nearest to the root found to 40 digits
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.2831859912861696],
    [3.5844283403304917, -1.8481265269644036],
])


# ---------------------------------------------------------------- the problems
#
# Each surface's starting hyperparameters are in adamviz.core.starting.


def rosenbrock() -> Surface:
    """Rosenbrock's banana valley, from his 1960 start (−1.2, 1).

    The first steps fall into the curved valley floor; then every method crawls along it
    towards (1, 1), since the floor is 100 times flatter than the walls. In 200 steps GD
    (η = 0.0015: at the start 2/λmax ≈ 0.0013, and larger η bounces off the walls) is still at
    x1 ≈ −0.75; momentum and Adam get round the bend to x1 ≈ 0.6–0.8; AdaGrad's shrinking
    steps and AdaDelta's slow start lag. (AdaGrad's first step is η in each coordinate: with
    η ≥ 1.5 it jumps across the valley.)
    """
    return Surface(
        "rosenbrock", "Rosenbrock: (1 − x1)² + 100·(x2 − x1²)²", rosenbrock_f, rosenbrock_g,
        minima=[[1.0, 1.0]], view=ViewWindow((-2.0, 2.0), (-1.0, 3.0)), start=(-1.2, 1.0),
        default_steps=200,
        description="f(x) = (1 − x1)² + 100·(x2 − x1²)², minimum 0 at (1, 1) at the end of a curved flat valley",
        step_arrays="numpy",  # plain arithmetic: exact on numpy
    )


def beale() -> Surface:
    """Beale's function: a flat cross-shaped basin with very steep rims (up to 10⁵ in the view corners).

    From (1, 1.5) GD (η = 0.01; 0.05 diverges at once) slides down into the valley along
    x2 ≈ 0.5; momentum swings wide below it first and is there after about 90 steps; RMSProp and
    Adam take the direct way once their averages have filled. Beale also has a long valley
    towards x1 → −∞ (x2 → 1), where runs started left of x1 = 0 wander off: try a start there.
    """
    return Surface(
        "beale", "Beale: (1.5 − x1 + x1·x2)² + (2.25 − x1 + x1·x2²)² + (2.625 − x1 + x1·x2³)²",
        beale_f, beale_g,
        minima=[[3.0, 0.5]], view=ViewWindow((-4.5, 4.5), (-4.5, 4.5)), start=(1.0, 1.5),
        default_steps=200,
        description="f(x) = Σ (cᵢ − x1 + x1·x2ⁱ)², c = 1.5, 2.25, 2.625; minimum 0 at (3, 0.5)",
        step_arrays="numpy",  # plain arithmetic: exact on numpy
    )


def himmelblau() -> Surface:
    """Himmelblau's function: four minima, all at loss 0, around a central hump.

    ``minima`` holds all four (see HIMMELBLAU_MINIMA); ``minimum`` is (3, 2). The start (0.5, −1)
    is on the slope of the hump (its top is at (−0.27, −0.92)): steepest descent (GD, momentum)
    heads for (3.58, −1.85), while the adaptive methods, whose first steps go about η in each
    coordinate whatever the gradient's direction, end in (3, 2). Which basin a run ends in is
    the picture here; the swarm mode shows the four basins whole.
    """
    return Surface(
        "himmelblau", "Himmelblau: (x1² + x2 − 11)² + (x1 + x2² − 7)²", himmelblau_f, himmelblau_g,
        minima=HIMMELBLAU_MINIMA, view=ViewWindow((-5.0, 5.0), (-5.0, 5.0)), start=(0.5, -1.0),
        default_steps=150,
        description="f(x) = (x1² + x2 − 11)² + (x1 + x2² − 7)², four minima at loss 0",
        step_arrays="numpy",  # plain arithmetic: exact on numpy
    )


SADDLE_VIEW = ViewWindow((-3.0, 3.0), (-3.0, 3.0))


def saddle() -> Surface:
    """The saddle x1² − x2²: downhill along x1 to the saddle point, then off to −∞ along x2.

    There is no minimum: ``minima`` is empty and ``minimum`` is the saddle point (0, 0), the only
    critical point. The loss is unbounded below, so ``floor`` is only the lowest value inside
    the view window (−9, at x2 = ±3), which keeps log colour scales defined, and ``log_loss`` is
    False: plot the loss on a linear axis. A run that falls off keeps going until the engine's
    divergence bound (|x| > 1e8·scale) ends it.

    From (−2.5, 0.001), just off the x1 axis, GD's x1 shrinks by (1 − 2η) a step while x2 grows
    by (1 + 2η) from 0.001: with η = 0.05 it sits within 0.3 of the saddle for about 40 steps
    and leaves the view only after ~85. The adaptive methods divide the tiny x2 gradient by its
    own size and escape at once; momentum passes the saddle with its speed and escapes sooner.
    """
    return Surface(
        "saddle", "saddle: x1² − x2²", saddle_f, saddle_g,
        minima=np.empty((0, 2)), minimum=np.zeros(2), floor=-9.0, log_loss=False, floor_known=False,
        view=SADDLE_VIEW, start=(-2.5, 0.001),
        default_steps=100,
        description="f(x) = x1² − x2², a saddle at (0, 0), unbounded below; plotted on a linear axis",
        step_arrays="numpy",  # plain arithmetic: exact on numpy
    )


def rastrigin() -> Surface:
    """Rastrigin's function: a bowl x1² + x2² covered in a grid of local minima near the integer points.

    The global minimum is 0 at the origin; the local minimum near (i, j) has loss ≈ i² + j².
    With steps small enough to be stable in a local minimum (the curvature there is
    2 + 40π² ≈ 397, so GD needs η < 0.005) every method from (−3.3, 2.7) settles in the
    local minimum near (−3, 3) within 100 steps: honest, and the point. Much larger steps
    hop chaotically between basins; the swarm mode shows how few starts reach the middle.
    """
    return Surface(
        "rastrigin", "Rastrigin: 20 + Σ (xᵢ² − 10·cos 2πxᵢ)", rastrigin_f, rastrigin_g,
        minima=[[0.0, 0.0]], view=ViewWindow((-5.12, 5.12), (-5.12, 5.12)), start=(-3.3, 2.7),
        default_steps=100,
        description="f(x) = 20 + Σ (xᵢ² − 10·cos 2πxᵢ), minimum 0 at the origin among many local minima",
    )


def plateau() -> Surface:
    """A narrow well in a plateau: f(x) = 1 − exp(−(x1² + 25·x2²)/2).

    Shape: a Gaussian well at the origin, depth 1, about 1 wide along x1 and 0.2 across
    (x2), sitting in a plateau at height 1 whose slope fades like exp(−q/2) with
    q = x1² + 25·x2². At the start (−3.5, 0.6), q ≈ 21 and the gradient is about 4e-4.

    The steep walls of the well (curvature 25 across it) cap the step that can settle in it:
    GD needs η < 2/25 = 0.08, momentum η < 2(1 + γ)/25 ≈ 0.15 at γ = 0.9. On the plateau
    such a step is hopeless: momentum at η = 0.1 moves about η·|g|/(1 − γ) ≈ 4e-4 a step and is
    stuck for the 200 steps, and so is GD. With η = 0.2 momentum does cross but rattles across
    the well without settling; with η = 0.3 it is flung out of it. AdaGrad, RMSProp and Adam
    divide the gradient by its own size, walk across at about η a step and settle. AdaDelta
    stays put too: while g² ≪ ε its step √((Δ + ε)/(s + ε))·g is about g itself.
    """
    return Surface(
        "plateau", "plateau: 1 − exp(−(x1² + 25·x2²)/2)", plateau_f, plateau_g,
        minima=[[0.0, 0.0]], view=ViewWindow((-4.5, 4.5), (-2.5, 2.5)), start=(-3.5, 0.6),
        default_steps=200,
        description="f(x) = 1 − exp(−(x1² + 25·x2²)/2): a narrow well in a nearly flat plateau",
    )


SURFACES = {f.__name__: f for f in (rosenbrock, beale, himmelblau, saddle, rastrigin, plateau)}
