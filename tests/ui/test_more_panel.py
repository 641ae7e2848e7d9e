"""The controls panel with fourteen optimizers: the group beside the chapter's six, the wheel that scrolls
instead of changing values, and type and colours that follow presentation mode and the theme."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import settled, wait_for


def wheel(widget, notches: int = -3) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_slider_scrolls_the_panel_and_changes_nothing(qtbot, make_window):
    window = make_window()
    window.resize(1280, 600)
    qtbot.wait(100)
    slider = window.setup.rows["adam"].controls["lr"].slider
    bar = window.setup.verticalScrollBar()
    before, position = window.model.hyperparams("adam"), bar.value()
    assert bar.maximum() > 0
    wheel(slider)
    wheel(window.setup.preset_box)
    assert window.model.hyperparams("adam") == before and window.model.preset == "toy2-compare"
    assert bar.value() > position
    slider.setFocus()  # clicked: now the wheel is the slider's
    wheel(slider, 1)
    assert window.model.hyperparams("adam")["lr"] != before["lr"]


def test_the_groups_header_follows_presentation_mode_and_the_theme(qtbot, make_window):
    window = make_window()
    header = window.setup.more.toggleButton()
    normal = header.font().pointSizeF()
    window.model.set_presenting(True)
    qtbot.wait(200)
    assert window.status.font().pointSizeF() > 1.5 * normal  # at once, not at the next step
    window.model.set_presenting(False)
    qtbot.wait(200)
    assert header.font().pointSizeF() == normal and window.status.font().pointSizeF() == normal
    for dark in (True, False, True, False):
        window.model.set_dark(dark)
        qtbot.wait(50)
        text = header.palette().color(QPalette.ColorRole.ButtonText).lightness()
        background = window.setup.palette().color(QPalette.ColorRole.Window).lightness()
        assert abs(text - background) > 150, (dark, text, background)


def test_a_run_of_the_group_opens_it_and_its_count_says_so(qtbot, make_window):
    window = make_window()
    assert not window.setup.more.isExpanded() and window.setup.more.text() == "More optimizers (8)"
    window.model.choose_preset("lion-toy2")
    wait_for(qtbot, window, lambda w: settled(w))
    assert window.setup.more.isExpanded() and window.setup.more.text() == "More optimizers (8, 1 on)"
    assert not window.setup.rows["lion"].concise.isVisibleTo(window.setup)  # Lion has no torch.optim twin
    assert window.setup.rows["adamw"].concise.isVisibleTo(window.setup.rows["adamw"])


def test_fourteen_runs_on_a_projector_keep_a_legend_that_fits_and_names_them_all(qtbot, make_window):
    from adamviz.core.optimizers import OPTIMIZERS
    from adamviz.core.scenario import default_scenario

    window = make_window(default_scenario("toy2", tuple(OPTIMIZERS)), presenting=True)
    window.resize(1280, 720)
    for controls_shown in (False, True):
        window.model.set_controls_shown(controls_shown)
        wait_for(qtbot, window, lambda w: settled(w) and len(w.model.keys) == 14, timeout=30_000)
        qtbot.wait(300)
        legend, box = window.contour.legend.item, window.contour.getPlotItem().vb
        shape = legend.mapRectToItem(box, legend.boundingRect())
        assert box.boundingRect().contains(shape), (controls_shown, shape, box.boundingRect())
        texts = window.contour.legend_texts()
        assert len(texts) == 14 and [t.split(" ")[0] for t in texts][:3] == ["Momentum", "RMSProp", "Adam"]


def test_the_explained_run_is_drawn_above_the_others(qtbot, make_window):
    from adamviz.core.scenario import default_scenario

    window = make_window(default_scenario("toy2", ("adam", "yogi")))
    for chosen, other in ((("yogi", False), ("adam", False)), (("adam", False), ("yogi", False))):
        window.model.select_run(chosen)
        qtbot.wait(50)
        glyphs = window.contour.glyphs
        assert glyphs[chosen].line.zValue() > glyphs[other].line.zValue()
        assert window.loss.curves[chosen].zValue() > window.loss.curves[other].zValue()


def test_the_window_has_its_icon(make_window):
    from adamviz.ui.app import app_icon

    window = make_window()
    icon = app_icon()
    assert not window.windowIcon().isNull()
    assert not icon.isNull() and not icon.pixmap(64, 64).toImage().isNull()
