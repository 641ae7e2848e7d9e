"""Qt plumbing for exports: an application without a screen, images and SVG of a laid-out widget.

Exports are rendered, not grabbed: a widget is laid out at a logical size
and painted into a QImage of the target pixel size whose device pixel ratio
is the quotient, so text and lines are drawn at the full resolution.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from adamviz.core.files import WriteError

SVG_DPI = 96


def ensure_app():
    """The running QApplication, or a new one (on the offscreen platform when there is no display)."""
    from adamviz.ui.app import application

    return application(headless=True)


def scale_for(size: tuple[int, int], reference: tuple[int, int]) -> tuple[tuple[int, int], float]:
    """(logical size, device pixel ratio) for ``size`` pixels: laid out near ``reference``, never below 1:1."""
    width, height = size
    ratio = max(1.0, min(width / reference[0], height / reference[1]))
    logical = (max(1, round(width / ratio)), max(1, round(height / ratio)))
    return logical, ratio


def show_offscreen(widget, logical: tuple[int, int]) -> None:
    """Lay ``widget`` out at ``logical`` size without putting it on any screen."""
    from PySide6.QtCore import Qt

    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(*logical)
    widget.show()
    process_events()


def process_events(rounds: int = 3) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()


def new_image(size: tuple[int, int], background: str):
    from PySide6.QtGui import QColor, QImage

    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(background))
    return image


def painter_on(device):
    from PySide6.QtGui import QPainter

    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    return painter


def png_bytes(image) -> bytes:
    """The image encoded as PNG, in memory: the file itself is written by Python, so its errors are real OSErrors."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", 80):  # quality 80: light zlib compression, fast for 4K
        raise WriteError("Qt could not encode the PNG image")
    buffer.close()
    return bytes(data.data())


def write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def svg_bytes(paint, size: tuple[int, int], view_box, title: str = "adamviz") -> str:
    """Qt's SVG (1.1) of what ``paint(painter)`` draws in ``view_box`` units; width and height in pixels.

    The raw text: adamviz.export.svg makes it portable (plain strokes, clipping).
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(*size))
    generator.setViewBox(view_box)
    generator.setResolution(SVG_DPI)
    generator.setTitle(title)
    generator.setDescription("exported by adamviz")
    painter = painter_on(generator)
    try:
        paint(painter)
    finally:
        painter.end()
    buffer.close()
    text = bytes(data.data()).decode("utf-8")
    return re.sub(r'<svg width="[^"]*" height="[^"]*"', f'<svg width="{size[0]}" height="{size[1]}"', text, count=1)


def pil_image(image):
    """A PIL RGB image of a Format_RGB32 QImage (one C-level copy)."""
    from PIL import Image

    return Image.frombuffer("RGB", (image.width(), image.height()), bytes(image.constBits()), "raw", "BGRX",
                            image.bytesPerLine(), 1)


def rgb_array(image) -> np.ndarray:
    """(height, width, 3) uint8 RGB copy of a Format_RGB32 QImage."""
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    bgra = raw[:, : width * 4].reshape(height, width, 4)
    return np.ascontiguousarray(bgra[..., 2::-1])
