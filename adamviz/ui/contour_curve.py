"""The contour view for a function of one parameter (§7.1, §7.2): the curve f(x), drawn as the book draws it,
with each run's iterates at (x, f(x)) on it, the step's parts as arrows along x, and the start a square that
slides along the curve.

A mixin of ContourView: it provides problem, theme, the plot, the start handle, the minimum and ``_follow``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

CURVE_POINTS = 1500
"""Samples of f across the visible x range (and a quarter beyond each side): smooth at 4K."""
FOLLOW_SPAN = 6.0
"""While it follows the runs, the view grows to at most this many times the home view's width: x² with η = 1.1
is seen whole (to ±62), a run off to −10⁶ leaves the picture instead of squashing the curve flat."""


class CurveView:
    """What ContourView does on a curve."""

    def _make_curve(self) -> None:
        self.curve_line = pg.PlotDataItem()
        self.curve_line.setZValue(-10)
        self.curve_line.setVisible(False)
        self.getPlotItem().addItem(self.curve_line, ignoreBounds=True)

    def _style_curve(self) -> None:
        self.curve_line.setPen(pg.mkPen(self.theme.foreground, width=max(1.5, self.theme.line_width * 0.75)))

    def _show_curve_problem(self, problem) -> None:
        """A curve instead of a surface: its own axes (x and f(x) differ in scale), the minima on it."""
        self.setAspectLocked(problem is not None and not problem.curve)
        curve = problem is not None and problem.curve
        self.curve_line.setVisible(curve)
        self.image.setVisible(not curve)
        self.contours.setVisible(not curve)
        if curve:
            minima = np.asarray(problem.minima, dtype=np.float64).reshape(-1)
            self.minimum.setData(minima, problem.curve_at(minima))

    def on_curve(self, points: np.ndarray) -> np.ndarray:
        """Points (n, 1) of x as (n, 2) of (x, f(x)): where the view draws them."""
        x = np.asarray(points, dtype=np.float64).reshape(-1)
        with np.errstate(all="ignore"):
            return np.column_stack([x, self.problem.curve_at(x)])

    def _draw_curve(self, x_range: tuple[float, float]) -> None:
        x = np.linspace(x_range[0], x_range[1], CURVE_POINTS)
        with np.errstate(all="ignore"):
            self.curve_line.setData(x, self.problem.curve_at(x))

    def _fit_curve_tracks(self, tracks: dict) -> None:
        """While the view follows: grow it to every iterate (the book's pictures show a diverging run whole)."""
        chunks = [self.on_curve(track.drawn()[1]) for track in tracks.values() if track.received]
        if not chunks:
            return
        points = np.vstack(chunks)
        home = self.problem.view.x
        middle, reach = (home[0] + home[1]) / 2, FOLLOW_SPAN * (home[1] - home[0]) / 2
        points = points[np.isfinite(points).all(axis=1) & (np.abs(points[:, 0] - middle) <= reach)]
        if not len(points):
            return
        vb = self.getPlotItem().vb
        (x0, x1), (y0, y1) = vb.viewRange()
        low, high = points.min(axis=0), points.max(axis=0)
        if low[0] >= x0 and high[0] <= x1 and low[1] >= y0 and high[1] <= y1:
            return
        span = np.maximum(high - low, 1e-9)
        low, high = np.minimum(low - 0.08 * span, [x0, y0]), np.maximum(high + 0.08 * span, [x1, y1])
        vb.setRange(xRange=(low[0], high[0]), yRange=(low[1], high[1]), padding=0)

    def _show_curve_start(self, point) -> None:
        x = float(point[0])
        with np.errstate(all="ignore"):
            self.start_handle.setPos(x, float(self.problem.curve_at(np.array([x]))[0]))
