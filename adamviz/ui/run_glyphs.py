"""A run's items on the contour view: its path (a cached history and a live tail), step dots and head.

Items are created once and fed new arrays (pyqtgraph's way). While the window
plays, a frame strokes only the newest few dozen points and repaints only the
small rectangle they cover; at rest the whole run is one exact path.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from adamviz.ui.legend import twin_style
from adamviz.ui.theme import Theme, optimizer_color

MARKED_STEPS = 200
"""Steps that get a dot each; beyond them the line alone (dots would merge)."""


def make_pen(color, width: float, style=Qt.PenStyle.SolidLine, alpha: int = 255):
    """A round-capped pen for the contour view's lines."""
    qcolor = QColor(color)
    qcolor.setAlpha(alpha)
    pen = pg.mkPen(qcolor, width=width, style=style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    # Bevel joins stroke 2–3× faster than round ones on long paths and look the same at these widths.
    pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
    return pen


class StillCache:
    """Paint items from a pixmap once they have stopped changing, stroke them afresh while they move.

    A converged trajectory keeps its pixels for thousands of steps while its
    head (a separate item) moves and forces a repaint: replaying a pixmap is
    half the cost of stroking the path again. While the data changes every
    frame the cache would only add work, so it is dropped at the first change.
    """

    SETTLE_FRAMES = 3
    LARGEST_PIXELS = 4096
    """A pixmap cache is only worth (and only possible) for paths of a few screens at most."""

    def __init__(self, items):
        self.items = items
        self.still_for = 0
        self.cached = False
        self.enabled = True

    def changed(self) -> None:
        self.still_for = 0
        if self.cached:
            self._set(QGraphicsItem.CacheMode.NoCache)
            self.cached = False

    def unchanged(self) -> None:
        self.still_for += 1
        if self.enabled and not self.cached and self.still_for >= self.SETTLE_FRAMES:
            self._set(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.cached = True

    def _set(self, mode) -> None:
        for item in self.items:
            item.setCacheMode(mode)


def on_new_pixel(xy: np.ndarray, pixel) -> np.ndarray:
    """Which points to stroke: each one that lands on another screen pixel than the point before.

    A converged run piles thousands of steps into a pixel or two; stroking them
    costs time and draws nothing. The first and last points are always kept.
    """
    keep = np.ones(len(xy), dtype=bool)
    if pixel is None or len(xy) < 3 or not all(np.isfinite(pixel)) or min(pixel) <= 0:
        return keep
    cells = np.rint(xy / np.asarray(pixel, dtype=np.float64))  # rint: a minimum at 0 is a cell centre, not an edge
    keep[1:] = np.any(cells[1:] != cells[:-1], axis=1)
    keep[-1] = True
    return keep


class RunGlyphs:
    """A run's items on the contour plot.

    While the window plays, a run is drawn as two paths: its *history* (every point up to a
    boundary, painted from a pixmap) and a short live *tail* from the boundary to the newest
    point. A frame then strokes a few dozen points instead of thousands and repaints only the
    small rectangle the tail and the head cover. The boundary moves every TAIL_POINTS points;
    at rest (``live`` False: paused, stepping, exports) the whole run is one path, as ever.
    The halo under the line is drawn in presentation mode only (it is for a projector's washed-out
    colours; on a screen the lines stand out by themselves and the halo doubled the stroking).
    """

    TAIL_POINTS = 48

    def __init__(self, plot: pg.PlotItem, key, theme: Theme):
        self.key = key
        optimizer, concise = key
        self.color = optimizer_color(optimizer)
        self.concise = concise
        self.halo = pg.PlotDataItem(connect="finite")
        self.line = pg.PlotDataItem(connect="finite")
        self.tail_halo = pg.PlotDataItem(connect="finite")
        self.tail_line = pg.PlotDataItem(connect="finite")
        self.markers = pg.ScatterPlotItem()
        self.head = pg.ScatterPlotItem()
        self.layers = ((self.halo, self.tail_halo), (self.line, self.tail_line), (self.markers,), (self.head,))
        for items in self.layers:
            for item in items:
                plot.addItem(item)
        self.set_raised(False)
        self._still = StillCache((self.tail_halo.curve, self.tail_line.curve))
        self.caching = True
        self._history = None
        """(points in the history path, a copy of them, the pixel size they were thinned for)."""
        self.apply_theme(theme)

    def set_raised(self, raised: bool) -> None:
        """Above every other run (the explained one: where runs coincide, it is the one seen)."""
        for z, items in enumerate(self.layers):
            for item in items:
                item.setZValue(10 + z + (5 if self.concise else 0) + (20 if raised else 0))

    @property
    def halo_shown(self) -> bool:
        return self.theme.presenting and not self.concise

    def apply_theme(self, theme: Theme) -> None:
        width = theme.line_width
        style = twin_style(self.concise)
        # an opaque halo: twice as cheap to stroke as a translucent one
        halo_pen, line_pen = make_pen(theme.halo, width + 3), make_pen(self.color, width, style)
        for halo, line in ((self.halo, self.line), (self.tail_halo, self.tail_line)):
            halo.setPen(halo_pen)
            line.setPen(line_pen)
        self.markers.setPen(make_pen(theme.halo, 1))
        self.markers.setBrush(pg.mkBrush(self.color))
        self.markers.setSize(theme.marker_size)
        self.theme = theme
        self._marked = None  # restyled: everything must be set again
        self._shown = None
        self._head_state = None
        self._history = None  # the halos' data is only kept while they show: set every path again
        for halo in (self.halo, self.tail_halo):
            halo.setVisible(self.halo_shown)
        if self.concise:
            self.markers.setVisible(False)

    def set_visible(self, visible: bool) -> None:
        for item in (self.line, self.tail_line, self.head):
            item.setVisible(visible)
        for item in (self.halo, self.tail_halo):
            item.setVisible(visible and self.halo_shown)
        self.markers.setVisible(visible and not self.concise)

    def _set_path(self, halo, line, xy: np.ndarray) -> None:
        line.setData(xy[:, 0], xy[:, 1], skipFiniteCheck=True)
        if self.halo_shown:
            halo.setData(xy[:, 0], xy[:, 1], skipFiniteCheck=True)
        elif halo.xData is not None and len(halo.xData):
            halo.setData([], [])

    def set_data(self, xy: np.ndarray, steps: np.ndarray, diverged: bool, pixel=None, live: bool = False) -> None:
        """New points; what did not change (the history, the dots of the first steps, the head's style) is
        left alone. ``live``: more points are coming soon (playing), draw the newest ones as a tail."""
        if len(xy) == 0:
            for item in (self.halo, self.line, self.tail_halo, self.tail_line):
                item.setData([], [])
            self.markers.setData([], [])
            self.head.setVisible(False)
            self._marked = self._shown = self._history = None
            return
        count = len(xy)
        history = self._history
        stands = (history is not None and history[0] <= count and history[2] == pixel
                  and (count - history[0] <= self.TAIL_POINTS if live else history[0] == count)
                  and np.array_equal(xy[: history[0]], history[1]))
        if not stands:
            split = count - 1 if live and count > 2 else count
            path = xy[:split]
            kept = path[on_new_pixel(path, pixel)]
            self._set_path(self.halo, self.line, kept)
            self._history = history = (split, path.copy(), pixel)
            shown = self._pixels(kept, pixel)
            cache = self.caching and shown is not None and shown[2] <= StillCache.LARGEST_PIXELS
            for item in (self.halo.curve, self.line.curve):  # a run that flew off spans far too many pixels
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache if cache
                                  else QGraphicsItem.CacheMode.NoCache)
            self._shown = None
        split = history[0]
        if split < count:
            tail = xy[split - 1:]
            tail = tail[on_new_pixel(tail, pixel)]
            shown = self._pixels(tail, pixel)
            if shown is None or shown != self._shown:  # a tail that lands on the same pixels is left as it is
                self._set_path(self.tail_halo, self.tail_line, tail)
                self._shown = shown
                self._still.changed()
            elif shown[2] <= StillCache.LARGEST_PIXELS:
                self._still.unchanged()
        elif self._shown != "empty":
            self.tail_halo.setData([], [])
            self.tail_line.setData([], [])
            self._shown = "empty"
        x, y = xy[:, 0], xy[:, 1]
        if not self.concise:
            marked = int(np.searchsorted(steps, MARKED_STEPS, side="right"))
            signature = (marked, x[0], y[0], x[marked - 1], y[marked - 1])
            if signature != self._marked:
                self.markers.setData(x[:marked], y[:marked])
                self._marked = signature
        state = "diverged" if diverged else ("concise" if self.concise else "running")
        if state != self._head_state:
            self._style_head(state)
        # The head is one point at the origin, moved as an item: far cheaper than setData every frame.
        self.head.setPos(float(x[-1]), float(y[-1]))
        self.head.setVisible(True)

    def set_caching(self, enabled: bool) -> None:
        """The history, the step dots and the head from pixmaps (the dots change in the first
        MARKED_STEPS steps only; the head moves, which a device-coordinate cache follows)."""
        self.caching = enabled
        self._still.enabled = enabled
        if not enabled:
            self._still.changed()
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if enabled else QGraphicsItem.CacheMode.NoCache
        for item in (self.markers, self.head):
            item.setCacheMode(mode)
        if not enabled:
            for item in (self.halo.curve, self.line.curve):
                item.setCacheMode(mode)
        self._history = None  # set again, with or without a pixmap

    @staticmethod
    def _pixels(xy: np.ndarray, pixel):
        """The screen pixels a path passes through (a hashable summary), or None if unknown."""
        if pixel is None or not all(np.isfinite(pixel)) or min(pixel) <= 0:
            return None
        with np.errstate(all="ignore"):
            scaled = np.rint(xy / np.asarray(pixel, dtype=np.float64))
        extent = float(np.ptp(scaled, axis=0).max()) if len(scaled) else 0.0
        if not np.isfinite(extent) or extent > 1e9:
            return None
        cells = scaled.astype(np.int64)
        return (len(cells), cells.tobytes(), extent)

    def _style_head(self, state: str) -> None:
        theme = self.theme
        if state == "diverged":
            symbol, size, pen, brush = "x", theme.head_size, make_pen(theme.halo, 1.5), pg.mkBrush(self.color)
        elif state == "concise":  # a ring around the scratch run's head; torch's own ε: a diamond
            symbol, size = "d" if self.concise == "defaults" else "o", theme.head_size * 1.35
            pen, brush = make_pen(self.color, max(2.5, theme.line_width * 0.8)), pg.mkBrush(None)
        else:
            symbol, size, pen, brush = "o", theme.head_size, make_pen(theme.halo, 2.5), pg.mkBrush(self.color)
        self.head.setData([0.0], [0.0], symbol=symbol, size=size, pen=pen, brush=brush)
        self._head_state = state

    def remove(self, plot: pg.PlotItem) -> None:
        for item in (self.halo, self.line, self.tail_halo, self.tail_line, self.markers, self.head):
            plot.removeItem(item)


