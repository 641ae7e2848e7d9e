"""View → Language: the window rebuilt in Chinese with everything it showed, the choice remembered."""

from __future__ import annotations

from PySide6.QtGui import QAction

from adamviz.ui.i18n import current_language, install_language, remembered_language
from adamviz.ui.language_menu import current_window
from tests.ui.conftest import settled, wait_for


def language_action(window, code: str) -> QAction:
    return window.findChild(QAction, f"action-language-{code}")


def test_choosing_chinese_rebuilds_the_window_in_chinese_where_it_was(make_window, qtbot, qapp):
    window = make_window("toy2-compare", target=7)
    window.model.set_hyper("momentum", "momentum", 0.7)
    wait_for(qtbot, window, lambda w: settled(w, 7))
    window.model.set_speed(window.model.speed_index + 1)
    window.model.select_run(("rmsprop", False))  # not the last run, which a new window explains
    assert language_action(window, "en").isChecked() and not language_action(window, "zh_CN").isChecked()
    try:
        language_action(window, "zh_CN").trigger()
        rebuilt = current_window()
        assert rebuilt is not window and rebuilt.isVisible() and not window.isVisible()
        assert current_language() == "zh_CN" and remembered_language() == "zh_CN"
        assert [menu.title() for menu in rebuilt.menus] == ["文件(&F)", "运行(&R)", "视图(&V)", "帮助(&H)"]
        assert language_action(rebuilt, "zh_CN").isChecked()
        wait_for(qtbot, rebuilt, lambda w: settled(w, 7))
        setup = next(run for run in rebuilt.model.scenario.runs if run.optimizer == "momentum")
        assert setup.enabled and setup.hyperparams["momentum"] == 0.7
        assert rebuilt.model.speed_index == window.model.speed_index
        assert rebuilt.model.selected == ("rmsprop", False) and rebuilt.step_panel.selected() == ("rmsprop", False)
        language_action(rebuilt, "en").trigger()
        back = current_window()
        assert [menu.title() for menu in back.menus] == ["&File", "&Run", "&View", "&Help"]
        assert remembered_language() == "en"
        wait_for(qtbot, back, lambda w: settled(w, 7))
    finally:
        install_language(qapp, "en")
        if current_window() is not window:
            current_window().close()
