"""adamviz's translations and the font that shows them.

* ``adamviz_zh_CN.ts``: the Simplified Chinese translations, edited in Qt Linguist or by hand;
  ``adamviz_zh_CN.qm``: the same compiled, what the window reads (kept in the repository, so a clone
  and a wheel have it without a build step). ``python -m adamviz.translations.update`` extracts the
  texts (pyside6-lupdate) and compiles them (pyside6-lrelease).
* ``declared.py``: the texts the core declares as data (presets, problems, optimizers), listed for
  lupdate; written by the update from the registries, never by hand.
* ``NotoSansSC-adamviz.otf``: the characters of the translations from Noto Sans CJK SC, for machines
  with no Chinese font (``python -m adamviz.translations.make_font``); ``OFL.txt`` is its license.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

FONT_FILE = "NotoSansSC-adamviz.otf"
"""The subset of Noto Sans CJK SC that covers the translations (make_font.py writes it)."""
FONT_FAMILY = "adamviz Sans SC"
"""Its family name: not "Noto", which the OFL reserves for the original."""


def needs_cjk_font(char: str) -> bool:
    """Characters a Latin UI font (DejaVu, Cantarell, Segoe) lacks: from CJK radicals on, and full-width forms."""
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFFEF


def font_bytes() -> bytes:
    """The shipped font's file, from the package (a clone or an installed wheel alike)."""
    return resources.files(__name__).joinpath(FONT_FILE).read_bytes()


def load_translations(translator, language: str) -> None:
    """Read adamviz's compiled ``language`` translations into a QTranslator, from the package."""
    with resources.as_file(resources.files(__name__) / f"adamviz_{language}.qm") as path:
        if not translator.load(str(path)):
            raise RuntimeError(f"cannot read adamviz's {language} translations at {path}")


def translator_for(language: str) -> Callable[[str, str], str]:
    """adamviz's translations into ``language`` as a function of (context, text), for a process with no
    QApplication (the window's engine process): Qt's own QTranslator, from QtCore alone."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    load_translations(translator, language)
    return lambda context, text: translator.translate(context, text) or text
