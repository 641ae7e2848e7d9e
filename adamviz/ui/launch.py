"""From validated command-line options to a running window (or a screenshot).

A session file (``adamviz FILE`` or ``--session FILE``) gives the whole setup;
flags given beside it (``--steps``, ``--set``, ``--theme``, …) override it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from adamviz.core.scenario import Scenario
from adamviz.core.session import ViewSettings
from adamviz.options import UsageError, check_writable, scenario_from_args, session_from_args

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
    restore_last: bool = False
    """Plain `adamviz`: reopen the session the window had when it was last closed."""
    language: str | None = None
    """--lang; None: the one chosen last in View → Language, else the system's."""

    @classmethod
    def from_args(cls, args) -> LaunchOptions:
        """Everything checked before Qt starts, so bad input costs no window; UsageError otherwise."""
        session, session_path = session_from_args(args)
        restore_last = session is None and not (args.problem or args.preset or args.optimizer or args.function
                                                or args.screenshot)
        if session is None and not (args.problem or args.preset or args.optimizer or args.function):
            args.preset = "toy2-compare"
        scenario = scenario_from_args(args, base=session.scenario if session else None,
                                  saved_files=session.saved_files if session else ())
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
        return cls(scenario, scenario.steps, screenshot, args.size, args.present, theme, view, session_path,
                   restore_last=restore_last and not any((args.steps, args.epochs, args.start, args.seed,
                                                          args.set, args.concise, args.concise_defaults)),
                   language=args.lang)


def launch(options: LaunchOptions) -> int:
    from adamviz.ui.app import application
    from adamviz.ui.i18n import chosen_language

    scripted = options.screenshot is not None  # a script neither reads nor overwrites the user's settings
    app = application(headless=scripted, language=chosen_language(options.language, remembered=not scripted))
    from PySide6.QtCore import Qt

    from adamviz.ui import qt_messages
    from adamviz.ui.errors import install_hooks, start_logging
    from adamviz.ui.language_menu import current_window
    from adamviz.ui.settings import remembered_theme
    from adamviz.ui.window import MainWindow

    start_logging()
    qt_messages.install()
    theme = options.theme or ("light" if scripted else remembered_theme())
    window = MainWindow(options.scenario, options.target, theme=theme, remember=not scripted)
    size = options.size or (DEFAULT_WINDOW if scripted else None)
    if size:
        window.resize(*size)
    elif not window.restore_geometry():
        screen = app.primaryScreen().availableGeometry()
        if screen.width() < DEFAULT_WINDOW[0] or screen.height() < DEFAULT_WINDOW[1]:
            window.setWindowState(Qt.WindowState.WindowMaximized)  # a projector's 1280×720: all of it, frame included
        else:
            window.resize(*DEFAULT_WINDOW)
    if options.present:  # after the geometry, which leaving presentation mode (F11) comes back to
        window.model.set_presenting(True)
        if scripted:  # a scripted picture keeps the size it asked for
            window.showNormal()
            window.resize(*size)
    window.apply_view(options.view)
    if options.restore_last:
        window.files.restore_last_session()
    install_hooks(lambda: current_window() or window)  # View → Language replaces the window
    window.show()
    if options.screenshot:
        from adamviz.ui.screenshot import save_when_done

        return save_when_done(app, window, options.target, options.screenshot, options.view)
    return app.exec()
