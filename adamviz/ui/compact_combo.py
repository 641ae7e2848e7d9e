"""A drop-down for a narrow panel: a long choice is cut with an ellipsis where it is shown (not mid-word with
no sign that more follows), and its list opens wide enough to read every choice whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QToolTip


class CompactComboBox(QComboBox):
    def __init__(self, characters: int = 24, parent=None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(characters)

    def shown_text(self) -> str:
        """The current choice as the closed box shows it: whole, or cut with "…" to the box's width."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, max(0, field.width()))

    def paintEvent(self, event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.shown_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.shown_text() != self.currentText():
            # a cut choice is read whole in its tooltip, above what the box is for
            said = "\n\n".join(text for text in (self.currentText(), self.toolTip()) if text)
            QToolTip.showText(event.globalPos(), said, self)
            return True
        return super().event(event)

    def list_width(self) -> int:
        """The open list's width: its longest choice whole, within the screen."""
        metrics = self.view().fontMetrics()
        longest = max((metrics.horizontalAdvance(self.itemText(index)) for index in range(self.count())), default=0)
        return max(self.width(), min(longest + 48, self.screen().availableGeometry().width() - 40))

    def showPopup(self) -> None:
        self.view().setMinimumWidth(self.list_width())
        super().showPopup()
