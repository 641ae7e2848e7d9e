"""The window's language: which one it speaks, its translations, and a font that has its characters.

English is written in the code; Simplified Chinese comes from adamviz/translations (a .ts kept in the
repository, compiled to the .qm read here) and from Qt's own qtbase translations for its dialogs'
buttons. The language is the one asked for (``--lang``), else the one chosen in View → Language, else
the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from functools import cache
from importlib import resources

from adamviz.core.text import QT_TRANSLATE_NOOP, use_translator
from adamviz.translations import FONT_FILE, load_translations

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
"""Each language's name in itself, as the Language menu lists it."""

CHINESE_PREFIXES = ("zh_CN", "zh_SG", "zh_Hans", "zh-CN", "zh-SG", "zh-Hans")

SYSTEM_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                       "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
                       "Droid Sans Fallback")

PYQTGRAPH_TEXTS = (QT_TRANSLATE_NOOP("GraphicsScene", "Export..."),)
"""pyqtgraph's own words that the window shows (a plot's context menu), translated in its own context."""

_installed: list = []
_font_family: str | None = None


def check_language(text: str) -> str:
    """``text`` if adamviz speaks it ("en", "zh_CN"); ValueError otherwise."""
    if text not in LANGUAGES:
        raise ValueError(f"unknown language {text!r} (choose from: {', '.join(LANGUAGES)})")
    return text


def language_from_environment(environ: Mapping[str, str]) -> str:
    """zh_CN when the first locale variable that is set names Simplified Chinese, else en."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        first = value.split(":")[0]
        if name == "LANGUAGE" and environ.get("LC_ALL", environ.get("LANG", "")) in ("C", "POSIX"):
            continue  # gettext ignores LANGUAGE under the C locale
        return "zh_CN" if first.startswith(CHINESE_PREFIXES) else "en"
    return "en"


@cache
def system_language() -> str:
    """The language of the environment adamviz started in (read once, before make_locale_usable)."""
    return language_from_environment(os.environ)


def make_locale_usable(environ=os.environ) -> None:
    """Run under C.UTF-8 when the configured locale is missing or not UTF-8 (zh_CN.UTF-8 asked for but never
    generated): Qt would otherwise warn on the terminal and switch by itself. The language was read first."""
    system_language()
    try:
        locale.setlocale(locale.LC_ALL, "")
        usable = locale.nl_langinfo(locale.CODESET).replace("-", "").lower() == "utf8"
    except locale.Error:
        usable = False
    if not usable:
        environ["LC_ALL"] = "C.UTF-8"
        try:
            locale.setlocale(locale.LC_ALL, "C.UTF-8")
        except locale.Error:
            pass


def remembered_language() -> str | None:
    from adamviz.ui.settings import settings

    value = settings().value("language")
    return value if value in LANGUAGES else None


def remember_language(language: str) -> None:
    from adamviz.ui.settings import settings

    store = settings()
    store.setValue("language", check_language(language))
    store.sync()


def chosen_language(asked: str | None, remembered: bool = True) -> str:
    """``--lang`` if given, else (for the window) the one chosen last in View → Language, else the system's."""
    if asked:
        return check_language(asked)
    return (remembered_language() if remembered else None) or system_language()


def current_language() -> str:
    return "zh_CN" if _installed else "en"


def install_language(app, language: str) -> None:
    """Translate the whole application into ``language`` from now on (widgets built later show it)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ensure_font()
    if check_language(language) == "en":
        use_translator(None)
        return
    ours = QTranslator(app)
    load_translations(ours, language)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    use_translator(QCoreApplication.translate)


def ensure_font() -> str:
    """A family with the Chinese characters: the system's where it has one, else the shipped subset, which
    Qt's font matching then takes for every Han character a widget's or a picture's own font lacks."""
    global _font_family
    if _font_family is not None:
        return _font_family
    from PySide6.QtGui import QFontDatabase

    system = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    family = next((family for family in SYSTEM_CJK_FAMILIES if family in system), None)
    if family is None:
        with resources.as_file(resources.files("adamviz.translations") / FONT_FILE) as path:
            font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise RuntimeError(f"cannot load the font {FONT_FILE}")
        family = families[0]
    _font_family = family
    return family
