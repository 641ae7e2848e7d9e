"""Learning-rate sweep: each optimizer's final loss against η, on log axes; click a point to use that η."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from adamviz.core.optimizers import get_optimizer
from adamviz.ui.theme import Theme, optimizer_color, style_plot

SMALLEST = 1e-30


class SweepDialog(QDialog):
    lrChosen = Signal(str, float)
    """(optimizer, η): the user clicked a point."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setWindowTitle("adamviz — learning-rate sweep")
        self.setModal(False)
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.plot = pg.PlotWidget()
        self.plot.setLogMode(x=True, y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setLabel("bottom", "learning rate η")
        self.plot.setLabel("left", "final loss")
        # bottom left: the × of diverged runs sit at the top
        self.legend = self.plot.addLegend(offset=(10, -10), labelTextColor=theme.foreground)
        layout.addWidget(self.plot, 1)
        hint = QLabel("Each point is a whole run from the start with that η (runs that diverged: ×, at the top). "
                      "Click a point to give that optimizer its η.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.items: list = []
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self.plot, theme)

    def waiting(self, problem_title: str, steps: int) -> None:
        self.note.setText(f"Sweeping η from 1e-4 to 10 on {problem_title}, {steps} steps each…")

    def show_results(self, done, current: dict[str, float], problem_title: str) -> None:
        """``done``: a host SweepDone; ``current``: each optimizer's η now (drawn as a dotted line)."""
        for item in self.items:
            self.plot.removeItem(item)
        self.items = []
        self.legend.clear()
        top = SMALLEST
        for result in done.results.values():
            finite = [e.final_loss for e in result.entries if not e.diverged and np.isfinite(e.final_loss)]
            top = max([top, *finite])
        for name, result in done.results.items():
            color = optimizer_color(name)
            lrs = np.array([e.lr for e in result.entries])
            ok = np.array([not e.diverged and np.isfinite(e.final_loss) for e in result.entries])
            losses = np.array([max(e.final_loss, SMALLEST) if good else np.nan
                               for e, good in zip(result.entries, ok, strict=True)])
            curve = pg.PlotDataItem(lrs[ok], losses[ok], pen=pg.mkPen(color, width=2.5), symbol="o",
                                    symbolSize=8, symbolBrush=color, symbolPen=None,
                                    name=get_optimizer(name).title)
            chosen = lrs[ok]
            curve.sigPointsClicked.connect(
                lambda _item, points, _ev, name=name, chosen=chosen: self._clicked(name, chosen, points))
            self.plot.addItem(curve)
            self.items.append(curve)
            if (~ok).any():
                # A PlotDataItem (not a bare scatter): only those follow the plot's log axes.
                blown = pg.PlotDataItem(lrs[~ok], np.full((~ok).sum(), top * 10), pen=None, symbol="x",
                                        symbolSize=11, symbolBrush=color, symbolPen=pg.mkPen(color, width=2))
                self.plot.addItem(blown)
                self.items.append(blown)
            if name in current:
                line = pg.InfiniteLine(pos=np.log10(current[name]), angle=90,
                                       pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DotLine))
                self.plot.addItem(line)
                self.items.append(line)
        steps = next(iter(done.results.values())).steps if done.results else 0
        text = f"Final loss after {steps} steps on {problem_title}, against η (dotted: the η in use)."
        if done.errors:
            text += "  " + "  ".join(done.errors.values())
        self.note.setText(text)

    def _clicked(self, name: str, lrs: np.ndarray, points) -> None:
        if len(points):  # the point's index, not its (log-axis) position: the exact η of that run
            self.lrChosen.emit(name, float(lrs[points[0].index()]))
