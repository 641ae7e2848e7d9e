"""View → Language: the window in another language, rebuilt in place with everything it showed.

Every text is set when a widget is built, so a new language is a new window: the old one's session
(problem, runs, hyperparameters, step, view, theme), geometry, speed and presentation mode carry over.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup

from adamviz.core.text import translate
from adamviz.ui.i18n import LANGUAGES, current_language, install_language, remember_language

_windows: list = []
"""The window on screen (the one before it while it closes): what keeps a rebuilt window alive."""


def current_window():
    """The window that now shows adamviz (a language switch replaces it), or None."""
    return _windows[-1] if _windows else None


def add_language_menu(window, view_menu) -> None:
    """View → Language, each language named in itself, the window's own checked."""
    if window not in _windows:
        _windows.append(window)
    view_menu.addSeparator()
    menu = view_menu.addMenu(translate("language", "Language"))
    menu.setObjectName("menu-language")
    group = QActionGroup(menu)
    for code, name in LANGUAGES.items():
        action = QAction(name, menu, checkable=True)
        action.setObjectName(f"action-language-{code}")
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _=False, code=code: switch_language(window, code))
        group.addAction(action)
        menu.addAction(action)


def switch_language(window, language: str):
    """The window rebuilt in ``language`` (remembered for the next launch), showing what it showed (its setup,
    step, view, speed, the explained run, presentation mode, playing); the same window if it speaks it."""
    if language == current_language():
        return window
    from PySide6.QtWidgets import QApplication

    model = window.model
    session = window.session()
    playing, speed, presenting, explained = model.playing, model.speed_index, model.view.presenting, model.selected
    if presenting:
        model.set_presenting(False)  # back to the normal font and geometry the new window starts from
    geometry = window.saveGeometry()
    if window.remember:
        remember_language(language)
    install_language(QApplication.instance(), language)
    rebuilt = type(window)(session.scenario, session.scenario.steps, theme=session.theme, remember=window.remember)
    rebuilt.restoreGeometry(geometry)
    rebuilt.apply_view(session.view)
    rebuilt.model.set_speed(speed)
    if explained is not None:
        rebuilt.model.select_run(explained)
    _windows.append(rebuilt)
    rebuilt.show()
    if presenting:
        rebuilt.model.set_presenting(True)
    if playing:
        rebuilt.model.set_playing(True)
    window.remember = False  # the rebuilt window keeps the session and the geometry when it closes
    window.close()
    _windows.remove(window)
    return rebuilt
