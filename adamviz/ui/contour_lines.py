"""The surface's contour lines: one curve, its lines separated by NaN rows.

Antialiased into a picture (an export), one long path of translucent lines wider than a device pixel is
slow in Qt's rasterizer: 140 ms at 1920×1080 and 450 ms at 3840×2160 for toy2's twenty levels, most of
a still export's own work. Separate opaque segments are fast (7 ms), but translucent ones darken where
they meet. So into a raster picture the lines are drawn as opaque segments on a transparent layer, which
is then laid over the picture at the pen's opacity: what the translucent path gives, in a tenth of the
time. SVG and the window (not antialiased, one device pixel or two) keep the path.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter, QPen, QTransform


class ContourLines(pg.PlotCurveItem):
    def __init__(self):
        super().__init__(connect="finite")

    def paint(self, painter: QPainter, option, widget=None) -> None:
        exporting = self._exportOpts is not False and self._exportOpts.get("antialias", False)
        raster = painter.paintEngine() is not None and painter.paintEngine().type() == QPaintEngine.Type.Raster
        if not exporting or not raster or self.xData is None or len(self.xData) < 2:
            super().paint(painter, option, widget)
            return
        area = self._device_area(painter)
        if area.isEmpty():
            return
        ratio = painter.device().devicePixelRatioF()
        layer = QImage(math.ceil(area.width() * ratio), math.ceil(area.height() * ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        layer.setDevicePixelRatio(ratio)
        layer.fill(Qt.GlobalColor.transparent)
        on_layer = QPainter(layer)
        on_layer.setTransform(painter.transform() * QTransform.fromTranslate(-area.x(), -area.y()))
        pen = QPen(self.opts["pen"])
        opacity = pen.color().alphaF()
        opaque = pen.color()
        opaque.setAlpha(255)
        pen.setColor(opaque)
        saved = self.opts["pen"], self.opts["segmentedLineMode"]
        self.opts["pen"], self.opts["segmentedLineMode"] = pen, "on"
        try:
            super().paint(on_layer, option, widget)
        finally:
            self.opts["pen"], self.opts["segmentedLineMode"] = saved
            on_layer.end()
        painter.save()
        painter.resetTransform()
        painter.setOpacity(painter.opacity() * opacity)
        painter.drawImage(area.topLeft(), layer)
        painter.restore()

    def _device_area(self, painter: QPainter) -> QRectF:
        """Where the lines can show, in the painter's device-independent pixels: their bounds, within the clip
        and the picture."""
        device = painter.device()
        ratio = device.devicePixelRatioF()
        area = painter.transform().mapRect(self.boundingRect())
        if painter.hasClipping():
            area = area.intersected(painter.transform().mapRect(painter.clipBoundingRect()))
        area = area.intersected(QRectF(0, 0, device.width() / ratio, device.height() / ratio))
        return QRectF(math.floor(area.x()), math.floor(area.y()), math.ceil(area.width()) + 1,
                      math.ceil(area.height()) + 1)
