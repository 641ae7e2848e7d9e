"""The bar above the views: transport, speed and the step counter always; the other actions while they fit.

Not a QToolBar, whose overflow "»" hides whatever does not fit, the step
counter included. Here Play, Step, Reset, the speed and the counter always
show; the other actions are buttons in their order of priority while there is
room, and the rest are in the bar's menu button (☰), which in presentation
mode also holds the menus the hidden menu bar had.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSizePolicy, QSlider, QToolButton, QWidget

from adamviz.core.text import translate
from adamviz.model.readout import SPEEDS, counter_text, speed_text
from adamviz.ui.actions import ACTIONS


def counter_sample(epochs: bool) -> str:
    """The counter keeps room for this much ("step 88888", "step 88888  ·  epoch 88.88" for problems with
    epochs), in the words it shows: it grows while playing and must never push the bar about."""
    return counter_text(88888, 88.88 if epochs else None)


class TransportBar(QWidget):
    speedChosen = Signal(int)
    """The user moved the speed slider to this stop."""

    def __init__(self, actions: dict[str, QAction], parent=None):
        super().__init__(parent)
        self.setObjectName("transport")
        self.setAutoFillBackground(True)
        # Its width is the window's to give: the bar fits itself into it (relayout), never the reverse.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.actions_by_id = actions
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for item in ACTIONS:
            if item.transport:
                self.buttons[item.id] = self._button(actions[item.id])
                layout.addWidget(self.buttons[item.id])
        layout.addSpacing(8)
        self.speed_title = QLabel(translate("toolbar", "Speed"))
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setToolTip(translate("toolbar", "speed: from one step a second to as fast as the machine goes "
                                                  "(+ / −)"))
        self.speed.setAccessibleName(translate("toolbar", "speed"))
        self.speed.valueChanged.connect(self.speedChosen)
        self.speed_label = QLabel()
        for widget in (self.speed_title, self.speed, self.speed_label):
            layout.addWidget(widget)
        layout.addSpacing(12)
        self.counter = QLabel()
        self.counter.setObjectName("step-counter")
        font = self.counter.font()
        font.setBold(True)
        self.counter.setFont(font)
        layout.addWidget(self.counter)
        self.activity = QLabel()
        self.activity.setObjectName("engine-activity")
        self.activity.setEnabled(False)
        # what the engine is busy with takes the room that is left, and never moves the bar about
        self.activity.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.activity, 1)
        self.optional: list[tuple[int, QToolButton]] = []
        for item in sorted((a for a in ACTIONS if a.bar is not None), key=lambda a: a.bar):
            button = self._button(actions[item.id], text_only=True)
            self.optional.append((item.bar, button))
            self.buttons[item.id] = button
        for item in ACTIONS:  # on the bar in the table's order, whatever their priority
            if item.bar is not None:
                layout.addWidget(self.buttons[item.id])
        self.more = QToolButton()
        self.more.setObjectName("more")
        self.more.setText(translate("toolbar", "Menu"))
        self.more.setToolTip(translate("toolbar", "every action and menu"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_menu = QMenu(self.more)
        self.more.setMenu(self.more_menu)
        layout.addWidget(self.more)
        self.menus: list[QMenu] = []
        """The window's menus, offered in the bar's menu while the menu bar is hidden."""
        self.menus_in_bar = False
        self.counter_sample = counter_sample(False)
        self.set_speed(0)

    def _button(self, action: QAction, text_only: bool = False) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly if text_only
                                  else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space plays; it must not press a focused button
        return button

    # ------------------------------------------------------------ what it shows

    def set_speed(self, index: int) -> None:
        self.speed.blockSignals(True)
        self.speed.setValue(index)
        self.speed.blockSignals(False)
        self.speed_label.setText(speed_text(SPEEDS[index]))

    def set_counter(self, text: str, activity: str = "") -> None:
        """The current step ("step 300 · epoch 2.00") and what the engine is busy with ("replaying…")."""
        if activity != self.activity.text():
            self.activity.setText(activity)
        if text == self.counter.text():
            return
        wider = self.counter.fontMetrics().horizontalAdvance(text) > self.counter.minimumWidth()
        self.counter.setText(text)
        if wider:
            self.relayout()

    def set_epochs(self, epochs: bool) -> None:
        """Whether the counter also says the epoch (the room it keeps depends on it)."""
        sample = counter_sample(bool(epochs))
        if sample != self.counter_sample:
            self.counter_sample = sample
            self.relayout()

    def set_menus(self, menus: list[QMenu], in_bar: bool) -> None:
        """The window's menus, and whether they are reached from here (presentation mode hides the menu bar)."""
        self.menus = menus
        self.menus_in_bar = in_bar
        self.relayout()

    def set_icon_size(self, pixels: int) -> None:
        for button in self.findChildren(QToolButton):
            button.setIconSize(QSize(pixels, pixels))
        self.relayout()

    # ------------------------------------------------------------ adapting to the width

    def relayout(self) -> None:
        """Show the optional buttons, by priority, while they fit; the rest (and the menus, when the menu bar
        is hidden) go to the bar's menu, which shows only when it has something."""
        metrics = QFontMetrics(self.counter.font())
        play = self.buttons["play"]  # as wide as "Pause": pressing Play must not move the rest of the bar
        play.setMinimumWidth(0)
        play.setMaximumWidth(16777215)
        own = play.fontMetrics()
        padding = play.sizeHint().width() - own.horizontalAdvance(play.text())
        words = (translate("toolbar", "Pause"), translate("toolbar", "Play"), play.text())
        play.setFixedWidth(padding + max(own.horizontalAdvance(word) for word in words))
        self.speed_label.setMinimumWidth(metrics.horizontalAdvance(speed_text(5000) + " "))
        self.counter.setMinimumWidth(max(metrics.horizontalAdvance(self.counter_sample),
                                         metrics.horizontalAdvance(self.counter.text())) + 8)
        # The always-shown part gives way first where it can: the word "Speed", then the slider's length.
        self.speed_title.setVisible(True)
        self.speed.setFixedWidth(max(90, metrics.horizontalAdvance("M") * 7))
        room = self.width() - self._fixed_width() - 8
        if room < 0:
            self.speed_title.setVisible(False)
            room = self.width() - self._fixed_width() - 8
        if room < 0:
            self.speed.setFixedWidth(max(70, self.speed.maximumWidth() + room))
            room = self.width() - self._fixed_width() - 8
        spacing = self.layout().spacing()
        ordered = [button for _, button in sorted(self.optional, key=lambda pair: pair[0])]
        shown = []
        for button in ordered:
            width = button.sizeHint().width() + spacing
            if width > room:
                break
            shown.append(button)
            room -= width
        hidden = ordered[len(shown):]
        if hidden and not self.menus_in_bar:  # the menu button needs room too
            room -= self.more.sizeHint().width() + spacing
            while shown and room < 0:
                button = shown.pop()
                hidden.insert(0, button)
                room += button.sizeHint().width() + spacing
        for button in ordered:
            button.setVisible(button in shown)
        self.more_menu.clear()
        for button in hidden:
            self.more_menu.addAction(button.defaultAction())
        if self.menus_in_bar:
            if hidden:
                self.more_menu.addSeparator()
            for menu in self.menus:
                self.more_menu.addMenu(menu)
        self.more.setVisible(bool(hidden) or self.menus_in_bar)

    def _fixed_width(self) -> int:
        """What the always-shown part of the bar takes: margins, transport, speed, the counter's room."""
        layout = self.layout()
        margins, spacing = layout.contentsMargins(), layout.spacing()
        widgets = [b for b in self.buttons.values() if not self._optional(b)]
        widgets += [w for w in (self.speed_title, self.speed_label) if w.isVisibleTo(self)]
        width = margins.left() + margins.right() + 8 + 12
        width += sum(max(w.sizeHint().width(), w.minimumWidth()) + spacing for w in widgets)
        width += self.speed.maximumWidth() + spacing
        if self.menus_in_bar:  # then the menu button is always there
            width += self.more.sizeHint().width() + spacing
        return width + max(self.counter.minimumWidth(), self.counter.sizeHint().width()) + spacing

    def _optional(self, button: QToolButton) -> bool:
        return any(button is b for _, b in self.optional)

    def hidden_actions(self) -> list[str]:
        """Ids of the optional actions that are in the bar's menu instead of on the bar."""
        return [action_id for action_id, button in self.buttons.items()
                if self._optional(button) and not button.isVisibleTo(self)]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            font = self.font()
            font.setBold(True)
            self.counter.setFont(font)
            self.relayout()
