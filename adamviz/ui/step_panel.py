"""Step by step: the selected run's update equations with this step's numbers in them.

Each optimizer module pairs its equation lines with the part of the step they
compute, so this panel needs no per-optimizer code: it shows t, g, the bias
corrections where there are any, every line with its value, and the step Δx
taken. For Adam it also shows |Δx| per coordinate in units of η, which is why
its first steps all have length ≈ η.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from adamviz.core.optimizers import get_optimizer
from adamviz.ui.theme import optimizer_color

OVERLAYS = {
    "gradient": ("−η·g", "where plain gradient descent would step"),
    "moment": ("moment", "the first moment: momentum's velocity v, Adam's η·v̂"),
    "scale": ("1/√ŝ box", "per-coordinate step for a unit gradient: η/(√ŝ + ε), η/√(s + ε)"),
    "step": ("Δx", "the step actually taken"),
}


# A serif face with proper mark positioning: sans faces here misplace the hats of v̂ and ŝ.
EQUATION_STYLE = "font-family: 'DejaVu Serif', 'STIX Two Math', 'Cambria Math', serif; font-size: large"


def format_vector(values: np.ndarray, names: tuple[str, ...] | None = None) -> str:
    values = np.atleast_1d(np.asarray(values, dtype=np.float64))
    texts = [f"{v:.4g}".replace("-", "−") for v in values]
    if names and len(names) == len(texts) and len(texts) > 2:
        return ", ".join(f"{n} {t}" for n, t in zip(names, texts))
    return "(" + ", ".join(texts) + ")" if len(texts) > 1 else texts[0]


class StepPanel(QWidget):
    runChosen = Signal(object)
    """The run (optimizer, concise) to explain."""
    overlaysChanged = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("step-panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        title = QLabel("<b>Step by step</b>")
        layout.addWidget(title)
        self.run_box = QComboBox()
        self.run_box.setToolTip("the run whose last step is explained here and drawn on the surface")
        self.run_box.activated.connect(lambda _: self.runChosen.emit(self.run_box.currentData()))
        layout.addWidget(self.run_box)
        grid = QGridLayout()
        self.overlay_boxes: dict[str, QCheckBox] = {}
        for index, (name, (label, tip)) in enumerate(OVERLAYS.items()):
            box = QCheckBox(label)
            box.setChecked(True)
            box.setToolTip(f"draw {tip} at the run's current point")
            box.toggled.connect(lambda *_: self.overlaysChanged.emit(self.overlays()))
            grid.addWidget(box, index // 2, index % 2)
            self.overlay_boxes[name] = box
        layout.addLayout(grid)
        self.equations = QLabel()
        self.equations.setTextFormat(Qt.TextFormat.RichText)
        self.equations.setWordWrap(True)
        self.equations.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.equations.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.equations, 1)
        hint = QLabel("→ takes one step.")
        hint.setEnabled(False)
        layout.addWidget(hint)
        self._key = None

    def overlays(self) -> dict[str, bool]:
        return {name: box.isChecked() for name, box in self.overlay_boxes.items()}

    def set_runs(self, keys: list, selected) -> None:
        self.run_box.blockSignals(True)
        self.run_box.clear()
        for key in keys:
            if not key[1]:
                self.run_box.addItem(get_optimizer(key[0]).title, key)
        index = self.run_box.findData(selected)
        self.run_box.setCurrentIndex(max(index, 0))
        self.run_box.blockSignals(False)
        self._key = self.run_box.currentData()
        if self._key is None:
            self.equations.setText("<i>No optimizer is running.</i>")

    def show_step(self, parts, problem, diverged_at: int | None = None) -> None:
        """Render ``parts`` (a worker.StepParts) for ``problem``; None means there is no step yet."""
        key = self.run_box.currentData()
        if key is None:
            self.equations.setText("<i>No optimizer is running.</i>")
            return
        optimizer = get_optimizer(key[0])
        color = optimizer_color(key[0])
        head = f"<span style='color:{color}; font-weight:bold'>{html.escape(optimizer.title)}</span>"
        if diverged_at is not None:
            self.equations.setText(f"{head}<br>diverged at step {diverged_at}: its last finite point is "
                                   "where its trajectory ends. Lower η, or Reset.")
            return
        if parts is None or parts.key != key:
            lines = "<br>".join(html.escape(text) for text, _ in optimizer.equations)
            self.equations.setText(f"{head}<br><span style='{EQUATION_STYLE}'>{lines}</span>"
                                   "<br><br><i>Take a step (→) to see its numbers.</i>")
            return
        names = problem.param_names
        values = parts.parts
        rows = [f"{head} &nbsp; step <b>t = {parts.t}</b>"]
        rows.append(self._row("x", format_vector(parts.before, names), "before the step"))
        rows.append(self._row("g", format_vector(values["g"], names), "gradient at x"))
        for bias, text in (("bias1", "1−β₁ᵗ"), ("bias2", "1−β₂ᵗ")):
            if bias in values:
                rows.append(self._row(text, f"{values[bias]:.6g}", ""))
        for text, part in optimizer.equations:
            value = parts.after if part == "x" else values.get(part)
            if value is None:
                continue
            rows.append(self._equation(text, format_vector(value, names)))
        step = parts.after - parts.before
        rows.append(self._row("Δx", format_vector(step, names), f"|Δx| = {np.linalg.norm(step):.4g}"))
        lr = parts.hyperparams.get("lr")
        if key[0] == "adam" and lr:
            rows.append(self._row("|Δx|/η", format_vector(np.abs(step) / lr, names),
                                  "≈ 1 per coordinate while v̂/√ŝ ≈ ±1: Adam's first steps all have length ≈ η"))
        if key[0] == "momentum" and lr:
            plain = lr * np.asarray(values["g"])
            rows.append(self._row("η·g", format_vector(plain, names),
                                  "GD's step; v adds the velocity carried over, which is why momentum overshoots"))
        self.equations.setText("<br>".join(rows))

    @staticmethod
    def _row(symbol: str, value: str, note: str) -> str:
        note_html = f" <span style='color:gray; font-family: DejaVu Serif, serif'>{html.escape(note)}</span>" if note else ""
        return f"<b>{html.escape(symbol)}</b> = {html.escape(value)}{note_html}"

    @staticmethod
    def _equation(text: str, value: str) -> str:
        return f"<span style='{EQUATION_STYLE}'>{html.escape(text)}</span><br>&nbsp;&nbsp;= {html.escape(value)}"
