"""Swarm mode's dots: up to 10,000 discs of one colour, moved every frame.

pyqtgraph's scatter plot takes 25 ms to be given 10,000 new positions (it works out each point's symbol
in Python), which held a swarm at 11 frames a second. These dots are stamped into a transparent layer
with numpy (a disc's mask, offset by offset, over every position at once) and the layer is drawn over
the view: 2–4 ms a frame. Into an SVG they are drawn as circles.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPaintEngine, QPainter


def disc_mask(diameter: float, samples: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dy, dx, coverage) of the pixels a disc of ``diameter`` device pixels centred on a pixel covers,
    coverage in (0, 1] measured on a samples×samples grid in each pixel (the disc's antialiased edge)."""
    radius = diameter / 2
    reach = math.ceil(radius)
    offsets = np.arange(-reach, reach + 1)
    sub = (np.arange(samples) + 0.5) / samples - 0.5
    dy, dx, coverage = [], [], []
    for y in offsets:
        for x in offsets:
            inside = ((x + sub[None, :]) ** 2 + (y + sub[:, None]) ** 2) <= radius**2
            share = float(inside.mean())
            if share > 0:
                dy.append(y)
                dx.append(x)
                coverage.append(share)
    return np.array(dy), np.array(dx), np.array(coverage, dtype=np.float32)


class SwarmDots(pg.GraphicsObject):
    def __init__(self, size: float = 5.0):
        super().__init__()
        self.size = size
        self._points = np.empty((0, 2))
        self._color = QColor("#000000")
        self._bounds = QRectF()
        self._masks: dict[float, tuple] = {}

    # ------------------------------------------------------------ data

    def setData(self, x, y) -> None:
        points = np.column_stack([np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)])
        self.prepareGeometryChange()
        self._points = points
        if len(points):
            low, high = np.nanmin(points, axis=0), np.nanmax(points, axis=0)
            self._bounds = QRectF(low[0], low[1], max(high[0] - low[0], 1e-12), max(high[1] - low[1], 1e-12))
        else:
            self._bounds = QRectF()
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self._points[:, 0].copy(), self._points[:, 1].copy()

    def setColor(self, color) -> None:
        self._color = QColor(color)
        self.update()

    def boundingRect(self) -> QRectF:
        if self._bounds.isNull():
            return QRectF()
        # The dots reach beyond their centres by half a dot of screen pixels, whatever the zoom.
        pad_x, pad_y = (self.pixelWidth() or 0.0) * self.size, (self.pixelHeight() or 0.0) * self.size
        return self._bounds.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()  # the padding above is in screen pixels

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._points):
            return
        engine = painter.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Raster:
            self._paint_layer(painter)
        else:
            self._paint_circles(painter)

    def _paint_circles(self, painter: QPainter) -> None:
        """As vectors (an SVG): one circle a dot, of the same size on the page."""
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self._color))
        radius = self.size / 2
        for x, y in self._points:
            centre = transform.map(QPointF(x, y))
            painter.drawEllipse(centre, radius, radius)
        painter.restore()

    def _paint_layer(self, painter: QPainter) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF()
        transform = painter.transform()
        area = QRectF(0, 0, device.width() / ratio, device.height() / ratio)
        if painter.hasClipping():
            area = area.intersected(transform.mapRect(painter.clipBoundingRect()))
        left, top = math.floor(area.x() * ratio), math.floor(area.y() * ratio)
        width, height = math.ceil(area.right() * ratio) - left, math.ceil(area.bottom() * ratio) - top
        if width <= 0 or height <= 0:
            return
        x, y = self._points[:, 0], self._points[:, 1]
        columns = (transform.m11() * x + transform.m21() * y + transform.dx()) * ratio - left
        rows = (transform.m12() * x + transform.m22() * y + transform.dy()) * ratio - top
        inner, edge, reach = self._mask(self.size * ratio)
        finite = np.isfinite(columns) & np.isfinite(rows)
        columns, rows = np.rint(columns[finite]).astype(np.int64), np.rint(rows[finite]).astype(np.int64)
        seen = (columns >= -reach) & (columns < width + reach) & (rows >= -reach) & (rows < height + reach)
        # A margin of twice the mask's reach all round: every offset of every dot seen lands inside, unchecked.
        margin = 2 * reach
        stride = width + 2 * margin
        centres = (rows[seen] + margin) * stride + columns[seen] + margin
        alpha = np.zeros((height + 2 * margin) * stride, dtype=np.uint8)
        offsets = inner[:, 0] * stride + inner[:, 1]
        alpha[(centres[:, None] + offsets[None, :]).ravel()] = 255  # the disc's inside, in one go
        for (dy, dx), level in edge:
            at = centres + (dy * stride + dx)
            alpha[at] = np.maximum(alpha[at], level)
        alpha = alpha.reshape(height + 2 * margin, stride)[margin:margin + height, margin:margin + width]
        pixels = np.ascontiguousarray(self._palette()[alpha])  # premultiplied ARGB, as Qt keeps it in memory
        layer = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        layer.setDevicePixelRatio(ratio)
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(left / ratio, top / ratio), layer)
        painter.restore()

    def _mask(self, diameter: float) -> tuple[np.ndarray, list, int]:
        """The disc's fully covered offsets (k, 2), its edge as ((dy, dx), alpha level) and its reach."""
        key = round(diameter, 3)
        if key not in self._masks:
            dy, dx, coverage = disc_mask(diameter)
            levels = np.rint(coverage * 255).astype(np.uint8)
            full = levels == 255
            inner = np.column_stack([dy[full], dx[full]])
            edge = [((int(a), int(b)), level) for a, b, level in zip(dy[~full], dx[~full], levels[~full], strict=True)
                    if level > 0]
            self._masks[key] = (inner, edge, int(np.abs(dy).max(initial=0)))
        return self._masks[key]

    def _palette(self) -> np.ndarray:
        """Premultiplied ARGB of the colour at each of the 256 alpha levels (its own alpha included)."""
        color = self._color
        key = color.rgba()
        if getattr(self, "_palette_of", None) != key:
            level = np.arange(256, dtype=np.float64) / 255 * color.alphaF()
            channels = [np.rint(level * value).astype(np.uint32) for value in (255, color.red(), color.green(),
                                                                                 color.blue())]
            self._lut = channels[0] << 24 | channels[1] << 16 | channels[2] << 8 | channels[3]
            self._palette_of = key
        return self._lut
