"""An animation's frames as an unchanging background, rendered once, with what moves drawn over it.

The surface image and its contour lines are most of what a contour frame draws, and they never move
during an animation: drawn once into a background, every frame then costs half as much. A frame is
the background copied, then the view rendered with those items left out; they are painted under
everything else, so the pixels are the frame's own (tests/export/test_frame_layers.py compares).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adamviz.export import qt as qx


class StillBackground:
    """Renders a laid-out plot widget whose ``still_items()`` stay as they are, frame after frame."""

    def __init__(self, widget, size: tuple[int, int], ratio: float, background: str, render):
        self.widget, self.size, self.ratio, self.background = widget, size, ratio, background
        self._render = render
        """render(image) -> image: the whole view into the image, as without layers."""
        self.items = list(widget.still_items())
        self.image = None
        widget.surfaceUpdated.connect(self._forget)

    def _forget(self) -> None:
        self.image = None

    def _capture(self):
        """The still items alone, on the view's background."""
        keep = set(self.items)
        for item in self.items:  # their parents hold them: a parent's opacity is its children's
            parent = item.parentItem()
            while parent is not None:
                keep.add(parent)
                parent = parent.parentItem()
        others = [item for item in self.widget.scene().items() if item not in keep and item.opacity() > 0]
        with _transparent(others):
            return self._render(None).copy()

    def render(self, image=None):
        from PySide6.QtGui import QPainter

        if self.image is None:
            self.image = self._capture()
        if image is None:
            image = qx.new_image(self.size, self.background)
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(0, 0, self.image)
        painter.end()
        with _transparent(self.items), _no_background(self.widget):
            return self._render(image)


@contextmanager
def _transparent(items: list) -> Iterator[None]:
    """Items left out of a render (an item of opacity 0 is not painted; its place in the layout stays)."""
    before = [item.opacity() for item in items]
    for item in items:
        item.setOpacity(0.0)
    try:
        yield
    finally:
        for item, opacity in zip(items, before, strict=True):
            item.setOpacity(opacity)


@contextmanager
def _no_background(widget) -> Iterator[None]:
    from PySide6.QtGui import QBrush

    brush = widget.backgroundBrush()
    widget.setBackgroundBrush(QBrush())  # no brush: the background image shows through
    try:
        yield
    finally:
        widget.setBackgroundBrush(brush)
