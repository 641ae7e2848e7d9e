"""The whole window in Simplified Chinese: no English word left in what it shows, names aside; English unchanged."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTextEdit,
    QWidget,
)

from adamviz.ui.i18n import install_language
from tests.ui.conftest import settled, wait_for

NAMES = {
    # optimizers, their papers' authors and torch's classes
    "Adam", "RMSProp", "AdaGrad", "AdaDelta", "AdamW", "AMSGrad", "Adamax", "NAdam", "RAdam", "Lion", "Yogi",
    "Nesterov", "SGD", "torch", "optim", "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
    "SequentialLR", "amsgrad", "nesterov", "True", "Kingma", "Ba", "Loshchilov", "Hutter", "Reddi", "Kale",
    "Kumar", "Dozat", "Liu", "Sutskever", "Zaheer", "Chen", "et", "al",
    # problems and data
    "toy1", "toy2", "airfoil", "Rosenbrock", "Himmelblau", "Rastrigin", "Beale", "NASA", "D2L", "mean",
    # the function field's vocabulary, schedules' syntax, file formats, keys
    "sin", "cos", "exp", "log", "sqrt", "abs", "tanh", "pi", "step", "cosine", "warmup", "PNG", "SVG", "GIF",
    "MP4", "CSV", "JSON", "Ctrl", "Shift", "Space", "Esc", "F1", "F11", "adamviz", "sign", "max", "Python",
    "Enter", "MIN", "np", "random", "seed", "manual", "PC1", "PC2", "nan", "inf",
    # the hyperparameters' command-line names beside their symbols
    "lr", "momentum", "gamma", "beta1", "beta2", "eps", "rho",
    # each language named in itself in View → Language
    "English", "Language",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def shown_texts(window) -> list[str]:
    """Every text the window shows now: widgets' texts, titles, items and tooltips, menus, and the plots' labels."""
    texts = []
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.toolTip():
            texts.append(widget.toolTip())
        if not widget.isVisibleTo(window) and widget is not window:
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(index) for index in range(widget.count())]
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            for item in widget.scene().items():
                if isinstance(item, QGraphicsTextItem) and item.isVisible():
                    texts.append(item.toPlainText())
                label = getattr(item, "labelText", None)
                if isinstance(label, str) and item.isVisible():
                    texts.append(label)
    for menu in window.findChildren(QMenu):
        texts.append(menu.title())
        for action in menu.actions():
            texts += [action.text(), action.toolTip()]
    for action in window.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [plain(text) for text in texts if text]


def english_left(texts: list[str]) -> dict[str, str]:
    """{English word: the text it is in} for every word that is not a name, a symbol or a keyword."""
    left = {}
    for text in texts:
        for word in WORD.findall(text):
            if word not in NAMES and not re.fullmatch(r"[a-z]\d*|[A-Z]\d*|x\d|e\d+|\d+\w*", word):
                left.setdefault(word, text[:120])
    return left


@pytest.fixture
def chinese(qapp):
    install_language(qapp, "zh_CN")
    yield
    install_language(qapp, "en")


@pytest.mark.parametrize("preset", ["toy2-compare", "airfoil-compare", "gd-parabola", "warmup-adam-toy2"])
def test_the_window_in_chinese_has_no_english_left(chinese, make_window, qtbot, preset):
    window = make_window(preset)
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w))
    window.model.set_help_shown(True)
    qtbot.wait(50)
    left = english_left(shown_texts(window))
    assert left == {}


def test_the_export_dialog_in_chinese_has_no_english_left(chinese, make_window, qtbot):
    window = make_window("toy2-compare")
    window.show_export()
    dialog = window.export_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert english_left(shown_texts(dialog)) == {}
    dialog.close()


def test_english_comes_back_unchanged(make_window, qapp):
    """Chinese and back: the window built afterwards says exactly what it said before."""
    before = sorted(shown_texts(make_window("toy2-compare")))
    install_language(qapp, "zh_CN")
    chinese_window = make_window("toy2-compare")
    assert sorted(shown_texts(chinese_window)) != before
    install_language(qapp, "en")
    assert sorted(shown_texts(make_window("toy2-compare"))) == before
    assert QApplication.instance() is qapp


def test_the_chapter_names_its_methods_in_chinese_where_it_shows_them(chinese, make_window):
    """Momentum is 动量法 and GD 梯度下降 in the Chinese edition; Adam and RMSProp stay names."""
    texts = shown_texts(make_window("toy2-compare"))
    for term in ("动量法", "梯度下降", "Adam", "RMSProp"):
        assert any(term in text for text in texts), term
    assert not any("Momentum" in text for text in texts)


def test_a_runs_title_is_translated_only_where_it_is_shown(chinese):
    from adamviz.core.engine import TORCH_DEFAULTS, run_title

    assert run_title("momentum", True, shown=True) == "动量法（torch.optim）"
    assert run_title("adam", TORCH_DEFAULTS, shown=True) == "Adam（torch.optim，自带 ε）"
    # the command line, the trace and the CSV keep their English names
    assert run_title("momentum", True) == "Momentum (torch.optim)"
    assert run_title("adam", TORCH_DEFAULTS) == "Adam (torch.optim, its ε)"


def test_a_swarms_status_reads_as_one_chinese_sentence(chinese, make_window, qtbot):
    """Full-width punctuation carries its own space: no blank after ，or ；, yet the line may break there."""
    from tests.ui.test_swarm_sweep import run_swarm

    window = make_window("toy2-compare")
    run_swarm(qtbot, window, "momentum", 50, 3)
    status = window.model.readout().swarm.text
    assert status.startswith("50 个 动量法 的多起点群：50 个运行中，") and "；损失中位数" in status
    assert not re.search(r"[，；：] ", status)
    shown = window.status.text()
    assert "：</span>\u200b<span" in shown and "，</span>\u200b<span" in shown and "</span> <span" not in shown


def test_phrases_join_with_a_blank_in_english_and_none_after_chinese_punctuation():
    from adamviz.core.text import join_phrases

    assert join_phrases(["3 running,", "2 diverged;", "median 0.1"]) == "3 running, 2 diverged; median 0.1"
    assert join_phrases(["3 个运行中，", "2 个发散；", "中位损失 0.1"]) == "3 个运行中，2 个发散；中位损失 0.1"
    assert join_phrases([]) == ""


def test_a_picture_exported_from_a_chinese_window_speaks_chinese(chinese, make_window, qtbot, tmp_path):
    """The export runs in a child process, which must be told the window's language, not guess the system's."""
    from pathlib import Path

    window = make_window("toy2-compare")
    window.show_export()
    dialog = window.export_dialog
    for suffix in ("png", "gif"):
        dialog.format.setCurrentIndex(dialog.format.findData(suffix))
        dialog.path.setText(str(tmp_path / f"slide.{suffix}"))
        args = dialog.arguments(Path("session.json"))
        assert args[args.index("--lang") + 1] == "zh_CN"
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(tmp_path / "runs.csv"))
    assert "--lang" not in dialog.arguments(Path("session.json"))  # data stays English
    # and the picture it writes says 第 … 步 where an English one says "step"
    from adamviz.export.exporter import build_scene, run_engine
    from adamviz.export.formats import ExportRequest

    session = window.session()
    request = ExportRequest(session.scenario, tmp_path / "slide.png", size=(800, 500), view_settings=session.view)
    scene = build_scene(request, run_engine(request.scenario))
    try:
        assert "第 20 步" in scene._label_html(20, {})
    finally:
        scene.close()


def test_a_chinese_name_in_a_chinese_sentence_leaves_no_blank(chinese):
    from adamviz.core.text import close_han_gaps, translate

    assert close_han_gaps("小批量随机梯度下降 在 airfoil 上") == "小批量随机梯度下降在 airfoil 上"
    assert close_han_gaps("Adam 在 airfoil 上：η = 0.1") == "Adam 在 airfoil 上：η = 0.1"
    # the sweep's picture, drawn by the command line, speaks the picture's language too
    title = translate("sweep", "Final loss after {steps} steps on {problem}, against η")
    assert title.startswith("{steps} 步后的最终损失")


def test_a_chinese_axis_label_keeps_off_the_tick_labels(chinese, make_window):
    """Han characters fill their box: the loss axis leaves room for all of it, not pyqtgraph's 0.8."""
    window = make_window("airfoil-compare", presenting=True)
    axis = window.loss.getPlotItem().getAxis("left")
    assert axis.labelText == "损失"
    needed = axis.textWidth + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"]) + \
        axis.label.boundingRect().height()
    assert axis.width() >= needed - 1


def test_a_sentences_closing_symbol_is_held_to_the_word_before_it():
    from adamviz.core.text import keep_the_end_together

    assert keep_the_end_together("all have length ≈ η") == "all have length\u00a0≈\u00a0η"
    assert keep_the_end_together("最初几步长度都 ≈ η") == "最初几步长度都\u00a0≈\u00a0η"
    assert keep_the_end_together("no short words at the end") == "no short words at the end"
    assert keep_the_end_together("η") == "η"


def last_lines(document) -> list[str]:
    """The last laid-out line of every paragraph outside the tables of a document."""
    from PySide6.QtGui import QTextCursor

    lines = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        if layout.lineCount() and QTextCursor(block).currentTable() is None:
            line = layout.lineAt(layout.lineCount() - 1)
            lines.append(block.text()[line.textStart():line.textStart() + line.textLength()].strip())
        block = block.next()
    return lines


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_wrapped_note_never_ends_on_a_lone_symbol(qapp, make_window, qtbot, language):
    install_language(qapp, language)
    try:
        window = make_window("airfoil-compare")
        wait_for(qtbot, window, lambda w: w.step_panel.shown_step == 300)
        document = window.step_panel.equations.document().clone()
        for width in range(150, 700, 5):  # the panel's widths, from a narrow window to a wide one
            document.setTextWidth(width)
            document.size()  # lays it out
            lines = last_lines(document)
            assert any(line.endswith("≈\u00a0η") for line in lines), lines  # the note that ends on η is here
            assert all(len(line) > 2 for line in lines if line), (width, lines)
    finally:
        install_language(qapp, "en")
