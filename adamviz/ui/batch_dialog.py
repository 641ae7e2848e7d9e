"""§7.3's comparison of minibatch sizes: minibatch SGD on the airfoil at each size, its loss against the time it
took (log axis, as the English edition draws it), the examples it processed, or its epochs."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout

from adamviz.ui.batch_plot import AXES, BatchPlot
from adamviz.ui.theme import Theme


class BatchDialog(QDialog):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setWindowTitle("adamviz — minibatch sizes (§7.3)")
        self.setModal(False)
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        line = QHBoxLayout()
        line.addWidget(QLabel("Loss against"))
        self.axis_box = QComboBox()
        for key, text in AXES.items():
            self.axis_box.addItem(text + (" (log scale)" if key != "epochs" else ""), key)
        self.axis_box.activated.connect(lambda _: self._redraw())
        line.addWidget(self.axis_box)
        line.addStretch(1)
        layout.addLayout(line)
        self.plot = BatchPlot(theme)
        layout.addWidget(self.plot, 1)
        hint = QLabel("Each size runs on its own from the same start, timed epoch by epoch on this machine: a step "
                      "on one example is cheap, but an epoch takes 1500 of them. The seconds differ from run to run; "
                      "the losses do not.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.outcome = None
        """The host's BatchDone last shown (not ``done``: that is QDialog's own, which closing calls)."""

    def apply_theme(self, theme: Theme) -> None:
        self.plot.apply_theme(theme)

    def waiting(self) -> None:
        self.note.setText("Running minibatch SGD on the airfoil with batches of 1500, 1, 100 and 10…")

    def show_results(self, done) -> None:
        """``done``: a host BatchDone."""
        self.outcome = done
        if done.comparison is None:
            self.note.setText(done.error or "The comparison could not be run.")
            return
        comparison = done.comparison
        numbers = "the book's notebook's" if comparison.rng == "book" else "adamviz's"
        self.note.setText(f"Minibatch SGD on the airfoil, seed {comparison.seed} ({numbers} random numbers): "
                          "the full-data loss after each step.")
        self._redraw()

    def _redraw(self) -> None:
        if self.outcome is not None and self.outcome.comparison is not None:
            self.plot.draw(self.outcome.comparison, self.axis_box.currentData())
