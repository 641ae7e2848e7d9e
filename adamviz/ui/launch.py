"""From validated command-line options to a running window (or a screenshot).

A session file (``adamviz FILE`` or ``--session FILE``) gives the whole setup;
flags given beside it (``--steps``, ``--set``, ``--theme``, …) override it.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from adamviz.cli import UsageError, scenario_from_args
from adamviz.core.scenario import Scenario
from adamviz.core.session import Session, SessionError, ViewSettings, load_session

DEFAULT_WINDOW = (1600, 1000)


@dataclass
class LaunchOptions:
    scenario: Scenario
    target: int
    screenshot: Path | None = None
    size: tuple[int, int] | None = None
    present: bool = False
    theme: str | None = "light"
    """None: no --theme and no session; the window may use the theme it remembers."""
    view: ViewSettings = field(default_factory=ViewSettings)
    """What the views show: contour range, airfoil plane, loss x axis (from a session)."""
    session: Path | None = None
    """The session file the setup came from, if any."""

    @classmethod
    def from_args(cls, args) -> LaunchOptions:
        """Everything checked before Qt starts, so bad input costs no window; UsageError otherwise."""
        session, session_path = session_from_args(args)
        if session is None and not (args.problem or args.preset or args.optimizer):
            args.preset = "toy2-compare"
        scenario = scenario_from_args(args, base=session.scenario if session else None)
        screenshot = None
        if args.screenshot:
            screenshot = Path(args.screenshot)
            if screenshot.suffix.lower() != ".png":
                raise UsageError(f"--screenshot {args.screenshot}: the file name must end in .png")
            check_writable(screenshot)
        theme = args.theme or (session.theme if session else None)
        if theme is None and screenshot is not None:
            theme = "light"  # a screenshot must not depend on what the window last remembered
        view = session.view if session else ViewSettings()
        return cls(scenario, scenario.steps, screenshot, args.size, args.present, theme, view, session_path)


def session_from_args(args) -> tuple[Session | None, Path | None]:
    """The session named on the command line (positional or --session), loaded and checked; UsageError otherwise."""
    positional = getattr(args, "session", None)
    option = getattr(args, "session_option", None)
    if positional and option:
        raise UsageError("give the session file once (positional or --session)")
    name = positional or option
    if not name:
        return None, None
    path = Path(name)
    try:
        return load_session(path), path
    except SessionError as exc:
        raise UsageError(str(exc)) from None


def check_writable(path: Path) -> None:
    from adamviz.core.files import WriteError, check_target

    try:
        check_target(path)
    except WriteError as exc:
        raise UsageError(str(exc)) from None


def apply_view_settings(window, view: ViewSettings) -> None:
    """Show ``view`` (a session's) in ``window``: the airfoil's plane, the contour range, the loss x axis.

    Until MainWindow has a method of its own for this (see the export notes),
    it goes through the window's widgets.
    """
    contour = window.contour
    if view.loss_by_epoch and window.epoch_box is not None:
        window.epoch_box.setChecked(True)
    problem = contour.problem
    if problem is not None and not problem.planar and view.plane is not None:
        box = window.plane_box
        for index in range(box.count()):
            data = box.itemData(index)
            if data is not None and tuple(data) == tuple(view.plane):
                box.setCurrentIndex(index)
                break
        contour.set_plane_choice(tuple(view.plane), window.tracks)
        contour.draw(window.tracks)
    if view.contour_range is not None:
        x_range, y_range = view.contour_range
        contour.getPlotItem().vb.setRange(xRange=x_range, yRange=y_range, padding=0)
        contour._follow = False  # the view stays where the session put it (as after a user's pan)


def session_from_window(window) -> Session:
    """What ``window`` shows now, as a Session to save: its setup at its current step, its views, its theme."""
    from dataclasses import replace

    contour = window.contour
    planar = contour.problem is None or contour.problem.planar
    (x0, x1), (y0, y1) = contour.getPlotItem().vb.viewRange()
    view = ViewSettings(
        contour_x=(float(x0), float(x1)), contour_y=(float(y0), float(y1)),
        plane=None if planar or contour.plane_choice is None else tuple(contour.plane_choice),
        loss_by_epoch=bool(window.loss.by_epoch),
    )
    scenario = replace(window.scenario, steps=window.target).validated()
    return Session(scenario, view, window.theme_name)


def launch(options: LaunchOptions) -> int:
    logging.basicConfig(level=logging.INFO, format="adamviz: %(message)s")
    if options.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from adamviz.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("adamviz")
    app.setOrganizationName("adamviz")
    theme = options.theme
    if theme is None:
        remembered = getattr(MainWindow, "remembered_theme", None)
        theme = remembered() if remembered else "light"
    window = MainWindow(options.scenario, options.target, theme=theme, presenting=options.present)
    if options.screenshot and hasattr(window, "save_settings"):
        window.save_settings = lambda: None  # a scripted screenshot must not overwrite the user's settings
    size = options.size or (DEFAULT_WINDOW if options.screenshot else None)
    if size:
        window.resize(*size)
    elif not (hasattr(window, "restore_geometry") and window.restore_geometry()):
        screen = app.primaryScreen().availableGeometry()
        window.resize(min(DEFAULT_WINDOW[0], screen.width()), min(DEFAULT_WINDOW[1], screen.height()))
    apply_view_settings(window, options.view)
    window.show()
    if options.screenshot:
        from adamviz.ui.screenshot import save_when_done

        return save_when_done(app, window, options.target, options.screenshot, options.view)
    return app.exec()
