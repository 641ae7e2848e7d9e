"""Everything below the toolbar: the controls, the views (the surface over the loss plot), the step panel,
the status line, and over them the message banner and the help overlay.

The split between them adapts to the mode: in presentation mode the views take
the room the controls gave up, the loss plot a third of the height, and the step
panel as much width as its numbers need (the airfoil's six-column table), within
bounds; the banner and the help sit on top of the views instead of taking space.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from adamviz.core.text import translate
from adamviz.ui.banner import MessageBanner
from adamviz.ui.help_overlay import HelpOverlay
from adamviz.ui.status_line import StatusLine

STEP_PANEL_WIDTH = 330
STEP_SHARE = {False: (0.2, 0.32), True: (0.26, 0.45)}
"""The step panel's share of the width, at least and at most (normal, presentation mode): within them, what
its numbers need."""


class LossPanel(QWidget):
    """The loss plot with its title and the epoch switch (problems with epochs only)."""

    def __init__(self, loss_view, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(8, 2, 8, 0)
        self.title = QLabel(translate("views_area", "Loss"))
        header.addWidget(self.title)
        header.addStretch(1)
        self.epoch_box = QCheckBox(translate("views_area", "x axis in epochs, as in the book"))
        header.addWidget(self.epoch_box)
        layout.addLayout(header)
        layout.addWidget(loss_view, 1)
        self.view = loss_view


class ViewsArea(QWidget):
    def __init__(self, setup_panel: QWidget, contour, loss_panel: LossPanel, step_panel, parent=None):
        super().__init__(parent)
        self.setup_panel = setup_panel
        self.contour = contour
        self.loss_panel = loss_panel
        self.step_panel = step_panel
        self.step_scroll = QScrollArea()
        self.step_scroll.setObjectName("step-scroll")
        self.step_scroll.setWidget(step_panel)
        self.step_scroll.setWidgetResizable(True)
        self.step_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.step_scroll.setMinimumWidth(260)
        self.views = QSplitter(Qt.Orientation.Vertical)
        self.views.addWidget(contour)
        self.views.addWidget(loss_panel)
        self.views.setStretchFactor(0, 3)
        self.views.setStretchFactor(1, 1)
        self.views.setChildrenCollapsible(False)
        contour.setMinimumHeight(200)
        loss_panel.setMinimumHeight(140)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        for widget in (setup_panel, self.views, self.step_scroll):
            self.split.addWidget(widget)
        for index, stretch in enumerate((0, 1, 0)):
            self.split.setStretchFactor(index, stretch)
        self.split.setChildrenCollapsible(False)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.status)
        self.banner = MessageBanner(self)
        self.banner.anchor = self.views
        self.help = HelpOverlay(self)
        self.presenting = False
        self.problem = None
        self.automatic = True
        """The split follows the window's size until the user drags a divider (a new mode or problem resets it)."""
        for splitter in (self.split, self.views):
            splitter.splitterMoved.connect(self._dragged)

    def _dragged(self, *_) -> None:
        self.automatic = False

    def show_panels(self, controls: bool, steps: bool) -> None:
        self.setup_panel.setVisible(controls)
        self.step_scroll.setVisible(steps)

    def arrange(self, presenting: bool, problem=None) -> None:
        """Sizes for the mode: the step panel what ``problem``'s numbers need (within bounds), the views the rest;
        in presentation mode the loss plot a third of the height."""
        self.presenting = presenting
        self.automatic = True
        if problem is not None:
            self.problem = problem
        total = max(self.split.width(), self.width(), 640)
        controls = self.setup_panel.minimumWidth() + 20 if self.setup_panel.isVisibleTo(self) else 0
        low, high = (int(total * share) for share in STEP_SHARE[presenting])
        needed = self.step_panel.needed_width(self.problem) + 24 if self.problem is not None else STEP_PANEL_WIDTH
        steps = min(max(needed, low, 260), high)
        if presenting:
            height = max(self.views.height(), 400)
            self.views.setSizes([int(height * 0.64), height - int(height * 0.64)])
        else:
            self.views.setSizes([700, 260])
        if not self.step_scroll.isVisibleTo(self):
            steps = 0
        self.split.setSizes([controls, max(200, total - controls - steps), steps])
        self.place_overlays()

    def place_overlays(self) -> None:
        if self.banner.isVisible():
            self.banner.place()
        self.help.refit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.automatic:
            self.arrange(self.presenting)
        else:
            self.place_overlays()
