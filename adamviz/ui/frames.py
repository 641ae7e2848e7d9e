"""What is drawn each frame, decided in one place by a frame budget.

Every snapshot the engine sends is one frame: the trajectories and heads on the
contour view, the loss plot (at most 30 times a second while playing), and the
readout: the step counter, the status line, the step-by-step panel and the
step's arrows on the surface. The readout is taken from the model at one moment
(``AppModel.readout``) and drawn whole, so those four always show one step.

Up to LEGIBLE_SPEED steps a second, and whenever the runs rest, every frame
draws the readout: at the speeds a class watches, every step's numbers are the
current step's. Faster than that numbers cannot be read: the readout follows ten
times a second, and when a frame has already spent its budget on the plots it
is drawn at the next turn of the event loop, after any input waiting, never
later. Above LEGIBLE_SPEED the arrows wait on the surface for Pause.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from adamviz.model import AppModel
from adamviz.model.readout import LEGIBLE_SPEED, Readout
from adamviz.ui.theme import optimizer_color

FAST_READOUT_S = 0.1
"""How often the readout follows a run playing faster than LEGIBLE_SPEED."""
FRAME_BUDGET_S = 0.010
"""A frame that has drawn the plots for longer than this leaves the readout to the next turn."""


class FramePainter(QObject):
    readoutShown = Signal(object)
    """A Readout has just been drawn (tests check its parts against each other)."""

    def __init__(self, model: AppModel, contour, loss, toolbar, status, step_panel, parent=None):
        super().__init__(parent)
        self.model = model
        self.contour, self.loss = contour, loss
        self.toolbar, self.status, self.step_panel = toolbar, status, step_panel
        self._readout_at = 0.0
        self.last: Readout | None = None
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.setInterval(0)
        self._deferred.timeout.connect(self.show_readout)
        events = model.events
        events.frame.connect(self.draw_frame)
        events.swarm_frame.connect(self.draw_swarm_frame)
        # (not on a new hyperparameter: the replayed run's first frame follows at once and reads it out)
        for name in ("selection", "playback", "engine", "runs", "swarm"):
            getattr(events, name).connect(lambda *_: self.show_readout())

    def legible(self) -> bool:
        """Whether every step's numbers are shown now (at rest, or playing at a speed a class can follow)."""
        model = self.model
        return not model.playing or (model.speed is not None and model.speed <= LEGIBLE_SPEED)

    def draw_frame(self) -> None:
        """A snapshot of the runs arrived: draw it, and the readout if it is due."""
        model = self.model
        began = time.perf_counter()
        playing = model.playing
        self.contour.live = self.loss.live = playing
        self.loss.throttled = not self.legible()
        self.contour.draw(model.tracks)
        drew_loss = self.loss.draw(model.tracks)
        if not playing and not model.catching_up:
            self.contour.finish(model.tracks)
        self._readout_due(began, drew_loss)

    def draw_swarm_frame(self) -> None:
        swarm = self.model.swarm
        began = time.perf_counter()
        color = optimizer_color(swarm.optimizer)
        self.contour.show_swarm(swarm.positions, swarm.alive, color)
        steps, medians = swarm.curve()
        self.loss.show_swarm(steps, medians, color)
        self._readout_due(began, True)

    def _readout_due(self, began: float, heavy: bool) -> None:
        if self.legible():
            self.show_readout()
            return
        if time.perf_counter() - self._readout_at < FAST_READOUT_S:
            return
        if heavy and time.perf_counter() - began > FRAME_BUDGET_S:
            self._deferred.start()
        else:
            self.show_readout()

    def show_readout(self) -> None:
        """The counter, the status line, the step panel and the step's arrows, all of the model's step now."""
        self._deferred.stop()
        self._readout_at = time.perf_counter()
        model = self.model
        readout = model.readout()
        self.toolbar.set_counter(readout.counter, readout.activity)
        self.status.show_readout(readout)
        self.step_panel.show_readout(readout, model.problem)
        # Arrows that change thousands of times a second say nothing, and each repaints much of the view.
        self.contour.show_step(readout.parts if self.legible() else None)
        self.last = readout
        self.readoutShown.emit(readout)
