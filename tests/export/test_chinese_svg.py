"""A Chinese SVG carries the shipped font, so its characters show on a viewer's machine with no Chinese font."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from adamviz.translations import FONT_FAMILY, font_bytes, needs_cjk_font

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chinese(qt_app):
    from adamviz.ui.i18n import install_language

    install_language(qt_app, "zh_CN")
    yield
    install_language(qt_app, "en")


def texts_and_style(path):
    root = ET.parse(path).getroot()
    styles = [element.text for element in root.iter(f"{SVG}style")]
    texts = [(element.get("font-family"), "".join(element.itertext())) for element in root.iter(f"{SVG}text")]
    return texts, styles


@pytest.mark.parametrize("view", ["contour", "loss", "window"])
def test_a_chinese_svg_embeds_the_font_its_characters_need(chinese, export, view):
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QFont, QRawFont

    texts, styles = texts_and_style(export(f"{view}.svg", view=view))
    chinese_texts = [(family, text) for family, text in texts if any(needs_cjk_font(char) for char in text)]
    assert chinese_texts, "the picture says nothing in Chinese"
    assert all(family.startswith(f"'{FONT_FAMILY}'") for family, _ in chinese_texts)
    assert len(styles) == 1
    found = re.search(rf"font-family: '{FONT_FAMILY}'; src: url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)",
                      styles[0])
    embedded = base64.b64decode(found.group(1))
    assert embedded == font_bytes()
    font = QRawFont(QByteArray(embedded), 16, QFont.HintingPreference.PreferNoHinting)
    needed = {char for _, text in chinese_texts for char in text if needs_cjk_font(char)}
    assert font.isValid() and not [char for char in needed if not font.supportsCharacter(ord(char))]


def test_an_english_svg_is_left_as_qt_wrote_it(export):
    texts, styles = texts_and_style(export("en.svg", view="window"))
    assert styles == [] and texts
    assert not any(FONT_FAMILY in (family or "") for family, _ in texts)
