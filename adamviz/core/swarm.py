"""Swarm mode: many start points, one optimizer, stepped as one batched array computation.

The chapter's optimizers are elementwise, so the update functions of
``adamviz.core.optimizers`` work unchanged on a single parameter array θ of
shape (N, d) holding N independent runs, one per row, in the array module the
problem's single runs step in (``Problem.step_arrays``); the problems' gradient
functions accept such a batch too. Row i of the batch then follows exactly the
path a single engine run from start i would, bit for bit (see ``Batch``).

Every particle is checked after every step with the engine's own divergence
rule (|x| ≤ PARAM_BOUND·scale, |loss| ≤ LOSS_BOUND·max(1, |loss₀|), both
finite). A particle that fails is frozen at its last good point and marked
with the step that failed (``diverged_at``, as the engine's runs mark it); the
others go on.

``Batch`` is the shared machinery (the learning-rate sweep uses it too);
``Swarm`` adds start clouds over the view, a bounded history for trails and
basin bookkeeping. Nothing here imports Qt; torch is imported when a batch
steps in torch or flushes denormals (the swarm does, even on numpy: the switch
is torch's, and it costs a swarm's export a second more).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from adamviz.core.arrays import ArrayModule, is_numpy, new_vector, numpy_view
from adamviz.core.engine import LOSS_BOUND, PARAM_BOUND
from adamviz.core.messages import SwarmSetup, SwarmSnapshot
from adamviz.core.optimizers import get_optimizer
from adamviz.core.problems.base import Problem, ViewWindow
from adamviz.core.schedules import parse_schedule, scheduled

if TYPE_CHECKING:
    import torch

MAX_PARTICLES = 20_000
NEVER = -1
"""``diverged_at`` of a particle that has not diverged."""


class Batch:
    """B runs of one optimizer as one array θ (B, d); each row checked for divergence every step.

    ``hyperparams`` are the optimizer's values; a value may be an array of shape (B, 1) (one
    per run: the sweep's learning rates), which the elementwise updates broadcast. Rows are
    independent: row i's numbers depend only on row i, and every built-in gradient computes a
    row the way it computes a single point, so row i is bit for bit the engine's run from
    starts[i] (the tests check this for every problem and optimizer).

    ``flush_denormals``: step with denormal floats (below 2.2e-308) flushed to zero, restoring
    the thread's mode afterwards. Runs that converge onto an exact zero (g², then s, of Adam and
    RMSProp at a minimum) otherwise go through denormals, which cost the CPU ~100× per
    operation: on 2000 particles that is the difference between thousands of steps a second
    and ~120. It changes numbers only below 2.2e-308, where it breaks bit-equality with the
    engine (which keeps denormals); the swarm uses it, the sweep does not. The switch is torch's,
    but it sets the thread's floating-point mode, which numpy's arithmetic obeys as well.
    """

    def __init__(self, problem: Problem, optimizer: str, hyperparams: dict[str, Any], starts: np.ndarray,
                 gradient: Callable | None = None, *, seed: int = 0, flush_denormals: bool = False,
                 arrays: ArrayModule | None = None, schedule: str = ""):
        self.flush_denormals = flush_denormals
        self.schedule = parse_schedule(schedule)
        self.arrays: ArrayModule = arrays or problem.step_arrays

        starts = np.asarray(starts, dtype=np.float64)
        if starts.ndim != 2 or starts.shape[1] != problem.dim or len(starts) == 0:
            raise ValueError(f"starts must be an array (n, {problem.dim}) with n ≥ 1, not shape {starts.shape}")
        self.problem = problem
        self.optimizer = get_optimizer(optimizer)
        self.hyperparams = hyperparams
        self.gradient = problem.gradient_fn(seed, self.arrays) if gradient is None else gradient
        self.theta = new_vector(starts, self.arrays, problem.dtype)
        self.params = [self.theta]
        self.state = self.optimizer.init(self.params)
        self.t = 0
        # what the engine's Run does with a start point: record it as float64, bound relative to it
        self.positions = numpy_view(self.theta).astype(np.float64)
        """(B, d): each run's current point; a diverged run's last good point."""
        with np.errstate(all="ignore"):
            self.losses = np.asarray(problem.loss(self.positions), dtype=np.float64).reshape(len(starts))
        self.start_losses = self.losses.copy()
        scale = np.maximum(1.0, np.abs(starts).max(axis=1))
        scale = np.maximum(scale, float(np.abs(problem.minimum).max(initial=0)))
        self.param_bound = PARAM_BOUND * scale
        self.loss_bound = LOSS_BOUND * np.maximum(1.0, np.abs(self.start_losses))
        good = np.isfinite(self.positions).all(axis=1) & np.isfinite(self.losses)
        self.alive = good.copy()
        self.diverged_at = np.where(good, NEVER, 0).astype(np.int64)
        """Step at which each run left the bounds (0: its start was not finite), NEVER (−1) if it has not."""
        self._frozen_rows: np.ndarray | torch.Tensor | None = None
        self._frozen_values: np.ndarray | torch.Tensor | None = None
        if not good.all():
            self._freeze()

    @property
    def size(self) -> int:
        return len(self.positions)

    def step(self, steps: int = 1, record: Callable[[int, np.ndarray, np.ndarray], None] | None = None) -> None:
        """Take ``steps`` steps; ``record(t, positions, losses)`` is called after each (arrays are live: copy)."""
        if steps < 0:
            raise ValueError("steps must be ≥ 0")
        with np.errstate(all="ignore"):  # a particle that overflows is frozen, not warned about
            if not self.flush_denormals:
                self._steps(steps, record)
                return
            import torch

            before = denormals_flushed()
            torch.set_flush_denormal(True)
            try:
                self._steps(steps, record)
            finally:
                torch.set_flush_denormal(before)

    def _steps(self, steps: int, record) -> None:
        theta, params, gradient, update, hp = self.theta, self.params, self.gradient, self.optimizer.update, \
            self.hyperparams
        loss, param_bound, loss_bound = self.problem.loss, self.param_bound[:, None], self.loss_bound
        points = numpy_view(theta)
        schedule = self.schedule
        for _ in range(steps):
            t = self.t + 1
            self.state, _ = update(params, [gradient(theta, t)], self.state, scheduled(hp, schedule, t), t)
            if self._frozen_rows is not None:
                theta[self._frozen_rows] = self._frozen_values
            current = points.astype(np.float64) if points.dtype != np.float64 else points
            with np.errstate(all="ignore"):
                losses = loss(current)
                ok = (np.abs(current) <= param_bound).all(axis=1) & (np.abs(losses) <= loss_bound)
            failed = self.alive & ~ok
            self.t = t
            if failed.any():
                self.alive &= ok
                self.diverged_at[failed] = t
                self._freeze()
            live = self.alive
            self.positions[live] = current[live]
            self.losses[live] = losses[live]
            if record is not None:
                record(t, self.positions, self.losses)

    def _freeze(self) -> None:
        """Pin every diverged row at its last good point from now on."""
        rows = np.flatnonzero(~self.alive)
        values = self.positions[rows].astype(self.problem.dtype)
        if is_numpy(self.theta):
            self._frozen_rows, self._frozen_values = rows, values
        else:
            import torch

            self._frozen_rows, self._frozen_values = torch.from_numpy(rows), torch.from_numpy(values)
        self.theta[self._frozen_rows] = self._frozen_values


def denormals_flushed() -> bool:
    """Whether this thread flushes denormal floats to zero (torch has no getter: a product tells)."""
    import torch

    return torch.tensor([2.0**-1070], dtype=torch.float64).mul(1.0).item() == 0.0


# ---------------------------------------------------------------- start clouds


def grid_starts(view: ViewWindow, count: int, dim: int = 2) -> np.ndarray:
    """Exactly ``count`` start points on a regular grid over the view (cell centres), rows x1 fastest.

    ny rows of nx cells, nx/ny close to the view's aspect ratio, nx·(ny − 1) < count ≤ nx·ny: every row
    full but the last, whose points sit centred on the same columns' spacing (1000 asked, 1000 given).
    On a curve (``dim`` 1): ``count`` cell centres along x, (count, 1).
    """
    if count < 1:
        raise ValueError("a swarm needs at least one start point")
    if dim == 1:
        width = view.x[1] - view.x[0]
        return (view.x[0] + (np.arange(count) + 0.5) * width / count).reshape(count, 1)
    width, height = view.x[1] - view.x[0], view.y[1] - view.y[0]
    ny = min(count, max(1, round(float(np.sqrt(count * height / width)))))
    nx = -(-count // ny)
    ny = -(-count // nx)
    dx, dy = width / nx, height / ny
    columns = view.x[0] + (np.arange(nx) + 0.5) * dx
    rows = view.y[0] + (np.arange(ny) + 0.5) * dy
    xx, yy = np.meshgrid(columns, rows)
    points = np.stack([xx.ravel(), yy.ravel()], axis=-1)[: nx * (ny - 1)]
    last = count - len(points)
    shift = (nx - last) / 2 * dx  # the last row centred under the others
    tail = np.stack([columns[:last] + shift, np.full(last, rows[-1])], axis=-1)
    return np.vstack([points, tail])


def random_starts(view: ViewWindow, count: int, seed: int = 0, dim: int = 2) -> np.ndarray:
    """``count`` start points drawn uniformly over the view (a curve's: along x), reproducibly for a seed."""
    if count < 1:
        raise ValueError("a swarm needs at least one start point")
    rng = np.random.default_rng([seed, 0x5A])
    low = np.array([view.x[0], view.y[0]])[:dim]
    high = np.array([view.x[1], view.y[1]])[:dim]
    return low + rng.random((count, dim)) * (high - low)


# ---------------------------------------------------------------- the swarm


class Swarm:
    """N particles on a 2-D problem, one optimizer, one set of hyperparameters, stepped together.

    ``starts``: an array (N, 2) of start points, or a count N for a seeded random cloud over
    the problem's view (``grid_starts`` gives a regular grid). ``hyperparams`` are merged over
    the problem's defaults for the optimizer and validated like the engine's. ``history`` is
    how many recent positions are kept for trails (the current one included).

    After ``step(n)``: ``positions`` (N, 2) current points (a diverged particle's last good
    point), ``losses`` (N,) their losses, ``alive`` (N,) bool, ``diverged_at`` (N,) int (the step
    that failed, −1 if none, 0 if the start itself was not finite), ``trails()`` the last K
    positions (K, N, 2), oldest first, and ``nearest_minimum()`` which of the problem's
    minima each particle is closest to.
    """

    def __init__(self, problem: Problem, optimizer: str, hyperparams: dict[str, float] | None = None,
                 starts: np.ndarray | int = 1000, seed: int = 0, *, history: int = 32, schedule: str = ""):
        if not problem.direct or problem.view is None:
            raise ValueError(f"swarm mode needs a problem with one or two parameters and a view, not {problem.name}")
        if isinstance(starts, (int, np.integer)) and not isinstance(starts, bool):
            if not 1 <= starts <= MAX_PARTICLES:
                raise ValueError(f"a swarm has 1 to {MAX_PARTICLES} particles, not {starts}")
            starts = random_starts(problem.view, int(starts), seed, problem.dim)
        starts = np.array(starts, dtype=np.float64)
        if starts.ndim != 2 or starts.shape[1] != problem.dim or not 1 <= len(starts) <= MAX_PARTICLES:
            raise ValueError(f"starts must be an array (N, {problem.dim}) with 1 ≤ N ≤ {MAX_PARTICLES}, not shape "
                             f"{starts.shape}")
        if history < 1:
            raise ValueError("history must keep at least the current position")
        optimizer_info = get_optimizer(optimizer)
        values = optimizer_info.validate({**problem.hyperparams_for(optimizer), **(hyperparams or {})})
        self.problem = problem
        self.optimizer = optimizer
        self.hyperparams = values
        self.seed = seed
        self.starts = starts
        self.history = int(history)
        self.schedule = schedule
        self._batch = Batch(problem, optimizer, values, starts, seed=seed, flush_denormals=True, schedule=schedule)
        self._ring = np.empty((self.history, len(starts), problem.dim))
        self._ring[0] = self._batch.positions
        self._kept = 1

    # ---- stepping

    def step(self, steps: int = 1) -> None:
        """Advance every live particle by ``steps`` steps."""
        self._batch.step(steps, self._remember)

    def _remember(self, t: int, positions: np.ndarray, losses: np.ndarray) -> None:
        self._ring[t % self.history] = positions
        self._kept = min(self._kept + 1, self.history)

    # ---- state

    @property
    def t(self) -> int:
        return self._batch.t

    @property
    def size(self) -> int:
        return len(self.starts)

    @property
    def positions(self) -> np.ndarray:
        return self._batch.positions.copy()

    @property
    def losses(self) -> np.ndarray:
        """Each particle's loss at its current (for a diverged one: last good) point."""
        return self._batch.losses.copy()

    @property
    def start_losses(self) -> np.ndarray:
        return self._batch.start_losses.copy()

    @property
    def alive(self) -> np.ndarray:
        return self._batch.alive.copy()

    @property
    def diverged_at(self) -> np.ndarray:
        return self._batch.diverged_at.copy()

    def trails(self) -> np.ndarray:
        """The last min(t + 1, history) positions of every particle, (K, N, 2), oldest first."""
        t, kept = self.t, self._kept
        order = [(t - back) % self.history for back in range(kept - 1, -1, -1)]
        return self._ring[order]

    def nearest_minimum(self) -> np.ndarray:
        """Index into ``problem.minima`` of the minimum closest to each particle; −1 if diverged or none."""
        minima = self.problem.minima
        if len(minima) == 0:
            return np.full(self.size, -1)
        distance = np.linalg.norm(self._batch.positions[:, None, :] - minima[None, :, :], axis=-1)
        return np.where(self._batch.alive, np.argmin(distance, axis=1), -1)

    def summary(self, tolerance: float = 1e-3) -> dict[str, Any]:
        """Counts for a status line: alive, diverged, and how many are within ``tolerance`` of the floor."""
        alive = self._batch.alive
        near = alive & (self._batch.losses - self.problem.floor <= tolerance)
        return {"t": self.t, "particles": self.size, "alive": int(alive.sum()),
                "diverged": int((~alive).sum()), "near_floor": int(near.sum())}


class SwarmMode:
    """The host's swarm: a core Swarm plus the step count it is to reach."""

    def __init__(self, setup: SwarmSetup):
        problem = setup.scenario.problem_object()
        if not problem.direct:
            raise ValueError(f"swarm mode needs a problem with one or two parameters, not {problem.name}")
        if setup.layout == "grid":
            starts = grid_starts(problem.view, setup.count, problem.dim)
        elif setup.layout == "random":
            starts = random_starts(problem.view, setup.count, setup.scenario.seed, problem.dim)
        else:
            raise ValueError(f"unknown swarm layout {setup.layout!r} (random or grid)")
        self.setup = setup
        schedule = run_schedule(setup.scenario, setup.optimizer)
        self.make = lambda: Swarm(problem, setup.optimizer, setup.hyperparams, starts, setup.scenario.seed,
                                  history=1, schedule=schedule)
        self.swarm = self.make()
        self.target = setup.target

    def restart(self) -> None:
        self.swarm = self.make()
        self.target = 0

    def lagging(self) -> bool:
        return self.swarm.t < self.target and self.any_alive()

    def any_alive(self) -> bool:
        return bool(self.swarm.alive.any())

    def step(self, steps: int) -> None:
        if steps > 0:
            self.swarm.step(steps)

    def snapshot(self, serial: int, playing: bool) -> SwarmSnapshot:
        swarm = self.swarm
        alive = swarm.alive
        losses = swarm.losses[alive]
        return SwarmSnapshot(
            serial=serial, t=swarm.t, target=self.target, positions=swarm.positions.astype(np.float32),
            alive=alive, median_loss=float(np.median(losses)) if len(losses) else float("nan"),
            summary=swarm.summary(), playing=playing, catching_up=self.lagging(),
        )


def run_schedule(scenario, optimizer: str) -> str:
    """The schedule of ``optimizer``'s row in ``scenario`` ("" if none): what its swarm and sweep follow."""
    return next((setup.schedule for setup in scenario.runs if setup.optimizer == optimizer), "")
