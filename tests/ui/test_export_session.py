"""Exports from the window (a child process with progress and Cancel) and sessions in the window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from adamviz.core.session import load_session

from .conftest import settled, wait_for


def choose(dialog, suffix, path, size=None):
    dialog.format.setCurrentIndex(dialog.format.findData(suffix))
    dialog.path.setText(str(path))
    if size:
        dialog.width_box.setValue(size[0])
        dialog.height_box.setValue(size[1])


def test_png_export_from_the_window(qtbot, window, tmp_path):
    window.show_export()
    dialog = window.export_dialog
    target = tmp_path / "slide.png"
    choose(dialog, "png", target, (800, 500))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=90_000)
    assert target.exists(), dialog.error.text()
    image = QImage(str(target))
    assert (image.width(), image.height()) == (800, 500)
    assert "exported" in window.banner.text()
    assert [p.name for p in tmp_path.iterdir()] == ["slide.png"]  # nothing temporary left


def test_csv_export_from_the_window_holds_every_run_and_step(qtbot, window, tmp_path):
    import csv

    wait_for(qtbot, window, lambda w: settled(w, 20))
    window.show_export()
    dialog = window.export_dialog
    target = tmp_path / "runs.csv"
    choose(dialog, "csv", target)
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=90_000)
    assert target.exists(), dialog.error.text()
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    runs = [s.optimizer for s in window.model.scenario.runs if s.enabled]
    assert len(rows) == len(runs) * 21
    last = {row["optimizer"]: float(row["loss"]) for row in rows if row["step"] == "20"}
    for name in runs:
        assert last[name] == pytest.approx(window.model.tracks[(name, False)].last_loss, rel=1e-6)


def test_a_long_animation_can_be_cancelled_and_leaves_nothing(qtbot, window, tmp_path):
    window.model.run_to(400)
    wait_for(qtbot, window, lambda w: settled(w, 400))
    window.show_export()
    dialog = window.export_dialog
    choose(dialog, "gif", tmp_path / "long.gif", (960, 600))
    dialog.every.setValue(1)
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.bar.maximum() > 0 and dialog.bar.value() >= 3, timeout=90_000)
    dialog.cancel_export()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=30_000)
    assert "cancelled" in dialog.error.text()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_is_said_in_the_dialog(qtbot, window, tmp_path):
    window.show_export()
    dialog = window.export_dialog
    choose(dialog, "csv", tmp_path / "missing-folder" / "data.csv")
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=90_000)
    assert "does not exist" in dialog.error.text()
    assert dialog.isVisible()


def test_save_and_open_a_session(qtbot, window, tmp_path):
    window.setup.rows["adam"].controls["lr"].field.setText("0.05")
    window.setup.rows["adam"].controls["lr"].field.editingFinished.emit()
    path = window.files.save_session_as(tmp_path / "lesson.json")
    saved = load_session(path)
    assert saved.scenario.runs[2].hyperparams["lr"] == 0.05 and saved.scenario.steps == 20
    window.model.choose_preset("gd-toy2-diverge")
    wait_for(qtbot, window, lambda w: w.model.scenario.title.startswith("GD on toy2, η = 0.6") and settled(w, 20))
    assert window.files.open_session(path)
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "toy2" and settled(w, 20))
    assert next(s for s in window.model.scenario.runs if s.optimizer == "adam").hyperparams["lr"] == 0.05
    assert window.model.keys == [("momentum", False), ("rmsprop", False), ("adam", False)]


@pytest.mark.parametrize("content", ["{", "[]", json.dumps({"format": "other"}), ""])
def test_a_broken_session_changes_nothing(qtbot, window, tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_text(content)
    before = (window.model.scenario, window.model.step)
    assert not window.files.open_session(path)
    assert (window.model.scenario, window.model.step) == before
    assert window.banner.isVisible() and "broken.json" in window.banner.text()


def test_the_last_session_comes_back(qtbot, make_window):
    first = make_window("airfoil-compare")
    first.close()  # remembers its session
    second = make_window()
    assert second.files.restore_last_session()
    wait_for(qtbot, second, lambda w: w.model.scenario.problem == "airfoil" and settled(w, 300), timeout=30_000)


def test_the_dialogs_file_name_follows_the_step_but_a_typed_name_stays(qtbot, window, tmp_path):
    window.show_export()
    dialog = window.export_dialog
    assert dialog.path.text().endswith("adamviz-toy2-step20.png")
    dialog.path.setText(str(tmp_path / "adamviz-toy2-step20.png"))
    dialog.close()
    for _ in range(5):
        window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 25))
    window.show_export()
    assert dialog.path.text() == str(tmp_path / "adamviz-toy2-step25.png")  # the folder kept, the step now
    dialog.path.setText(str(tmp_path / "my slide.png"))
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 26))
    window.show_export()
    assert dialog.path.text() == str(tmp_path / "my slide.png")
    dialog.close()


def test_cancel_with_no_export_running_closes_the_dialog(qtbot, window):
    window.show_export()
    dialog = window.export_dialog
    assert dialog.cancel.isEnabled()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
