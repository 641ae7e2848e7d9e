"""Nothing a user does crashes the window, freezes it or loses their work.

* divergence, ε = 0 at a zero gradient and a start far outside the view: marked in the status,
  nothing non-finite reaches a plot, and the window goes on;
* a missing or corrupted airfoil data file: an inline message, the current state untouched;
* an uncaught exception in a slot (or a Python thread): logged and shown in the error dialog,
  and the window keeps working;
* no optimizer selected, one step, β₁/β₂ at the ends of their sliders and just below 1.
"""

from __future__ import annotations

import logging
import sys
import threading

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.scenario import PRESETS, RunSetup, Scenario, default_scenario

from .conftest import settled, wait_for


@pytest.fixture
def open_window(make_window):
    """A real MainWindow on any scenario; closing it must also stop its engine process."""
    made = []

    def make(scenario: Scenario, target: int | None = None):
        window = make_window(scenario, target)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        if window.link.worker is not None and hasattr(window.link.worker, "process"):
            assert window.link.worker.process.poll() is not None  # the engine process ended with the window


def full_scenario(problem: str, runs: dict[str, dict[str, float]], steps: int, start=None) -> Scenario:
    """Every optimizer row (as the window needs), the named ones switched on with these values."""
    scenario = default_scenario(problem, tuple(runs), steps)
    for setup in scenario.runs:
        setup.hyperparams.update(runs.get(setup.optimizer, {}))
    scenario.start = start
    return scenario.validated()


def assert_nothing_non_finite_drawn(window) -> None:
    for key, track in window.model.tracks.items():
        _, points, losses = track.drawn()
        assert np.isfinite(points).all() and np.isfinite(losses).all(), key
        assert np.isfinite(track.last_point).all() and np.isfinite(track.last_loss), key
    for key, glyph in window.contour.glyphs.items():
        for item in (glyph.line, glyph.halo):
            x, y = item.getData()
            if x is not None:
                assert np.isfinite(x).all() and np.isfinite(y).all(), key
        if glyph.head.isVisible():
            pos = glyph.head.pos()
            assert np.isfinite([pos.x(), pos.y()]).all(), key
    for key, curve in window.loss.curves.items():
        x, y = curve.getData()
        if x is not None:
            assert np.isfinite(x).all() and np.isfinite(y).all(), key
    for axis in window.contour.getPlotItem().vb.viewRange() + window.loss.getPlotItem().vb.viewRange():
        assert np.isfinite(axis).all()


def step_and_wait(qtbot, window, steps: int = 1) -> None:
    target = window.model.step + steps
    for _ in range(steps):
        window.model.step_once()
    wait_for(qtbot, window, lambda w: w.model.step == target and (not w.model.keys or settled(w, target)))


# ---------------------------------------------------------------- divergence, 0/0, far start


def test_divergence_and_zero_over_zero_far_outside_the_view(qtbot, open_window):
    start = (1e5, 0.0)  # far outside toy1's view; x2 = 0 makes ∂f/∂x2 exactly 0
    runs = {"sgd": {"lr": 10.0}, "adagrad": {"lr": 0.4, "eps": 0.0}, "rmsprop": {"lr": 0.4, "gamma": 0.9, "eps": 0.0},
            "adam": {"lr": 0.3}, "momentum": {"lr": 0.1, "momentum": 0.5}}
    scenario = full_scenario("toy1", runs, 60, start)
    window = open_window(scenario)
    engine = scenario.run()  # independent of the window
    expected = {(run.spec.optimizer, False): run for run in engine.runs}
    assert expected[("sgd", False)].stop_reason == "diverged"
    for key, run in expected.items():
        track = window.model.tracks[key]
        assert (track.diverged_at, track.stop_reason) == (run.diverged_at, run.stop_reason), key
        np.testing.assert_array_equal(track.points, run.points)
    assert window.model.tracks[("adagrad", False)].diverged_at == 1
    assert window.model.tracks[("rmsprop", False)].stop_reason == "undefined"
    status = window.status.text()
    assert f"diverged at step {expected[('sgd', False)].diverged_at}" in status
    assert status.count("stopped at step 1: not a number") == 2
    assert_nothing_non_finite_drawn(window)
    handle = window.contour.start_handle.pos()
    assert (handle.x(), handle.y()) == start
    # the window goes on: more steps, the step panel on the stopped run, a reset and a step
    step_and_wait(qtbot, window, 3)
    window.step_panel.run_box.setCurrentIndex(window.step_panel.run_box.findData(("adagrad", False)))
    window.model.select_run(("adagrad", False))
    window.model.reset()
    wait_for(qtbot, window, lambda w: settled(w, 0))
    step_and_wait(qtbot, window)
    assert window.model.tracks[("adam", False)].t == 1 and window.model.tracks[("adagrad", False)].diverged_at == 1
    assert_nothing_non_finite_drawn(window)


# ---------------------------------------------------------------- the airfoil data file


def test_an_unusable_airfoil_file_is_an_inline_message_and_nothing_changes(qtbot, make_window, broken_airfoil):
    window = make_window()
    scenario, target = window.model.scenario, window.model.step
    keys = list(window.model.keys)
    points = {key: track.points.copy() for key, track in window.model.tracks.items()}

    def unchanged():
        assert window.model.scenario is scenario and window.model.step == target and window.model.keys == keys
        assert window.setup.problem_box.currentData() == "toy2"
        assert set(window.model.tracks) == set(points)
        for key, before in points.items():
            np.testing.assert_array_equal(window.model.tracks[key].points, before)

    path = broken_airfoil("missing")
    box = window.setup.problem_box
    box.setCurrentIndex(box.findData("airfoil"))  # as a user picks it
    box.activated.emit(box.currentIndex())
    assert window.banner.isVisible()
    assert "missing" in window.banner.text() and str(path) in window.banner.text()
    unchanged()

    window.model.show_message(None)
    path = broken_airfoil("corrupted")
    window.model.choose_preset("airfoil-compare")
    assert window.banner.isVisible() and "corrupted" in window.banner.text()
    assert str(path) in window.banner.text()
    unchanged()
    assert window.model.choose_problem("airfoil") is False
    unchanged()

    # nothing was sent to the engine: it still steps the same runs from where they were
    step_and_wait(qtbot, window)
    for key, before in points.items():
        np.testing.assert_array_equal(window.model.tracks[key].points[: len(before)], before)
        assert window.model.tracks[key].t == target + 1


# ---------------------------------------------------------------- uncaught exceptions


@pytest.fixture
def reported(monkeypatch, caplog):
    """install_hooks in place (restored afterwards); the calls report_error got, still showing the dialog."""
    from adamviz.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    calls = []
    real = errors.report_error

    def recording(parent, title, details, what_now=""):
        calls.append((parent, title, details, what_now))
        real(parent, title, details, what_now)

    monkeypatch.setattr(errors, "report_error", recording)
    caplog.set_level(logging.ERROR, logger="adamviz")
    yield calls
    if errors.current_dialog() is not None:
        errors.current_dialog().close()


@pytest.mark.qt_no_exception_capture
def test_uncaught_exceptions_are_logged_and_shown_and_the_window_goes_on(qtbot, window, reported, caplog):
    from adamviz.ui import errors

    errors.install_hooks(lambda: window)

    def boom():
        raise RuntimeError("boom in a slot")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(reported) == 1, timeout=5000)
    parent, title, details, what_now = reported[0]
    assert title == "Something went wrong"
    assert parent is window and "RuntimeError: boom in a slot" in details and "Traceback" in details
    assert "still running" in what_now
    assert any("boom in a slot" in record.getMessage() for record in caplog.records)
    assert errors.current_dialog() is not None
    assert "boom in a slot" in errors.current_dialog().detailedText()

    # an exception in the window's own drawing, once: the next snapshot draws again
    calls = {"n": 0}
    real_draw = window.loss.draw

    def failing_draw(tracks):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ValueError("boom while drawing")
        real_draw(tracks)

    window.loss.draw = failing_draw
    step_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: any("boom while drawing" in c[2] for c in reported), timeout=5000)
    step_and_wait(qtbot, window)
    assert calls["n"] >= 2 and window.model.step == 22
    x, _ = window.loss.curves[("adam", False)].getData()
    assert x[-1] == 22
    # one dialog, not a pile of them
    assert errors.current_dialog() is not None

    # a Python thread's exception: errors.py promises "log and dialog" for those too
    count = len(reported)
    helper = threading.Thread(target=lambda: 1 / 0, name="helper")
    helper.start()
    helper.join()
    assert any("ZeroDivisionError" in record.getMessage() for record in caplog.records)  # logged at once
    qtbot.waitUntil(lambda: any("ZeroDivisionError" in c[2] for c in reported[count:]), timeout=3000)
    step_and_wait(qtbot, window)


# ---------------------------------------------------------------- no optimizer, one step, β at its ends


def test_no_optimizer_then_one_step_then_betas_at_their_ends(qtbot, window):
    for name in OPTIMIZERS:
        window.setup.rows[name].enable.setChecked(False)
    assert window.model.keys == [] and "no optimizer selected" in window.status.text()
    step_and_wait(qtbot, window)
    assert window.model.step == 21
    window.model.reset()
    qtbot.waitUntil(lambda: window.model.step == 0, timeout=10_000)
    step_and_wait(qtbot, window)  # one step, from nothing
    window.model.set_playing(True)  # nothing to play: it must neither fail nor hang
    QTest.qWait(200)
    window.model.set_playing(False)
    assert window.model.step == 1

    window.setup.rows["adam"].enable.setChecked(True)
    wait_for(qtbot, window, lambda w: settled(w, 1) and w.model.keys == [("adam", False)])
    adam = window.setup.rows["adam"].controls
    for name, position, value in (("beta1", 0, 0.0), ("beta2", 0, 0.0),
                                  ("beta1", adam["beta1"].slider.maximum(), 0.99),
                                  ("beta2", adam["beta2"].slider.maximum(), 0.999999)):
        adam[name].slider.setValue(position)
        assert adam[name].value() == value
        assert next(r for r in window.model.scenario.runs if r.optimizer == "adam").hyperparams[name] == value
    adam["beta2"].field.setText("0.9999999")  # valid, beyond the slider's end
    adam["beta2"].field.editingFinished.emit()
    adam["beta1"].field.setText("0.9999999")
    adam["beta1"].field.editingFinished.emit()
    setup = next(r for r in window.model.scenario.runs if r.optimizer == "adam")
    assert (setup.hyperparams["beta1"], setup.hyperparams["beta2"]) == (0.9999999, 0.9999999)
    assert window.setup.rows["adam"].error.isHidden()
    step_and_wait(qtbot, window, 40)
    expected = Scenario("toy2", [RunSetup("adam", dict(setup.hyperparams))], steps=41).validated().run()
    assert expected.runs[0].diverged_at is None
    np.testing.assert_array_equal(window.model.tracks[("adam", False)].points, expected.runs[0].points)
    assert_nothing_non_finite_drawn(window)
    adam["beta2"].field.setText("1")  # outside [0, 1): refused inline, the run kept
    adam["beta2"].field.editingFinished.emit()
    error = window.setup.rows["adam"].error
    assert not error.isHidden() and error.text().startswith("β₂ = 1 is outside its range")  # the symbol, not "beta2"
    assert next(r for r in window.model.scenario.runs if r.optimizer == "adam").hyperparams["beta2"] == 0.9999999


# ---------------------------------------------------------------- the step count shown is the runs' step count


def test_choosing_the_current_preset_again_shows_its_runs_at_its_step_count(qtbot, make_window):
    window = make_window()  # toy2-compare at 20 steps
    window.model.run_to(60)
    wait_for(qtbot, window, lambda w: settled(w, 60))
    window.model.choose_preset("toy2-compare")
    wait_for(qtbot, window, lambda w: w.model.step == 20 and w.link.worker is not None and not w.model.catching_up
             and all(key in w.model.tracks and w.model.tracks[key].received for key in w.model.keys))
    expected = PRESETS["toy2-compare"].scenario().run()
    for run in expected.runs:
        track = window.model.tracks[(run.spec.optimizer, False)]
        assert track.t == 20, f"{run.spec.optimizer} is shown at step {track.t} while the window says 20"
        np.testing.assert_array_equal(track.points, run.points)


# ---------------------------------------------------------------- closing


def test_closing_the_window_never_reports_the_engine_as_failed(qtbot, make_window, monkeypatch):
    """The engine process ends because the window asked it to: that is no failure.

    The interleaving is forced rather than waited for: the process acts on Stop and the relay
    notices the closed pipe before ``stop()`` has gone on (the OS may schedule it so at any close).
    """
    from adamviz.ui import window as window_module
    from adamviz.ui.worker import Stop

    window = make_window()
    worker = window.link.worker
    failures, reports = [], []
    worker.failed.connect(failures.append)
    monkeypatch.setattr(window_module, "report_error", lambda *args, **kwargs: reports.append(args))
    send = worker.send

    def send_then_let_the_relay_run(command):
        send(command)
        if isinstance(command, Stop):
            worker.process.wait(5)
            worker.thread.wait(1000)  # the relay sees the end of the pipe before stop() goes on

    monkeypatch.setattr(worker, "send", send_then_let_the_relay_run)
    window.close()
    QTest.qWait(100)
    assert worker.process.poll() is not None
    assert failures == [] and reports == []
