"""Which language adamviz speaks, from the environment and from --lang; Chinese on a machine without a CJK font."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adamviz.ui.i18n import check_language, language_from_environment

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_SG.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_CN"}, "zh_CN"),
    ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh_CN"),
    ({"LANGUAGE": "zh_Hans:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
    ({"LANGUAGE": "en_GB:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_TW.UTF-8"}, "en"),  # traditional Chinese is not what we translate to
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANGUAGE": "zh_CN", "LANG": "C"}, "en"),  # gettext ignores LANGUAGE under the C locale
    ({}, "en"),
])
def test_the_system_language_is_read_as_gettext_reads_it(environ, expected):
    assert language_from_environment(environ) == expected


def test_an_unknown_language_is_refused_in_one_line():
    with pytest.raises(ValueError, match=r"unknown language 'fr' \(choose from: en, zh_CN\)"):
        check_language("fr")


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter with a clean locale environment plus ``env``."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    base.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=base, timeout=120)


PROBE = """
from adamviz.ui.app import application
from adamviz.ui.i18n import chosen_language
from adamviz.core.text import translated
from PySide6.QtWidgets import QDialogButtonBox
app = application(headless=True, language=chosen_language(None, remembered=False))
print(translated("actions", "&File"))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print(box.buttons()[0].text())
"""


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL"])
def test_a_chinese_locale_that_was_never_generated_still_gets_chinese_and_no_qt_warning(variable, tmp_path):
    """Only the environment says zh_CN (no locale-gen): Chinese menus, Qt's own buttons in Chinese, and Qt's
    'Detected locale "C"' warning never reaches the terminal."""
    result = run_python(PROBE, **{variable: "zh_CN.UTF-8"}, XDG_CONFIG_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["文件(&F)", "取消"]
    assert "locale" not in result.stderr.lower()


def test_an_english_environment_gets_english(tmp_path):
    result = run_python(PROBE, LANG="C.UTF-8", XDG_CONFIG_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["&File", "Cancel"]


GLYPHS = """
from adamviz.ui.app import application
from adamviz.ui.i18n import ensure_font
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication
app = application(headless=True, language="zh_CN")
layout = QTextLayout("学习率 η = 0.1，动量法（§7.4）", QApplication.font())
layout.beginLayout(); layout.createLine(); layout.endLayout()
for run in layout.glyphRuns():
    print(run.rawFont().familyName(), 0 in run.glyphIndexes())
print("font", ensure_font())
"""


def test_chinese_shows_on_a_machine_with_no_cjk_font(tmp_path):
    """fontconfig sees only DejaVu: the shipped subset draws every Chinese character (no .notdef boxes)."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")  # fontconfig's own dependency on Debian
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path}/cache</cachedir>"
                      "</fontconfig>", encoding="utf-8")
    result = run_python(GLYPHS, FONTCONFIG_FILE=str(config), LANG="C.UTF-8", XDG_CONFIG_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "font adamviz Sans SC"
    runs = [line.rsplit(" ", 1) for line in lines[:-1]]
    assert ["adamviz Sans SC", "False"] in runs  # the Chinese characters come from the shipped font
    assert all(has_notdef == "False" for _, has_notdef in runs)


def test_a_system_cjk_font_is_preferred(tmp_path, qapp):
    """Where the system has a Chinese font, adamviz uses it and does not load its own."""
    result = run_python(GLYPHS, LANG="C.UTF-8", XDG_CONFIG_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QFontDatabase

    from adamviz.ui.i18n import SYSTEM_CJK_FAMILIES

    system = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    expected = next((family for family in SYSTEM_CJK_FAMILIES if family in system), "adamviz Sans SC")
    assert result.stdout.splitlines()[-1] == f"font {expected}"
