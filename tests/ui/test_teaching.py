"""What a class sees: every step's numbers at the speeds it watches, and a presentation that fits a projector."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from adamviz.model.readout import SPEEDS, format_loss

from .conftest import settled, wait_for

STEP_IN_PANEL = re.compile(r"t = (\d+)")


def loss_texts(window) -> dict:
    """Each scratch run's loss as the status line shows it."""
    text = window.status.plain_text()
    return {name: float(value) for name, value in re.findall(r"(\w+): loss ([-+0-9.e]+)", text)}


@pytest.mark.parametrize(("speed", "seconds"), [(1, 3.4), (10, 2.2), (20, 1.6)])
def test_every_frame_at_teaching_speed_shows_one_step_everywhere(qtbot, window, speed, seconds):
    """Counter, step panel, status line and the step's arrows are all of the current step, frame after frame."""
    model = window.model
    seen = []

    def check_frame():  # after the window has drawn the frame (its own listener comes first)
        step = model.step
        counter = window.toolbar.counter.text()
        panel = STEP_IN_PANEL.search(window.step_panel.equations.text())
        losses = loss_texts(window)
        parts = window.contour.shown_step()
        arrow_x, arrow_y = window.contour.overlay.step.line.getData()
        seen.append(step)
        assert counter.startswith(f"step {step}"), (counter, step)
        assert panel is not None and int(panel.group(1)) == step, (panel, step)
        assert window.step_panel.shown_step == step
        for key in model.keys:
            track = model.tracks[key]
            assert track.t == step
            title = {"momentum": "Momentum", "rmsprop": "RMSProp", "adam": "Adam"}[key[0]]
            assert format_loss(losses[title]) == format_loss(track.last_loss), (title, step)
        assert parts is not None and parts.t == step  # the arrows are this step's
        np.testing.assert_allclose([arrow_x[1], arrow_y[1]], model.tracks[("adam", False)].last_point)

    model.set_speed(SPEEDS.index(speed))
    model.events.frame.connect(check_frame)
    try:
        model.set_playing(True)
        qtbot.wait(int(seconds * 1000))
        model.set_playing(False)
    finally:
        model.events.frame.disconnect(check_frame)
    new_steps = sorted(set(seen) - {20})
    # the runs did move on, step by step (a busy machine slows the clock rather than skip: see the host's tests)
    assert len(new_steps) >= max(2, int(speed * seconds * 0.3)), seen
    assert new_steps == list(range(21, 21 + len(new_steps)))  # and no step went unshown


def present_at(window, qtbot, size=(1280, 720)):
    """Presentation mode at a projector's size (the offscreen platform's screen is not one)."""
    window.model.set_presenting(True)
    window.showNormal()
    window.resize(*size)
    qtbot.wait(300)


def table_lines(browser) -> list[int]:
    """How many lines each table cell of the step panel takes as laid out."""
    document = browser.document()
    counts = []
    cursor = QTextCursor(document)
    while not cursor.atEnd():
        table = cursor.currentTable()
        if table is not None:
            for row in range(table.rows()):
                for column in range(table.columns()):
                    block = table.cellAt(row, column).firstCursorPosition().block()
                    counts.append(block.layout().lineCount())
            break
        if not cursor.movePosition(QTextCursor.MoveOperation.NextBlock):
            break
    return counts


def test_presentation_at_1280x720_fits_a_projector(qtbot, make_window):
    window = make_window("airfoil-compare")
    present_at(window, qtbot)
    bar = window.toolbar
    assert not window.menuBar().isVisible()
    for name in ("play", "step", "reset"):
        assert bar.buttons[name].isVisible()
    counter = bar.counter
    assert counter.text().startswith("step 300") and "epoch 2.00" in counter.text()
    assert counter.isVisible() and counter.width() >= counter.fontMetrics().horizontalAdvance(counter.text())
    assert counter.geometry().right() < bar.more.geometry().left()  # nothing overlaps it
    # every action is on the bar or in its menu (with the menus the hidden menu bar held)
    reachable = {a.objectName() for a in bar.more_menu.actions()} | {b.defaultAction().objectName()
                                                                      for b in bar.buttons.values() if b.isVisible()}
    for menu in window.menus:
        reachable |= {a.objectName() for a in menu.actions()}
    assert bar.more.isVisible()
    for name in ("present", "export", "screenshot", "sweep", "home", "open", "dark", "help"):
        assert f"action-{name}" in reachable, name
    # the contour view's caption fits over the plot; the step panel's numbers never wrap
    contour = window.contour
    title = contour.getPlotItem().titleLabel
    assert title.item.boundingRect().width() <= contour.width()
    assert "97" in contour.caption
    wait_for(qtbot, window, lambda w: w.step_panel.shown_step == 300)
    assert table_lines(window.step_panel.equations) and set(table_lines(window.step_panel.equations)) == {1}
    assert window.loss.height() >= 150  # a loss plot a class can read
    window.model.set_presenting(False)


def test_the_step_table_never_breaks_a_number_at_1920x1080(qtbot, make_window):
    window = make_window("airfoil-compare")
    window.resize(1920, 1080)
    qtbot.wait(300)
    window.area.arrange(False, window.model.problem)
    qtbot.wait(100)
    assert set(table_lines(window.step_panel.equations)) == {1}
    assert window.toolbar.hidden_actions() == []  # at 1920 every action is a button


def test_help_is_an_overlay_that_squeezes_nothing(qtbot, window):
    sizes = window.area.split.sizes()
    window.model.set_help_shown(True)
    help_ = window.help
    assert help_.isVisible() and help_.geometry() == window.area.rect()
    assert window.area.split.sizes() == sizes
    assert "Space: play / pause" in help_.text() and "F11" in help_.text()
    window.model.set_help_shown(False)
    window.model.set_presenting(True)
    window.model.set_help_shown(True)
    assert help_.table.font().pointSizeF() > window.font().pointSizeF() * 0.5  # projector type, or near it
    assert help_.card.sizeHint().width() <= help_.card.width() and help_.rect().contains(help_.card.geometry())
    window.model.set_help_shown(False)
    window.model.set_presenting(False)


@pytest.mark.parametrize("size, shrinks", [((1920, 1080), False), ((1366, 768), True), ((1280, 720), True)])
def test_the_help_fits_a_projectors_screen_whole(qapp, size, shrinks):
    """Projector type (20 pt) where the table fits, else a size smaller: never a column cut off at the edge.
    The help covers the area below the presenting toolbar (about 50 px of the screen)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QWidget

    from adamviz.ui.help_overlay import HelpOverlay

    screen = QWidget()
    font = QFont(screen.font())
    font.setPointSizeF(20)
    screen.setFont(font)
    screen.resize(size[0], size[1] - 50)
    help_ = HelpOverlay(screen)
    help_.open()
    card = help_.card
    assert help_.rect().contains(card.geometry())
    assert card.sizeHint().width() <= card.width() and card.sizeHint().height() <= card.height()
    shown = help_.table.font().pointSizeF()
    assert (shown < 20) == shrinks and shown >= 12
    screen.close()


def test_messages_are_seen_in_presentation_mode(qtbot, window, tmp_path):
    from adamviz.ui.settings import settings

    window.model.set_presenting(True)
    assert not window.setup.isVisible()  # the controls are aside
    broken = tmp_path / "cut.json"
    broken.write_text('{"format": "adamviz-session", "version": 1, "problem": "to')
    assert not window.files.open_session(broken)
    banner = window.banner
    assert banner.isVisible() and "cut off" in banner.text() and banner.property("error")
    assert banner.parentWidget() is window.area  # over the views, not in a panel
    assert banner.geometry().top() < window.area.height() // 2
    settings().setValue("screenshot_folder", str(tmp_path))
    path = window.files.save_screenshot()
    assert path is not None and not banner.property("error")
    assert banner.text() == f"saved {path.name} in {path.parent}"
    window.model.set_presenting(False)


def test_the_toolbar_icons_are_drawn_in_the_themes_colour(qtbot, window):
    from PySide6.QtGui import QColor

    def ink(action) -> float:
        image = action.icon().pixmap(32, 32).toImage()
        values = [QColor(image.pixel(x, y)).lightnessF() for x in range(32) for y in range(32)
                  if QColor.fromRgba(image.pixel(x, y)).alpha() > 200]
        return float(np.mean(values))

    window.model.set_dark(True)
    for name in ("play", "step", "reset"):
        assert ink(window.actions[name]) > 0.8, name  # light on dark grey
    window.model.set_dark(False)
    for name in ("play", "step", "reset"):
        assert ink(window.actions[name]) < 0.2, name


def test_twelve_runs_keep_the_legend_short_and_the_status_whole(qtbot, window):
    for name in ("sgd", "adagrad", "adadelta"):
        window.setup.rows[name].enable.setChecked(True)
    for name in ("momentum", "rmsprop", "adam", "sgd", "adagrad", "adadelta"):
        window.setup.rows[name].concise.setChecked(True)
    wait_for(qtbot, window, lambda w: len(w.model.keys) == 12 and settled(w, 20), timeout=30_000)
    keys = window.model.keys
    assert [k[1] for k in keys] == [False] * 6 + [True] * 6  # every scratch run, then the twins
    texts = window.contour.legend_texts()
    assert len(texts) == 7 and texts[-1].startswith("dashed")
    status = window.status.plain_text()
    for title in ("Momentum", "RMSProp", "Adam", "GD", "AdaGrad", "AdaDelta"):
        assert f"{title}: " in status
    assert status.count("torch.optim") == 6
    corner = window.contour.legend.corner
    head = window.contour.glyphs[("adam", False)].head.pos()
    assert window.contour.legend.best_corner(np.array([[head.x(), head.y()]]), np.array([100.0])) == corner or \
        window.contour.legend.covered(corner) < 100  # the legend never sits on Adam's head


def test_the_saddles_losses_fit_the_loss_plot(qtbot, window):
    window.model.choose_problem("saddle")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "saddle" and settled(w, w.model.scenario.steps))
    qtbot.wait(400)
    (_, _), (low, high) = window.loss.getPlotItem().vb.viewRange()
    for track in window.model.tracks.values():
        assert low <= track.losses.min() and track.losses.max() <= high


def test_a_function_without_a_minimum_claims_none(qtbot, window):
    assert window.model.choose_function("exp(x1*x2)")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "custom" and settled(w, w.model.scenario.steps))
    x, _ = window.contour.minimum.getData()
    assert x is None or len(x) == 0
    assert not window.loss.floor_line.isVisible()
    assert window.model.choose_function("x1**2 + x2**2 + 1")
    wait_for(qtbot, window, lambda w: w.model.scenario.function == "x1**2 + x2**2 + 1" and settled(w))
    x, y = window.contour.minimum.getData()
    np.testing.assert_allclose([x[0], y[0]], [0.0, 0.0], atol=0.02)  # an inner minimum is marked


def test_log_of_x1_stops_with_the_same_words_in_the_status_and_the_panel(qtbot, window):
    assert window.model.choose_function("log(x1) + x2**2")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "custom" and settled(w, w.model.scenario.steps),
             timeout=30_000)
    stopped = [k for k, t in window.model.tracks.items() if t.stop_reason == "undefined"]
    for key in stopped:
        window.model.select_run(key)
        qtbot.waitUntil(lambda k=key: window.painter.last.explained == k)
        step = window.model.tracks[key].diverged_at
        assert f"stopped at step {step}: not a number" in window.step_panel.equations.text()
        assert f"stopped at step {step}: not a number" in window.status.plain_text()
        assert "Lower η" not in window.step_panel.equations.text()
    labels = window.loss.getPlotItem().getAxis("left").tickStrings([-0.605170185988, -0.6, -0.59], 1.0, 0.005)
    assert max(len(text) for text in labels) <= 7


def test_swarm_mode_says_so_in_the_step_panel_and_the_loss_plot(qtbot, window):
    window.setup.swarm_box.setChecked(True)
    window.model.step_once()
    wait_for(qtbot, window, lambda w: w.model.swarm_at(1))
    qtbot.wait(50)
    assert "Swarm mode" in window.step_panel.equations.text() and "step 1" in window.step_panel.equations.text()
    assert window.loss.getPlotItem().getAxis("left").labelText == "median loss"
    assert window.contour.shown_step() is None
    window.setup.swarm_box.setChecked(False)
    wait_for(qtbot, window, lambda w: settled(w, 20))
    assert window.loss.getPlotItem().getAxis("left").labelText == "loss"


def test_the_window_names_its_preset_problems_and_floor(qtbot, make_window):
    window = make_window("airfoil-compare")
    assert window.setup.preset_box.currentData() == "airfoil-compare"
    titles = [window.setup.problem_box.itemText(i) for i in range(3)]
    assert titles[0].startswith("toy1: x1²") and titles[1].startswith("toy2: 0.1·x1²")
    assert window.loss.floor_text.startswith("least-squares minimum 0.24")
    assert window.loss.floor_line.label.toPlainText() == window.loss.floor_text


def test_adadelta_has_no_learning_rate_arrow(qtbot, make_window):
    window = make_window("baselines-toy2")
    window.model.select_run(("adadelta", False))
    window.model.step_once()
    wait_for(qtbot, window, lambda w: w.painter.last is not None and w.painter.last.parts is not None
             and w.painter.last.parts.key == ("adadelta", False) and w.painter.last.step == 201)
    overlay = window.contour.overlay
    assert overlay.step.line.isVisible() and not overlay.gradient.line.isVisible()


def test_the_plateaus_scale_box_never_covers_the_view(qtbot, make_window):
    window = make_window("plateau-momentum-stuck")
    window.model.select_run(("adam", False))
    window.model.reset()
    wait_for(qtbot, window, lambda w: settled(w, 0))
    window.model.step_once()
    wait_for(qtbot, window, lambda w: w.painter.last is not None and w.painter.last.parts is not None
             and w.painter.last.parts.t == 1)
    overlay = window.contour.overlay
    (x0, x1), (y0, y1) = window.contour.getPlotItem().vb.viewRange()
    if overlay.box.isVisible():
        rect = overlay.box.rect()
        assert rect.width() <= 0.9 * (x1 - x0) and rect.height() <= 0.9 * (y1 - y0)
        if rect.width() > 0.15 * (x1 - x0) or rect.height() > 0.15 * (y1 - y0):
            assert overlay.box.brush().style() == Qt.BrushStyle.NoBrush  # outlined: the well shows through
    else:
        assert overlay.box_too_big
    for step in (10, 25, 40):  # a large box over the well is outlined only; a small one filled
        window.model.run_to(step)
        wait_for(qtbot, window, lambda w, step=step: settled(w, step) and w.painter.last.step == step)
        qtbot.wait(50)
        if overlay.box.isVisible():
            rect = overlay.box.rect()
            (x0, x1), (y0, y1) = window.contour.getPlotItem().vb.viewRange()
            large = rect.width() > 0.15 * (x1 - x0) or rect.height() > 0.15 * (y1 - y0)
            assert (overlay.box.brush().style() == Qt.BrushStyle.NoBrush) == large, step


def test_step_and_loss_axes_read_well(qtbot, window):
    loss = window.loss
    left, bottom = loss.getPlotItem().getAxis("left"), loss.getPlotItem().getAxis("bottom")
    levels = bottom.tickSpacing(0.0, 1.15, 800)
    assert all(spacing >= 1 for spacing, _ in levels)  # no ticks between steps 0 and 1
    assert bottom.tickStrings([0.0, 1.0], 1.0, 1.0) == ["0", "1"]
    left.range = (-4.5, 0.5)  # 10⁻⁴…1: one notation for every decade
    texts = left.logTickStrings([-4.0, -3.0, -2.0, -1.0, 0.0], 1.0, 1.0)
    assert texts == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    left.range = (-2.2, 2.5)
    assert left.logTickStrings([-2.0, -1.0, 0.0, 1.0, 2.0], 1.0, 1.0) == ["0.01", "0.1", "1", "10", "100"]


def test_a_long_value_shows_from_its_start(qtbot, window):
    control = window.setup.rows["adam"].controls["lr"]
    control.set_value(0.5623413251903491)  # a rate from an older sweep, or typed in full
    assert control.field.cursorPosition() == 0 and control.field.text().startswith("0.56")


def test_the_sweep_plot_reads_well_and_its_legend_keeps_off_the_curves(qtbot):
    from adamviz.core.problems import get_problem
    from adamviz.core.sweep import log_spaced, run_sweep
    from adamviz.ui.sweep_plot import SweepPlot
    from adamviz.ui.theme import get_theme

    problem = get_problem("rosenbrock")
    results = {name: run_sweep(problem, name, {}, log_spaced(1e-4, 1.0, 41), steps=200, keep_points=False)
               for name in ("momentum", "adam")}
    plot = SweepPlot(get_theme("light"))
    qtbot.addWidget(plot)
    plot.resize(960, 540)
    plot.show()
    plot.draw(results, {"adam": 0.01})
    qtbot.wait(100)
    corner = plot.place_legend()
    bottom = plot.getPlotItem().getAxis("bottom")
    bottom.range = (-4.0, 0.0)  # four decades of η: one label a decade, never "0.00030.00040.0005…"
    values = [-4.0, np.log10(3e-4), np.log10(5e-4), -3.0, -2.0, -1.0, 0.0]
    texts = [text for text in bottom.logTickStrings(values, 1.0, 1.0) if text]
    assert texts == ["10⁻⁴", "10⁻³", "0.01", "0.1", "1"] or texts == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    chunks = [np.column_stack(item.getData()) for item in plot.items if hasattr(item, "getData")
              and item.getData()[0] is not None and len(item.getData()[0])]
    points = np.vstack(chunks)
    assert plot.legend.best_corner(points) == corner
    assert plot.legend.covered(corner) == min(plot.legend.covered(c) for c in ("top-right", "top-left",
                                                                                "bottom-right", "bottom-left"))


def test_every_optimizer_has_a_colour_of_its_own():
    """Told apart on the surface and in the legend: every pair of the fourteen far apart (CIEDE2000 > 19; the
    chapter's Okabe–Ito six are 20.6 apart at the closest), and each far from the surfaces it is drawn on, light
    and dark."""
    from adamviz.core.optimizers import OPTIMIZERS
    from adamviz.ui.theme import THEMES, optimizer_color
    from tests.colours import ciede2000

    names = list(OPTIMIZERS)
    assert len(names) == 14
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            assert ciede2000(optimizer_color(first), optimizer_color(second)) > 19, (first, second)
    surfaces = [colour for theme in THEMES.values() for colour in (theme.surface_low, theme.surface_high)]
    for name in names:
        assert min(ciede2000(optimizer_color(name), surface) for surface in surfaces) > 18, name


def test_a_step_drawn_before_the_wait_began_is_not_waited_for(qtbot, window):
    """The cause of the rare hang of whole-window exports: the target step had been drawn while the window
    was being laid out, and the wait then waited for a snapshot that never came (the engine was idle)."""
    from PySide6.QtWidgets import QApplication

    from adamviz.ui.screenshot import wait_for_step

    wait_for(qtbot, window, lambda w: settled(w, 20))
    qtbot.wait(300)  # the engine is idle now: no snapshot will come
    began = time.monotonic()
    wait_for_step(QApplication.instance(), window, 20, timeout_s=5)
    assert time.monotonic() - began < 1.0


def test_check_boxes_grow_with_their_type_in_presentation_mode(qtbot, window):
    from PySide6.QtWidgets import QStyle

    def box_size(box) -> int:
        return box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)

    box = window.loss_panel.epoch_box  # the class's own type: 20 pt
    step_box = window.step_panel.findChildren(type(window.setup.swarm_box))[0]
    normal = box_size(step_box)
    window.model.set_presenting(True)
    # the step panel's type is 3/4 of 20 pt or less, to fit a small screen's width; never below the normal
    assert box_size(step_box) >= normal
    assert box_size(window.setup.swarm_box) == normal  # the teacher's controls keep their size
    assert box_size(box) > normal * 1.5
    window.model.set_presenting(False)
    assert box_size(step_box) == normal


@pytest.mark.parametrize("height, scale", [(720, 0.75), (768, 0.75), (924, 0.875), (1080, 1.0), (2160, 1.0)])
def test_the_step_panel_takes_projector_type_where_the_screen_has_room(height, scale):
    from adamviz.ui.step_panel import step_panel_scale

    assert step_panel_scale(height) == pytest.approx(scale)


def test_a_long_choice_is_cut_with_an_ellipsis_and_listed_whole(qtbot, make_window):
    window = make_window("airfoil-compare")
    box = window.setup.preset_box
    full = box.currentText()
    shown = box.shown_text()
    assert shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) < len(full)
    assert box.fontMetrics().horizontalAdvance(shown) <= box.width()
    longest = max(box.view().fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))
    room = box.screen().availableGeometry().width() - 40
    assert longest > box.width() and box.list_width() >= min(longest, room)  # every title whole, if it fits


def test_the_step_panels_notes_read_on_a_projector_in_either_theme(qtbot, window):
    """WCAG's 4.5:1 for text at least: plain grey was 3.9:1 on the dark theme's panel."""
    from PySide6.QtGui import QColor, QPalette

    def luminance(color: QColor) -> float:
        parts = [(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
                 for c in (color.redF(), color.greenF(), color.blueF())]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    for dark in (False, True):
        window.model.set_dark(dark)
        panel = window.step_panel
        note = QColor(panel._note_color())
        ground = panel.palette().color(QPalette.ColorRole.Window)
        high, low = sorted((luminance(note), luminance(ground)), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 4.5, (dark, note.name(), ground.name())
        assert panel._note_color() in panel.equations.toHtml() or panel._note_color().upper() in \
            panel.equations.toHtml().upper()
    window.model.set_dark(False)


def test_dialog_buttons_are_words_without_icons(qtbot, window):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert box.buttons()[0].icon().isNull()
