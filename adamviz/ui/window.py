"""The adamviz main window: a view over the engine, which lives in a worker process (or thread).

The window keeps a Scenario (what the controls show) and a Track per run
(what it has received of the run). Everything it wants done goes to the
worker as a command; everything it draws comes back as a snapshot.

Changing a hyperparameter or the start point restarts the affected runs and
replays them to the current step count: a trajectory on screen is always what
these settings give from the start, never a splice of two settings.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from adamviz.core.files import WriteError, atomic_write
from adamviz.core.labels import run_label
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import CUSTOM, PROBLEMS, DataError
from adamviz.core.scenario import PRESETS, Scenario, default_scenario
from adamviz.core.sweep import SWEEP_MAX_STEPS
from adamviz.core.tracks import Track
from adamviz.ui import worker as cmd
from adamviz.ui.contour_view import ContourView
from adamviz.ui.controls import OptimizerRow
from adamviz.ui.errors import report_error
from adamviz.ui.export_dialog import ExportDialog
from adamviz.ui.loss_view import LossView
from adamviz.ui.step_panel import StepPanel
from adamviz.ui.sweep_dialog import SweepDialog
from adamviz.ui.theme import Theme, get_theme, optimizer_color
from adamviz.ui.worker import ProcessEngine, engine_kind, start_engine

log = logging.getLogger("adamviz")

MAX_SWARM = 10_000
DEFAULT_FUNCTION = "0.1*x1**2 + 2*x2**2 + 0.5*sin(3*x1)"
SPEEDS: list[float | None] = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, None]
DEFAULT_SPEED = SPEEDS.index(10)
OVERLAY_MAX_SPEED = 50
"""Steps a second up to which the step's arrows follow a playing run on the surface."""


def stopped_text(step: int, reason: str | None) -> str:
    if reason == "undefined":
        return (f"<b>stopped at step {step}: not a number</b> "
                "(0/0, with ε = 0 where the gradient vanishes, or outside where f is defined)")
    return f"<b>diverged at step {step}</b>"


def speed_text(speed: float | None) -> str:
    return "max speed" if speed is None else f"{speed:g} steps/s"


class _FirstPaint(QObject):
    """Calls back once, after the watched widget has painted for the first time."""

    def __init__(self, widget, callback):
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.callback is not None:
            callback, self.callback = self.callback, None
            QTimer.singleShot(0, self, callback)  # self dies with the widget, and the timer with it
        return False


class MainWindow(QMainWindow):
    command = Signal(object)
    snapshotDrawn = Signal(object)
    """After a snapshot has been drawn (tests and screenshot mode wait on it)."""

    def __init__(self, scenario: Scenario, target: int | None = None, theme: str = "light",
                 presenting: bool = False, remember: bool = True, engine: str | None = None):
        super().__init__()
        self.engine_kind = engine
        """"process" (the default, or ADAMVIZ_ENGINE) or "thread": where the engine runs."""
        self.remember = remember
        """Save geometry and theme on close; off for scripted screenshots and exports."""
        self.theme_name = theme
        self.theme: Theme = get_theme(theme)  # presentation mode is entered below, with all it changes
        self.scenario = scenario
        self.serial = 0
        self.target = 0
        self.playing = False
        self.catching_up = False
        self.tracks: dict[tuple, Track] = {}
        self._generations: dict[tuple, int] = {}
        self.keys: list[tuple] = []
        self.worker = None
        self.thread = None
        self.last_parts = None
        self._closing = False

        self.contour = ContourView(self.theme)
        self.loss = LossView(self.theme)
        self._build_toolbar()
        self._build_panel()
        self._build_central()
        self._build_shortcuts()
        self._build_menus()
        self.contour.startDragged.connect(self._start_dragged)
        self._normal_font = QApplication.font()
        self.apply_theme(dark=theme == "dark", presenting=presenting)
        self.load(scenario, scenario.steps if target is None else target)
        if (engine or engine_kind()) == "process":
            # A process of its own starts on the other core while this one shows the window: its first
            # trajectories (on numpy for the bowls, no torch) are then ready about when the window is.
            self._start_worker()
        # An engine thread shares this process's interpreter lock: it waits for the first frame.
        _FirstPaint(self.contour, self._start_worker)
        QTimer.singleShot(400, self, self._start_worker)  # in case nothing paints (a hidden window)

    # ------------------------------------------------------------ building

    def _build_toolbar(self) -> None:
        bar = QToolBar("transport")
        bar.setObjectName("transport")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        style = self.style()
        self.icons = {
            "play": style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
            "pause": style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
        }
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_action = QAction(self.icons["play"], "Play", self)
        self.play_action.setToolTip("play / pause (Space)")
        self.play_action.triggered.connect(self.toggle_play)
        self.step_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Step", self)
        self.step_action.setToolTip("one step (→)")
        self.step_action.triggered.connect(self.step_once)
        self.reset_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Reset", self)
        self.reset_action.setToolTip("back to step 0 (R)")
        self.reset_action.triggered.connect(self.reset)
        for action in (self.play_action, self.step_action, self.reset_action):
            bar.addAction(action)
        bar.addSeparator()
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(DEFAULT_SPEED)
        self.speed_slider.setMaximumWidth(200)
        self.speed_slider.setMinimumWidth(100)
        self.speed_slider.setToolTip("speed: from one step a second to as fast as the machine goes (+ / −)")
        self.speed_slider.valueChanged.connect(self._speed_changed)
        self.speed_label = QLabel(speed_text(SPEEDS[DEFAULT_SPEED]))
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance("5000 steps/s  "))
        bar.addWidget(QLabel(" Speed "))
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        bar.addSeparator()
        self.step_label = QLabel()
        font = self.step_label.font()
        font.setBold(True)
        self.step_label.setFont(font)
        bar.addWidget(self.step_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.home_action = QAction("Home view", self)
        self.home_action.setToolTip("back to the problem's home view")
        self.home_action.triggered.connect(self.contour.home)
        self.home_action.triggered.connect(self.loss.follow)
        bar.addAction(self.home_action)
        self.toolbar = bar

    def _build_panel(self) -> None:
        panel = QWidget()
        panel.setObjectName("controls")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem_box = QComboBox()
        self.problem_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for name in PROBLEMS:
            self.problem_box.addItem(name, name)
        self.problem_box.addItem("custom: your own f(x1, x2)", CUSTOM)
        self.problem_box.setToolTip("the loss surface the optimizers race across")
        self.problem_box.activated.connect(lambda _: self.choose_problem(self.problem_box.currentData()))
        form.addRow("Problem", self.problem_box)
        self.function_field = QLineEdit(DEFAULT_FUNCTION)
        self.function_field.setToolTip(
            "f(x1, x2) with + − * / **, parentheses, numbers, x1, x2, pi, e and sin cos exp log sqrt abs tanh; "
            "press Enter to use it")
        self.function_field.setAccessibleName("your own function")
        self.function_field.returnPressed.connect(lambda: self.choose_function(self.function_field.text()))
        self.function_label = QLabel("f(x1, x2) =")
        form.addRow(self.function_label, self.function_field)
        self.function_error = QLabel()
        self.function_error.setWordWrap(True)
        self.function_error.setStyleSheet("color: #D55E00;")
        self.function_error.hide()
        form.addRow(self.function_error)
        self.preset_box = QComboBox()
        self.preset_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_box.setMinimumContentsLength(24)  # long titles show in the list, not in the panel's width
        self.preset_box.addItem("— the chapter's experiments —", None)
        for number, preset in enumerate(PRESETS.values(), start=1):
            prefix = f"{number}. " if number <= 9 else ""
            self.preset_box.addItem(prefix + preset.title, preset.name)
        self.preset_box.setToolTip("reproduce one of the chapter's experiments (keys 1–9)")
        self.preset_box.activated.connect(lambda _: self._preset_chosen())
        form.addRow("Preset", self.preset_box)
        self.plane_box = QComboBox()
        self.plane_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plane_box.setMinimumContentsLength(24)  # long titles show in the list, not in the panel's width
        self.plane_box.setToolTip("which plane of (w, b) space the contour view slices")
        self.plane_box.activated.connect(lambda _: self._plane_chosen())
        self.plane_label = QLabel("Plane")
        form.addRow(self.plane_label, self.plane_box)
        layout.addLayout(form)
        self.rows: dict[str, OptimizerRow] = {}
        by_name = {setup.optimizer: setup for setup in self.scenario.runs}
        for name, optimizer in OPTIMIZERS.items():
            setup = by_name[name]
            row = OptimizerRow(optimizer, setup.hyperparams, setup.enabled, setup.concise)
            row.toggled.connect(self._row_toggled)
            row.conciseToggled.connect(self._concise_toggled)
            row.hyperChanged.connect(self._hyper_changed)
            layout.addWidget(row)
            self.rows[name] = row
        self._build_swarm_controls(layout)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #D55E00;")
        self.message.hide()
        layout.addWidget(self.message)
        hint = QLabel("Click the surface or drag the square to move the start. Changing a value replays "
                      "the run from the start to the current step.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel = panel
        self.panel_scroll = scroll

    def _build_swarm_controls(self, layout) -> None:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        self.swarm_box = QCheckBox("Swarm")
        font = self.swarm_box.font()
        font.setBold(True)
        self.swarm_box.setFont(font)
        self.swarm_box.setToolTip("many start points at once, all run by one optimizer as one batched computation: "
                                  "shows the basins of attraction (2-D problems)")
        self.swarm_count = QSpinBox()
        self.swarm_count.setRange(10, MAX_SWARM)
        self.swarm_count.setSingleStep(100)
        self.swarm_count.setValue(1000)
        self.swarm_count.setSuffix(" starts")
        self.swarm_optimizer = QComboBox()
        for name, optimizer in OPTIMIZERS.items():
            self.swarm_optimizer.addItem(optimizer.title, name)
        self.swarm_optimizer.setCurrentIndex(self.swarm_optimizer.findData("adam"))
        self.swarm_layout = QComboBox()
        self.swarm_layout.addItem("random cloud", "random")
        self.swarm_layout.addItem("grid", "grid")
        for combo in (self.swarm_optimizer, self.swarm_layout):  # never wider than the rows above
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.swarm_count.setMaximumWidth(self.swarm_count.fontMetrics().horizontalAdvance("10000 starts") + 40)
        grid.addWidget(self.swarm_box, 0, 0)
        grid.addWidget(self.swarm_optimizer, 0, 1)
        grid.addWidget(self.swarm_count, 1, 0)
        grid.addWidget(self.swarm_layout, 1, 1)
        self.swarm_note = QLabel()
        self.swarm_note.setWordWrap(True)
        self.swarm_note.setEnabled(False)
        grid.addWidget(self.swarm_note, 2, 0, 1, 2)
        layout.addWidget(box)
        self.swarm_box.toggled.connect(self._swarm_changed)
        self.swarm_optimizer.activated.connect(lambda _: self._swarm_changed())
        self.swarm_layout.activated.connect(lambda _: self._swarm_changed())
        self.swarm_count.editingFinished.connect(self._swarm_changed)
        self.swarm_history: list[tuple[int, float]] = []

    def _build_central(self) -> None:
        loss_box = QWidget()
        loss_layout = QVBoxLayout(loss_box)
        loss_layout.setContentsMargins(0, 0, 0, 0)
        loss_layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(8, 2, 8, 0)
        self.loss_title = QLabel("Loss")
        header.addWidget(self.loss_title)
        header.addStretch(1)
        self.epoch_box = QCheckBox("x axis in epochs, as in the book")
        self.epoch_box.toggled.connect(self._epoch_toggled)
        header.addWidget(self.epoch_box)
        loss_layout.addLayout(header)
        loss_layout.addWidget(self.loss, 1)
        views = QSplitter(Qt.Orientation.Vertical)
        views.addWidget(self.contour)
        views.addWidget(loss_box)
        views.setStretchFactor(0, 3)
        views.setStretchFactor(1, 1)
        views.setSizes([700, 260])
        views.setChildrenCollapsible(False)
        self.contour.setMinimumHeight(240)
        loss_box.setMinimumHeight(150)
        self.step_panel = StepPanel()
        self.step_panel.runChosen.connect(self._step_run_chosen)
        self.step_panel.overlaysChanged.connect(lambda shown: self.contour.show_step(self.last_parts, shown))
        self.step_scroll = QScrollArea()
        self.step_scroll.setWidget(self.step_panel)
        self.step_scroll.setWidgetResizable(True)
        self.step_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.step_scroll.setMinimumWidth(260)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.panel_scroll)
        split.addWidget(views)
        split.addWidget(self.step_scroll)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 0)
        self.panel_scroll.setMinimumWidth(self.panel.minimumSizeHint().width() + 24)
        split.setSizes([self.panel_scroll.minimumWidth() + 20, 1200, 330])
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.setCentralWidget(split)
        self.help = HelpOverlay(split)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.statusBar().addWidget(self.status, 1)

    def _build_shortcuts(self) -> None:
        keys = {
            Qt.Key.Key_Space: self.toggle_play,
            Qt.Key.Key_Right: self.step_once,
            Qt.Key.Key_R: self.reset,
            Qt.Key.Key_Plus: lambda: self.speed_slider.setValue(self.speed_slider.value() + 1),
            Qt.Key.Key_Equal: lambda: self.speed_slider.setValue(self.speed_slider.value() + 1),
            Qt.Key.Key_Minus: lambda: self.speed_slider.setValue(self.speed_slider.value() - 1),
        }
        for number, name in enumerate(list(PRESETS)[:9], start=1):
            keys[getattr(Qt.Key, f"Key_{number}")] = lambda name=name: self.choose_preset(name)
        keys[Qt.Key.Key_Question] = self.toggle_help
        keys[Qt.Key.Key_C] = lambda: self.controls_action.toggle()
        keys[Qt.Key.Key_S] = lambda: self.step_panel_action.toggle()
        keys[Qt.Key.Key_Escape] = self._escape
        self.shortcuts = []
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None, checkable=False, tip=""):
            item = QAction(text, self)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
                item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            item.setCheckable(checkable)
            item.setToolTip(tip or text)
            item.triggered.connect(slot)
            menu.addAction(item)
            return item

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.sweep_action = QAction("Sweep η", self)
        self.sweep_action.setToolTip("final loss against the learning rate for every optimizer that runs (Ctrl+L)")
        self.sweep_action.setShortcut(QKeySequence("Ctrl+L"))
        self.sweep_action.triggered.connect(self.sweep)
        self.toolbar.insertAction(self.home_action, self.sweep_action)
        action(file_menu, "Open session…", lambda: self.open_session(), "Ctrl+O",
               tip="open a saved setup: problem, runs, hyperparameters, view, theme")
        action(file_menu, "Save session…", lambda: self.save_session_as(), "Ctrl+Shift+S")
        file_menu.addSeparator()
        self.export_action = action(file_menu, "Export…", self.show_export, "Ctrl+E",
                                    tip="a picture (PNG, SVG), an animation (GIF, MP4) or the data (CSV, JSON)")
        self.screenshot_action = action(file_menu, "Save screenshot", self.save_screenshot, "Ctrl+S",
                                        tip="save the whole window as a PNG (Ctrl+S)")
        file_menu.addSeparator()
        action(file_menu, "Quit", self.close, "Ctrl+Q")
        self.file_menu = file_menu
        view = bar.addMenu("&View")
        self.present_action = action(view, "Presentation mode", self.toggle_presenting, "F11", checkable=True,
                                     tip="fullscreen, big type, thick lines, high contrast (F11)")
        self.dark_action = action(view, "Dark theme", lambda: self.apply_theme(dark=self.dark_action.isChecked()),
                                  "Ctrl+D", checkable=True)
        view.addSeparator()
        self.controls_action = action(view, "Controls panel", lambda: None, "", checkable=True)
        self.controls_action.setChecked(True)
        self.controls_action.toggled.connect(self.panel_scroll.setVisible)
        self.step_panel_action = action(view, "Step-by-step panel", lambda: None, "", checkable=True)
        self.step_panel_action.setChecked(True)
        self.step_panel_action.toggled.connect(self.step_scroll.setVisible)
        view.addAction(self.home_action)
        help_menu = bar.addMenu("&Help")
        action(help_menu, "Keyboard shortcuts", self.toggle_help, "F1")
        for item in (self.present_action, self.export_action, self.screenshot_action):
            self.toolbar.addAction(item)

    # ------------------------------------------------------------ the worker

    def _start_worker(self) -> None:
        """Start the engine: a worker process at once (the default), a worker thread after the first frame."""
        if self.worker is not None or self._closing:
            return
        self.worker = start_engine(self.engine_kind, preload_torch=self.remember)  # not for a scripted picture
        self.thread = self.worker.thread
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.swept.connect(self._swept)
        self.worker.rejected.connect(self.show_message)
        self.worker.failed.connect(self._worker_failed)
        for command in getattr(self, "_pending", []):
            self.worker.send(command)
        self._pending = []

    def send(self, command: object) -> None:
        if self.worker is None:
            if isinstance(command, cmd.Load):  # a newer scenario makes the older one moot
                self._pending = [c for c in getattr(self, "_pending", []) if not isinstance(c, cmd.Load)]
            self._pending = [*getattr(self, "_pending", []), command]
        else:
            self.worker.send(command)

    def stop_worker(self) -> None:
        if self.worker is None or self.worker.stopped:
            return
        self.worker.stop()
        self.thread = None

    def restart_worker(self) -> None:
        """A new engine with the current setup, brought back to the current step."""
        old = self.worker
        if old is not None:
            for signal in (old.snapshot, old.swept, old.rejected, old.failed):
                signal.disconnect()
            old.stop()
        self.worker = None
        self.thread = None
        if self._closing:
            return
        self.serial += 1
        self._pending = [cmd.Load(self.serial, self.scenario, self.target),
                         cmd.Speed(SPEEDS[self.speed_slider.value()]), cmd.Select(self.step_panel.selected())]
        if self.swarm_box.isChecked():
            self._pending.append(self._swarm_setup())
        self.tracks.clear()
        self._generations.clear()
        self.playing = False
        self._show_play_state()
        self._start_worker()

    def closeEvent(self, event) -> None:
        self._closing = True
        self.stop_worker()
        self.save_settings()
        if self.theme.presenting:
            QApplication.setFont(self._normal_font)
        super().closeEvent(event)

    def _worker_failed(self, text: str) -> None:
        """The engine failed: say so (dialog and log), pause, and carry on; a dead engine is restarted."""
        if self._closing:
            return
        self.playing = False
        self._show_play_state()
        dead = isinstance(self.worker, ProcessEngine) and self.worker.process.poll() is not None
        summary = text.strip().splitlines()[-1] if text.strip() else "unknown error"
        report_error(self, "The engine hit an unexpected error", text,
                     "adamviz started a new engine and replayed the runs." if dead else
                     "The runs are paused; Reset or change a setting to go on.")
        if dead:
            self.restart_worker()
        self.show_message(f"Engine error: {summary}")

    # ------------------------------------------------------------ scenario

    def load(self, scenario: Scenario, target: int) -> None:
        """Show ``scenario`` (already validated) and bring it to step ``target``."""
        problem = scenario.problem_object()
        problem_changed = getattr(self, "_problem", None) is not problem
        self.scenario = scenario
        self._problem = problem
        self.serial += 1
        self.target = target
        self.tracks.clear()
        self._generations.clear()
        self.last_parts = None
        self.contour.show_step(None)
        self._sync_controls()
        self._runs_changed()
        if problem_changed:
            self.contour.set_problem(problem)
            self.loss.set_problem(problem)
            self._setup_plane_box(problem)
            self.epoch_box.setVisible(bool(problem.steps_per_epoch))
        if problem.planar:
            self.contour.set_start(scenario.start or problem.initial_point())
        if self.playing:  # a new setup is shown at its own step count; Play continues from there
            self.set_playing(False)
        self.send(cmd.Load(self.serial, scenario, target))
        self._select_default_run()
        self.swarm_box.setEnabled(problem.planar)
        self.swarm_box.setToolTip(self.swarm_box.toolTip() if problem.planar else
                                  "swarm mode needs a problem with two parameters")
        if self.swarm_box.isChecked():
            if problem.planar:
                self._swarm_changed()
            else:
                self.swarm_box.setChecked(False)
        self.setWindowTitle(f"adamviz — {scenario.title or problem.title}")
        self._update_status()

    def _sync_controls(self) -> None:
        self.problem_box.setCurrentIndex(self.problem_box.findData(self.scenario.problem))
        custom = self.scenario.problem == CUSTOM
        for widget in (self.function_field, self.function_label):
            widget.setVisible(custom)
        if custom:
            self.function_field.setText(self.scenario.function)
            self._mark_function(None)
        index = self.preset_box.findData(self._preset_name) if getattr(self, "_preset_name", None) else 0
        self.preset_box.setCurrentIndex(max(index, 0))
        for setup in self.scenario.runs:
            self.rows[setup.optimizer].set_state(setup.hyperparams, setup.enabled, setup.concise)

    def _runs_changed(self) -> None:
        specs = self.scenario.run_specs()
        self.keys = [(spec.optimizer, spec.concise) for spec in specs]
        labels = {(s.optimizer, s.concise): run_label((s.optimizer, s.concise), s.hyperparams) for s in specs}
        for key in list(self.tracks):
            if key not in self.keys:
                del self.tracks[key]
        self.contour.set_runs(self.keys, labels)
        self.loss.set_runs(self.keys)

    def _structure_changed(self) -> None:
        """Runs were switched on or off: the worker keeps the unchanged ones and adds the new."""
        self.serial += 1
        self._runs_changed()
        self.send(cmd.Load(self.serial, self.scenario, self.target))
        self._select_default_run()
        self._update_status()

    def choose_problem(self, name: str, function: str | None = None) -> bool:
        """Switch to problem ``name`` (for custom: ``function``, else the field's); False if refused."""
        if name == CUSTOM and function is None:
            function = self.function_field.text()
        if name == self.scenario.problem and function == self.scenario.function:
            return True
        flags = {s.optimizer: (s.enabled, s.concise) for s in self.scenario.runs}
        try:
            scenario = default_scenario(name, tuple(n for n, (on, _) in flags.items() if on),
                                        function=function if name == CUSTOM else None)
        except (ValueError, DataError) as exc:  # an unusable data file, a function that does not parse
            self.problem_box.setCurrentIndex(self.problem_box.findData(self.scenario.problem))
            if name == CUSTOM:
                for widget in (self.function_field, self.function_label):
                    widget.setVisible(True)
                self._mark_function(str(exc))
            else:
                self.show_message(str(exc))
            return False
        for setup in scenario.runs:
            setup.concise = flags[setup.optimizer][1]
        self._preset_name = None
        self.load(scenario, scenario.steps)
        return True

    def choose_function(self, text: str) -> bool:
        """Use f(x1, x2) = ``text``; a bad one is explained beside the field and the old one stays."""
        return self.choose_problem(CUSTOM, text)

    def _mark_function(self, error: str | None) -> None:
        self.function_field.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }" if error else "")
        self.function_error.setText(f"{error}; keeping the previous function" if error else "")
        self.function_error.setVisible(bool(error))

    def choose_preset(self, name: str) -> None:
        try:
            scenario = PRESETS[name].scenario()
        except (ValueError, DataError) as exc:
            self.show_message(str(exc))
            return
        self._preset_name = name
        self.load(scenario, scenario.steps)

    def _preset_chosen(self) -> None:
        name = self.preset_box.currentData()
        if name:
            self.choose_preset(name)

    def _row_toggled(self, optimizer: str, on: bool) -> None:
        self._edit_run(optimizer, enabled=on)
        self._structure_changed()

    def _concise_toggled(self, optimizer: str, on: bool) -> None:
        self._edit_run(optimizer, concise=on)
        self._structure_changed()

    def _edit_run(self, optimizer: str, **changes) -> None:
        runs = [replace(s, **changes) if s.optimizer == optimizer else s for s in self.scenario.runs]
        self.scenario = replace(self.scenario, runs=runs, title="")
        self._preset_name = None
        self.preset_box.setCurrentIndex(0)

    def _hyper_changed(self, optimizer: str, name: str, value: float) -> None:
        setup = next(s for s in self.scenario.runs if s.optimizer == optimizer)
        self._edit_run(optimizer, hyperparams={**setup.hyperparams, name: value})
        setup = next(s for s in self.scenario.runs if s.optimizer == optimizer)
        for key in self.keys:
            if key[0] == optimizer:
                self.contour.labels[key] = run_label(key, setup.hyperparams)
        self.contour._rebuild_legend()
        self.send(cmd.SetHyper(optimizer, {name: value}))
        if self.swarm_box.isChecked() and self.swarm_optimizer.currentData() == optimizer:
            self._swarm_changed()

    def _start_dragged(self, x1: float, x2: float) -> None:
        from adamviz.core.engine import checked_start
        from adamviz.core.scenario import check_point

        problem = self.scenario.problem_object()
        try:
            point = checked_start(problem, np.asarray(check_point((x1, x2))))
        except ValueError as exc:  # f undefined there, or absurdly far: say so, keep the old start
            self.show_message(str(exc))
            self.contour.set_start(self.scenario.start or problem.initial_point())
            return
        self.scenario = replace(self.scenario, start=(float(point[0]), float(point[1])))
        self.send(cmd.SetStart(self.scenario.start))

    def _setup_plane_box(self, problem) -> None:
        self.plane_box.clear()
        visible = not problem.planar
        self.plane_box.setVisible(visible)
        self.plane_label.setVisible(visible)
        if not visible:
            return
        self.plane_box.addItem("principal plane of the runs", None)
        names = problem.param_names
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                self.plane_box.addItem(f"{names[i]} and {names[j]} (rest at the minimum)", (i, j))

    def _plane_chosen(self) -> None:
        self.contour.set_plane_choice(self.plane_box.currentData(), self.tracks)
        self.contour.draw(self.tracks)

    def _epoch_toggled(self, on: bool) -> None:
        self.loss.set_by_epoch(on)
        self.loss.draw(self.tracks)

    def _select_default_run(self) -> None:
        current = self.step_panel.selected()
        scratch = [key for key in self.keys if not key[1]]
        chosen = current if current in scratch else (scratch[-1] if scratch else None)
        self.step_panel.set_runs(self.keys, chosen)
        self.last_parts = None
        self.send(cmd.Select(chosen))

    # ------------------------------------------------------------ views and sessions

    def apply_view(self, view) -> None:
        """Show a session's view settings: the airfoil's plane, the contour range, the loss x axis."""
        if view.loss_by_epoch and self.epoch_box.isVisible():
            self.epoch_box.setChecked(True)
        problem = self.contour.problem
        if problem is not None and not problem.planar and view.plane is not None:
            for index in range(self.plane_box.count()):
                data = self.plane_box.itemData(index)
                if data is not None and tuple(data) == tuple(view.plane):
                    self.plane_box.setCurrentIndex(index)
                    break
            self.contour.set_plane_choice(tuple(view.plane), self.tracks)
            self.contour.draw(self.tracks)
        if view.contour_range is not None:
            self.contour.set_view_range(*view.contour_range)

    def view_settings(self):
        from adamviz.core.session import ViewSettings

        contour = self.contour
        planar = contour.problem is None or contour.problem.planar
        (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
        return ViewSettings(
            contour_x=(float(x0), float(x1)), contour_y=(float(y0), float(y1)),
            plane=None if planar or contour.plane_choice is None else tuple(contour.plane_choice),
            loss_by_epoch=bool(self.loss.by_epoch),
        )

    def session(self):
        """What the window shows now, as a Session: its setup at its current step, its view, its theme."""
        from adamviz.core.session import Session

        scenario = replace(self.scenario, steps=self.target).validated()
        return Session(scenario, self.view_settings(), self.theme_name)

    def finish_views(self) -> None:
        """Once the worker rests: the airfoil's plane from every point received (it refreshes at most a
        few times a second while points arrive, so the last frame may lag), the surface for the view."""
        problem = self.contour.problem
        if problem is None or problem.planar or self.contour.plane_frozen:
            return
        plane = self.contour.plane
        self.contour.update_plane(self.tracks, force=True)
        if plane is None or self.contour.plane is not plane:
            self.contour.draw(self.tracks)

    # ------------------------------------------------------------ swarm and sweep

    def _swarm_setup(self) -> cmd.SwarmSetup:
        name = self.swarm_optimizer.currentData()
        setup = next(s for s in self.scenario.runs if s.optimizer == name)
        return cmd.SwarmSetup(self.serial, self.scenario, name, dict(setup.hyperparams), self.swarm_count.value(),
                              self.swarm_layout.currentData(), 0)

    def _swarm_changed(self, *_) -> None:
        """Swarm mode on (again, with the current settings, from step 0) or off (back to the runs)."""
        self.serial += 1
        self.swarm_history = []
        self.swarm_t = 0
        if self.swarm_box.isChecked():
            self.send(self._swarm_setup())
            self.swarm_note.setText("Play (Space) to watch every start point run.")
            self.last_parts = None
            self.contour.show_step(None)
        else:
            self.send(cmd.SwarmOff())
            self.contour.show_swarm(None)
            self.loss.show_swarm(None)
            self.swarm_note.setText("")
            self.tracks.clear()
            self._generations.clear()
            self.send(cmd.Load(self.serial, self.scenario, self.target))
        self._update_status(force=True)

    def _draw_swarm(self, snapshot: cmd.SwarmSnapshot) -> None:
        name = self.swarm_optimizer.currentData()
        color = optimizer_color(name)
        self.swarm_t = snapshot.t  # the runs keep their own step count for when swarm mode ends
        self.catching_up = snapshot.catching_up
        if self.swarm_history and snapshot.t < self.swarm_history[-1][0]:
            self.swarm_history = []
        if not self.swarm_history or snapshot.t > self.swarm_history[-1][0]:
            self.swarm_history.append((snapshot.t, snapshot.median_loss))
        self.contour.show_swarm(snapshot.positions, snapshot.alive, color)
        history = np.array(self.swarm_history)
        self.loss.show_swarm(history[:, 0], history[:, 1], color)
        summary = snapshot.summary
        title = get_optimizer(name).title
        problem = self.scenario.problem_object()
        if len(problem.minima):
            arrived = f"{summary['near_floor']} within 0.001 of the lowest loss"
        else:  # unbounded below (the saddle): the floor is only the lowest value in the view
            arrived = f"{summary['near_floor']} below f = {problem.floor:g}"
        self.swarm_status = (f"<span style='color:{color}'>●</span> swarm of {summary['particles']} {title}: "
                             f"{summary['alive']} running, {arrived}, "
                             f"{summary['diverged']} diverged; median loss {snapshot.median_loss:.4g}")
        self._update_status()

    def sweep(self) -> None:
        """Ask the engine for final loss against η for every running optimizer that has an η."""
        names = [s.optimizer for s in self.scenario.runs
                 if s.enabled and "lr" in {hp.name for hp in get_optimizer(s.optimizer).hyperparams}]
        if not names:
            self.show_message("Nothing to sweep: switch on an optimizer with a learning rate (AdaDelta has none).")
            return
        problem = self.scenario.problem_object()
        steps = min(max(self.target, problem.default_steps), SWEEP_MAX_STEPS)
        self._sweep_serial = getattr(self, "_sweep_serial", 0) + 1
        if getattr(self, "sweep_dialog", None) is None:
            self.sweep_dialog = SweepDialog(self.theme, self)
            self.sweep_dialog.lrChosen.connect(self._lr_chosen)
        self.sweep_dialog.waiting(problem.title, steps)
        self.sweep_dialog.show()
        self.sweep_dialog.raise_()
        self.send(cmd.SweepRequest(self._sweep_serial, self.scenario, names, steps))

    def _swept(self, done) -> None:
        if done.serial != getattr(self, "_sweep_serial", None) or getattr(self, "sweep_dialog", None) is None:
            return
        current = {s.optimizer: s.hyperparams["lr"] for s in self.scenario.runs if "lr" in s.hyperparams}
        self.sweep_dialog.show_results(done, current, self.scenario.problem_object().title)

    def _lr_chosen(self, optimizer: str, lr: float) -> None:
        row = self.rows[optimizer]
        row.controls["lr"].set_value(lr)
        self._hyper_changed(optimizer, "lr", lr)
        if getattr(self, "sweep_dialog", None) is not None:
            self.sweep()  # redraw with the new η marked

    # ------------------------------------------------------------ transport

    def toggle_play(self) -> None:
        self.set_playing(not self.playing)

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self._show_play_state()
        self.send(cmd.Play(playing))

    def _show_play_state(self) -> None:
        self.play_action.setText("Pause" if self.playing else "Play")
        self.play_action.setIcon(self.icons["pause" if self.playing else "play"])

    def step_once(self) -> None:
        if self.playing:
            self.set_playing(False)
        self.send(cmd.StepBy(1))

    def reset(self) -> None:
        self.send(cmd.Reset())

    def run_to(self, target: int) -> None:
        self.send(cmd.StepBy(max(0, target - self.target)))

    def _speed_changed(self, index: int) -> None:
        speed = SPEEDS[index]
        self.speed_label.setText(speed_text(speed))
        self.send(cmd.Speed(speed))

    # ------------------------------------------------------------ snapshots

    def _on_snapshot(self, snapshot: cmd.Snapshot) -> None:
        try:
            if isinstance(snapshot, cmd.SwarmSnapshot):
                if snapshot.serial == self.serial and self.swarm_box.isChecked():
                    self._draw_swarm(snapshot)
                    self.snapshotDrawn.emit(snapshot)
            elif snapshot.serial == self.serial and not self.swarm_box.isChecked():
                self._absorb(snapshot)
                self._redraw()
                if not self.playing and not snapshot.catching_up:
                    self.finish_views()
                self.snapshotDrawn.emit(snapshot)
        finally:
            self._acknowledge()

    def _acknowledge(self) -> None:
        if self.worker is not None:
            self.worker.acknowledge()

    def _absorb(self, snapshot: cmd.Snapshot) -> None:
        self.target = snapshot.target
        self.catching_up = snapshot.catching_up
        problem = self.scenario.problem_object()
        for update in snapshot.runs:
            track = self.tracks.get(update.key)
            if track is None:
                if update.key not in self.keys:
                    continue
                track = self.tracks[update.key] = Track(problem.dim, problem.minimum)
            if update.start == 0 or self._generations.get(update.key) != update.generation:
                track.clear()
                self._generations[update.key] = update.generation
            if update.start != track.received:
                log.warning("run %s: points from %d after %d; waiting for a full update",
                            update.key, update.start, track.received)
                continue
            track.extend(update.start, update.points, update.losses)
            track.diverged_at = update.diverged_at
            track.stop_reason = update.stop_reason
        self.last_parts = snapshot.parts

    def _redraw(self) -> None:
        # While playing, the views draw the newest points as short tails over cached histories and the
        # loss plot redraws at 30 Hz; at rest (paused, stepping, a replay) they draw everything exactly.
        self.contour.live = self.loss.live = self.playing
        self.contour.draw(self.tracks)
        drawn = self.loss.draw(self.tracks)
        if not self.playing:
            self._update_status()
            self._show_step()
            return
        # While playing, the ten-a-second texts take turns and never share a frame with a loss-plot
        # redraw: one heavy piece of work per frame keeps the longest frame (and any input's wait) short.
        if not self._update_status(defer=drawn) and not drawn:
            self._show_step()

    def _show_step(self, force: bool = False) -> bool:
        """Show the selected run's step in the panel and on the surface; False if not due (while playing)."""
        # While playing the numbers change every frame and cannot be read that fast: ten updates a second,
        # and two above OVERLAY_MAX_SPEED, where the panel's rich-text layout (a six-column table on airfoil)
        # would otherwise take much of the window's time.
        speed = SPEEDS[self.speed_slider.value()]
        legible = not self.playing or (speed is not None and speed <= OVERLAY_MAX_SPEED)
        now = time.perf_counter()
        interval = 0.1 if legible else 0.5
        if self.playing and not force and now - getattr(self, "_step_shown_at", 0.0) < interval:
            return False
        self._step_shown_at = now
        key = self.step_panel.selected()
        track = self.tracks.get(key) if key else None
        diverged = track.diverged_at if track is not None else None
        parts = self.last_parts if diverged is None else None
        self.step_panel.show_step(parts, self.scenario.problem_object(), diverged)
        # Arrows that change thousands of times a second say nothing, and each repaints much of the view:
        # faster than OVERLAY_MAX_SPEED the step's parts wait on the surface for Pause.
        self.contour.show_step(parts if legible and parts is not None and parts.key == key else None)
        return True

    def _step_run_chosen(self, key) -> None:
        self.last_parts = None
        self.send(cmd.Select(key))
        self._show_step(force=True)

    def _update_status(self, force: bool = False, defer: bool = False) -> bool:
        """The step counter, and (ten times a second while playing) each run's loss; True if the losses were
        rewritten. ``defer``: leave the losses for a later frame (this one is busy) unless forced."""
        problem = self.scenario.problem_object()
        swarming = self.swarm_box.isChecked()
        text = f"step {getattr(self, 'swarm_t', 0) if swarming else self.target}"
        if problem.steps_per_epoch:
            text += f"  ·  epoch {self.target / problem.steps_per_epoch:.2f}"
        if self.catching_up:
            text += "  ·  replaying…"
        if self.worker is None:
            text += "  ·  starting the engine…"
        self.step_label.setText(" " + text + " ")
        # The losses change every frame while playing and cannot be read that fast: ten times a second.
        now = time.perf_counter()
        if self.playing and not force and (defer or now - getattr(self, "_status_shown_at", 0.0) < 0.1):
            return False
        self._status_shown_at = now
        if self.swarm_box.isChecked():
            self.status.setText(getattr(self, "swarm_status", "swarm: starting…"))
            return True
        parts = []
        for key in self.keys:
            track = self.tracks.get(key)
            label = get_optimizer(key[0]).title + (" (torch.optim)" if key[1] else "")
            color = optimizer_color(key[0])
            if track is None or track.received == 0:
                value = "…"
            elif track.diverged_at is not None:
                value = stopped_text(track.diverged_at, track.stop_reason)
            else:
                value = f"loss {track.last_loss:.6g}"
            parts.append(f"<span style='color:{color}'>●</span> {label}: {value}")
        if problem.floor > 0:
            parts.append(f"floor {problem.floor:.6g}")
        self.status.setText("&nbsp;&nbsp;&nbsp;".join(parts) if parts else "no optimizer selected")
        return True

    def show_message(self, text: str | None, error: bool = True) -> None:
        self.message.setStyleSheet("color: #D55E00;" if error else "")
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        if text:
            QTimer.singleShot(8000, self.message, lambda: self.message.text() == text and self.message.hide())

    # ------------------------------------------------------------ theme, presentation, help

    def apply_theme(self, dark: bool | None = None, presenting: bool | None = None) -> None:
        """Light or dark, normal or projector (big type, thick lines, high contrast, fullscreen)."""
        dark = self.theme.dark if dark is None else dark
        presenting = self.theme.presenting if presenting is None else presenting
        was_presenting = self.theme.presenting
        self.theme_name = "dark" if dark else "light"
        self.theme = get_theme(self.theme_name, presenting)
        app = QApplication.instance()
        app.setStyle("Fusion")
        palette = dark_palette() if dark else app.style().standardPalette()
        app.setPalette(palette)
        self.setPalette(palette)  # at once, not when the palette-change event comes round
        font = QFont(self._normal_font)
        if presenting:
            font.setPointSizeF(self.theme.font_pt)
        QApplication.setFont(font)
        self.setFont(font)
        self.contour.apply_theme(self.theme)
        self.loss.apply_theme(self.theme)
        self.dark_action.setChecked(dark)
        self.present_action.setChecked(presenting)
        if presenting and not was_presenting:
            # The views are what the room looks at: the controls step aside (C brings them back).
            # (the actions, not isVisible(): a window entering presentation mode as it opens is not shown yet)
            self._panels_before = (self.controls_action.isChecked(), self.step_panel_action.isChecked())
            self._set_panel(self.controls_action, self.panel_scroll, False)
            self._geometry_before = self.saveGeometry()
            self._splitter_before = self.splitter.sizes()
            self.showFullScreen()
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([0, int(total * 0.7), total - int(total * 0.7)])
        elif was_presenting and not presenting:
            self.showNormal()
            if getattr(self, "_geometry_before", None) is not None:
                self.restoreGeometry(self._geometry_before)
            controls, steps = getattr(self, "_panels_before", (True, True))
            self._set_panel(self.controls_action, self.panel_scroll, controls)
            self._set_panel(self.step_panel_action, self.step_scroll, steps)
            if getattr(self, "_splitter_before", None):
                self.splitter.setSizes(self._splitter_before)
        self._update_status()

    @staticmethod
    def _set_panel(action: QAction, panel: QWidget, visible: bool) -> None:
        action.setChecked(visible)
        panel.setVisible(visible)

    def toggle_presenting(self) -> None:
        self.apply_theme(presenting=not self.theme.presenting)

    def toggle_help(self) -> None:
        self.help.toggle()

    def _escape(self) -> None:
        if self.help.isVisible():
            self.help.hide()
        elif self.theme.presenting:
            self.apply_theme(presenting=False)

    def save_screenshot(self) -> Path | None:
        """The whole window as a PNG in the screenshot folder; the path is shown inline."""
        folder = Path(settings().value("screenshot_folder", str(default_picture_folder())))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"adamviz-{self.scenario.problem}-step{self.target}-{stamp}.png"
        try:
            atomic_write(path, lambda tmp: self._grab_to(tmp))
        except WriteError as exc:
            self.show_message(str(exc))
            return None
        self.show_message(f"saved {path}", error=False)
        return path

    def _grab_to(self, path: Path) -> None:
        if not self.grab().save(str(path), "PNG"):
            raise WriteError(f"cannot write {path}: Qt could not save the image")

    # ------------------------------------------------------------ exports and sessions

    def show_export(self) -> None:
        if getattr(self, "export_dialog", None) is None:
            folder = Path(settings().value("export_folder", str(default_picture_folder())))
            self.export_dialog = ExportDialog(self, folder)
            self.export_dialog.exported.connect(self._exported)
        self.export_dialog._format_changed()
        self.export_dialog.show()
        self.export_dialog.raise_()

    def _exported(self, path: str) -> None:
        settings().setValue("export_folder", str(Path(path).parent))
        self.show_message(f"exported {path}", error=False)

    def open_session(self, path: str | Path | None = None) -> bool:
        """Open a session file (asking for one if ``path`` is None); a bad file is explained, nothing changes."""
        from adamviz.core.session import SessionError, load_session

        if path is None:
            folder = settings().value("session_folder", str(Path.home()))
            path, _ = QFileDialog.getOpenFileName(self, "Open session", folder, "adamviz sessions (*.json)")
            if not path:
                return False
        try:
            session = load_session(path)
        except (SessionError, DataError) as exc:
            self.show_message(str(exc))
            return False
        settings().setValue("session_folder", str(Path(path).parent))
        self.apply_session(session)
        self.show_message(f"opened {path}", error=False)
        return True

    def restore_last_session(self) -> bool:
        """The session the window had when it was last closed, if there is a usable one."""
        from adamviz.core.session import SessionError, load_session

        path = last_session_file()
        if not path.exists():
            return False
        try:
            session = load_session(path)
        except (SessionError, DataError) as exc:
            log.warning("not reopening the last session: %s", exc)
            return False
        self.apply_session(session)
        return True

    def apply_session(self, session) -> None:
        if self.swarm_box.isChecked():
            self.swarm_box.setChecked(False)
        self.apply_theme(dark=session.theme == "dark")
        self._preset_name = None
        self.load(session.scenario, session.scenario.steps)
        self.apply_view(session.view)

    def save_session_as(self, path: str | Path | None = None) -> Path | None:
        from adamviz.core.session import save_session

        if path is None:
            folder = Path(settings().value("session_folder", str(Path.home())))
            name, _ = QFileDialog.getSaveFileName(self, "Save session", str(folder / "adamviz-session.json"),
                                                  "adamviz sessions (*.json)")
            if not name:
                return None
            path = name if name.lower().endswith(".json") else name + ".json"
        try:
            written = save_session(path, self.session())
        except (WriteError, ValueError) as exc:
            self.show_message(str(exc))
            return None
        settings().setValue("session_folder", str(Path(written).parent))
        self.show_message(f"saved {written}", error=False)
        return written

    # ------------------------------------------------------------ settings

    def save_settings(self) -> None:
        if not self.remember:
            return
        from adamviz.core.session import save_session

        try:  # the last session comes back at the next launch
            save_session(last_session_file(), self.session())
        except (WriteError, ValueError, OSError) as exc:
            log.warning("could not keep the session for next time: %s", exc)
        store = settings()
        if not self.theme.presenting:
            store.setValue("geometry", self.saveGeometry())
        store.setValue("theme", self.theme_name)
        store.sync()

    @staticmethod
    def remembered_theme() -> str:
        value = settings().value("theme", "light")
        return value if value in ("light", "dark") else "light"

    def restore_geometry(self) -> bool:
        geometry = settings().value("geometry")
        return bool(geometry) and self.restoreGeometry(geometry)


def settings() -> QSettings:
    return QSettings("adamviz", "adamviz")


def last_session_file() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    path = Path(folder or Path.home() / ".adamviz") / "last-session.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def default_picture_folder() -> Path:
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    folder = Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()
    return folder


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#22252a", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#16181c", QPalette.ColorRole.AlternateBase: "#2b2f35",
        QPalette.ColorRole.ToolTipBase: "#2b2f35", QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#2b2f35",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#0072B2",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7f86"))
    return palette


SHORTCUTS = (
    ("Space", "play / pause"),
    ("→", "one step"),
    ("R", "reset to step 0"),
    ("1 – 9", "the chapter's presets"),
    ("+  /  −", "faster / slower"),
    ("F11", "presentation mode (Esc leaves it)"),
    ("C  /  S", "show or hide the controls / the step-by-step panel"),
    ("Ctrl+D", "dark / light theme"),
    ("Ctrl+S", "save a screenshot"),
    ("Ctrl+E", "export a picture, animation or data"),
    ("Ctrl+O  /  Ctrl+Shift+S", "open / save a session"),
    ("F1  or  ?", "this help"),
)


class HelpOverlay(QFrame):
    """The keyboard shortcuts, over the views; any key or click closes it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("help-overlay")
        self.setStyleSheet("#help-overlay { background: rgba(20, 22, 26, 225); border-radius: 12px; }"
                           "#help-overlay QLabel { color: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        title = QLabel("<b>Keyboard</b>")
        layout.addWidget(title)
        rows = "".join(f"<tr><td style='padding-right:24px'><b>{key}</b></td><td>{what}</td></tr>"
                       for key, what in SHORTCUTS)
        table = QLabel(f"<table cellspacing='6'>{rows}</table>")
        table.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(table)
        hint = QLabel("Press any key or click to close.")
        layout.addWidget(hint)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.adjustSize()
        parent = self.parentWidget()
        self.move(max(0, (parent.width() - self.width()) // 2), max(0, (parent.height() - self.height()) // 3))
        self.raise_()
        self.show()
        self.setFocus()

    def keyPressEvent(self, event) -> None:
        self.hide()

    def mousePressEvent(self, event) -> None:
        self.hide()
