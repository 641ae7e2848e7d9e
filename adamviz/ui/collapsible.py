"""A group that opens and closes on a click of its header.

superqt's QCollapsible did this, but importing superqt builds every one of its widgets (about 90 ms, a
sixth of the window's own start-up) for this one header and a hidden box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget


class Collapsible(QWidget):
    """A header button with an arrow, and the widgets below it shown only while it is open."""

    ARROWS = ("▶", "▼")  # closed, open: big enough to see it opens, on a projector too
    toggled = Signal(bool)

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._text = text
        self._header = QPushButton()
        self._header.setCheckable(True)
        self._header.setFlat(True)
        self._header.setCursor(Qt.CursorShape.PointingHandCursor)
        self._header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._header.setStyleSheet("QPushButton { text-align: left; border: none; padding: 3px 0px; }")
        self._header.toggled.connect(self._set_open)
        self._content = QWidget()
        self._content.setLayout(QVBoxLayout())
        self._content.layout().setContentsMargins(0, 0, 0, 0)
        self._content.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(self._content)
        self._show_text()

    def toggleButton(self) -> QPushButton:
        return self._header

    def content(self) -> QWidget:
        return self._content

    def addWidget(self, widget: QWidget) -> None:
        self._content.layout().addWidget(widget)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self._content.layout().insertWidget(index, widget)

    def removeWidget(self, widget: QWidget) -> None:
        self._content.layout().removeWidget(widget)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self._show_text()

    def isExpanded(self) -> bool:
        return self._header.isChecked()

    def expand(self) -> None:
        self._header.setChecked(True)

    def collapse(self) -> None:
        self._header.setChecked(False)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a button with a style sheet keeps the palette of before
            self._header.setPalette(self.palette())

    def _set_open(self, opened: bool) -> None:
        self._content.setVisible(opened)
        self._show_text()
        self.toggled.emit(opened)

    def _show_text(self) -> None:
        self._header.setText(f"{self.ARROWS[self.isExpanded()]}  {self._text}")
