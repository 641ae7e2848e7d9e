"""§7.3's comparison of minibatch sizes: minibatch SGD on the airfoil at each size, its loss against the time it
took (log axis, as the English edition draws it), the examples it processed, or its epochs."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from adamviz.core.batches import settings_text
from adamviz.core.text import translate
from adamviz.ui.batch_plot import AXES, BatchPlot, axis_text
from adamviz.ui.theme import Theme

ERROR_STYLE = "color: #D55E00"


class BatchDialog(QDialog):
    SIZE = (820, 560)
    settingsTyped = Signal(str)
    """The sizes to compare, as typed ("1500:1:6, 100:0.4"): the window asks the model to run them."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("batch_dialog", "adamviz — minibatch sizes (§7.3)"))
        self.setModal(False)
        self.resize(*self.SIZE)
        self.presenting = theme.presenting
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        line = QHBoxLayout()
        line.addWidget(QLabel(translate("batch_dialog", "Loss against")))
        self.axis_box = QComboBox()
        for key in AXES:
            self.axis_box.addItem(axis_text(key), key)
        self.axis_box.activated.connect(lambda _: self._redraw())
        line.addWidget(self.axis_box)
        line.addWidget(QLabel(translate("batch_dialog", "Sizes")))
        self.settings_field = QLineEdit()
        self.settings_field.setToolTip(translate("batch_dialog",
                                                 "batch size:η[:epochs], comma-separated (2 epochs unless given), e.g. "
                                                 "1500:1:6, 1:0.005, 100:0.4, 10:0.05; Enter runs them"))
        self.settings_field.returnPressed.connect(lambda: self.settingsTyped.emit(self.settings_field.text()))
        line.addWidget(self.settings_field, 1)
        layout.addLayout(line)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.plot = BatchPlot(theme)
        layout.addWidget(self.plot, 1)
        hint = QLabel(translate("batch_dialog",
                                "Each size runs on its own from the same start, timed epoch by epoch on this machine: "
                                "a step on one example is cheap, but an epoch takes 1500 of them. The seconds differ "
                                "from run to run; the losses do not."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.outcome = None
        """The host's BatchDone last shown (not ``done``: that is QDialog's own, which closing calls)."""

    def apply_theme(self, theme: Theme) -> None:
        left_presenting = self.presenting and not theme.presenting
        self.presenting = theme.presenting
        self.plot.apply_theme(theme)
        if left_presenting:  # projector type grew it: back to its own size once the type is normal again
            QTimer.singleShot(0, self, lambda: self.resize(*self.SIZE))

    def waiting(self, settings) -> None:
        """The comparison of ``settings`` ((size, η, epochs) triples) is being run."""
        self.settings_field.setText(settings_text(settings))
        self.show_error(None)
        sizes = ", ".join(str(size) for size, _, _ in settings)
        self.note.setText(translate("batch_dialog", "Running minibatch SGD on the airfoil with batches of {sizes}…")
                          .format(sizes=sizes))

    def show_error(self, message: str | None) -> None:
        """Beside the sizes: why what was typed cannot run (the last comparison stays)."""
        self.error.setText(translate("batch_dialog", "{error}; keeping the comparison shown").format(error=message)
                           if message else "")
        self.error.setVisible(bool(message))

    def show_results(self, done) -> None:
        """``done``: a host BatchDone."""
        self.outcome = done
        if done.comparison is None:
            self.note.setText(done.error or translate("batch_dialog", "The comparison could not be run."))
            return
        comparison = done.comparison
        if comparison.rng == "book":
            note = translate("batch_dialog", "Minibatch SGD on the airfoil, seed {seed} (the book's notebook's random "
                             "numbers): the full-data loss after each step.")
        else:
            note = translate("batch_dialog", "Minibatch SGD on the airfoil, seed {seed} (adamviz's random numbers): "
                             "the full-data loss after each step.")
        self.note.setText(note.format(seed=comparison.seed))
        self._redraw()

    def _redraw(self) -> None:
        if self.outcome is not None and self.outcome.comparison is not None:
            self.plot.draw(self.outcome.comparison, self.axis_box.currentData())
