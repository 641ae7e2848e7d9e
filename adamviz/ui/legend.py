"""A plot's legend that keeps off the data: one row per optimizer, in the corner where it hides least.

A torch.optim twin shares its optimizer's row (one more row says that dashed
lines are torch.optim's), so twelve runs make seven rows, not twelve. The
legend sits in whichever corner of the plot covers the fewest of the points
it is given (trajectories, the runs' heads, the minima), top right when
nothing is in the way.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from adamviz.core.text import QT_TRANSLATE_NOOP, translated

CORNERS = {  # corner -> (itemPos, parentPos, offset direction)
    "top-right": ((1, 0), (1, 0), (-1, 1)),
    "top-left": ((0, 0), (0, 0), (1, 1)),
    "bottom-right": ((1, 1), (1, 1), (-1, -1)),
    "bottom-left": ((0, 1), (0, 1), (1, -1)),
}
MARGIN = 12
TWIN_TEXT = QT_TRANSLATE_NOOP("legend", "dashed: torch.optim's version")
DEFAULTS_TEXT = QT_TRANSLATE_NOOP("legend", "dash-dot: torch.optim at its own ε, as the chapter's concise cells")
TWIN_TEXTS = {True: (TWIN_TEXT, QT_TRANSLATE_NOOP("legend", "dashed: torch.optim")),
              "defaults": (DEFAULTS_TEXT, QT_TRANSLATE_NOOP("legend", "dash-dot: torch's ε"))}
"""What a twin's line style means, in full and short, by the second element of its run key (English: shown
through translated("legend", text))."""


def twin_style(concise) -> Qt.PenStyle:
    """A run's line: solid for the scratch run, dashed for torch.optim's at the same values, dash-dot for torch.optim's
    at its own ε (run key's second element: False, True or "defaults")."""
    if concise == "defaults":
        return Qt.PenStyle.DashDotLine
    return Qt.PenStyle.DashLine if concise else Qt.PenStyle.SolidLine


def twin_sample(theme, concise=True) -> pg.PlotDataItem:
    """The line a legend shows beside what a twin's line style means."""
    return pg.PlotDataItem(pen=pg.mkPen(QColor(theme.foreground), width=max(1.5, theme.line_width * 0.7),
                                        style=twin_style(concise)))


def twin_rows(keys, theme, samples: dict | None = None) -> list[tuple[object, str, str]]:
    """(sample, text, short text) for each kind of twin among ``keys``: the rows that say what the line styles
    mean. ``samples``: items to reuse, by kind (a view that keeps its own)."""
    rows = []
    for kind, (text, short) in TWIN_TEXTS.items():
        if any(key[1] == kind and key[1] is not False for key in keys):
            sample = (samples or {}).get(kind) or twin_sample(theme, kind)
            rows.append((sample, translated("legend", text), translated("legend", short)))
    return rows


class PlotLegend:
    def __init__(self, view_box: pg.ViewBox, theme):
        self.view_box = view_box
        self.item = pg.LegendItem(offset=(-MARGIN, MARGIN), verSpacing=-4)
        self.item.setParentItem(view_box)
        self.item.setZValue(90)
        self.corner = "top-right"
        self._covered = dict.fromkeys(CORNERS, 0.0)
        self._entries: list[tuple[int, str]] = []
        self._items: list = []
        self._short: list[str] = []
        """Each row's name alone, for a plot too small for the full texts (fourteen runs on a projector)."""
        self.names_only = False
        self.scale = 1.0
        """The type size against the theme's: smaller when the plot is too small for the legend."""
        view_box.sigResized.connect(lambda *_: self.fit())
        self.apply_theme(theme)

    def apply_theme(self, theme) -> None:
        self.theme = theme
        legend = self.item
        legend.setBrush(pg.mkBrush(QColor(theme.background)))
        legend.setPen(pg.mkPen(QColor(theme.contour), width=1))
        legend.setLabelTextColor(theme.foreground)
        self._refill(self._items)

    def _type_size(self) -> str:
        # presentation mode's type is for the numbers; the legend's colours speak for themselves
        base = self.theme.font_pt * (0.8 if self.theme.presenting else 1.0)
        return f"{base * self.scale:.1f}pt"

    def set_entries(self, entries: list[tuple[object, str]], short: list[str] | None = None) -> None:
        """(sample item, text) per row, and each row's name alone (``short``); rebuilt only when they change."""
        self._short = list(short) if short is not None else [text for _, text in entries]
        signature = [(id(item), text) for item, text in entries]
        if signature == self._entries:
            return
        if [i for i, _ in signature] == [i for i, _ in self._entries] and not self.names_only:
            # new texts (a new η): only relabel
            for (_, label), (_, text) in zip(self.item.items, entries, strict=True):
                label.setText(text)
            self._items, self._entries = list(entries), signature
            self.item.updateSize()
            self.fit()
            return
        self._refill(entries)

    def _refill(self, entries) -> None:
        self._items = list(entries)
        self._entries = [(id(item), text) for item, text in entries]
        self.item.clear()
        self.item.setLabelTextSize(self._type_size())
        for sample, text in entries:
            self.item.addItem(sample, text)
        self.item.setVisible(bool(entries))
        self.fit()

    def fit(self) -> None:
        """Columns and type so that the legend fits the plot's width and takes at most 40% of its height:
        one column at full size where it can, else two, else smaller type (twelve runs on a projector), else
        the names alone (the status line and the controls give the values), in up to three columns."""
        rect = self.view_box.boundingRect()
        if not self._items or rect.width() <= 0 or rect.height() <= 0:
            return
        width, height = 0.96 * rect.width(), 0.4 * rect.height()
        tried = []
        ways = [(False, scale, columns) for scale in (1.0, 0.85, 0.72, 0.6) for columns in (1, 2)]
        ways += [(True, scale, columns) for scale in (1.0, 0.85, 0.72) for columns in (1, 2, 3)]
        for names_only, scale, columns in ways:
            size = self._layout(scale, columns, names_only)
            if size.width() <= width and size.height() <= height:
                return
            too_wide = size.width() > width
            tried.append((too_wide, size.width() if too_wide else size.height(), names_only, scale, columns))
        # Nothing fits both ways: the narrowest that fits the width (the lowest of those), else the narrowest.
        *_, names_only, scale, columns = min(tried)
        self._layout(scale, columns, names_only)

    def _layout(self, scale: float, columns: int, names_only: bool = False):
        if scale != self.scale or names_only != self.names_only:
            self.scale, self.names_only = scale, names_only
            self.item.clear()
            self.item.setLabelTextSize(self._type_size())
            texts = self._short if names_only else [text for _, text in self._items]
            for (sample, _), text in zip(self._items, texts, strict=True):
                self.item.addItem(sample, text)
        self.item.setColumnCount(columns)
        return self.item.boundingRect()

    def texts(self) -> list[str]:
        """What the rows say (the names alone where the plot is too small for more)."""
        return list(self._short) if self.names_only else [text for _, text in self._entries]

    def set_visible(self, visible: bool) -> None:
        self.item.setVisible(visible and bool(self._entries))

    def place(self, points: np.ndarray, weights: np.ndarray | None = None, *, settled: bool = False) -> str:
        """Move to the corner whose rectangle covers the least weight of ``points`` (view coordinates).
        ``settled``: move only if where it is now it hides something that matters (a head, a minimum: any
        point of weight ≥ 100) or many more points than the best corner would: a legend that hops about
        at every step is worse than one that hides a little of an old path."""
        best = self.best_corner(points, weights)
        if settled and best != self.corner:
            here, there = self._covered[self.corner], self._covered[best]
            if here < 100 and not (here >= 30 and here > 3 * there):
                best = self.corner
        if best != self.corner:
            self.corner = best
            item_pos, parent_pos, (dx, dy) = CORNERS[best]
            self.item.anchor(itemPos=item_pos, parentPos=parent_pos, offset=(dx * MARGIN, dy * MARGIN))
        return best

    def covered(self, corner: str) -> float:
        """How much of the last points placed against the legend would hide in ``corner``."""
        return self._covered[corner]

    def best_corner(self, points: np.ndarray, weights: np.ndarray | None = None) -> str:
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if weights is None:
            weights = np.ones(len(points))
        rect = self.view_box.boundingRect()
        width, height = rect.width(), rect.height()
        size = self.item.boundingRect()
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        if not (len(points) and width > 0 and height > 0 and x1 > x0 and y1 > y0):
            self._covered = dict.fromkeys(CORNERS, 0.0)
            return self.corner
        keep = np.isfinite(points).all(axis=1)
        points, weights = points[keep], np.asarray(weights, dtype=np.float64)[keep]
        px = (points[:, 0] - x0) / (x1 - x0) * width  # pixels from the left
        py = (y1 - points[:, 1]) / (y1 - y0) * height  # pixels from the top
        w, h = size.width() + MARGIN + 6, size.height() + MARGIN + 6
        spans = {
            "top-right": (width - w, width, 0, h), "top-left": (0, w, 0, h),
            "bottom-right": (width - w, width, height - h, height), "bottom-left": (0, w, height - h, height),
        }
        covered = {}
        for corner, (left, right, top, bottom) in spans.items():
            inside = (px >= left) & (px <= right) & (py >= top) & (py <= bottom)
            covered[corner] = float(weights[inside].sum())
        self._covered = covered
        order = list(CORNERS)  # ties: keep the current corner, else the first in this order
        return min(order, key=lambda corner: (covered[corner] - (1e-9 if corner == self.corner else 0),
                                              order.index(corner)))
