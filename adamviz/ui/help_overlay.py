"""The keyboard shortcuts, over everything below the toolbar, built from the action table.

A real overlay: it covers the views (dimming them) instead of taking a pane
of the layout, its type follows the window's (20 pt in presentation mode),
and when its rows do not fit the height it sets them in two columns. Any key
or click closes it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from adamviz.core.text import translate
from adamviz.ui.actions import help_rows

SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
"""The type sizes tried, of the window's, until the table fits the window."""


class HelpOverlay(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("help-overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#help-overlay { background: rgba(10, 12, 16, 150); }"
                           "#help-card { background: rgba(24, 26, 31, 240); border-radius: 14px; }"
                           "#help-card QLabel { color: white; background: transparent; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card = QFrame(self)
        self.card.setObjectName("help-card")
        self.title = QLabel("<b>" + translate("help", "Keyboard") + "</b>")
        self.table = QLabel()
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.hint = QLabel(translate("help", "Press any key or click to close."))
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(32, 22, 32, 22)
        layout.setSpacing(10)
        for widget in (self.title, self.table, self.hint):
            layout.addWidget(widget)
        self.rows = help_rows()
        self._columns = 0
        self._fitting = False
        self.hide()

    def text(self) -> str:
        """Every key and what it does, as plain text."""
        return "\n".join(f"{keys}: {what}" for keys, what in self.rows)

    def open(self) -> None:
        self._fit()
        self.show()
        self.raise_()
        self.setFocus()

    def _fit(self) -> None:
        self._fitting = True  # its own font changes (a size smaller) must not start another fit
        try:
            self._fit_now()
        finally:
            self._fitting = False

    def _fit_now(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(0, 0, parent.width(), parent.height())
        room_width, room_height = self.width() - 16, self.height() - 16
        # A widget with a style sheet keeps the font it was polished with: hand on the window's (20 pt when
        # presenting) explicitly. One column, else two; if two are wider than the screen (20 pt on 1366×768),
        # the same a size smaller, never clipped.
        base = parent.font()
        for scale in SCALES:
            font = QFont(base)
            if base.pointSizeF() > 0:
                font.setPointSizeF(base.pointSizeF() * scale)
            for widget in (self, self.card, self.title, self.table, self.hint):
                widget.setFont(font)
            self._columns = 0
            for columns in (1, 2):
                self._fill(columns)
                self.card.adjustSize()
                hint = self.card.sizeHint()
                if hint.height() <= room_height and hint.width() <= room_width:
                    break
            if hint.height() <= room_height and hint.width() <= room_width:
                break
        card = self.card
        card.resize(min(hint.width(), room_width), min(hint.height(), room_height))
        card.move(max(8, (self.width() - card.width()) // 2), max(8, (self.height() - card.height()) // 2))

    def _fill(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        per_column = -(-len(self.rows) // columns)
        cells = []
        for start in range(0, len(self.rows), per_column):
            chunk = self.rows[start:start + per_column]
            cells.append("".join(f"<tr><td style='padding-right:18px; white-space:nowrap'><b>{html.escape(k)}</b></td>"
                                 f"<td style='padding-right:36px'>{html.escape(w)}</td></tr>" for k, w in chunk))
        body = "".join(f"<td valign='top'><table cellspacing='5'>{cell}</table></td>" for cell in cells)
        self.table.setText(f"<table><tr>{body}</tr></table>")

    def refit(self) -> None:
        if self.isVisible() and not self._fitting:
            self._columns = 0
            self._fit()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:  # every key is this overlay's: it closes it
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        self.closed.emit()

    def mousePressEvent(self, event) -> None:
        self.closed.emit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.refit()
