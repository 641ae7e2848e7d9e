"""§7.3's comparison of minibatch sizes as a plot: each size's loss against the time it took (log axis, as the
English edition draws it), the examples it processed (log axis) or its epochs.

One widget for the window's dialog and for `adamviz batches --out FILE.png|.svg`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer

from adamviz.core.batches import BatchComparison
from adamviz.core.text import QT_TRANSLATE_NOOP, translate, translated
from adamviz.ui.legend import MARGIN, PlotLegend
from adamviz.ui.loss_view import LossAxis
from adamviz.ui.theme import Theme, style_plot

AXES = {"seconds": QT_TRANSLATE_NOOP("batch_plot", "time in seconds"),
        "examples": QT_TRANSLATE_NOOP("batch_plot", "examples processed"),
        "epochs": QT_TRANSLATE_NOOP("batch_plot", "epoch")}
"""The x axes a comparison can be drawn against, and their labels (English: show them through axis_text)."""
COLORS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#999999", "#F0E442")
"""Okabe–Ito, one per size: the sizes all run the same optimizer, so its colour cannot tell them apart."""


def axis_text(axis: str) -> str:
    """The label of x axis ``axis`` (one of AXES) in the window's language, with its scale when it is logarithmic."""
    text = translated("batch_plot", AXES[axis])
    return text if axis == "epochs" else translate("batch_plot", "{axis} (log scale)").format(axis=text)


class BatchPlot(pg.PlotWidget):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent, enableMenu=False, axisItems={"left": LossAxis("left"), "bottom": LossAxis("bottom")})
        plot = self.getPlotItem()
        plot.hideButtons()
        self.showGrid(x=True, y=True, alpha=0.25)
        self.legend = PlotLegend(plot.vb, theme)
        self.curves: list = []
        self.floor_line = pg.InfiniteLine(angle=0, movable=False,
                                          label=translate("batch_plot", "least-squares minimum"),
                                          labelOpts={"position": 0.98, "anchors": [(1, 0), (1, 0)]})
        plot.addItem(self.floor_line, ignoreBounds=True)
        self.comparison: BatchComparison | None = None
        self.axis = "seconds"
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self, theme)
        self.legend.apply_theme(theme)
        self.floor_line.setPen(pg.mkPen(theme.foreground, width=max(1.0, theme.line_width * 0.5),
                                        style=Qt.PenStyle.DotLine))
        self.floor_line.label.setColor(theme.foreground)
        font = self.floor_line.label.textItem.font()
        font.setPointSizeF(theme.font_pt * 0.9)  # the loss plot's floor label's size: readable on a projector
        self.floor_line.label.textItem.setFont(font)
        if self.comparison is not None:
            self.draw(self.comparison, self.axis)

    def draw(self, comparison: BatchComparison, axis: str = "seconds") -> None:
        """Every size's loss against ``axis`` (one of AXES)."""
        if axis not in AXES:
            raise ValueError(f"a comparison is drawn against {', '.join(AXES)}, not {axis!r}")
        self.comparison, self.axis = comparison, axis
        plot = self.getPlotItem()
        for curve in self.curves:
            plot.removeItem(curve)
        self.curves = []
        log_x = axis != "epochs"
        plot.setLogMode(x=log_x, y=True)
        style = {"color": self.theme.foreground, "font-size": f"{self.theme.font_pt}pt"}
        plot.setLabel("bottom", axis_text(axis), **style)
        plot.setLabel("left", translate("batch_plot", "loss"), **style)
        entries = []
        for index, run in enumerate(comparison.runs):
            x = {"seconds": run.seconds, "examples": run.examples.astype(np.float64),
                 "epochs": np.arange(len(run.losses)) / run.steps_per_epoch}[axis]
            y = run.losses
            if log_x:  # a log axis has no 0: the start (nothing processed yet, no time taken) is left out
                keep = x > 0
                x, y = x[keep], y[keep]
            curve = pg.PlotDataItem(x, y, pen=pg.mkPen(COLORS[index % len(COLORS)], width=self.theme.line_width))
            curve.setDownsampling(auto=True, method="peak")
            plot.addItem(curve)
            self.curves.append(curve)
            entries.append((curve, translate("batch_plot", "{run}: {ms:.3g} ms an epoch").format(
                run=run.label, ms=run.seconds_per_epoch * 1000)))
        self.floor_line.setPos(math.log10(comparison.floor))
        self.floor_line.label.setFormat(translate("batch_plot", "least-squares minimum {floor:.4g}").format(
            floor=comparison.floor))
        self.legend.set_entries(entries)
        plot.vb.autoRange(padding=0.04)
        (_, _), (y0, y1) = plot.vb.viewRange()
        floor = math.log10(comparison.floor)
        self._data_y = (min(y0, floor), y1, floor)
        self._make_room_for_legend()
        QTimer.singleShot(0, self, self._make_room_for_legend)  # again once the plot has its real height

    def _make_room_for_legend(self) -> None:
        """Head room above the curves as tall as the legend: the four sizes' curves fill every corner of the
        data, so the legend gets a band of its own instead of hiding one of them."""
        vb = self.getPlotItem().vb
        low, high, floor = self._data_y
        height = vb.boundingRect().height()
        needed = self.legend.item.boundingRect().height() + 2 * MARGIN
        share = min(0.45, needed / height) if height > 0 else 0.3
        high += (high - low) * share / (1 - share)
        # and room under the floor for its label, a line of type (the runs end just above the floor)
        label = self.floor_line.label.boundingRect().height() + 8
        below = min(0.3, label / height) if height > 0 else 0.1
        low = min(low, floor - (high - floor) * below / (1 - below))
        vb.setYRange(low, high, padding=0)
        self.place_legend()

    def place_legend(self) -> None:
        """Where the legend hides the least of the curves."""
        chunks = []
        for curve in self.curves:
            x, y = curve.xData, curve.yData
            if x is None or not len(x):
                continue
            stride = max(1, len(x) // 400)
            with np.errstate(all="ignore"):
                chunks.append(np.column_stack([np.log10(x[::stride]) if self.axis != "epochs" else x[::stride],
                                               np.log10(y[::stride])]))
        if chunks:
            self.legend.place(np.vstack(chunks))
