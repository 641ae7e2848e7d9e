"""The toolbar's icons, drawn in the theme's text colour: the platform's own are black, invisible on dark grey."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPixmap

SHAPES = ("play", "pause", "step", "reset", "menu")


def _path(name: str, s: float) -> QPainterPath:
    """The shape ``name`` in an s×s square."""
    path = QPainterPath()
    m = s * 0.18
    if name == "play":
        path.moveTo(m * 1.3, m)
        path.lineTo(s - m, s / 2)
        path.lineTo(m * 1.3, s - m)
        path.closeSubpath()
    elif name == "pause":
        w = (s - 2 * m) * 0.34
        path.addRect(QRectF(m, m, w, s - 2 * m))
        path.addRect(QRectF(s - m - w, m, w, s - 2 * m))
    elif name == "step":  # ▶| : one step forward
        bar = (s - 2 * m) * 0.18
        path.moveTo(m, m)
        path.lineTo(s - m - bar * 1.6, s / 2)
        path.lineTo(m, s - m)
        path.closeSubpath()
        path.addRect(QRectF(s - m - bar, m, bar, s - 2 * m))
    elif name == "reset":  # |◀◀ : back to step 0
        bar = (s - 2 * m) * 0.16
        half = (s - 2 * m - bar) / 2
        path.addRect(QRectF(m, m, bar, s - 2 * m))
        for left in (m + bar, m + bar + half):
            path.moveTo(left + half, m)
            path.lineTo(left, s / 2)
            path.lineTo(left + half, s - m)
            path.closeSubpath()
    elif name == "menu":  # ☰
        h = (s - 2 * m) * 0.16
        for i in range(3):
            top = m + i * (s - 2 * m - h) / 2
            path.addRoundedRect(QRectF(m, top, s - 2 * m, h), h / 2, h / 2)
    else:
        raise KeyError(name)
    return path


def icon(name: str, color: str, size: int = 64) -> QIcon:
    """``name`` (one of SHAPES) filled with ``color``, crisp at toolbar sizes and on 2× screens."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.translate(QPointF(0, 0))
    painter.drawPath(_path(name, float(size)))
    painter.end()
    return QIcon(pixmap)
