"""Messages for the user, as a banner over the views: seen in every mode, presentation mode included.

An error stays until it is clicked away or replaced (or 15 s); a notice
("saved …") goes after 6 s. The banner follows the window's type size and
never covers the toolbar.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from adamviz.model import Message

NOTICE_S = 6.0
ERROR_S = 15.0


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("message-banner")
        self.label = QLabel()
        self.label.setObjectName("message-text")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.message: Message | None = None
        self.hide()

    def show_message(self, message: Message | None) -> None:
        self.message = message
        if message is None:
            self.hide()
            return
        self.setProperty("error", message.error)
        if message.error:
            style = "#message-banner { background: #FBE3D6; border: 2px solid #D55E00; border-radius: 8px; }"
        else:
            style = "#message-banner { background: #DCEFE8; border: 2px solid #009E73; border-radius: 8px; }"
        self.setStyleSheet(style + " #message-text { color: #1b1b1b; }")
        # a path may break after any slash: a long one must not be cut off at the banner's edge
        self.label.setText(message.text.replace("/", "/\u200b"))
        self._timer.start(int(1000 * (ERROR_S if message.error else NOTICE_S)))
        self.place()
        self.show()
        self.raise_()

    def text(self) -> str:
        return self.message.text if self.isVisible() and self.message is not None else ""

    anchor: QWidget | None = None
    """What the banner sits over (the views), inside its parent; None: the whole parent."""

    def place(self) -> None:
        """Centred at the top of its anchor, as wide as its text needs and at most 90% of the anchor."""
        parent, over = self.parentWidget(), self.anchor
        self.label.setFont(parent.font())  # a styled widget keeps the font it was polished with
        area = over.geometry() if over is not None and over.isVisible() else parent.rect()
        if over is not None and over.parentWidget() is not parent:
            area.moveTopLeft(over.mapTo(parent, over.rect().topLeft()))
        margins = self.layout().contentsMargins()
        room = max(200, int(area.width() * 0.9)) - margins.left() - margins.right()
        natural = self.label.fontMetrics().horizontalAdvance(self.message.text if self.message else "") + 8
        label_width = min(natural, room)
        height = self.label.heightForWidth(label_width)
        self.label.setFixedSize(label_width, max(height, self.label.fontMetrics().height()))
        self.resize(label_width + margins.left() + margins.right(),
                    self.label.height() + margins.top() + margins.bottom())
        self.move(max(0, area.left() + (area.width() - self.width()) // 2), area.top() + 10)

    def mousePressEvent(self, event) -> None:
        self.hide()
