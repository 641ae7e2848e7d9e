"""Unexpected errors: logged to a file and shown in a dialog, never a silent death.

The dialog is non-modal (a class in progress goes on behind it) and there is
at most one: further errors while it is open only update its count, so an
error that repeats every frame cannot bury the window in dialogs.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

import shiboken6
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from adamviz.core.text import translate

log = logging.getLogger("adamviz")
_dialog: QMessageBox | None = None
_repeats = 0


def log_file() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home() / ".adamviz") / "adamviz.log"


def start_logging() -> Path | None:
    """Log to stderr and to the app's log file (if it can be written)."""
    logging.basicConfig(level=logging.INFO, format="adamviz: %(message)s")
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    return path


def current_dialog() -> QMessageBox | None:
    """The one error dialog, if it is open."""
    return _dialog if _dialog is not None and shiboken6.isValid(_dialog) and _dialog.isVisible() else None


def report_error(parent: QWidget | None, title: str, details: str, what_now: str = "") -> None:
    """Log ``details`` and show them in the one error dialog."""
    global _dialog, _repeats
    log.error("%s\n%s", title, details)
    if QApplication.instance() is None:
        return
    if _dialog is not None and shiboken6.isValid(_dialog) and _dialog.isVisible():
        _repeats += 1
        repeats = translate("errors", "({count} more since this dialog opened.)").format(count=_repeats)
        _dialog.setInformativeText(f"{what_now}\n\n{repeats}".strip())
        return
    _repeats = 0
    dialog = QMessageBox(QMessageBox.Icon.Warning, "adamviz", title, QMessageBox.StandardButton.Close, parent)
    where = log_file()
    details_are = translate("errors", "The details are in {path}.").format(path=where)
    dialog.setInformativeText(f"{what_now}\n\n{details_are}".strip())
    dialog.setDetailedText(details)
    dialog.setModal(False)
    dialog.show()
    _dialog = dialog


def install_hooks(parent_of_dialogs) -> None:
    """Uncaught exceptions in the window's thread (slots) and in Python threads: log and dialog, keep running."""

    def on_exception(kind, value, tb):
        text = "".join(traceback.format_exception(kind, value, tb))
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        # Defer: the hook can run inside a paint or a slot, where opening a dialog is unsafe.
        # Through the application object: from a plain thread a bare singleShot would be queued to
        # that thread, which has no event loop, and never run.
        app = QApplication.instance()
        if app is not None:
            QTimer.singleShot(0, app, lambda: report_error(parent_of_dialogs(),
                                                           translate("errors", "Something went wrong"), text,
                                                           translate("errors", "adamviz is still running.")))
        log.error("uncaught exception:\n%s", text)

    sys.excepthook = on_exception

    def on_thread_exception(args):
        on_exception(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = on_thread_exception
