"""The line under the views: each optimizer's loss at the current step (or why it stopped), or the swarm's state.

One entry per optimizer, its torch.optim twin's loss in the same entry, so
twelve runs still fit; entries wrap onto a second line rather than being cut,
and never break inside. It paints its own text: a label would ask the whole
window to lay itself out again at every new loss (ten or more times a second
while playing), where this asks only when its number of lines changes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget

from adamviz.core.text import phrase_gap, translate
from adamviz.model.readout import Readout
from adamviz.ui.theme import optimizer_color

MARGINS = (8, 2, 8, 3)


class StatusLine(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("status-line")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        self._document.setDefaultFont(self.font())
        self._html = ""
        self._plain = ""
        self._base: QFont | None = None
        self._scale: float | None = None
        self._height = 0
        self._fit()

    # ------------------------------------------------------------ what it says

    def show_readout(self, readout: Readout) -> None:
        self._plain = readout.status
        self._set_scale(0.8 if len(readout.runs) > 3 else 1.0)  # six optimizers and their twins: two lines
        if readout.swarm is not None:
            pieces = readout.swarm.pieces()
            entries = [f"{self._dot(readout.swarm.optimizer)} {html.escape(pieces[0])}",
                       *(html.escape(piece) for piece in pieces[1:])]
        elif not readout.runs:
            entries = [html.escape(translate("status_line", "no optimizer selected"))]
        else:
            # (the floor is labelled on the loss plot: here it would push the runs onto a second line)
            entries = [f"{self._dot(reading.optimizer)} {html.escape(reading.text)}" for reading in readout.runs]
        spans = [f"<span style='white-space:nowrap'>{entry}</span>" for entry in entries]
        if readout.swarm is not None:  # the swarm's pieces are one sentence, breakable between them
            gaps = [phrase_gap(piece, " ", "\u200b") for piece in pieces[:-1]]
            text = "".join(span + gap for span, gap in zip(spans, [*gaps, ""], strict=True))
        else:
            text = "&nbsp;&nbsp; ".join(spans)
        if text != self._html:
            self._html = text
            color = self.palette().color(QPalette.ColorRole.WindowText).name()
            self._document.setHtml(f"<div style='color:{color}'>{text}</div>")
            self._fit()
            self.update()

    def text(self) -> str:
        """What it shows, as HTML."""
        return self._html

    def plain_text(self) -> str:
        """What the line says, without the markup."""
        return self._plain

    @staticmethod
    def _dot(optimizer: str) -> str:
        return f"<span style='color:{optimizer_color(optimizer)}'>●</span>"

    # ------------------------------------------------------------ type and size

    def set_base_font(self, font: QFont) -> None:
        """The window's type (20 pt when presenting); many runs are read out a little smaller."""
        self._base = QFont(font)
        scale, self._scale = self._scale, None
        self._set_scale(1.0 if scale is None else scale)  # at once: entering F11 must not wait for a step

    def _set_scale(self, scale: float) -> None:
        if scale == self._scale or self._base is None:
            return
        self._scale = scale
        font = QFont(self._base)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)
        self._document.setDefaultFont(font)
        self._fit()

    def _fit(self) -> None:
        """Lay the text out at the width there is; ask the window for room only if the height changed."""
        left, top, right, bottom = MARGINS
        self._document.setTextWidth(max(1, self.width() - left - right))
        lines = max(self.fontMetrics().height(), int(self._document.size().height()))
        height = lines + top + bottom
        if height != self._height:
            self._height = height
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(200, self._height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._document.setDefaultFont(self.font())
            self._fit()
        if event.type() == event.Type.PaletteChange and self._html:
            html_text, self._html = self._html, ""
            color = self.palette().color(QPalette.ColorRole.WindowText).name()
            self._document.setHtml(f"<div style='color:{color}'>{html_text}</div>")
            self._html = html_text
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        left, top, _, _ = MARGINS
        painter.translate(left, top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette()
        self._document.documentLayout().draw(painter, context)
        painter.end()
