"""The parts of the application model that are plain state: how the views are shown, and the swarm."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from adamviz.core.text import QT_TRANSLATE_NOOP

OVERLAYS = ("gradient", "moment", "scale", "step")
"""The parts of a step that can be drawn on the surface."""


@dataclass
class ViewState:
    """How the window shows things: theme, presentation mode, which panels, the help, the loss axis, the plane."""

    dark: bool = False
    presenting: bool = False
    controls_shown: bool = True
    steps_shown: bool = True
    help_shown: bool = False
    loss_by_epoch: bool = False
    plane: tuple[int, int] | None = None
    """The airfoil's slice: None for the principal plane of the runs, else parameters (i, j)."""
    overlays: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(OVERLAYS, True))
    panels_before: tuple[bool, bool] | None = None
    """The panels shown before presentation mode hid the controls (restored when it ends)."""

    @property
    def theme_name(self) -> str:
        return "dark" if self.dark else "light"


SWARM_LAYOUTS = {"random": QT_TRANSLATE_NOOP("state", "random cloud"), "grid": QT_TRANSLATE_NOOP("state", "grid")}
"""Swarm layouts and their names (shown through translated("state", name))."""
MAX_SWARM = 10_000


@dataclass
class SwarmState:
    """Swarm mode: its settings, and what the last swarm snapshot showed."""

    on: bool = False
    optimizer: str = "adam"
    count: int = 1000
    layout: str = "random"
    t: int = 0
    positions: np.ndarray | None = None
    alive: np.ndarray | None = None
    summary: dict | None = None
    median_loss: float | None = None
    history: list[tuple[int, float]] = field(default_factory=list)
    """(step, median loss) for every step the window has seen: the swarm's loss curve."""

    def restart(self) -> None:
        self.t = 0
        self.positions = self.alive = self.summary = None
        self.median_loss = None
        self.history = []

    def absorb(self, t: int, positions: np.ndarray, alive: np.ndarray, median: float, summary: dict) -> None:
        self.t = t
        if self.history and t < self.history[-1][0]:
            self.history = []
        if not self.history or t > self.history[-1][0]:
            self.history.append((t, median))
        self.positions, self.alive, self.summary = positions, alive, summary
        self.median_loss = median if np.isfinite(median) else None

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, median losses) seen so far."""
        if not self.history:
            return np.empty(0), np.empty(0)
        history = np.array(self.history, dtype=np.float64)
        return history[:, 0], history[:, 1]
