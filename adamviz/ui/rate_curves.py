"""η(t) on the loss plot: each scheduled run's learning rate, dotted in its colour, on an axis of its own at the
right. Shown only while some run's η is scheduled, so a plot of constant rates is as it was."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from adamviz.core.schedules import Schedule
from adamviz.core.text import QT_TRANSLATE_NOOP
from adamviz.ui.theme import Theme, optimizer_color

RATE_TEXT = QT_TRANSLATE_NOOP("rate_curves", "dotted: η at each step (right axis)")
"""The legend's row for the η(t) curves (English: show it through translated("rate_curves", RATE_TEXT))."""


class RateCurves:
    """The learning rates of a LossView's scheduled runs, against the same steps (or epochs)."""

    def __init__(self, plot: pg.PlotItem, theme: Theme):
        self.plot = plot
        self.box = pg.ViewBox(enableMenu=False)
        self.box.setMouseEnabled(x=False, y=False)
        self.box.setZValue(-1)  # under the loss curves, which are what the plot is about
        plot.scene().addItem(self.box)
        self.axis = plot.getAxis("right")
        self.axis.setLogMode(False, False)  # (the plot's own setLogMode sets every axis; the loss view undoes it)
        self.axis.enableAutoSIPrefix(False)  # 0.05, not 50 with "(x0.001)" in the label
        self.axis.linkToView(self.box)
        self.box.setXLink(plot)
        plot.vb.sigResized.connect(self._follow_geometry)
        self.schedules: dict = {}
        self.curves: dict = {}
        self._rates: dict = {}
        self.theme = theme
        self.shown = False
        self._top: float | None = None
        self._set_shown(False)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for key, curve in self.curves.items():
            curve.setPen(self._pen(key))
        self.axis.setPen(pg.mkPen(theme.foreground))
        self.axis.setTextPen(pg.mkPen(theme.foreground))
        self.axis.setLabel("η", color=theme.foreground, **{"font-size": f"{theme.font_pt}pt"})

    def _pen(self, key) -> pg.QtGui.QPen:
        return pg.mkPen(optimizer_color(key[0]), width=max(1.5, self.theme.line_width * 0.8),
                        style=Qt.PenStyle.DotLine)

    def set_schedules(self, schedules: dict) -> None:
        """{run key: (Schedule, base η)} for the runs whose η is scheduled; {} hides the axis."""
        if schedules == self.schedules:
            return
        self.schedules = dict(schedules)
        self._rates = {}
        self._top = None
        for key in list(self.curves):
            if key not in schedules:
                self.box.removeItem(self.curves.pop(key))
        for key in schedules:
            if key not in self.curves:
                curve = pg.PlotDataItem(pen=self._pen(key))
                curve.setDownsampling(auto=True, method="peak")  # as the loss curves: a long run's every step is
                curve.setClipToView(True)  # redrawn each frame, only what shows is stroked
                self.curves[key] = curve
                self.box.addItem(curve)
        self._set_shown(bool(schedules))
        self._fit()

    def rates(self, key, steps: int) -> np.ndarray:
        """η₁ … η_steps of run ``key`` (made once, and again for more steps)."""
        schedule, base = self.schedules[key]
        made = self._rates.get(key)
        if made is None or len(made) < steps:
            made = self._rates[key] = schedule.lrs(base, max(steps, 2 * len(made) if made is not None else 64))
        return made[:steps]

    def draw(self, last_step: int, per_epoch: int | None) -> None:
        """Each curve from step 1 to ``last_step``, against epochs when ``per_epoch`` is given."""
        if not self.shown:
            return
        steps = np.arange(1, max(last_step, 1) + 1, dtype=np.float64)
        high = 0.0
        for key, curve in self.curves.items():
            rates = self.rates(key, len(steps))
            high = max(high, float(np.max(rates)))
            curve.setData(steps / per_epoch if per_epoch else steps, rates, skipFiniteCheck=True)
        self._fit(high)

    def _fit(self, high: float | None = None) -> None:
        """From 0 to a little above the highest η drawn; changed only when that leaves the upper two thirds (a
        warm-up's rise does not rescale the axis at every step)."""
        if not self.schedules:
            return
        if high is None:
            high = max(float(np.max(self.rates(key, 1))) for key in self.schedules)
        top = self.box.viewRange()[1][1]
        if self._top is None or not (top / 1.5 <= high * 1.08 <= top):
            self._top = max(high, 1e-12) * 1.08
            # a little below 0 too: a rate decayed to nothing is a line just above the axis, not hidden in it
            self.box.setYRange(-0.04 * self._top, self._top, padding=0)

    def _set_shown(self, shown: bool) -> None:
        self.shown = shown
        self.box.setVisible(shown)
        self.plot.showAxis("right", shown)
        if shown:
            self._follow_geometry()

    def _follow_geometry(self) -> None:
        self.box.setGeometry(self.plot.vb.sceneBoundingRect())
        self.box.linkedViewChanged(self.plot.vb, self.box.XAxis)


def rate_sample(theme: Theme) -> pg.PlotDataItem:
    """The line a legend shows beside RATE_TEXT."""
    return pg.PlotDataItem(pen=pg.mkPen(QColor(theme.foreground), width=max(1.5, theme.line_width * 0.7),
                                        style=Qt.PenStyle.DotLine))


def schedules_of(runs) -> dict:
    """{key: (Schedule, η)} from (key, schedule text, hyperparameters) triples."""
    from adamviz.core.schedules import parse_schedule

    found: dict[tuple, tuple[Schedule, float]] = {}
    for key, text, hyperparams in runs:
        schedule = parse_schedule(text)
        if schedule is not None:
            found[key] = (schedule, float(hyperparams["lr"]))
    return found
