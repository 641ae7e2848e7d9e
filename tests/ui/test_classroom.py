"""Step-by-step view, projector mode, themes, help and screenshots in the window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from .conftest import settled, wait_for


def parts_for(window, optimizer):
    parts = window.model.parts
    return parts if parts is not None and parts.key == (optimizer, False) else None


def test_step_panel_shows_this_steps_numbers(qtbot, window):
    """The panel's numbers are the Adam step the engine took, checked by hand from x and g."""
    qtbot.keyClick(window, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda w: settled(w, 21) and parts_for(w, "adam") is not None
             and parts_for(w, "adam").t == 21)
    parts = parts_for(window, "adam")
    hp = parts.hyperparams
    g = parts.parts["g"]
    # toy2's gradient at the point before the step
    np.testing.assert_allclose(g, [0.2 * parts.before[0], 4.0 * parts.before[1]], rtol=1e-12)
    v_hat, s_hat = parts.parts["v_hat"], parts.parts["s_hat"]
    np.testing.assert_allclose(parts.after, parts.before - hp["lr"] * v_hat / (np.sqrt(s_hat) + hp["eps"]),
                               rtol=1e-12)
    assert parts.parts["bias1"] == pytest.approx(1 - hp["beta1"] ** 21)
    text = window.step_panel.equations.text()
    assert "t = 21" in text
    for line in ("v ← β₁·v + (1−β₁)·g", "ŝ = s / (1−β₂ᵗ)"):
        assert line in text
    assert f"{g[1]:.4g}".replace("-", "−") in text


def test_adams_first_step_has_length_eta_per_coordinate(qtbot, window):
    window.model.reset()
    wait_for(qtbot, window, lambda w: settled(w, 0))
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 1) and parts_for(w, "adam") is not None)
    parts = parts_for(window, "adam")
    step = parts.after - parts.before
    np.testing.assert_allclose(np.abs(step), hp_lr(parts), rtol=1e-5)  # |g|/(|g|+ε) ≈ 1
    assert "|Δx|/η" in window.step_panel.equations.text()


def hp_lr(parts):
    return parts.hyperparams["lr"]


def test_step_overlay_drawn_at_the_step_and_toggleable(qtbot, window):
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 21) and parts_for(w, "adam") is not None)
    overlay = window.contour.overlay
    parts = parts_for(window, "adam")
    assert overlay.step.line.isVisible()
    x, y = overlay.step.line.getData()
    np.testing.assert_allclose([x[0], y[0]], parts.before)
    np.testing.assert_allclose([x[1], y[1]], parts.after)
    assert overlay.box.isVisible()
    window.step_panel.overlay_boxes["step"].setChecked(False)
    assert not overlay.step.line.isVisible()
    window.step_panel.overlay_boxes["scale"].setChecked(False)
    assert not overlay.box.isVisible()


def test_step_overlay_follows_a_slow_run_and_waits_for_pause_on_a_fast_one(qtbot, window):
    from adamviz.model.readout import LEGIBLE_SPEED, SPEEDS

    overlay = window.contour.overlay
    window.model.set_speed(SPEEDS.index(5))
    window.model.set_playing(True)
    wait_for(qtbot, window, lambda w: w.model.step >= 22 and parts_for(w, "adam") is not None)
    qtbot.waitUntil(lambda: overlay.step.line.isVisible(), timeout=5_000)
    window.model.set_speed(len(SPEEDS) - 1)  # as fast as it goes
    assert SPEEDS[-1] is None and 5 <= LEGIBLE_SPEED
    wait_for(qtbot, window, lambda w: w.model.step >= 2_000)
    qtbot.waitUntil(lambda: not overlay.step.line.isVisible(), timeout=5_000)
    window.model.set_playing(False)
    qtbot.waitUntil(lambda: overlay.step.line.isVisible(), timeout=10_000)  # paused: the last step is drawn again
    parts = parts_for(window, "adam")
    x, y = overlay.step.line.getData()
    np.testing.assert_allclose([x[1], y[1]], parts.after)


def test_explaining_another_run(qtbot, window):
    window.step_panel.select(("momentum", False))
    assert window.step_panel.run_box.currentText() == "Momentum"
    window.model.select_run(window.step_panel.selected())
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 21) and parts_for(w, "momentum") is not None)
    parts = parts_for(window, "momentum")
    np.testing.assert_allclose(parts.after, parts.before - parts.parts["v"], rtol=1e-12)
    assert "v ← γ·v + η·g" in window.step_panel.equations.text()


def test_presentation_mode_big_type_thick_lines_and_back(qtbot, window):
    normal_width = window.theme.line_width
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.theme.presenting
    assert window.font().pointSizeF() >= 20
    assert window.theme.line_width > normal_width
    assert window.contour.glyphs[("adam", False)].line.opts["pen"].widthF() >= 4
    assert not window.setup.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert window.setup.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.theme.presenting
    assert window.font().pointSizeF() < 20


def test_a_window_opened_in_presentation_mode_is_fullscreen_with_the_controls_aside(qtbot, make_window):
    window = make_window(presenting=True)
    assert window.theme.presenting and window.isFullScreen()
    assert not window.setup.isVisible() and window.actions["controls"].isChecked() is False
    assert window.font().pointSizeF() >= 20
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.theme.presenting and not window.isFullScreen()
    assert window.setup.isVisible()


def test_dark_theme_everywhere(qtbot, window):
    window.model.set_dark(True)
    assert window.theme.dark
    assert window.contour.backgroundBrush().color().name() == window.theme.background
    assert window.palette().window().color().lightness() < 80
    window.model.set_dark(False)
    assert window.palette().window().color().lightness() > 180


def test_help_overlay_lists_every_shortcut(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    text = window.help.text()
    for key in ("Space", "F11", "Ctrl+S", "Ctrl+E", "1 – 9"):
        assert key in text
    qtbot.keyClick(window.help, Qt.Key.Key_A)
    assert not window.help.isVisible()


def test_ctrl_s_saves_a_screenshot(qtbot, window, tmp_path):
    from adamviz.ui.settings import settings

    settings().setValue("screenshot_folder", str(tmp_path))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    files = list(tmp_path.glob("adamviz-toy2-step20-*.png"))
    assert len(files) == 1
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (window.width(), window.height())
    assert not list(tmp_path.glob(".*part*"))
    assert window.banner.text() == f"saved {files[0].name} in {tmp_path}"


def test_screenshot_into_a_missing_folder_says_so(qtbot, window, tmp_path):
    from adamviz.ui.settings import settings

    settings().setValue("screenshot_folder", str(tmp_path / "gone"))
    assert window.files.save_screenshot() is None
    assert "does not exist" in window.banner.text()
    assert window.banner.isVisible()


PROJECTOR = """
import json, time
from adamviz.ui.app import application
app = application(headless=True)
from adamviz.core.scenario import PRESETS
from adamviz.ui.views_area import STEP_SHARE
from adamviz.ui.window import MainWindow
window = MainWindow(PRESETS["airfoil-compare"].scenario(), 30, presenting=True, remember=False)
window.show()
end = time.time() + 60
while time.time() < end and not (window.model.step == 30 and window.model.tracks
                                 and all(t.t == 30 for t in window.model.tracks.values())):
    app.processEvents()
    time.sleep(0.01)
for _ in range(50):
    app.processEvents()
screen = window.screen().geometry()
panel = window.step_panel
print(json.dumps({"screen": [screen.width(), screen.height()], "room": screen.width() * STEP_SHARE[True][1] - 24,
                  "needed": panel.needed_width(window.model.problem), "panel_pt": panel.font().pointSizeF(),
                  "window_pt": window.font().pointSizeF(),
                  "scroll": window.area.step_scroll.horizontalScrollBar().maximum()}))
window.close()
"""


@pytest.mark.parametrize("width, height", [(1280, 720), (1366, 768), (1920, 1080)])
def test_the_airfoils_step_table_is_read_whole_on_a_projector(tmp_path, width, height):
    """Presentation mode on a classroom's screen (Qt's off-screen platform given that screen): the airfoil's six
    columns fit the step panel, never a sideways scroll bar hiding the bias; the whole 20 pt at 1080 lines."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    result = subprocess.run([sys.executable, "-c", PROJECTOR], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["screen"] == [width, height]
    assert shown["needed"] <= shown["room"] + 1 and shown["scroll"] == 0, shown
    assert shown["window_pt"] >= 20
    if height >= 1080:
        assert shown["panel_pt"] == shown["window_pt"], shown
    else:
        assert 0.5 * shown["window_pt"] <= shown["panel_pt"] <= 0.75 * shown["window_pt"], shown
