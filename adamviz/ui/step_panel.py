"""Step by step: the selected run's update equations with this step's numbers in them.

Each optimizer module pairs its equation lines with the part of the step they
compute, so this panel needs no per-optimizer code: it shows t, g, the bias
corrections where there are any, every line with its value, and the step Δx
taken. For Adam it also shows |Δx| per coordinate in units of η, which is why
its first steps all have length ≈ η.
"""

from __future__ import annotations

import html
import re

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QTextDocument
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from adamviz.core.optimizers import get_optimizer
from adamviz.core.text import QT_TRANSLATE_NOOP, declared, keep_the_end_together, translate, translated
from adamviz.model.readout import Readout, stop_explanation, stop_text
from adamviz.model.state import OVERLAYS as OVERLAY_NAMES
from adamviz.ui.theme import optimizer_color

OVERLAYS = {
    "gradient": ("−η·g", QT_TRANSLATE_NOOP("steps", "draw where plain gradient descent would step at the run's "
                                                    "current point")),
    "moment": (QT_TRANSLATE_NOOP("steps", "moment"),
               QT_TRANSLATE_NOOP("steps", "draw the first moment: momentum's velocity v, Adam's η·v̂ at the run's "
                                          "current point")),
    "scale": ("1/√ŝ", QT_TRANSLATE_NOOP("steps", "draw the per-coordinate step for a unit gradient, as a box: "
                                                "η/(√ŝ + ε), η/√(s + ε) at the run's current point")),
    "step": ("Δx", QT_TRANSLATE_NOOP("steps", "draw the step actually taken at the run's current point")),
}
"""Each part of the step the surface can draw: its check box's label and tooltip (English, translated where shown)."""
assert tuple(OVERLAYS) == OVERLAY_NAMES
SWARM_MODE = QT_TRANSLATE_NOOP("steps", "Swarm mode: every dot is a run of {title} from its own start, {count} at "
                                        "once, all at step {t}.")
SWARM_LEAVE = QT_TRANSLATE_NOOP("steps", "The step-by-step view explains a single run: leave swarm mode (untick "
                                         "Swarm) to see one step's numbers.")


# A serif face with proper mark positioning: sans faces here misplace the hats of v̂ and ŝ.
SERIF = "font-family: DejaVu Serif, STIX Two Math, Cambria Math, serif"
EQUATION_STYLE = SERIF + "; font-size: large"


def row_texts(values) -> list[str]:
    """A table row's numbers, each to two significant digits (trailing zeros kept: 0.20 beside 0.18), in one
    notation for the whole row: fixed (−0.61, 0.0076) unless a value is below 0.001 or above 1000, then
    every one with an exponent (−7.3e−4, 2.1e−5): never −0.001 beside −9.4e−4."""
    values = np.atleast_1d(np.asarray(values, dtype=np.float64))
    sizes = np.abs(values[values != 0])
    if not sizes.size:
        return ["0"] * len(values)
    if 0.001 <= float(sizes.min()) and float(sizes.max()) < 1000:
        texts = []
        for value in values:
            decimals = 0 if value == 0 else int(min(4, max(0, 1 - np.floor(np.log10(abs(value))))))
            texts.append(f"{value:.{decimals}f}".replace("-", "−"))
        return texts

    def exponent(value: float) -> str:
        if value == 0:
            return "0"
        mantissa, power = f"{value:.1e}".split("e")
        return f"{mantissa}e{int(power):d}".replace("-", "−")

    return [exponent(float(v)) for v in values]


def step_panel_scale(screen_height: int) -> float:
    """The step panel's type against the presentation type: 3/4 on a 720- or 768-line projector, where the
    airfoil's step (six parameters, nine quantities) must fit the height, growing to the whole 20 pt at 1080
    lines, where it fits with room to spare."""
    return 0.75 + 0.25 * min(1.0, max(0.0, (screen_height - 768) / (1080 - 768)))


def natural_width(html_text: str, font: QFont) -> int:
    """How wide ``html_text`` is laid out with nothing wrapped (its tables' cells never wrap)."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(html_text)
    document.setTextWidth(-1)
    return int(document.idealWidth()) + 2


def format_vector(values: np.ndarray, names: tuple[str, ...] | None = None) -> str:
    values = np.atleast_1d(np.asarray(values, dtype=np.float64))
    texts = [f"{v:.4g}".replace("-", "−") for v in values]
    if names and len(names) == len(texts) and len(texts) > 2:
        return ", ".join(f"{n} {t}" for n, t in zip(names, texts, strict=True))
    return "(" + ", ".join(texts) + ")" if len(texts) > 1 else texts[0]


class StepPanel(QWidget):
    runChosen = Signal(object)
    """The run (optimizer, concise) to explain."""
    overlayToggled = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("step-panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        header = QHBoxLayout()
        self.title = QLabel("<b>" + translate("steps", "Step by step") + "</b>")
        header.addWidget(self.title)
        self.run_box = QComboBox()
        self.run_box.setToolTip(translate("steps", "the run whose last step is explained here and drawn on the "
                                                   "surface"))
        self.run_box.activated.connect(lambda _: self.runChosen.emit(self.selected()))
        header.addWidget(self.run_box, 1)
        layout.addLayout(header)
        row = QHBoxLayout()  # one row: the panel's height is for the numbers
        self.overlay_boxes: dict[str, QCheckBox] = {}
        for name, (label, tip) in OVERLAYS.items():
            box = QCheckBox(translated("steps", label))
            box.setChecked(True)
            box.setToolTip(translated("steps", tip))
            box.toggled.connect(lambda on, name=name: self.overlayToggled.emit(name, on))
            row.addWidget(box)
            self.overlay_boxes[name] = box
        row.addStretch(1)
        layout.addLayout(row)
        self.equations = EquationsView()
        self.equations.follow(self)
        layout.addWidget(self.equations, 1)
        self._widths: dict = {}
        self._last = None
        self.shown_step: int | None = None
        """The step whose numbers the panel shows (None: none, as before the first step)."""

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.equations.follow(self)

    def set_type(self, font: QFont) -> None:
        """The panel's type: the window's, or (presentation mode) smaller, so that the airfoil's step (six
        parameters, nine quantities) fits a projector's height without scrolling."""
        self.setFont(font)
        self.equations.follow(self)
        if self._last is not None:  # laid out again for the new type, no number wrapped
            self.show_readout(*self._last)

    def content_width(self, problem) -> int:
        """The width ``problem``'s step needs so that no number wraps: a table with its widest numbers, one
        column per parameter (the airfoil's six), or the longest equation beside the longest value."""
        key = (problem.name, problem.dim, self.equations.font().toString())
        if self._widths.get("key") != key:
            if problem.dim > 2:
                body = self._table([("|Δx|/η", np.full(problem.dim, -8.8e-8), "")], problem.param_names)
            else:
                body = self._lines([("xₜ ← x − η·v̂ / (√ŝ + ε)", np.array([-2.7789e-07, -8.2451e-08]), "")])
            tables = "".join(re.findall(r"<table.*?</table>", body, flags=re.DOTALL))
            self._widths = {"key": key, "width": natural_width(f"<div style='{SERIF}'>{tables}</div>",
                                                                self.equations.font())}
        return self._widths["width"]

    def needed_width(self, problem) -> int:
        """The panel's width for ``problem``: its numbers, or its header row if wider."""
        margins = self.layout().contentsMargins()
        return max(self.content_width(problem), self.run_box.sizeHint().width() + self.title.sizeHint().width()) + \
            margins.left() + margins.right() + 8

    def selected(self):
        """The explained run's key, (optimizer, False), or None."""
        name = self.run_box.currentData()
        return (name, False) if name else None

    def select(self, key) -> None:
        index = self.run_box.findData(key[0] if key else None)
        if index >= 0:
            self.run_box.setCurrentIndex(index)

    def overlays(self) -> dict[str, bool]:
        return {name: box.isChecked() for name, box in self.overlay_boxes.items()}

    def set_overlays(self, shown: dict[str, bool]) -> None:
        for name, box in self.overlay_boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(shown.get(name, True)))
            box.blockSignals(False)

    def set_runs(self, keys: list, selected) -> None:
        self.run_box.blockSignals(True)
        self.run_box.clear()
        for key in keys:
            if not key[1]:  # only the scratch runs expose their parts
                self.run_box.addItem(get_optimizer(key[0]).shown_title, key[0])
        index = self.run_box.findData(selected[0] if selected else None)
        self.run_box.setCurrentIndex(max(index, 0))
        self.run_box.blockSignals(False)

    def show_readout(self, readout: Readout, problem) -> None:
        """What ``readout`` says of the explained run's step (or of the swarm) for ``problem``."""
        self._last = (readout, problem)
        self.shown_step = None
        if readout.swarm is not None:
            swarm = readout.swarm
            self.run_box.setEnabled(False)
            mode = translated("steps", SWARM_MODE).format(title=html.escape(swarm.title), count=swarm.particles,
                                                          t=swarm.t)
            self.equations.setText(f"<i>{mode}</i><br><br>" + translated("steps", SWARM_LEAVE))
            return
        self.run_box.setEnabled(True)
        key = readout.explained
        if key is None:
            self.equations.setText("<i>" + translate("steps", "No optimizer is running.") + "</i>")
            return
        optimizer = get_optimizer(key[0])
        color = optimizer_color(key[0])
        head = f"<span style='color:{color}; font-weight:bold'>{html.escape(optimizer.shown_title)}</span>"
        if readout.explained_stop is not None:
            step, reason, message = readout.explained_stop
            self.equations.setText(f"{head}<br><b>{html.escape(stop_text(step, reason))}</b>: "
                                   f"{html.escape(stop_explanation(reason, message))}")
            return
        parts = readout.parts
        if parts is None:
            lines = "<br>".join(html.escape(text) for text, _ in optimizer.equations)
            take_a_step = translate("steps", "Take a step (→) to see its numbers.")
            self.equations.setText(f"{head}<br><span style='{EQUATION_STYLE}'>{lines}</span>"
                                   f"<br><br><i>{take_a_step}</i>")
            return
        self.shown_step = parts.t
        # At least as wide as the numbers: if the panel is narrower it scrolls sideways, never breaks one.
        body, numbers = self._step_html(head, key, optimizer, parts, problem)
        # Measuring costs a layout: only where the panel is narrower than the widest numbers could be.
        wide = self.content_width(problem) <= self.equations.viewport().width()
        self.equations.setText(body, 0 if wide else natural_width(numbers, self.equations.font()))

    def _step_html(self, head: str, key, optimizer, parts, problem) -> tuple[str, str]:
        """The step's HTML, and the HTML of its numbers alone (what must never wrap)."""
        values = parts.parts
        step = parts.after - parts.before
        noise = getattr(problem, "noise", 0.0)  # problems.noisy: the gradient carries the step's noise
        gradient_is = translate("steps", "gradient at xₜ₋₁ + N(0, {noise:g}²) noise").format(noise=noise) if noise \
            else translate("steps", "gradient at xₜ₋₁")
        entries: list[tuple[str, object, str]] = [("xₜ₋₁", parts.before, translate("steps", "before the step")),
                                                  ("g", values["g"], gradient_is)]
        for text, part in optimizer.equations:
            value = parts.after if part == "x" else values.get(part)
            if value is not None:
                entries.append((text.replace("x ←", "xₜ ←", 1) if part == "x" else text, value, ""))
        entries.append(("Δx", step, f"|Δx| = {np.linalg.norm(step):.4g}"))
        for note in optimizer.notes:  # what this optimizer's step teaches, as its module says
            with np.errstate(all="ignore"):  # |Δx|/η where a schedule brought η to 0: NaN, said as such
                entries.append((note.label, np.asarray(note.value(values, parts.hyperparams, step)),
                                keep_the_end_together(declared(note.text))))
        header = f"{head} &nbsp; " + translate("steps", "step <b>t = {t}</b>").format(t=parts.t)
        scalars = [(text, values[bias]) for bias, text in (("bias1", "1−β₁ᵗ"), ("bias2", "1−β₂ᵗ")) if bias in values]
        if parts.schedule:  # the step's own η, from the schedule the row names
            scalars.insert(0, (f"ηₜ ({parts.schedule})", parts.hyperparams["lr"]))
        if problem.dim > 2:  # a number for the whole step (NAdam's μₜ, RAdam's ρₜ) is no row of the table
            scalars += [(label, value) for label, value, _ in entries if np.ndim(value) == 0]
            entries = [entry for entry in entries if np.ndim(entry[1]) != 0]
        for text, value in scalars:
            header += f" &nbsp; <span style='white-space:nowrap'>{html.escape(text)} = {float(value):.4g}</span>"
        if problem.dim <= 2:
            body = self._lines(entries)
        else:
            body = self._table(entries, problem.param_names)
        tables = "".join(re.findall(r"<table.*?</table>", body, flags=re.DOTALL))  # the numbers, not the notes
        return f"<div style='{SERIF}'>{header}</div><div style='{SERIF}'>{body}</div>", \
            f"<div style='{SERIF}'>{tables}</div>"

    def _note_color(self) -> str:
        """The notes' colour: the text's, two thirds of the way from the background (6:1 or so in either theme,
        readable on a projector; plain grey was 3.9:1 on the dark theme's panel)."""
        palette = self.palette()
        text, ground = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
        mixed = [round(ground_part + (text_part - ground_part) * 0.7) for text_part, ground_part in
                 zip(text.getRgb()[:3], ground.getRgb()[:3], strict=True)]
        return QColor(*mixed).name()

    def _number_style(self) -> str:
        """The tables' type: nine tenths of the panel's (Qt's rich text takes sizes in points, not percents)."""
        size = self.equations.font().pointSizeF()
        return f"font-size:{0.9 * size:.1f}pt" if size > 0 else ""

    def _lines(self, entries) -> str:
        """Two parameters: each equation beside its value, in two columns; what the symbols are, below."""
        rows, notes = [], []
        for label, value, note in entries:
            equation = "←" in label or "=" in label
            name = f"<span style='{EQUATION_STYLE}'>{html.escape(label)}</span>" if equation else \
                f"<b>{html.escape(label)}</b>"
            rows.append(f"<tr><td nowrap>{name}</td><td nowrap>&nbsp;= {html.escape(format_vector(value))}</td></tr>")
            if note:
                notes.append(f"{html.escape(label)}: {html.escape(note)}")
        table = f"<table cellspacing='0' cellpadding='2' style='{self._number_style()}'>" + "".join(rows) + "</table>"
        color = self._note_color()
        return table + "".join(f"<span style='color:{color}'>{note}</span><br>" for note in notes)

    def _table(self, entries, names) -> str:
        """Many parameters: one row per quantity, one column per parameter."""
        cells = "".join(f"<th align='right' nowrap>&nbsp;{html.escape(n)}</th>" for n in names)
        rows = [f"<tr><th></th>{cells}</tr>"]
        notes = []
        color = self._note_color()
        for label, value, note in entries:
            short = label.split(" ")[0]
            numbers = "".join(f"<td align='right' nowrap>&nbsp;{text}</td>" for text in row_texts(value))
            rows.append(f"<tr><td nowrap><b>{html.escape(short)}</b></td>{numbers}</tr>")
            if label != short:
                notes.append(f"<span style='{EQUATION_STYLE}'>{html.escape(label)}</span>")
            if note and short not in ("xₜ₋₁", "g"):  # the rows say what those are; the notes that teach stay
                notes.append(f"<span style='color:{color}'>"
                             f"{html.escape(short)}: {html.escape(note)}</span>")
        table = f"<table cellspacing='0' cellpadding='2' style='{self._number_style()}'>" + "".join(rows) + "</table>"
        return "<br>".join(notes) + table


class EquationsView(QTextBrowser):
    """The step's equations and numbers: rich text laid out once per change, at the panel's width.

    A word-wrapped rich-text QLabel (what this was) re-lays its whole document out several
    times per change to answer its layout's height-for-width questions: 11 ms a step on a
    toy problem and 21 ms on airfoil's six-column table, against 2 and 8 ms here.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        self.setMinimumHeight(160)
        self._html = ""
        self._min_width = 0
        self._color = self.palette().color(QPalette.ColorRole.WindowText).name()

    def setText(self, text: str, min_width: int = 0) -> None:  # the QLabel call it replaces
        """Show ``text`` (HTML), laid out at least ``min_width`` pixels wide (wider than the view: it scrolls)."""
        if text != self._html or min_width != self._min_width:
            self._html = text
            self._min_width = min_width
            self._render()

    def text(self) -> str:
        """The HTML last shown, as QLabel.text() gave it."""
        return self._html

    def follow(self, widget: QWidget) -> None:
        """Take ``widget``'s font and text colour. Text editors get a font and palette of their own class
        from the platform, not their parent's, so the panel hands its own on (20 pt when presenting)."""
        self.setFont(widget.font())
        self._color = widget.palette().color(QPalette.ColorRole.WindowText).name()
        if self._html:
            self._render()

    def _render(self) -> None:
        self._apply_width()
        if self.document().defaultFont() != self.font():  # setting it lays the old text out again: 2 ms
            self.document().setDefaultFont(self.font())
        self.setHtml(f"<div style='color:{self._color}'>{self._html}</div>")

    def _apply_width(self) -> None:
        wrap = QTextBrowser.LineWrapMode
        if self._min_width and self._min_width > self.viewport().width():
            if self.lineWrapMode() != wrap.FixedPixelWidth or self.lineWrapColumnOrWidth() != self._min_width:
                self.setLineWrapMode(wrap.FixedPixelWidth)
                self.setLineWrapColumnOrWidth(self._min_width)
        elif self.lineWrapMode() != wrap.WidgetWidth:
            self.setLineWrapMode(wrap.WidgetWidth)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_width()
