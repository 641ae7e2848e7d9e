"""The parts of one step drawn on the surface where the step starts: −η·g, the moment, the per-coordinate
scale (the 1/√ŝ box) and the step Δx actually taken."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem

from adamviz.core.optimizers import get_optimizer
from adamviz.ui.run_glyphs import make_pen
from adamviz.ui.theme import Theme


class Arrow:
    """A line from a point along a vector, with a head at the tip."""

    def __init__(self, plot: pg.PlotItem, z: float):
        self.line = pg.PlotDataItem()
        self.head = pg.ArrowItem(headLen=14, tipAngle=35, tailLen=0)
        for item in (self.line, self.head):
            item.setZValue(z)
            plot.addItem(item, ignoreBounds=True)
        self.hide()

    def style(self, color: str, width: float, dashed: bool = False) -> None:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        self.line.setPen(make_pen(color, width, style))
        self.head.setStyle(brush=pg.mkBrush(color), pen=make_pen(color, 1), headLen=10 + 2 * width)

    def show(self, origin: np.ndarray, vector: np.ndarray, pixel=(1.0, 1.0)) -> None:
        """An arrow from ``origin`` along ``vector`` (view coordinates); ``pixel``: the view's size of a screen
        pixel, (x, y), where the head's angle is taken (a curve's axes are not to the same scale)."""
        if not np.isfinite(vector).all() or not np.any(vector):
            self.hide()
            return
        on_screen = np.asarray(vector, dtype=np.float64) / np.asarray(pixel, dtype=np.float64)
        tip = origin + vector
        self.line.setData([origin[0], tip[0]], [origin[1], tip[1]])
        # ArrowItem points left at angle 0 and turns clockwise on screen (y down).
        self.head.setStyle(angle=180 - np.degrees(np.arctan2(on_screen[1], on_screen[0])))
        self.head.setPos(*tip)
        self.line.setVisible(True)
        # an arrow shorter than a few pixels has no direction to show: a head there only blots the run's dot
        self.head.setVisible(bool(np.isfinite(on_screen).all() and np.hypot(*on_screen) >= 4.0))

    def hide(self) -> None:
        self.line.setVisible(False)
        self.head.setVisible(False)


class StepOverlay:
    """The parts of one step drawn where it starts: −η·g, the moment, the per-coordinate scale, Δx."""

    def __init__(self, plot: pg.PlotItem):
        self.gradient = Arrow(plot, 50)
        self.moment = Arrow(plot, 51)
        self.step = Arrow(plot, 52)
        self.box = QGraphicsRectItem()
        self.box.setZValue(49)
        plot.addItem(self.box, ignoreBounds=True)
        self.box.setVisible(False)
        self.view_box = plot.vb
        self._box_rect: tuple[float, float, float, float] | None = None
        self.box_too_big = False
        self._fill = pg.mkBrush(None)
        plot.vb.sigRangeChanged.connect(lambda *_: self._place_box())

    def style(self, theme: Theme, color: str) -> None:
        width = max(2.0, theme.line_width * 0.9)
        self.gradient.style(theme.foreground, width, dashed=True)
        self.moment.style(color, width, dashed=True)
        self.step.style(color, width + 1.5)
        fill = QColor(color)
        fill.setAlpha(40)
        self.box.setPen(make_pen(color, max(1.5, width * 0.6)))
        self._fill = pg.mkBrush(fill)
        self.box.setBrush(self._fill)

    def hide(self) -> None:
        for arrow in (self.gradient, self.moment, self.step):
            arrow.hide()
        self._box_rect = None
        self.box.setVisible(False)

    def show(self, parts, to_plane, to_plane_vector, shown: dict[str, bool]) -> None:
        """``parts``: a worker.StepParts; ``to_plane``/``to_plane_vector`` map points/vectors to the view."""
        values, hp = parts.parts, parts.hyperparams
        origin = to_plane(parts.before)
        pixel = self.view_box.viewPixelSize()
        if not (np.isfinite(pixel).all() and min(pixel) > 0):
            pixel = (1.0, 1.0)
        picture = get_optimizer(parts.key[0]).picture  # what its module says each part means
        if shown.get("gradient") and picture.gradient and "g" in values and "lr" in hp:
            self.gradient.show(origin, to_plane_vector(-hp["lr"] * values["g"]), pixel)
        else:
            self.gradient.hide()
        moment = picture.moment(values, hp) if picture.moment is not None else None
        if shown.get("moment") and moment is not None:
            self.moment.show(origin, to_plane_vector(moment), pixel)
        else:
            self.moment.hide()
        if shown.get("step"):
            self.step.show(origin, to_plane(parts.after) - origin, pixel)
        else:
            self.step.hide()
        reach = picture.scale(values, hp) if shown.get("scale") and picture.scale is not None else None
        if reach is not None:  # RAdam has no scale before it rectifies
            reach = np.asarray(reach, dtype=np.float64)
            corners = [to_plane_vector(reach * np.array(sign)) for sign in self._signs(len(reach))]
            half = np.abs(np.array(corners)).max(axis=0)
            x0, y0 = origin - half
            x1, y1 = origin + half
            if np.isfinite([x0, y0, x1, y1]).all():
                self._box_rect = (x0, y0, x1, y1)
                self._place_box()
                return
        self._box_rect = None
        self.box.setVisible(False)

    def _place_box(self) -> None:
        """The box cut to the view and a margin around it. Near a minimum ŝ is tiny and the box dwarfs the
        view: uncut, each new step moves its (unseen) edges and repaints the whole view, every layer,
        every frame; cut, it is the same rectangle until an edge comes within sight."""
        if self._box_rect is None:
            return
        x0, y0, x1, y1 = self._box_rect
        (vx0, vx1), (vy0, vy1) = self.view_box.viewRange()
        # Near a plateau ŝ is tiny and the box would be larger than the view: it would only hide what it
        # stands on (the well the run is heading for), so it is not drawn (the step panel still says its size).
        self.box_too_big = x1 - x0 > 0.9 * (vx1 - vx0) or y1 - y0 > 0.9 * (vy1 - vy0)
        self.box.setVisible(not self.box_too_big)
        if self.box_too_big:
            return
        # A small box reads best filled; a large one, only outlined, lets the surface under it show (the well).
        large = x1 - x0 > 0.15 * (vx1 - vx0) or y1 - y0 > 0.15 * (vy1 - vy0)
        self.box.setBrush(pg.mkBrush(None) if large else self._fill)
        mx, my = 0.25 * (vx1 - vx0), 0.25 * (vy1 - vy0)  # the edges stay out of sight while panning
        x0, x1 = max(x0, vx0 - mx), min(x1, vx1 + mx)
        y0, y1 = max(y0, vy0 - my), min(y1, vy1 + my)
        if x1 < x0 or y1 < y0:  # entirely out of view
            x0 = x1 = vx1 + mx
            y0 = y1 = vy1 + my
        self.box.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    @staticmethod
    def _signs(dim: int):
        if dim == 2:
            return [(1, 0), (0, 1)]
        return [tuple(1.0 if i == k else 0.0 for i in range(dim)) for k in range(dim)]
