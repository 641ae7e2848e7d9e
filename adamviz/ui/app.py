"""The one QApplication, set up the same way for the window, screenshots and exports."""

from __future__ import annotations

import os
import sys


def prepare_environment(headless: bool = False) -> None:
    """Environment Qt reads once, before the QApplication exists.

    QT_NO_GLIB: Qt's glib event dispatcher serves timers (and with them the
    input waiting behind them) only when no posted event is pending; while the
    engine streams snapshots that starved the window's timers for 300 ms at a
    time. The plain UNIX dispatcher serves them every round.
    """
    os.environ.setdefault("QT_NO_GLIB", "1")
    from adamviz.ui.i18n import make_locale_usable

    make_locale_usable()
    if headless and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def application(headless: bool = False, language: str | None = None):
    """The running QApplication, or a new one named adamviz; speaking ``language`` if given ("en", "zh_CN"),
    else the language it speaks already (English at first)."""
    prepare_environment(headless)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] or ["adamviz"])
        app.setApplicationName("adamviz")
        app.setOrganizationName("adamviz")
        app.setDesktopFileName("adamviz")  # the desktop entry's name: docks group the window under its icon
        app.setWindowIcon(app_icon())
    from adamviz.ui.i18n import ensure_font, install_language

    if language is not None:
        install_language(app, language)
    else:
        ensure_font()  # "简体中文" in the Language menu, Chinese in a user's own texts
    return app


def app_icon():
    from importlib import resources

    from PySide6.QtGui import QIcon

    return QIcon(str(resources.files("adamviz.data") / "adamviz.svg"))
