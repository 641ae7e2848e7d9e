"""The line under the views: each optimizer's loss at the current step (or why it stopped), or the swarm's state.

One entry per optimizer, its torch.optim twin's loss in the same entry, so
twelve runs still fit; entries wrap onto a second line rather than being cut,
and never break inside.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from adamviz.model.readout import Readout
from adamviz.ui.theme import optimizer_color


class StatusLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("status-line")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setContentsMargins(8, 2, 8, 3)
        self._plain = ""

    def show_readout(self, readout: Readout) -> None:
        self._plain = readout.status
        self._set_scale(0.8 if len(readout.runs) > 3 else 1.0)  # six optimizers and their twins: two lines
        if readout.swarm is not None:
            pieces = readout.swarm.pieces()
            entries = [f"{self._dot(readout.swarm.optimizer)} {html.escape(pieces[0])}",
                       *(html.escape(piece) for piece in pieces[1:])]
        elif not readout.runs:
            entries = ["no optimizer selected"]
        else:
            # (the floor is labelled on the loss plot: here it would push the runs onto a second line)
            entries = [f"{self._dot(reading.optimizer)} {html.escape(reading.text)}" for reading in readout.runs]
        text = "&nbsp;&nbsp; ".join(f"<span style='white-space:nowrap'>{entry}</span>" for entry in entries)
        if text != self.text():
            self.setText(text)

    def set_base_font(self, font) -> None:
        """The window's type (20 pt when presenting); many runs are read out a little smaller."""
        self._base = font
        self._scale = None

    def _set_scale(self, scale: float) -> None:
        if scale == getattr(self, "_scale", None) or getattr(self, "_base", None) is None:
            return
        self._scale = scale
        font = self._base.__class__(self._base)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)

    @staticmethod
    def _dot(optimizer: str) -> str:
        return f"<span style='color:{optimizer_color(optimizer)}'>●</span>"

    def plain_text(self) -> str:
        """What the line says, without the markup."""
        return self._plain
