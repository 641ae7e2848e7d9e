"""Several optimizer runs on one problem, stepped side by side.

The engine is the model the window, the command line and the exports share.
It records every run's parameters and full-data loss at every step and never
decimates them. The per-step loop does only the array work of a step plus one
copy into a preallocated buffer; losses and the divergence check are computed
vectorized over blocks of steps, which keeps the engine close to a bare loop.

A run's trajectory is always a function of (problem, start, seed,
hyperparameters, step count): changing a hyperparameter or the start point
restarts the affected runs and replays them up to the common step count.
``continue_with`` is the alternative that keeps going from the current point.

A run of the book's update rules steps on the array module its problem names
(``Problem.step_arrays``: numpy for the bowls and the polynomial surfaces,
torch otherwise; see adamviz.core.arrays); torch.optim's runs step in torch.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adamviz.core.arrays import ArrayModule, new_vector, numpy_view
from adamviz.core.optimizers import Optimizer, get_optimizer
from adamviz.core.problems import Problem
from adamviz.core.problems.base import GradientFn
from adamviz.core.schedules import parse_schedule, scheduled
from adamviz.core.text import QT_TRANSLATE_NOOP, translated

CHECK_EVERY = 256
"""Steps between divergence checks: a run that blows up wastes at most this many steps (a check costs as much
as about five toy steps, so checking more often shows in the steps per second)."""
DIVERGED = "diverged"
UNDEFINED = "undefined"
ERROR = "error"
"""A user's optimizer file raised, or took too long, at that step (``Run.stop_message`` says what)."""
PARAM_BOUND = 1e8
LOSS_BOUND = 1e20


TORCH_DEFAULTS = "defaults"
"""RunSpec.concise of torch.optim's version run as the chapter's concise cells call it: with torch's own values
(Optimizer.torch_defaults: its ε) for what they leave out."""


@dataclass
class RunSpec:
    optimizer: str
    hyperparams: dict[str, float] = field(default_factory=dict)
    concise: bool | str = False
    """Step torch.optim's version of the optimizer (the book's concise implementation): True at these
    hyperparameters, TORCH_DEFAULTS at torch's own where the chapter's cells leave them out (its key's second
    element, as this: False, True or TORCH_DEFAULTS)."""
    schedule: str = ""
    """The learning rate's schedule (adamviz.core.schedules), "" for a constant η."""

    def label(self) -> str:
        return run_title(self.optimizer, self.concise)


TWIN_TITLE = QT_TRANSLATE_NOOP("engine", "{title} (torch.optim)")
DEFAULTS_TITLE = QT_TRANSLATE_NOOP("engine", "{title} (torch.optim, its {own})")


def run_title(optimizer: str, concise: bool | str, shown: bool = False) -> str:
    """"Adam", "Adam (torch.optim)" or "Adam (torch.optim, its ε)": a run's name where it is listed, in the
    window's language when ``shown`` (the command line and the files keep the English)."""
    found = get_optimizer(optimizer)
    title = found.shown_title if shown else found.title
    if not concise:
        return title
    words = DEFAULTS_TITLE if concise == TORCH_DEFAULTS else TWIN_TITLE
    if shown:
        words = translated("engine", words)
    own = ", ".join(found.hyperparam(name).symbol for name, _ in found.torch_defaults)
    return words.format(title=title, own=own)


class Trace:
    """Growable float64 record of points (n, dim) and losses (n,)."""

    def __init__(self, dim: int, capacity: int = 256):
        self.points = np.empty((capacity, dim))
        self.losses = np.empty(capacity)
        self.size = 0

    def reserve(self, rows: int) -> None:
        if rows <= len(self.points):
            return
        capacity = max(rows, 2 * len(self.points))
        points = np.empty((capacity, self.points.shape[1]))
        losses = np.empty(capacity)
        points[: self.size] = self.points[: self.size]
        losses[: self.size] = self.losses[: self.size]
        self.points, self.losses = points, losses


class Gradients:
    """A problem's gradient for each array module, made once, when first asked for.

    One per engine, so every run of it sees the same minibatches; a module that
    no run steps in is never made (nor, for numpy, torch imported).
    """

    def __init__(self, problem: Problem, seed: int):
        self.problem = problem
        self.seed = seed
        self._made: dict[str, GradientFn] = {}

    def __call__(self, arrays: ArrayModule) -> GradientFn:
        if arrays not in self._made:
            self._made[arrays] = self.problem.gradient_fn(self.seed, arrays)
        return self._made[arrays]


class Run:
    def __init__(self, spec: RunSpec, problem: Problem, gradients: Gradients, start: np.ndarray,
                 arrays: ArrayModule | None = None):
        self.optimizer: Optimizer = get_optimizer(spec.optimizer)
        spec.hyperparams = self.optimizer.validate(spec.hyperparams)
        self.spec = spec
        self.problem = problem
        self.from_file = self.optimizer.source is not None
        """A user's optimizer file: its code expects torch tensors with a .grad."""
        self.arrays: ArrayModule = "torch" if spec.concise or self.from_file else (arrays or problem.step_arrays)
        """The array module this run steps in."""
        self.gradient = gradients(self.arrays)
        self.schedule = parse_schedule(spec.schedule)
        if self.schedule is not None and not self.optimizer.has_lr:
            raise ValueError(f"{self.optimizer.title} has no learning rate to schedule")
        self.generation = 0
        """Bumped on every restart, so a view knows its copy of the trajectory is stale."""
        self.trace = Trace(problem.dim)
        self.restart(start)

    @property
    def t(self) -> int:
        """Steps taken (and recorded): points[t] is the current point."""
        return self.trace.size - 1

    @property
    def points(self) -> np.ndarray:
        return self.trace.points[: self.trace.size]

    @property
    def losses(self) -> np.ndarray:
        return self.trace.losses[: self.trace.size]

    @property
    def hyperparams(self) -> dict[str, float]:
        return self.spec.hyperparams

    def hyperparams_at(self, t: int) -> dict[str, float]:
        """The values step ``t`` uses: the hyperparameters, with ηₜ for η where the run has a schedule."""
        return scheduled(self.spec.hyperparams, self.schedule, t)

    def restart(self, start: np.ndarray) -> None:
        self.generation += 1
        self.diverged_at: int | None = None
        """The step that stopped the run (its point is not recorded), or None while it runs."""
        self.stop_reason: str | None = None
        """DIVERGED (beyond the bounds or infinite), UNDEFINED (0/0) or ERROR once the run stopped."""
        self.stop_message: str | None = None
        """What a user's file raised (ERROR), with their file and line."""
        self.fault = None
        self.last_parts: dict[str, Any] | None = None
        self.theta = new_vector(start, self.arrays, self.problem.dtype)
        self.trace.size = 1
        self.trace.points[0] = numpy_view(self.theta)
        self.trace.losses[0] = self.problem.loss(self.trace.points[0])
        scale = max(1.0, float(np.abs(start).max()), float(np.abs(self.problem.minimum).max(initial=0)))
        self.param_bound = PARAM_BOUND * scale
        self.loss_bound = LOSS_BOUND * max(1.0, abs(float(self.trace.losses[0])))
        if self.spec.concise:
            self.theta.requires_grad_(True)
            self.torch_optimizer = self.optimizer.torch_optim([self.theta], self.spec.hyperparams)
            self.lr_scheduler = self.schedule.torch_scheduler(self.torch_optimizer) if self.schedule else None
            self.state = None
        elif self.from_file:
            from adamviz.core.file_runs import StepFault

            self.params = self.problem.split(self.theta)
            try:
                self.state = self.optimizer.init(self.params, self.problem)  # the airfoil's features, for one
            except StepFault as fault:  # stops the run at its first step
                self.state, self.fault = None, fault
        else:
            # The built-in rules act coordinate by coordinate: on the whole vector at once they give the same
            # numbers as on the book's (w, b), in half the tensor operations.
            self.params = [self.theta] if self.optimizer.elementwise else self.problem.split(self.theta)
            self.state = self.optimizer.init(self.params)

    @property
    def live(self) -> bool:
        return self.diverged_at is None

    def advance(self, steps: int) -> None:
        """Take ``steps`` more steps, or fewer if the run diverges."""
        if steps <= 0 or not self.live:
            return
        first = self.t + 1
        self.trace.reserve(first + steps)
        block = self._concise_block if self.spec.concise else self._file_block if self.from_file else \
            self._scratch_block
        while steps > 0 and self.live:
            count = min(steps, CHECK_EVERY)
            done = block(self.t + 1, count) if self.fault is None else 0
            self._record_block(self.t + 1, done)
            if self.fault is not None and self.live:
                self.diverged_at, self.stop_reason, self.stop_message = self.t + 1, ERROR, str(self.fault)
            steps -= count

    def _scratch_block(self, first: int, count: int) -> int:
        points, theta, params, state = self.trace.points, self.theta, self.params, self.state
        gradient, update, hp = self.gradient, self.optimizer.update, self.spec.hyperparams
        split = (lambda g: [g]) if self.optimizer.elementwise else self.problem.split
        current = numpy_view(theta)
        parts = None
        # A run that overflows is stopped by _record_block, not warned about.
        schedule = self.schedule
        with np.errstate(all="ignore"), plain_tensors(self.arrays):
            for t in range(first, first + count):
                values = hp if schedule is None else {**hp, "lr": schedule.lr(hp["lr"], t)}
                state, parts = update(params, split(gradient(theta, t)), state, values, t)
                points[t] = current
        self.state, self.last_parts = state, parts
        return count

    def _file_block(self, first: int, count: int) -> int:
        """A user's file: the same loop, stopping at the step where their code fails."""
        from adamviz.core.file_runs import StepFault, timed_steps

        points, theta, params = self.trace.points, self.theta, self.params
        gradient, split, update, hp = self.gradient, self.problem.split, self.optimizer.update, self.spec.hyperparams
        current = numpy_view(theta)
        done, last = 0, first + count - 1
        try:
            with timed_steps(update) as clock, plain_tensors(self.arrays):
                for t in range(first, first + count):
                    grads = split(gradient(theta, t))
                    if t == last:  # their code zeroes the gradient it is given: the step panel's copy of the last
                        kept = [g.clone() for g in grads]
                    clock.tick()
                    self.state, _ = update(params, grads, self.state, scheduled(hp, self.schedule, t), t)
                    points[t] = current
                    done += 1
        except StepFault as fault:
            self.fault = fault
        state = self.state
        if done == count:  # the step panel's parts of the last step: the user's states as they now are
            self.last_parts = {"g": kept, **state.parts()}
        return done

    def _concise_block(self, first: int, count: int) -> int:
        import torch

        points, theta, gradient, optimizer = self.trace.points, self.theta, self.gradient, self.torch_optimizer
        plain = theta.detach()
        current = plain.numpy()
        scheduler = self.lr_scheduler
        with torch.no_grad():
            for t in range(first, first + count):
                theta.grad = gradient(plain, t)
                optimizer.step()
                if scheduler is not None:  # torch's order: the scheduler steps after the optimizer
                    scheduler.step()
                points[t] = current
        return count

    def _record_block(self, first: int, count: int) -> None:
        """Losses of the block's new points; truncate at the first non-finite or runaway one."""
        end = first + count
        block = self.trace.points[first:end]
        with np.errstate(all="ignore"):
            losses = self.problem.loss(block)
            bad = ~(
                (np.abs(block) <= self.param_bound).all(axis=1)
                & (np.abs(losses) <= self.loss_bound)
            )
        self.trace.losses[first:end] = losses
        if bad.any():
            offset = int(np.argmax(bad))
            self.diverged_at = first + offset
            self.trace.size = first + offset
            # NaN without an infinity first is 0/0 (ε = 0 where the gradient vanishes): undefined, not a blow-up.
            row, loss = block[offset], losses[offset]
            undefined = (np.isnan(row).any() or np.isnan(loss)) and not np.isinf(row).any()
            self.stop_reason = UNDEFINED if undefined else DIVERGED
        else:
            self.trace.size = end

    def continue_with(self, hyperparams: dict[str, float]) -> None:
        """New hyperparameters from the next step on, keeping the state (the book's in-place change)."""
        values = self.optimizer.validate({**self.spec.hyperparams, **hyperparams})
        self.spec.hyperparams = values
        if self.spec.concise:
            fresh = self.optimizer.torch_optim([self.theta], values)
            fresh.state = self.torch_optimizer.state
            self.torch_optimizer = fresh
            if self.schedule is not None:  # torch's scheduler for the new η, brought to where this run is
                self.lr_scheduler = self.schedule.torch_scheduler(fresh)
                for _ in range(self.t):
                    self.lr_scheduler.step()

def plain_tensors(arrays: str):
    """Torch without autograd's bookkeeping (inference mode) while a run steps its tensors: nothing here is
    differentiated (a problem whose gradient is autograd's turns it back on), and a torch operation on the
    airfoil's six numbers then costs half as much."""
    if arrays != "torch":
        return contextlib.nullcontext()
    import torch

    return torch.inference_mode()


def checked_start(problem: Problem, point: np.ndarray) -> np.ndarray:
    """``point`` if the problem's loss is defined (finite) there; ValueError with one clear line otherwise."""
    if not np.isfinite(point).all():
        raise ValueError("the start point must be finite")
    with np.errstate(all="ignore"):
        loss = float(problem.loss(point))
    if not np.isfinite(loss):
        where = ", ".join(f"{v:g}" for v in point)
        raise ValueError(f"the loss is not defined at the start ({where}): f = {loss}; choose another start")
    return point


class Engine:
    """One problem, several runs, stepped in lockstep; deterministic for a given seed."""

    def __init__(self, problem: Problem, runs: list[RunSpec], *, seed: int = 0,
                 start: tuple[float, float] | None = None, arrays: ArrayModule | None = None):
        """``arrays`` steps the book's update rules in that module instead of the problem's own."""
        if start is not None and not problem.direct:
            raise ValueError(f"a start point applies to 1-D and 2-D problems only, not {problem.name}")
        self.problem = problem
        self.seed = seed
        self.start_point = checked_start(problem, problem.initial_point(seed, start))
        self.arrays = arrays
        self.gradients = Gradients(problem, seed)
        self.runs = [self._new_run(spec) for spec in runs]
        self.target = 0
        """The common step count every run is brought to (unless it diverged first)."""

    @property
    def t(self) -> int:
        return self.target

    def step(self, steps: int = 1) -> None:
        """Advance every live run by ``steps`` steps."""
        if steps < 0:
            raise ValueError("steps must be ≥ 0")
        self.target += steps
        self.sync()

    def sync(self, max_steps: int | None = None) -> bool:
        """Bring lagging runs towards the common step count; True when all have arrived.

        ``max_steps`` bounds the work per run, so a caller on a deadline (the
        window's worker) can replay a long run in slices.
        """
        done = True
        for run in self.runs:
            missing = self.target - run.t if run.live else 0
            if max_steps is not None and missing > max_steps:
                missing, done = max_steps, False
            run.advance(missing)
        return done

    def set_runs(self, specs: list[RunSpec]) -> None:
        """Replace the set of runs, keeping (not replaying) those whose optimizer, version and values are unchanged."""
        existing = {(run.spec.optimizer, run.spec.concise): run for run in self.runs}
        runs = []
        for spec in specs:
            run = existing.get((spec.optimizer, spec.concise))
            optimizer = get_optimizer(spec.optimizer)
            values = optimizer.validate(spec.hyperparams)
            # a file loaded again is a new optimizer under the same name: its run starts over
            if run is None or run.spec.hyperparams != values or run.optimizer is not optimizer or \
                    run.spec.schedule != spec.schedule:
                run = self._new_run(spec)
            runs.append(run)
        self.runs = runs

    def _new_run(self, spec: RunSpec) -> Run:
        return Run(spec, self.problem, self.gradients, self.start_point, self.arrays)

    def lagging(self) -> bool:
        return any(run.live and run.t < self.target for run in self.runs)

    def reset(self) -> None:
        """Back to step 0, every run at the start."""
        self.target = 0
        for run in self.runs:
            run.restart(self.start_point)

    def set_hyperparams(self, index: int, hyperparams: dict[str, float], *, replay: bool = True) -> None:
        """Change run ``index``'s hyperparameters (validated; partial dicts allowed).

        With ``replay`` (what the window does) the run restarts and is replayed
        to the common step count on the next ``sync``, so its trajectory is
        what these values give from the start; without, it continues from
        where it is.
        """
        run = self.runs[index]
        if not replay:
            run.continue_with(hyperparams)
            return
        run.spec.hyperparams = run.optimizer.validate({**run.spec.hyperparams, **hyperparams})
        run.restart(self.start_point)

    def set_start(self, start: tuple[float, float]) -> None:
        """A new common start point; every run restarts from it and is replayed on ``sync``."""
        if not self.problem.direct:
            raise ValueError(f"a start point applies to 1-D and 2-D problems only, not {self.problem.name}")
        point = checked_start(self.problem, self.problem.initial_point(self.seed, start))
        self.start_point = point
        for run in self.runs:
            run.restart(point)

    def epoch_of(self, step: int | np.ndarray) -> float | np.ndarray:
        per_epoch = self.problem.steps_per_epoch
        return step / per_epoch if per_epoch else step


def run_to(problem: Problem, runs: list[RunSpec], steps: int, *, seed: int = 0,
           start: tuple[float, float] | None = None) -> Engine:
    engine = Engine(problem, runs, seed=seed, start=start)
    engine.step(steps)
    return engine
