"""The learning-rate sweep as a plot: each optimizer's final loss against η, both axes logarithmic (the
loss's linear where a run ends below 0, as on local_minima, which no log axis can show).

One widget for the window's sweep dialog and for `adamviz sweep --out FILE.png|.svg`.
A run that diverged has no final loss to plot: it is drawn as a × in its colour
above every finite point, at its η.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal

from adamviz.core.optimizers import get_optimizer
from adamviz.core.text import translate
from adamviz.ui.legend import PlotLegend
from adamviz.ui.loss_view import LossAxis, zero_level
from adamviz.ui.theme import Theme, optimizer_color, style_plot


class SweepPlot(pg.PlotWidget):
    lrChosen = Signal(str, float)
    """(optimizer, η): the user clicked a point."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent, axisItems={"left": LossAxis("left"), "bottom": LossAxis("bottom")})
        self.setLogMode(x=True, y=True)
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setLabel("bottom", translate("sweep_plot", "learning rate η"))
        self.setLabel("left", translate("sweep_plot", "final loss"))
        self.legend = PlotLegend(self.getPlotItem().vb, theme)
        self.items: list = []
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self, theme)
        self.legend.apply_theme(theme)

    def draw(self, results: Mapping, current: Mapping[str, float] | None = None) -> None:
        """``results``: optimizer -> SweepResult; ``current``: each optimizer's η now (a dotted line)."""
        current = current or {}
        for item in self.items:
            self.removeItem(item)
        self.items = []
        entries = []
        width = self.theme.line_width
        everything = [e.final_loss for result in results.values() for e in result.entries
                      if not e.diverged and np.isfinite(e.final_loss)]
        # A log loss axis unless a run ends below 0 (a surface such as local_minima's), where no log axis goes.
        log_y = all(loss >= 0 for loss in everything)
        self.setLogMode(x=True, y=log_y)
        zero = zero_level(np.array(everything)) if log_y else -np.inf
        reached = log_y and any(loss == 0 for loss in everything)  # a final loss of exactly 0: its tick reads 0
        self.getPlotItem().getAxis("left").set_zero_at(float(np.log10(zero)) if reached else None)
        top = max([zero, *everything])
        bottom = min(everything, default=top)
        blown_at = top * 10 if log_y else top + 0.1 * max(top - bottom, abs(top), 1.0)  # the ✕ above every point
        for name, result in results.items():
            color = optimizer_color(name)
            lrs = np.array([e.lr for e in result.entries])
            ok = np.array([not e.diverged and np.isfinite(e.final_loss) for e in result.entries])
            losses = np.array([max(e.final_loss, zero) if good else np.nan
                               for e, good in zip(result.entries, ok, strict=True)])
            symbol = self.theme.marker_size * 1.35  # logical pixels, like the text; pens are device pixels
            curve = pg.PlotDataItem(lrs[ok], losses[ok], pen=pg.mkPen(color, width=width), symbol="o",
                                    symbolSize=symbol, symbolBrush=color, symbolPen=None,
                                    name=get_optimizer(name).shown_title)
            chosen = lrs[ok]
            curve.sigPointsClicked.connect(
                lambda _item, points, _ev, name=name, chosen=chosen: self._clicked(name, chosen, points))
            self.addItem(curve)
            self.items.append(curve)
            entries.append((curve, get_optimizer(name).shown_title))
            if (~ok).any():
                # A PlotDataItem (not a bare scatter): only those follow the plot's log axes.
                blown = pg.PlotDataItem(lrs[~ok], np.full((~ok).sum(), blown_at), pen=None, symbol="x",
                                        symbolSize=symbol * 1.4, symbolBrush=color,
                                        symbolPen=pg.mkPen(color, width=max(2.0, width * 0.8)))
                self.addItem(blown)
                self.items.append(blown)
            if name in current:
                line = pg.InfiniteLine(pos=np.log10(current[name]), angle=90,
                                       pen=pg.mkPen(color, width=max(1.5, width * 0.6), style=Qt.PenStyle.DotLine))
                self.addItem(line)
                self.items.append(line)

        self.legend.set_entries(entries)
        QTimer.singleShot(0, self, self.place_legend)  # once the axes have taken the new range

    def place_legend(self) -> str:
        """The legend in the corner where it hides the fewest points (and never the best ones)."""
        chunks = []
        for item in self.items:
            if isinstance(item, pg.PlotDataItem):
                x, y = item.getData()  # what is plotted: log10 of η and of the loss
                if x is not None and len(x):
                    chunks.append(np.column_stack([x, y]))
        if not chunks:
            return self.legend.corner
        return self.legend.place(np.vstack(chunks))

    def _clicked(self, name: str, lrs: np.ndarray, points) -> None:
        if len(points):  # the point's index, not its (log-axis) position: the exact η of that run
            self.lrChosen.emit(name, float(lrs[points[0].index()]))
