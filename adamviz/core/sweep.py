"""Learning-rate sweep: one optimizer, L learning rates, run side by side as one array computation.

All L runs start from the engine's start point for (problem, seed, start) and
see the same gradients the engine would give them (for airfoil: the same
minibatch order, every run the same batch at the same step). θ has shape
(L, d) and the learning rate is passed to the optimizer's unchanged update as
an array of shape (L, 1), which every update broadcasts (``lr * g``,
``lr * g / √(s + ε)``, ``lr * v̂ / (√ŝ + ε)``). AdaDelta has no learning rate,
so it cannot be swept.

Each entry reports what a single engine run with that learning rate records:
its final full-data loss, its best loss and when, the first step at which the
loss came within ``tolerance`` of the problem's floor (None if never), and the
step at which it diverged (None if it did not; a diverged run's final and best
losses are those of its last good point, as in the engine).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from adamviz.core.arrays import new_vector
from adamviz.core.messages import SweepDone
from adamviz.core.optimizers import get_optimizer
from adamviz.core.problems.base import Problem
from adamviz.core.scenario import Scenario
from adamviz.core.schedules import schedule_text
from adamviz.core.swarm import NEVER, Batch

MAX_RUNS = 1000
SWEEP_MAX_STEPS = 2000
"""The window's sweep runs at most this many steps: enough to tell a good η from a bad one, quick to answer."""
MAX_RECORDED = 20_000_000
"""Largest (steps + 1) × L × dim the sweep records points for."""


def log_spaced(low: float = 1e-4, high: float = 10.0, count: int = 41) -> np.ndarray:
    """``count`` learning rates spaced evenly on a log scale from ``low`` to ``high`` (both included), each
    rounded to the fewest significant digits (at least three) that keep them all apart: a rate taken from a
    sweep reads 0.562, not 0.5623413251903491, in the legend, the field and the session."""
    if not (0 < low <= high) or count < 1:
        raise ValueError(f"learning rates need 0 < low ≤ high and count ≥ 1, not {low}, {high}, {count}")
    if count == 1:
        return np.array([float(low)])
    exact = np.geomspace(low, high, count)
    for digits in range(3, 17):
        rounded = np.array([float(f"{value:.{digits}g}") for value in exact])
        rounded[0], rounded[-1] = low, high
        if np.all(np.diff(rounded) > 0):
            return rounded
    return exact


@dataclass(frozen=True)
class SweepEntry:
    lr: float
    final_loss: float
    """Full-data loss at the last recorded step (a diverged run: its last good step)."""
    best_loss: float
    best_step: int
    steps_to_tolerance: int | None
    """First step whose loss is ≤ floor + tolerance; None if no step is."""
    diverged_at: int | None
    """The step at which the run left the bounds (the engine's rule); None if it did not."""

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


@dataclass
class SweepResult:
    problem: str
    optimizer: str
    hyperparams: dict[str, float]
    """The optimizer's other hyperparameters (validated), the same for every run."""
    lrs: np.ndarray
    steps: int
    seed: int
    start: np.ndarray
    tolerance: float
    floor: float
    """The problem's lowest loss (0 on the bowls, the least-squares loss on airfoil)."""
    target: float
    """floor + tolerance: the loss a run must reach to count in ``steps_to_tolerance``."""
    losses: np.ndarray
    """(steps + 1, L): every run's full-data loss at every step; NaN after a run diverged."""
    points: np.ndarray | None
    """(steps + 1, L, dim): every run's parameters at every step (NaN after divergence), or None."""
    entries: list[SweepEntry] = field(default_factory=list)
    schedule: str = ""
    """The schedule every run's η followed from its swept value ("" for constant)."""

    def best(self) -> SweepEntry | None:
        """The entry with the lowest final loss among the runs that did not diverge."""
        candidates = [entry for entry in self.entries if not entry.diverged and np.isfinite(entry.final_loss)]
        return min(candidates, key=lambda entry: entry.final_loss) if candidates else None


def run_sweep(problem: Problem, optimizer: str, hyperparams: dict[str, float] | None = None,
              lrs=None, steps: int | None = None, *, seed: int = 0, start: tuple[float, float] | None = None,
              tolerance: float | None = None, keep_points: bool = True, schedule: str = "") -> SweepResult:
    """Run ``optimizer`` on ``problem`` once per learning rate in ``lrs``, batched; see the module text.

    ``hyperparams``: the optimizer's other values, over the problem's defaults (``lr`` is what is
    swept: pass ``lrs``). ``lrs``: default ``log_spaced()`` (1e-4 … 10, 41 values). ``steps``:
    default the problem's ``default_steps``. ``tolerance``: default 1% of the start's height above
    the floor. ``schedule``: each run's η follows it from its swept value (adamviz.core.schedules).
    """
    info = get_optimizer(optimizer)
    names = [hp.name for hp in info.hyperparams]
    if "lr" not in names:
        raise ValueError(f"{info.title} has no learning rate, so there is nothing to sweep "
                         f"(its hyperparameters: {', '.join(names)})")
    hyperparams = dict(hyperparams or {})
    if "lr" in hyperparams:
        raise ValueError("the sweep varies lr itself: pass the learning rates as lrs, not in hyperparams")
    lrs = log_spaced() if lrs is None else np.asarray(lrs, dtype=np.float64).reshape(-1)
    if not 1 <= len(lrs) <= MAX_RUNS:
        raise ValueError(f"a sweep runs 1 to {MAX_RUNS} learning rates, not {len(lrs)}")
    lr_param = info.hyperparam("lr")
    for lr in lrs:
        problem_text = lr_param.problem_with(float(lr))
        if problem_text:
            raise ValueError(problem_text)
    defaults = {k: v for k, v in problem.hyperparams_for(optimizer).items() if k != "lr"}
    values = info.validate({**defaults, **hyperparams, "lr": float(lrs[0])})
    others = {k: v for k, v in values.items() if k != "lr"}
    steps = problem.default_steps if steps is None else steps
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0, not {steps!r}")
    steps = int(steps)
    if start is not None and not problem.direct:
        raise ValueError(f"a start point applies to 1-D and 2-D problems only, not {problem.name}")

    origin = problem.initial_point(seed, start)
    count, dim = len(lrs), problem.dim
    record_points = keep_points and (steps + 1) * count * dim <= MAX_RECORDED
    losses = np.full((steps + 1, count), np.nan)
    points = np.full((steps + 1, count, dim), np.nan) if record_points else None
    if info.elementwise:
        diverged_at = _batched(problem, optimizer, others, lrs, origin, steps, seed, losses, points, schedule)
    else:  # a user's file steps its own tensors, one run per η
        diverged_at = _one_by_one(problem, optimizer, others, lrs, start, steps, seed, losses, points, schedule)

    floor = float(problem.floor)
    if tolerance is None:
        tolerance = 0.01 * max(float(losses[0, 0]) - floor, 0.0)
    target = floor + float(tolerance)
    entries = []
    for i, lr in enumerate(lrs):
        diverged = int(diverged_at[i])
        last = steps if diverged == NEVER else max(diverged - 1, 0)
        run = losses[: last + 1, i]
        best_step = int(np.nanargmin(run)) if np.isfinite(run).any() else 0
        reached = np.flatnonzero(run <= target)
        entries.append(SweepEntry(
            lr=float(lr), final_loss=float(run[-1]), best_loss=float(run[best_step]), best_step=best_step,
            steps_to_tolerance=int(reached[0]) if len(reached) else None,
            diverged_at=None if diverged == NEVER else diverged,
        ))
    return SweepResult(
        problem=problem.name, optimizer=optimizer, hyperparams=others, lrs=np.asarray(lrs, dtype=np.float64),
        steps=steps, seed=seed, start=origin, tolerance=float(tolerance), floor=floor, target=target,
        losses=losses, points=points, entries=entries, schedule=schedule_text(schedule),
    )


def _batched(problem, optimizer, others, lrs, origin, steps, seed, losses, points, schedule) -> np.ndarray:
    """Every η as a row of one batch; fills ``losses`` (and ``points``), returns where each diverged."""
    count = len(lrs)
    hp = {**others, "lr": new_vector(lrs.reshape(count, 1), problem.step_arrays, problem.dtype)}
    batch = Batch(problem, optimizer, hp, np.tile(origin, (count, 1)), seed=seed, schedule=schedule)
    losses[0] = batch.losses
    if points is not None:
        points[0] = batch.positions

    def record(t: int, positions: np.ndarray, current: np.ndarray) -> None:
        live = batch.alive
        losses[t, live] = current[live]
        if points is not None:
            points[t, live] = positions[live]

    batch.step(steps, record)
    return batch.diverged_at


def _one_by_one(problem, optimizer, others, lrs, start, steps, seed, losses, points, schedule) -> np.ndarray:
    """Every η as a run of its own engine (for an optimizer that is not coordinate by coordinate)."""
    from adamviz.core.engine import Engine, RunSpec

    diverged_at = np.full(len(lrs), NEVER)
    for i, lr in enumerate(lrs):
        engine = Engine(problem, [RunSpec(optimizer, {**others, "lr": float(lr)}, schedule=schedule)], seed=seed,
                        start=start)
        engine.step(steps)
        (run,) = engine.runs
        losses[: run.t + 1, i] = run.losses
        if points is not None:
            points[: run.t + 1, i] = run.points
        if run.diverged_at is not None:
            diverged_at[i] = run.diverged_at
    return diverged_at


def sweep_request(serial: int, scenario: Scenario, optimizers: list[str], steps: int) -> SweepDone:
    """The host's answer to a SweepRequest: each named optimizer swept over η from the scenario's start."""
    problem = scenario.problem_object()
    steps = max(1, min(int(steps), SWEEP_MAX_STEPS))
    results, errors = {}, {}
    rows = {setup.optimizer: setup for setup in scenario.runs}
    for name in optimizers:
        others = {k: v for k, v in rows[name].hyperparams.items() if k != "lr"} if name in rows else {}
        try:
            schedule = rows[name].schedule if name in rows else ""
            results[name] = run_sweep(problem, name, others, steps=steps, seed=scenario.seed, start=scenario.start,
                                      keep_points=False, schedule=schedule)
        except ValueError as exc:
            errors[name] = str(exc)
    return SweepDone(serial, results, errors)
