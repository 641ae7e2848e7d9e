"""A row's η(t) field: it schedules that optimizer's η, the runs replay, η(t) is drawn on the loss plot's right
axis, the legend and the step panel say so; a bad schedule is explained in the row and changes nothing."""

from __future__ import annotations

import numpy as np

from adamviz.core.schedules import parse_schedule
from tests.ui.conftest import settled, wait_for


def type_schedule(row, text: str) -> None:
    row.schedule.setText(text)
    row.schedule.editingFinished.emit()


def test_a_typed_schedule_replays_the_run_and_draws_its_rate(qtbot, make_window):
    window = make_window()
    wait_for(qtbot, window, lambda w: settled(w))
    key = ("adam", False)
    constant = window.model.tracks[key].drawn()[1].copy()
    assert not window.loss.rates.shown and not window.loss.getPlotItem().getAxis("right").isVisible()
    row = window.setup.rows["adam"]
    type_schedule(row, " Warmup:5, cosine:20 ")
    wait_for(qtbot, window, lambda w: settled(w) and not np.array_equal(w.model.tracks[key].drawn()[1], constant))
    setup = next(s for s in window.model.scenario.runs if s.optimizer == "adam")
    assert setup.schedule == "warmup:5,cosine:20" and row.schedule.text() == "warmup:5,cosine:20"
    assert not row.error.isVisibleTo(row)
    # the window's run is the engine's under that schedule: its first step is η/5 long in each coordinate
    lr = setup.hyperparams["lr"]
    first = window.model.tracks[key].drawn()[1][1] - window.model.tracks[key].drawn()[1][0]
    np.testing.assert_allclose(np.abs(first), lr / 5 / (1 + 1e-6 / np.abs([0.2 * 5, 4 * 2])), rtol=1e-9)
    # η(t), dotted on the right axis, step by step
    assert window.loss.rates.shown and window.loss.getPlotItem().getAxis("right").isVisible()
    x, y = window.loss.rates.curves[key].getData()
    np.testing.assert_array_equal(x, np.arange(1, window.model.step + 1))
    np.testing.assert_array_equal(y, parse_schedule("warmup:5,cosine:20").lrs(lr, window.model.step))
    assert "(warmup:5,cosine:20)" in window.model.runs.labels[key]
    window.model.select_run(key)
    window.model.step_once()
    wait_for(qtbot, window, lambda w: "ηₜ (warmup:5,cosine:20)" in w.step_panel.equations.text())
    # and back to a constant η: the axis goes
    type_schedule(row, "")
    wait_for(qtbot, window, lambda w: settled(w) and not w.loss.rates.shown)
    assert not window.loss.getPlotItem().getAxis("right").isVisible()


def test_a_bad_schedule_is_explained_in_the_row_and_nothing_changes(qtbot, make_window):
    window = make_window()
    wait_for(qtbot, window, lambda w: settled(w))
    before = window.model.scenario
    row = window.setup.rows["momentum"]
    type_schedule(row, "cosine:0")
    assert row.error.isVisibleTo(row)
    assert "cosine's T must be between 1" in row.error.text() and "keeping the previous schedule" in row.error.text()
    assert window.model.scenario == before
    type_schedule(row, "exp:0.9")
    assert not row.error.isVisibleTo(row)
    assert next(s for s in window.model.scenario.runs if s.optimizer == "momentum").schedule == "exp:0.9"


def test_a_schedule_preset_fills_the_field_and_adadelta_has_none(qtbot, make_window):
    window = make_window("warmup-adam-toy2")
    wait_for(qtbot, window, lambda w: settled(w))
    assert window.setup.rows["adam"].schedule.text() == "warmup:10,cosine:90"
    assert window.setup.rows["adadelta"].schedule is None  # no learning rate to schedule
    assert window.loss.rates.shown
    window.model.choose_preset("toy2-compare")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "toy2" and not w.loss.rates.shown)
    assert window.setup.rows["adam"].schedule.text() == ""


def test_the_sweep_follows_the_rows_schedule_and_says_so(qtbot, make_window):
    from adamviz.core.engine import Engine, RunSpec

    window = make_window("cosine-gd-toy2")
    wait_for(qtbot, window, lambda w: settled(w))
    answers = []
    window.model.events.sweep_done.connect(lambda done, *_: answers.append(done))
    window.model.request_sweep()
    qtbot.waitUntil(lambda: bool(answers) and "follows cosine:20" in window.sweep_dialog.note.text(), timeout=60_000)
    assert "sgd's η follows cosine:20, from each swept value" in window.sweep_dialog.note.text()
    result = answers[0].results["sgd"]
    assert result.schedule == "cosine:20"
    entry = min(result.entries, key=lambda e: abs(e.lr - 0.3))
    engine = Engine(window.model.problem, [RunSpec("sgd", {"lr": entry.lr}, schedule="cosine:20")])
    engine.step(result.steps)
    assert entry.final_loss == engine.runs[0].losses[-1]
