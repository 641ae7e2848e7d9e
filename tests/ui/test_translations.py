"""The translations as files: complete, compiled, up to date with the code, and shown by the shipped font."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from adamviz.translations import FONT_FAMILY, make_font, update
from adamviz.translations.declared_texts import declared_module

HERE = Path(update.__file__).resolve().parent
TS = HERE / "adamviz_zh_CN.ts"


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of ``ts``."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found.append((name, message.findtext("source"), message.find("translation")))
    return found


def test_every_text_is_translated_and_none_is_left_unfinished():
    found = messages(TS)
    assert len(found) > 300  # the window's words, not a handful
    untranslated = [(context, source) for context, source, translation in found
                    if translation.get("type") in ("unfinished", "obsolete", "vanished") or not translation.text]
    assert untranslated == []


def test_the_ts_holds_exactly_what_the_code_asks_for(tmp_path):
    """lupdate over today's code into a copy finds nothing new and nothing gone: no text is missing."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    (tmp_path / "declared.py").write_text(declared_module(), encoding="utf-8")
    sources = [str(tmp_path / "declared.py"), *update.source_files()[1:]]
    subprocess.run([update.tool("lupdate"), "-locations", "none", "-no-obsolete", "-target-language", "zh_CN",
                    "-silent", *sources, "-ts", str(copy)], check=True, capture_output=True)
    before = {(context, source) for context, source, _ in messages(TS)}
    after = {(context, source): translation for context, source, translation in messages(copy)}
    assert set(after) == before
    assert all(translation.get("type") is None for translation in after.values())


def test_declared_texts_are_listed_as_the_registries_declare_them():
    assert (HERE / "declared.py").read_text(encoding="utf-8") == declared_module()


def test_the_compiled_translations_are_the_ts_compiled(tmp_path):
    """The .qm in the repository (what a clone and a wheel read) is today's .ts, compiled."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run([update.tool("lrelease"), "-silent", str(copy)], check=True)
    assert copy.with_suffix(".qm").read_bytes() == TS.with_suffix(".qm").read_bytes()


PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*(?:[:!][^{}]*)?\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize("context, source, translation", [
    pytest.param(context, source, translation.text, id=f"{context}:{source[:40]}")
    for context, source, translation in messages(TS)
])
def test_a_translation_keeps_its_placeholders_tags_and_keys(context, source, translation):
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source))
    assert sorted(TAG.findall(translation)) == sorted(TAG.findall(source))
    if "&" in source and re.search(r"&\w", source):  # a menu's accelerator survives, as Qt's own do: 文件(&F)
        assert re.search(r"&\w", translation)


def test_the_shipped_font_has_every_character_the_translations_use(qapp):
    from PySide6.QtGui import QFont, QRawFont

    font = QRawFont(str(HERE / make_font.OUTPUT.name), 16, QFont.HintingPreference.PreferNoHinting)
    assert font.isValid() and font.familyName() == FONT_FAMILY
    needed = make_font.translated_characters()
    assert len(needed) > 300
    missing = sorted(char for char in needed if not font.supportsCharacter(ord(char)))
    assert missing == [], "run python -m adamviz.translations.make_font"


def test_the_font_license_ships_beside_the_font():
    text = (HERE / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Noto Sans CJK" in text

