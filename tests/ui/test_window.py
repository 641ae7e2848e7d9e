"""The window drives the engine, shows what it computes, and stops cleanly."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import get_problem
from adamviz.core.scenario import PRESETS, Scenario, default_scenario

from .conftest import settled, wait_for


def engine_points(scenario: Scenario, steps: int) -> dict:
    """Independent run of the core engine, keyed like the window's tracks."""
    from dataclasses import replace

    engine = replace(scenario, steps=steps).run()
    return {(run.spec.optimizer, run.spec.concise): run.points for run in engine.runs}


def test_opens_on_the_three_way_comparison_on_toy2(window):
    assert window.windowTitle().startswith("adamviz")
    assert window.model.scenario.problem == "toy2"
    assert window.model.keys == [("momentum", False), ("rmsprop", False), ("adam", False)]
    problems = [window.setup.problem_box.itemData(i) for i in range(window.setup.problem_box.count())]
    assert problems[:3] == ["toy1", "toy2", "airfoil"]  # the chapter's own first
    for name, optimizer in OPTIMIZERS.items():
        row = window.setup.rows[name]
        assert row.enable.isChecked() == (name in ("momentum", "rmsprop", "adam"))
        assert set(row.controls) == {hp.name for hp in optimizer.hyperparams}
        for hp in optimizer.hyperparams:
            assert row.controls[hp.name].symbol.text() == hp.symbol
            assert hp.meaning in row.controls[hp.name].slider.toolTip()


def test_shows_exactly_what_the_engine_computes(window):
    expected = engine_points(window.model.scenario, 20)
    for key, points in expected.items():
        track = window.model.tracks[key]
        assert track.t == 20
        np.testing.assert_array_equal(track.points, points)


def test_moving_a_learning_rate_slider_replays_that_run(qtbot, window):
    before = window.model.tracks[("momentum", False)].last_point.copy()
    control = window.setup.rows["momentum"].controls["lr"]
    control.slider.setValue(control.scale.position(0.1))
    assert control.value() == pytest.approx(0.1)
    wait_for(qtbot, window, lambda w: settled(w, 20) and w.model.scenario.runs[0].hyperparams["lr"] == 0.1
             and not np.array_equal(w.model.tracks[("momentum", False)].last_point, before))
    expected = engine_points(window.model.scenario, 20)
    assert window.model.scenario.runs[0].hyperparams["lr"] == 0.1
    np.testing.assert_array_equal(window.model.tracks[("momentum", False)].points, expected[("momentum", False)])
    # the other runs were not touched
    np.testing.assert_array_equal(window.model.tracks[("adam", False)].points, expected[("adam", False)])


def test_typing_an_exact_value_and_a_bad_one(qtbot, window):
    control = window.setup.rows["adam"].controls["beta2"]
    control.field.setText("0.99")
    control.field.editingFinished.emit()
    wait_for(qtbot, window, lambda w: settled(w, 20) and w.model.tracks[("adam", False)].t == 20
             and next(s for s in w.model.scenario.runs if s.optimizer == "adam").hyperparams["beta2"] == 0.99)
    control.field.setText("1.5")
    control.field.editingFinished.emit()
    assert control.value() == 0.99
    assert "outside its range" in window.setup.rows["adam"].error.text()
    assert not window.setup.rows["adam"].error.isHidden()
    assert next(s for s in window.model.scenario.runs if s.optimizer == "adam").hyperparams["beta2"] == 0.99


def test_play_pause_step_reset(qtbot, window):
    window.model.set_speed(len(window_speeds()) - 1)  # as fast as it goes
    window.model.toggle_play()
    wait_for(qtbot, window, lambda w: w.model.step > 200)
    window.model.toggle_play()
    wait_for(qtbot, window, lambda w: settled(w) and not w.model.playing)
    qtbot.wait(100)
    paused_at = window.model.step
    qtbot.wait(200)
    assert window.model.step == paused_at
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, paused_at + 1))
    window.model.reset()
    wait_for(qtbot, window, lambda w: settled(w, 0))
    for track in window.model.tracks.values():
        assert track.received == 1
        np.testing.assert_array_equal(track.last_point, [-5.0, -2.0])


def window_speeds():
    from adamviz.model.readout import SPEEDS

    return SPEEDS


def test_keyboard_shortcuts(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda w: settled(w, 21))
    qtbot.keyClick(window, Qt.Key.Key_R)
    wait_for(qtbot, window, lambda w: settled(w, 0))
    qtbot.keyClick(window, Qt.Key.Key_3)  # the third preset
    third = list(PRESETS.values())[2]
    wait_for(qtbot, window, lambda w: w.model.scenario.title == third.title and settled(w, third.scenario().steps))


def test_switching_problem_mid_run(qtbot, window):
    window.model.toggle_play()
    wait_for(qtbot, window, lambda w: w.model.step > 21)
    window.model.choose_problem("airfoil")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "airfoil" and settled(w, 300), timeout=30_000)
    assert not window.model.playing  # a new setup waits at its own step count
    airfoil = get_problem("airfoil")
    for track in window.model.tracks.values():
        assert track.points.shape[1] == airfoil.dim
        assert track.last_loss >= airfoil.floor - 1e-12
    assert window.contour.plane is not None and window.contour.plane.explained > 0.5
    assert "principal plane" in window.contour.caption


def test_each_preset_reproduces_its_numbers(qtbot, window):
    """One window switched through every preset, as a teacher would; airfoil's once (its runs are long)."""
    names = [name for name, p in PRESETS.items() if p.problem != "airfoil"] + ["airfoil-compare"]
    for name in names:
        window.model.choose_preset(name)
        scenario = PRESETS[name].scenario()
        wait_for(qtbot, window, lambda w, s=scenario: w.model.scenario.title == s.title and settled(w, s.steps))
        expected = engine_points(scenario, scenario.steps)
        assert set(window.model.tracks) == set(expected), name
        for key, points in expected.items():
            np.testing.assert_array_equal(window.model.tracks[key].drawn()[1][-1], points[-1], err_msg=name)


def test_dragging_the_start_replays_from_there(qtbot, window):
    window.contour.startDragged.emit(-3.0, 1.5)
    wait_for(qtbot, window, lambda w: settled(w, 20)
             and np.array_equal(w.model.tracks[("adam", False)].points[0], [-3.0, 1.5]))
    from dataclasses import replace

    expected = engine_points(replace(window.model.scenario, start=(-3.0, 1.5)), 20)
    for key, points in expected.items():
        np.testing.assert_array_equal(window.model.tracks[key].points, points)


def test_torch_optim_twin_coincides_with_the_scratch_adam(qtbot, window):
    window.setup.rows["adam"].concise.setChecked(True)
    wait_for(qtbot, window, lambda w: ("adam", True) in w.model.tracks and settled(w, 20))
    np.testing.assert_allclose(window.model.tracks[("adam", True)].points, window.model.tracks[("adam", False)].points,
                               rtol=1e-9, atol=1e-12)
    assert ("adam", True) in window.contour.glyphs and ("adam", True) in window.loss.curves


def test_switching_optimizers_on_and_off(qtbot, window):
    window.setup.rows["sgd"].enable.setChecked(True)
    wait_for(qtbot, window, lambda w: ("sgd", False) in w.model.tracks and settled(w, 20))
    window.setup.rows["momentum"].enable.setChecked(False)
    wait_for(qtbot, window, lambda w: ("momentum", False) not in w.model.tracks and settled(w, 20))
    assert window.model.keys == [("rmsprop", False), ("adam", False), ("sgd", False)]
    for name in ("rmsprop", "adam", "sgd"):
        window.setup.rows[name].enable.setChecked(False)
    qtbot.waitUntil(lambda: window.model.keys == [])
    assert "no optimizer selected" in window.status.text()
    window.model.step_once()  # nothing to step, nothing breaks
    qtbot.wait(100)


def test_divergence_is_reported_and_the_plot_stays_finite(qtbot, window):
    window.model.choose_preset("gd-toy2-diverge")
    control = window.setup.rows["sgd"].controls["lr"]
    control.field.setText("10")
    control.field.editingFinished.emit()
    wait_for(qtbot, window, lambda w: w.model.tracks.get(("sgd", False)) is not None
             and w.model.tracks[("sgd", False)].diverged_at is not None)
    track = window.model.tracks[("sgd", False)]
    assert np.isfinite(track.points).all() and np.isfinite(track.losses).all()
    assert f"diverged at step {track.diverged_at}" in window.status.text()
    x, y = window.loss.curves[("sgd", False)].getData()
    assert np.isfinite(x).all() and np.isfinite(y).all()


def test_the_worker_stops_when_the_window_closes(qtbot, window):
    window.model.set_speed(len(window_speeds()) - 1)
    window.model.toggle_play()
    wait_for(qtbot, window, lambda w: w.model.step > 50)
    thread = window.link.thread
    window.close()
    assert thread.isFinished()
    assert window.link.thread is None


def test_opens_on_airfoil_and_every_plane(qtbot, make_window):
    window = make_window("airfoil-compare")
    for index in range(window.setup.plane_box.count()):
        window.setup.plane_box.setCurrentIndex(index)
        window.model.set_plane(window.setup.plane_box.currentData())
        assert window.contour.plane is not None
        assert np.isfinite(window.contour.grid.z).all()
    window.loss_panel.epoch_box.setChecked(True)
    x, _ = window.loss.curves[("adam", False)].getData()
    assert x.max() == pytest.approx(2.0)


def test_default_scenarios_for_every_problem(qtbot, window):
    for problem in ("toy1", "airfoil", "toy2"):
        window.model.choose_problem(problem)
        scenario = default_scenario(problem)
        wait_for(qtbot, window, lambda w, s=scenario: w.model.scenario.problem == s.problem and settled(w, s.steps),
                 timeout=30_000)
