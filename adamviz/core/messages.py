"""What crosses between the window and its engine host: commands one way, results the other.

Plain dataclasses, pickled across the worker process's pipes (or passed as they
are to a worker thread). Qt-free; the host (adamviz.core.host) acts on the
commands and the window's model (adamviz.model) reads the results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adamviz.core.scenario import Scenario

RunKey = tuple[str, bool]
"""(optimizer, concise): a run's identity across snapshots."""


# ---------------------------------------------------------------- commands


@dataclass
class Load:
    """A new scenario (problem, runs, start, seed) and the step count to bring it to."""

    serial: int
    scenario: Scenario
    target: int


@dataclass
class SetHyper:
    optimizer: str
    values: dict[str, float]


@dataclass
class SetStart:
    point: tuple[float, float]


@dataclass
class Play:
    playing: bool


@dataclass
class Speed:
    steps_per_s: float | None
    """None: as fast as the machine goes."""


@dataclass
class StepBy:
    steps: int


@dataclass
class Reset:
    pass


@dataclass
class Select:
    key: RunKey | None
    """The run whose last step the step-by-step view explains."""


@dataclass
class SwarmSetup:
    """Swarm mode: ``count`` particles of one optimizer over the scenario's 2-D problem, to step ``target``."""

    serial: int
    scenario: Scenario
    optimizer: str
    hyperparams: dict[str, float]
    count: int
    layout: str
    """"random" (a seeded cloud) or "grid"."""
    target: int = 0


@dataclass
class SwarmOff:
    pass


@dataclass
class SweepRequest:
    """Final loss against η for each named optimizer, on the scenario's problem from its start."""

    serial: int
    scenario: Scenario
    optimizers: list[str]
    steps: int


@dataclass
class Acknowledge:
    """The window has drawn the last snapshot."""


@dataclass
class Stop:
    pass


# ---------------------------------------------------------------- what comes back


@dataclass
class RunUpdate:
    key: RunKey
    generation: int
    start: int
    """Index of points[0] in the run's record: 0 after a restart, else where the last update ended."""
    points: np.ndarray
    losses: np.ndarray
    diverged_at: int | None
    stop_reason: str | None
    hyperparams: dict[str, float]
    stop_message: str | None = None


@dataclass
class StepParts:
    key: RunKey
    t: int
    before: np.ndarray
    after: np.ndarray
    parts: dict[str, Any]
    """Flat float64 arrays (g, v, s, v_hat, s_hat, delta, …) and floats (bias1, bias2)."""
    hyperparams: dict[str, float]
    """The values this step used: η is the step's ηₜ where the run's η is scheduled."""
    schedule: str = ""


@dataclass
class Snapshot:
    serial: int
    target: int
    runs: list[RunUpdate]
    playing: bool
    catching_up: bool
    parts: StepParts | None = None
    stamp: float = field(default_factory=time.perf_counter)


@dataclass
class SwarmSnapshot:
    serial: int
    t: int
    target: int
    positions: np.ndarray
    """(N, 2) float32: each particle's current (or, if it diverged, last good) point."""
    alive: np.ndarray
    median_loss: float
    summary: dict[str, Any]
    playing: bool
    catching_up: bool
    stamp: float = field(default_factory=time.perf_counter)


@dataclass
class SweepDone:
    serial: int
    results: dict[str, Any]
    """optimizer -> adamviz.core.sweep.SweepResult (without the points)."""
    errors: dict[str, str]


@dataclass
class BatchRequest:
    """§7.3's comparison of minibatch sizes on the airfoil (adamviz.core.batches)."""

    serial: int
    settings: tuple
    """(batch size, η, epochs) triples."""
    seed: int
    rng: str


@dataclass
class BatchDone:
    serial: int
    comparison: Any
    """An adamviz.core.batches.BatchComparison, or None with ``error``."""
    error: str | None = None


@dataclass
class Rejected:
    """A command could not be carried out; the message is for the user, the state is unchanged."""

    message: str


@dataclass
class Failed:
    """An unexpected error; ``text`` is a traceback for the log and the error dialog."""

    text: str


@dataclass
class Ready:
    pass


