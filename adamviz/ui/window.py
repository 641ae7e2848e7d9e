"""The adamviz main window: it assembles the model, the engine link, the actions, the panels and the views.

What the window shows lives in the application model (adamviz.model.AppModel);
the widgets render it and send the user's intents back to it. The engine runs
in a worker process (or thread) behind an EngineLink; every snapshot it sends
goes to the model, and the FramePainter draws it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QMainWindow, QVBoxLayout, QWidget

from adamviz.core.scenario import Scenario
from adamviz.core.session import Session
from adamviz.core.text import declared, translate, translated
from adamviz.model import AppModel
from adamviz.ui import actions as table
from adamviz.ui.app import app_icon
from adamviz.ui.contour_view import ContourView
from adamviz.ui.engine_link import EngineLink
from adamviz.ui.errors import report_error
from adamviz.ui.files import WindowFiles
from adamviz.ui.frames import FramePainter
from adamviz.ui.icons import icon
from adamviz.ui.language_menu import add_language_menu
from adamviz.ui.loss_view import LossView
from adamviz.ui.setup_panel import SetupPanel
from adamviz.ui.step_panel import StepPanel, step_panel_scale
from adamviz.ui.theme import Theme, get_theme, render_theme
from adamviz.ui.toolbar import TransportBar
from adamviz.ui.type_style import use_app_style
from adamviz.ui.views_area import STEP_SHARE, LossPanel, ViewsArea
from adamviz.ui.worker import engine_kind

log = logging.getLogger("adamviz")


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
    def __init__(self, scenario: Scenario, target: int | None = None, theme: str = "light",
                 presenting: bool = False, remember: bool = True, engine: str | None = None):
        super().__init__()
        self.setWindowIcon(app_icon())
        self.remember = remember
        """Save geometry, theme and session on close; off for scripted screenshots and exports."""
        self.link = EngineLink(engine, preload_torch=remember, on_failure=self._engine_failed, parent=self)
        self.model = model = AppModel(scenario, self.link.send, target, dark=theme == "dark")
        model.events.on_error = lambda exc: sys.excepthook(type(exc), exc, exc.__traceback__)
        self.link.attach(model)
        self.files = WindowFiles(self)
        initial = get_theme(model.view.theme_name)
        self.theme: Theme | None = None
        """The theme the widgets show (set by show_view from the model's)."""
        self._normal_font = QApplication.font()
        self._geometry_before = None
        self._presenting = False

        self.contour = ContourView(initial)
        self.loss = LossView(initial)
        self.step_panel = StepPanel()
        self.setup = SetupPanel(model)
        self.loss_panel = LossPanel(self.loss)
        self.actions = table.build_actions(self)
        self.menus = self._build_menus()
        self.toolbar = TransportBar(self.actions)
        self.area = ViewsArea(self.setup, self.contour, self.loss_panel, self.step_panel)
        self.status, self.banner, self.help = self.area.status, self.area.banner, self.area.help
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.area, 1)
        self.setCentralWidget(central)
        self.painter = FramePainter(model, self.contour, self.loss, self.toolbar, self.status, self.step_panel, self)
        self._connect()
        self.show_scenario(True)
        self.show_view()
        self.show_playback()
        if presenting:
            model.set_presenting(True)
        if (engine or engine_kind()) == "process":
            # A process of its own starts on the other core while this one shows the window: its first
            # trajectories (on numpy for the bowls, no torch) are then ready about when the window is.
            self.link.start()
        # An engine thread shares this process's interpreter lock: it waits for the first frame.
        _FirstPaint(self.contour, self.link.start)
        QTimer.singleShot(400, self, self.link.start)  # in case nothing paints (a hidden window)

    # ------------------------------------------------------------ building

    def _build_menus(self) -> list:
        menus = []
        for name in table.MENUS:
            menu = self.menuBar().addMenu(translated("actions", name))
            table.fill_menu(menu, name, self.actions)
            if name == "&View":
                add_language_menu(self, menu)
            menus.append(menu)
        return menus

    def _connect(self) -> None:
        model, events = self.model, self.model.events
        events.scenario.connect(self.show_scenario)
        events.runs.connect(self.show_runs)
        events.labels.connect(self._show_labels)
        events.start.connect(self._show_start)
        events.selection.connect(self._show_selection)
        events.playback.connect(self.show_playback)
        events.view.connect(self.show_view)
        events.message.connect(self.banner.show_message)
        events.swarm.connect(self.show_swarm)
        events.sweep_started.connect(self._sweep_started)
        events.sweep_done.connect(self._sweep_done)
        events.batches_started.connect(self._batches_started)
        events.batches_done.connect(lambda done: getattr(self, "batch_dialog", None) and
                                    self.batch_dialog.show_results(done))
        self.toolbar.speedChosen.connect(model.set_speed)
        self.contour.startDragged.connect(model.set_start)
        self.step_panel.runChosen.connect(model.select_run)
        self.step_panel.overlayToggled.connect(model.set_overlay)
        self.loss_panel.epoch_box.toggled.connect(model.set_loss_by_epoch)
        self.help.closed.connect(lambda: model.set_help_shown(False))

    # ------------------------------------------------------------ the model, shown

    def show_scenario(self, problem_changed: bool) -> None:
        model, problem = self.model, self.model.problem
        self.show_runs()
        if problem_changed:
            if self.theme is not None and self.theme.presenting:
                self._set_step_type()
            self.contour.set_problem(problem, model.view.plane)
            self.loss.set_problem(problem)
            self.loss.set_by_epoch(model.view.loss_by_epoch)
            self.loss_panel.epoch_box.setVisible(bool(problem.steps_per_epoch))
            self.toolbar.set_epochs(bool(problem.steps_per_epoch))
            self.area.arrange(model.view.presenting, problem)
        self._show_start()
        self.contour.show_step(None)
        self._show_title()
        self.painter.show_readout()

    def _show_title(self) -> None:
        """The preset's title while the setup is that preset's (or a session's own title), else the problem's."""
        from adamviz.core.scenario import PRESETS

        model = self.model
        title = model.scenario.title
        if model.preset is None and title in {preset.title for preset in PRESETS.values()}:
            title = ""  # a preset's setup, changed since: its title no longer says what runs
        self.setWindowTitle(f"adamviz — {declared(title or model.problem.title)}")

    def show_runs(self) -> None:
        model = self.model
        self._show_title()
        self.contour.set_runs(model.keys, model.runs.labels)
        self.loss.set_runs(model.keys)
        self.loss.set_schedules(model.schedules())
        self._show_selection()

    def _show_labels(self, *_) -> None:
        """A run's values changed: its legend text, and its η(t) if scheduled."""
        self.contour.set_labels(self.model.runs.labels)
        self.loss.set_schedules(self.model.schedules())
        self._show_title()

    def _show_selection(self) -> None:
        """The explained run: in the step panel's list, and drawn above the others."""
        model = self.model
        self.step_panel.set_runs(model.keys, model.selected)
        self.contour.raise_run(model.selected)
        self.loss.raise_run(model.selected)

    def _show_start(self) -> None:
        point = self.model.start_point()
        if point is not None:
            self.contour.set_start(point)

    def show_playback(self) -> None:
        model = self.model
        playing = model.playing
        play = self.actions["play"]
        play.setText(translate("window", "Pause") if playing else translate("window", "Play"))
        play.setIcon(icon("pause" if playing else "play", self.theme.foreground))
        self.toolbar.set_speed(model.speed_index)

    def show_swarm(self) -> None:
        if not self.model.swarm.on:
            self.contour.show_swarm(None)
            self.loss.show_swarm(None)
        else:
            self.contour.show_step(None)

    def show_view(self) -> None:
        """Theme, presentation mode, panels, help, the loss axis and the airfoil's plane, as the model says."""
        view = self.model.view
        table.sync_checked(self.actions, self.model)
        theme = get_theme(view.theme_name, view.presenting)
        if theme != self.theme:
            self._apply_theme(theme)
        if view.presenting != self._presenting:
            self._present(view.presenting)
        self.area.show_panels(view.controls_shown, view.steps_shown)
        self.step_panel.set_overlays(view.overlays)
        self.contour.set_overlays(view.overlays)
        if self.loss.by_epoch != view.loss_by_epoch:
            self.loss.set_by_epoch(view.loss_by_epoch)
            self.loss.draw(self.model.tracks)
        box = self.loss_panel.epoch_box
        if box.isChecked() != view.loss_by_epoch:
            box.blockSignals(True)
            box.setChecked(view.loss_by_epoch)
            box.blockSignals(False)
        if not self.model.problem.direct and self.contour.plane_choice != view.plane:
            self.contour.set_plane_choice(view.plane, self.model.tracks)
            self.contour.draw(self.model.tracks)
        if view.help_shown and not self.help.isVisible():
            self.help.open()
        elif not view.help_shown and self.help.isVisible():
            self.help.hide()

    def _apply_theme(self, theme: Theme) -> None:
        """Light or dark, normal or projector (big type, thick lines, high contrast)."""
        self.theme = theme
        app = QApplication.instance()
        use_app_style(app)
        palette = dark_palette() if theme.dark else app.style().standardPalette()
        app.setPalette(palette)
        self.setPalette(palette)  # at once, not when the palette-change event comes round
        # Fusion outlines a check box in a darker shade of the window colour: on dark grey, no outline at all.
        boxes = QPalette(palette)
        if theme.dark:
            boxes.setColor(QPalette.ColorRole.Window, QColor("#8a9099"))
        for box in self.findChildren(QCheckBox):
            box.setPalette(boxes)
        font = QFont(self._normal_font)
        if theme.presenting:
            font.setPointSizeF(theme.font_pt)
        QApplication.setFont(font)
        self.setFont(font)
        # pyqtgraph's pens are cosmetic, their widths in device pixels: on a 2× screen twice as many
        device = render_theme(theme, self.devicePixelRatioF())
        for plot in (self.contour, self.loss):
            plot.apply_theme(device)
        for dialog in (getattr(self, "sweep_dialog", None), getattr(self, "batch_dialog", None)):
            if dialog is not None:
                dialog.apply_theme(theme)
        for name in ("play", "step", "reset"):
            shape = "pause" if name == "play" and self.model.playing else name
            self.actions[name].setIcon(icon(shape, theme.foreground))
        self.toolbar.more.setIcon(icon("menu", theme.foreground))
        self.toolbar.set_icon_size(28 if theme.presenting else 18)
        self._set_step_type()
        self.status.set_base_font(font)
        self.setup.set_type(self._normal_font)  # the controls are the teacher's, not the class's: normal type

    def _set_step_type(self) -> None:
        """The step panel's type: the window's; in presentation mode as big as the screen's height allows
        (step_panel_scale), and smaller again where the problem's table would not fit the panel's widest share
        (the airfoil's six columns on a 1280-pixel projector): every number read whole, never scrolled to."""
        font = QFont(self.font())
        theme = self.theme
        if theme.presenting:
            screen = self.screen().geometry()
            font.setPointSizeF(theme.font_pt * step_panel_scale(screen.height()))
            room = screen.width() * STEP_SHARE[True][1] - 24
            smallest = theme.font_pt * 0.5
            for _ in range(4):  # the width is nearly proportional to the type: a step or two gets there
                self.step_panel.set_type(font)
                needed = self.step_panel.needed_width(self.model.problem)
                if needed <= room or font.pointSizeF() <= smallest:
                    return
                font.setPointSizeF(max(font.pointSizeF() * room / needed * 0.98, smallest))
        self.step_panel.set_type(font)

    def _present(self, presenting: bool) -> None:
        """Fullscreen with the menu bar folded into the toolbar's menu, or back to the window it was."""
        self._presenting = presenting
        if presenting:
            if not self.isFullScreen():
                self._geometry_before = self.saveGeometry()
            self.menuBar().setVisible(False)
            self.toolbar.set_menus(self.menus, in_bar=True)
            self.showFullScreen()
        else:
            self.menuBar().setVisible(True)
            self.toolbar.set_menus(self.menus, in_bar=False)
            if self.isFullScreen():
                self.showNormal()
                if self._geometry_before is not None:
                    self.restoreGeometry(self._geometry_before)
        view = self.model.view
        self.area.show_panels(view.controls_shown, view.steps_shown)
        QTimer.singleShot(0, self, lambda: self.area.arrange(self.model.view.presenting))
        self.area.arrange(presenting)

    # ------------------------------------------------------------ commands of the window

    def home_view(self) -> None:
        self.contour.home()
        self.loss.follow()
        self.loss.draw(self.model.tracks)

    def show_export(self) -> None:
        from adamviz.ui import settings as stored
        from adamviz.ui.export_dialog import ExportDialog

        if getattr(self, "export_dialog", None) is None:
            self.export_dialog = ExportDialog(self, stored.folder("export_folder"))
            self.export_dialog.exported.connect(self._exported)
        self.export_dialog.refresh()
        self.export_dialog.show()
        self.export_dialog.raise_()

    def _exported(self, path: str) -> None:
        from adamviz.ui import settings as stored

        stored.remember_folder("export_folder", path)
        self.model.show_message(translate("window", "exported {name} in {folder}").format(
            name=Path(path).name, folder=Path(path).parent), error=False)

    def _sweep_started(self, problem_title: str, steps: int) -> None:
        from adamviz.ui.sweep_dialog import SweepDialog

        if getattr(self, "sweep_dialog", None) is None:
            self.sweep_dialog = SweepDialog(self.theme, self)
            self.sweep_dialog.lrChosen.connect(self.model.choose_lr)
        self.sweep_dialog.waiting(problem_title, steps)
        self._size_study(self.sweep_dialog)
        self.sweep_dialog.show()
        self.sweep_dialog.raise_()

    def _sweep_done(self, done, current: dict, problem_title: str) -> None:
        if getattr(self, "sweep_dialog", None) is not None:
            self.sweep_dialog.show_results(done, current, problem_title)

    def _batch_settings_typed(self, text: str) -> None:
        self.batch_dialog.show_error(self.model.request_batches(text))

    def _size_study(self, dialog) -> None:
        """A study's dialog at most of the window when presenting (its type is the projector's), else its own size."""
        if self.model.view.presenting:
            dialog.resize(max(dialog.width(), int(0.8 * self.width())), max(dialog.height(), int(0.8 * self.height())))

    def _batches_started(self, settings) -> None:
        from adamviz.ui.batch_dialog import BatchDialog

        if getattr(self, "batch_dialog", None) is None:
            self.batch_dialog = BatchDialog(self.theme, self)
            self.batch_dialog.settingsTyped.connect(self._batch_settings_typed)
        self.batch_dialog.waiting(settings)
        self._size_study(self.batch_dialog)
        self.batch_dialog.show()
        self.batch_dialog.raise_()

    def _engine_failed(self, text: str, restarted: bool) -> None:
        report_error(self, translate("window", "The engine hit an unexpected error"), text,
                     translate("window", "adamviz started a new engine and replayed the runs.") if restarted else
                     translate("window", "The runs are paused; Reset or change a setting to go on."))

    # ------------------------------------------------------------ sessions

    def apply_session(self, session: Session) -> None:
        self.model.apply_session(session)
        self.apply_view_range(session.view)

    def apply_view(self, view) -> None:
        """A session's view settings: the airfoil's plane, the loss plot's x axis, the contour range."""
        model = self.model
        if not model.problem.direct and view.plane is not None:
            model.set_plane(tuple(view.plane))
        if view.loss_by_epoch and model.problem.steps_per_epoch:
            model.set_loss_by_epoch(True)
        self.apply_view_range(view)

    def apply_view_range(self, view) -> None:
        """A session's contour range, if it has one, and the way its plane faced (the rest of its view is in
        the model)."""
        if not self.model.problem.direct and view.plane is None:
            self.contour.orient_plane(view.plane_axes, self.model.tracks)
        if view.contour_range is not None:
            self.contour.set_view_range(*view.contour_range)

    def session(self) -> Session:
        """What the window shows now, as a Session: its setup at its current step, its view, its theme."""
        contour = self.contour
        (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
        return self.model.session(((float(x0), float(x1)), (float(y0), float(y1))), contour.plane_axes())

    # ------------------------------------------------------------ closing

    def closeEvent(self, event) -> None:
        self.link.stop()
        if self.remember:
            self.files.keep_for_next_time()
        if self.theme.presenting:
            QApplication.setFont(self._normal_font)
        super().closeEvent(event)

    def restore_geometry(self) -> bool:
        from adamviz.ui.settings import settings

        geometry = settings().value("geometry")
        return bool(geometry) and self.restoreGeometry(geometry)


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
