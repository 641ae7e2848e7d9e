"""The words people read, written in English and translated where they are shown.

Core and model code write what the window shows through ``translate(context, text)``: English
until the window installs Qt's translator (``use_translator``), so the command line, JSON and CSV
always say the same English words. ``pyside6-lupdate`` finds the calls by their name, and
``QT_TRANSLATE_NOOP`` marks a text whose translation is looked up later, where it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_translator: Callable[[str, str], str] | None = None


def translate(context: str, text: str) -> str:
    """``text`` in the window's language (itself when no translator is installed)."""
    return _translator(context, text) if _translator is not None else text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` itself: marks it for lupdate; it is translated where it is shown."""
    return text


def use_translator(translator: Callable[[str, str], str] | None) -> None:
    """Translate through ``translator`` (Qt's QCoreApplication.translate), or not at all (None)."""
    global _translator
    _translator = translator


def translated(context: str, text: str) -> str:
    """``text``, marked elsewhere with QT_TRANSLATE_NOOP(context, …), in the window's language."""
    return _translator(context, text) if _translator is not None else text


def declared(text: str) -> str:
    """A text the core declares (a preset's title, a hyperparameter's meaning, …) in the window's language.

    adamviz/translations/declared.py lists every such text of the built-in optimizers, problems and presets
    for lupdate; a user's own optimizer file keeps its words."""
    return translated("declared", text)


NO_BREAK_SPACE = "\u00a0"


def keep_the_end_together(sentence: str) -> str:
    """``sentence`` with its closing short words ("≈ η", "= 0") held to the word before them by no-break
    spaces: a wrapped note then never leaves a lone symbol on its last line."""
    words = sentence.split(" ")
    short = 0
    while short < len(words) - 1 and 0 < len(words[-1 - short]) <= 2:
        short += 1
    if not short:
        return sentence
    held = NO_BREAK_SPACE.join(words[-1 - short:])
    return " ".join([*words[:-1 - short], held])


FULL_WIDTH_STOPS = "，；：。、！？）"
"""Chinese punctuation carries its own space: a phrase ending in one needs no blank after it."""


def phrase_gap(phrase: str, blank: str = " ", none: str = "") -> str:
    """What goes after ``phrase`` before the next one: ``blank``, or ``none`` after full-width punctuation
    (where a line may still break: pass a zero-width space)."""
    return none if phrase.endswith(tuple(FULL_WIDTH_STOPS)) else blank


def join_phrases(phrases: list[str]) -> str:
    """Phrases as one sentence: "3 running, 2 diverged;" in English, "3 个运行中，2 个发散；" in Chinese."""
    return "".join(phrase + (phrase_gap(phrase) if index < len(phrases) - 1 else "")
                   for index, phrase in enumerate(phrases))


def close_han_gaps(text: str) -> str:
    """No blank between two Han characters: a name written into a sentence ("{optimizer} 在 …") leaves one
    when the name is itself Chinese (小批量随机梯度下降 在 → 小批量随机梯度下降在)."""
    return re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
