"""From validated command-line options to a running window (or a screenshot)."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from adamviz.cli import UsageError, scenario_from_args
from adamviz.core.scenario import Scenario

DEFAULT_WINDOW = (1600, 1000)


@dataclass
class LaunchOptions:
    scenario: Scenario
    target: int
    screenshot: Path | None = None
    size: tuple[int, int] | None = None
    present: bool = False
    theme: str = "light"

    @classmethod
    def from_args(cls, args) -> LaunchOptions:
        """Everything checked before Qt starts, so bad input costs no window; UsageError otherwise."""
        if args.session and args.session_option:
            raise UsageError("give the session file once (positional or --session)")
        session = args.session or args.session_option
        if session:
            raise UsageError("sessions are not supported yet")
        if not (args.problem or args.preset or args.optimizer):
            args.preset = "toy2-compare"
        scenario = scenario_from_args(args)
        screenshot = None
        if args.screenshot:
            screenshot = Path(args.screenshot)
            if screenshot.suffix.lower() != ".png":
                raise UsageError(f"--screenshot {args.screenshot}: the file name must end in .png")
            check_writable(screenshot)
        return cls(scenario, scenario.steps, screenshot, args.size, args.present, args.theme or "light")


def check_writable(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write in the folder {folder}")


def launch(options: LaunchOptions) -> int:
    logging.basicConfig(level=logging.INFO, format="adamviz: %(message)s")
    if options.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from adamviz.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("adamviz")
    app.setOrganizationName("adamviz")
    window = MainWindow(options.scenario, options.target, theme=options.theme, presenting=options.present)
    size = options.size or (DEFAULT_WINDOW if options.screenshot else None)
    if size:
        window.resize(*size)
    else:
        screen = app.primaryScreen().availableGeometry()
        window.resize(min(DEFAULT_WINDOW[0], screen.width()), min(DEFAULT_WINDOW[1], screen.height()))
    window.show()
    if options.screenshot:
        from adamviz.ui.screenshot import save_when_done

        return save_when_done(app, window, options.target, options.screenshot)
    return app.exec()
