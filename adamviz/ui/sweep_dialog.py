"""Learning-rate sweep: each optimizer's final loss against η, on log axes; click a point to use that η."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from adamviz.core.text import declared, translate
from adamviz.ui.sweep_plot import SweepPlot
from adamviz.ui.theme import Theme


class SweepDialog(QDialog):
    SIZE = (760, 520)
    lrChosen = Signal(str, float)
    """(optimizer, η): the user clicked a point."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setWindowTitle(translate("sweep_dialog", "adamviz — learning-rate sweep"))
        self.setModal(False)
        self.resize(*self.SIZE)
        self.presenting = theme.presenting
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.plot = SweepPlot(theme)
        self.plot.lrChosen.connect(self.lrChosen)
        layout.addWidget(self.plot, 1)
        hint = QLabel(translate("sweep_dialog",
                                "Each point is a whole run from the start with that η (runs that diverged: ×, at the "
                                "top). Click a point to give that optimizer its η."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        left_presenting = self.presenting and not theme.presenting
        self.presenting = theme.presenting
        self.theme = theme
        self.plot.apply_theme(theme)
        if left_presenting:  # projector type grew it: back to its own size once the type is normal again
            QTimer.singleShot(0, self, lambda: self.resize(*self.SIZE))

    def waiting(self, problem_title: str, steps: int) -> None:
        self.note.setText(translate("sweep_dialog", "Sweeping η from 1e-4 to 10 on {problem}, {steps} steps each…")
                          .format(problem=declared(problem_title), steps=steps))

    def show_results(self, done, current: dict[str, float], problem_title: str) -> None:
        """``done``: a host SweepDone; ``current``: each optimizer's η now (drawn as a dotted line)."""
        self.plot.draw(done.results, current)
        steps = next(iter(done.results.values())).steps if done.results else 0
        text = translate("sweep_dialog",
                         "Final loss after {steps} steps on {problem}, against η (dotted: the η in use).").format(
            steps=steps, problem=declared(problem_title))
        scheduled = [translate("sweep_dialog", "{optimizer}'s η follows {schedule}").format(
            optimizer=name, schedule=result.schedule) for name, result in done.results.items() if result.schedule]
        if scheduled:  # each swept η is where that schedule starts
            text += " " + translate("sweep_dialog", "{schedules}, from each swept value.").format(
                schedules="; ".join(scheduled))
        if done.errors:
            text += "  " + "  ".join(done.errors.values())
        self.note.setText(text)
