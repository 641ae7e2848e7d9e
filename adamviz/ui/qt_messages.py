"""Qt's own messages, kept out of the terminal: the platform's noise dropped, real problems written to the
app's log file (adamviz.ui.errors), and only a fatal one on stderr.

Installed by the entry points (the window, screenshots, exports), not by the window itself: the tests'
own handler (pytest-qt's, which fails a test on a Qt warning) must stay in charge there.
"""

from __future__ import annotations

import logging
import sys

NOISE = (
    "This plugin does not support propagateSizeHints",  # the offscreen platform, on every window shown
    "This plugin does not support raise",
    "QStandardPaths: XDG_RUNTIME_DIR not set",
    "QStandardPaths: wrong permissions on runtime directory",
    "Detected locale \"C\" with character encoding",  # Qt switching a bare C locale to C.UTF-8 by itself
)
"""Messages about the platform, not about adamviz: nothing a user can or need act on."""

log = logging.getLogger("adamviz.qt")


def install() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    log.propagate = False  # the log file, not the terminal (adamviz's own logger also writes to stderr)
    if not log.handlers:
        log.addHandler(_FileOnly())

    def handler(kind, _context, message: str) -> None:
        if any(noise in message for noise in NOISE):
            return
        if kind == QtMsgType.QtFatalMsg:
            print(f"adamviz: Qt: {message}", file=sys.stderr, flush=True)
        level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO}.get(kind, logging.WARNING)
        log.log(level, "Qt: %s", message)

    qInstallMessageHandler(handler)


class _FileOnly(logging.Handler):
    """Hands a record to the file handlers of adamviz's logger (the app's log file), and to no other."""

    def emit(self, record: logging.LogRecord) -> None:
        for handler in logging.getLogger("adamviz").handlers:
            if isinstance(handler, logging.FileHandler):
                handler.handle(record)
