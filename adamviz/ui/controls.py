"""Controls built from the optimizers' hyperparameter declarations.

Each hyperparameter gets a slider (log, linear or near-one spacing, as
declared) and a field that takes the exact value. Slider positions snap to
round numbers (0.4, not 0.39811) so the chapter's settings are reachable by
dragging; the field accepts anything in the declared range and says inline
what is wrong with anything else.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from adamviz.core.hyperparams import HyperParam
from adamviz.core.labels import format_value
from adamviz.core.optimizers import Optimizer
from adamviz.core.text import QT_TRANSLATE_NOOP, declared, translate, translated
from adamviz.ui.theme import optimizer_color

POSITIONS = 600


def round_significant(value: float, digits: int = 2) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class SliderScale:
    """Slider position ↔ value, with the spacing the declaration asks for."""

    def __init__(self, hp: HyperParam):
        self.hp = hp
        self.low, self.high = hp.slider_range

    def _unit(self, value: float) -> float:
        """Value → position in [0, 1]."""
        low, high = self.low, self.high
        if self.hp.scale == "log":
            value = min(max(value, low), high)
            return (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
        if self.hp.scale == "near_one":
            value = min(max(value, low), high)
            far, near = math.log10(1 - low), math.log10(1 - high)
            return (math.log10(1 - value) - far) / (near - far)
        return (min(max(value, low), high) - low) / (high - low)

    def position(self, value: float) -> int:
        return round(self._unit(value) * POSITIONS)

    def value(self, position: int) -> float:
        unit = position / POSITIONS
        low, high = self.low, self.high
        if self.hp.scale == "log":
            return round_significant(10 ** (math.log10(low) + unit * (math.log10(high) - math.log10(low))))
        if self.hp.scale == "near_one":
            far, near = math.log10(1 - low), math.log10(1 - high)
            return 1 - round_significant(10 ** (far + unit * (near - far)))
        return round(low + unit * (high - low), 3)


class HyperParamControl(QWidget):
    """Symbol, slider and exact field for one hyperparameter; emits valueChanged(name, value)."""

    valueChanged = Signal(str, float)
    invalid = Signal(str)

    def __init__(self, hp: HyperParam, value: float, parent=None):
        super().__init__(parent)
        self.hp = hp
        self.scale = SliderScale(hp)
        self._value = value
        tip = translate("controls", "{symbol} ({name}): {meaning}. Valid range {range}.").format(
            symbol=hp.symbol, name=hp.name, meaning=declared(hp.meaning), range=hp.range_text())
        self.symbol = QLabel(hp.symbol)
        self.symbol.setToolTip(tip)
        self.symbol.setMinimumWidth(self.symbol.fontMetrics().horizontalAdvance("β₂ ") + 4)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, POSITIONS)
        self.slider.setToolTip(tip)
        self.slider.setAccessibleName(translate("controls", "{name} slider").format(name=hp.name))
        self.field = QLineEdit()
        self.field.setToolTip(translate("controls", "{tip} Type an exact value and press Enter.").format(tip=tip))
        self.field.setAccessibleName(translate("controls", "{name} value").format(name=hp.name))
        self.field.setMaximumWidth(self.field.fontMetrics().horizontalAdvance("0.0000001") + 16)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("0.00001") + 12)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.symbol)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.field)
        self.set_value(value)
        self.slider.valueChanged.connect(self._slid)
        self.field.editingFinished.connect(self._typed)

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting."""
        self._value = value
        self.slider.blockSignals(True)
        self.slider.setValue(self.scale.position(value))
        self.slider.blockSignals(False)
        self._show(value)
        self._mark(None)

    def _show(self, value: float) -> None:
        """The exact value in the field, read from its start (a long one must not show only its tail)."""
        self.field.setText(format_value(value))
        self.field.setCursorPosition(0)

    def _slid(self, position: int) -> None:
        value = self.scale.value(position)
        if value == self._value:
            return
        self._value = value
        self._show(value)
        self._mark(None)
        self.valueChanged.emit(self.hp.name, value)

    def _typed(self) -> None:
        text = self.field.text()
        try:
            value = self.hp.parse(text, self.hp.symbol)
        except ValueError as exc:
            self._mark(str(exc))
            self.invalid.emit(translate("controls", "{error}; keeping {value}").format(
                error=exc, value=format_value(self._value)))
            return
        self._mark(None)
        if value == self._value:
            return
        self._value = value
        self.slider.blockSignals(True)
        self.slider.setValue(self.scale.position(value))
        self.slider.blockSignals(False)
        self.valueChanged.emit(self.hp.name, value)

    def _mark(self, error: str | None) -> None:
        self.field.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }" if error else "")
        self.field.setProperty("error", error or "")


SCHEDULE_TIP = QT_TRANSLATE_NOOP(
    "controls",
    "η's schedule; empty for a constant η. Enter to apply:\n"
    "  step:K:G   η·G every K steps (torch's StepLR)\n"
    "  exp:G   η·G^(t−1) (ExponentialLR)\n"
    "  cosine:T or cosine:T:MIN   a cosine down to MIN over T steps, then up again (CosineAnnealingLR)\n"
    "  warmup:W   η·t/W for the first W steps (LinearLR)\n"
    "  warmup:W,cosine:T   a warm-up, then another (SequentialLR)\n"
    "Its η(t) is drawn dotted on the loss plot's right axis; torch.optim's version runs torch's own scheduler."
)
"""English: shown through translated("controls", SCHEDULE_TIP)."""


def schedule_field(text: str) -> QLineEdit:
    """The row's η(t) field: a schedule's text, "constant" when empty."""
    field = QLineEdit(text)
    field.setObjectName("schedule")
    field.setPlaceholderText(translate("controls", "constant (or cosine:100, step:50:0.5 …)"))
    field.setToolTip(translated("controls", SCHEDULE_TIP))
    field.setClearButtonEnabled(True)
    return field


class ColorSwatch(QLabel):
    def __init__(self, color: str, parent=None):
        super().__init__(parent)
        size = self.fontMetrics().height()
        self.setFixedSize(int(size * 1.6), int(size * 0.55))
        self.setStyleSheet(f"background: {color}; border-radius: 3px;")


class OptimizerRow(QFrame):
    """One optimizer: on/off, colour, torch.optim twin, and a control per hyperparameter."""

    toggled = Signal(str, bool)
    conciseToggled = Signal(str, bool)
    defaultsToggled = Signal(str, bool)
    """(optimizer, on): torch.optim's version at torch's own ε, as the chapter's concise cells call it."""
    hyperChanged = Signal(str, str, float)
    """(optimizer, hyperparameter, value)."""
    scheduleChanged = Signal(str, str)
    """(optimizer, the schedule's text as typed)."""

    def __init__(self, optimizer: Optimizer, values: dict[str, float], enabled: bool, concise: bool,
                 schedule: str = "", concise_defaults: bool = False, parent=None):
        super().__init__(parent)
        self.optimizer = optimizer
        self.setObjectName(f"row-{optimizer.name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        color = optimizer_color(optimizer.name)
        self.enable = QCheckBox(optimizer.shown_title)
        self.enable.setChecked(enabled)
        font = self.enable.font()
        font.setBold(True)
        self.enable.setFont(font)
        self.enable.setToolTip(translate("controls", "run {optimizer}: {equations}").format(
            optimizer=optimizer.shown_title, equations=" ; ".join(text for text, _ in optimizer.equations)))
        self.concise = QCheckBox("torch.optim")
        self.concise.setChecked(concise)
        self.concise.setToolTip(
            translate("controls", "also step torch.optim's {optimizer} from the same start on the same batches, "
                                  "drawn dashed").format(optimizer=optimizer.shown_title)
        )
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(ColorSwatch(color))
        header.addWidget(self.enable)
        header.addStretch(1)
        header.addWidget(self.concise)
        self.concise.setVisible(optimizer.torch_optim is not None)  # Yogi and Lion have no torch.optim twin
        own = ", ".join(f"{optimizer.hyperparam(name).symbol} = {value:g}" for name, value in optimizer.torch_defaults)
        self.concise_defaults = QCheckBox(translate("controls", "its ε"))
        self.concise_defaults.setChecked(concise_defaults)
        self.concise_defaults.setToolTip(
            translate("controls", "also step torch.optim's {optimizer} as the chapter's concise cell calls it: "
                                  "with torch's own {values}, not the scratch one's; drawn dash-dot").format(
                optimizer=optimizer.shown_title, values=own))
        self.concise_defaults.setVisible(optimizer.torch_optim is not None and bool(optimizer.torch_defaults))
        header.addWidget(self.concise_defaults)
        self.body = QWidget()
        grid = QGridLayout(self.body)
        grid.setContentsMargins(4, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.controls: dict[str, HyperParamControl] = {}
        for row, hp in enumerate(optimizer.hyperparams):
            control = HyperParamControl(hp, values[hp.name])
            control.valueChanged.connect(lambda name, value: self.hyperChanged.emit(optimizer.name, name, value))
            control.invalid.connect(self.show_error)
            control.valueChanged.connect(lambda *_: self.show_error(None))
            grid.addWidget(control, row, 0)
            self.controls[hp.name] = control
        self.schedule = None
        if optimizer.has_lr:
            self.schedule = schedule_field(schedule)
            self.schedule.editingFinished.connect(
                lambda: self.scheduleChanged.emit(optimizer.name, self.schedule.text()))
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            name = QLabel("η(t)")
            name.setToolTip(translated("controls", SCHEDULE_TIP))
            line.addWidget(name)
            line.addWidget(self.schedule, 1)
            grid.addLayout(line, len(optimizer.hyperparams), 0)
        self.error = QLabel()
        self.error.setWordWrap(True)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#D55E00"))
        self.error.setPalette(palette)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.body)
        layout.addWidget(self.error)
        self.enable.toggled.connect(self._toggled)
        self.concise.toggled.connect(lambda on: self.conciseToggled.emit(optimizer.name, on))
        self.concise_defaults.toggled.connect(lambda on: self.defaultsToggled.emit(optimizer.name, on))
        self._toggled(enabled, emit=False)

    def _toggled(self, on: bool, emit: bool = True) -> None:
        self.body.setVisible(on)
        self.concise.setEnabled(on)
        self.concise_defaults.setEnabled(on)
        if emit:
            self.toggled.emit(self.optimizer.name, on)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def set_values(self, values: dict[str, float]) -> None:
        """Show new values (set elsewhere: a sweep's η, a session) without emitting anything."""
        for name, control in self.controls.items():
            if control.value() != values[name]:
                control.set_value(values[name])

    def set_schedule(self, text: str) -> None:
        """Show η's schedule as the model has it (the one way of writing it)."""
        if self.schedule is not None and self.schedule.text() != text:
            self.schedule.setText(text)

    def set_state(self, values: dict[str, float], enabled: bool, concise: bool, schedule: str = "",
                  concise_defaults: bool = False) -> None:
        """Show a scenario's row without emitting anything."""
        self.set_schedule(schedule)
        boxes = (self.enable, self.concise, self.concise_defaults)
        for widget in boxes:
            widget.blockSignals(True)
        self.enable.setChecked(enabled)
        self.concise.setChecked(concise)
        self.concise_defaults.setChecked(concise_defaults)
        for widget in boxes:
            widget.blockSignals(False)
        self._toggled(enabled, emit=False)
        for name, control in self.controls.items():
            control.set_value(values[name])
        self.show_error(None)
