"""The panel's batch size (airfoil only): it sets the minibatches, the runs replay keeping their epochs, and a
preset of §7.3 shows its size."""

from __future__ import annotations

import numpy as np

from adamviz.core.engine import Engine, RunSpec
from tests.ui.conftest import settled, wait_for


def test_the_batch_box_sets_the_minibatches_and_keeps_the_epochs(qtbot, make_window):
    window = make_window("gd-airfoil")
    wait_for(qtbot, window, lambda w: settled(w, 300), timeout=60_000)
    box = window.setup.batch_box
    assert box.isVisibleTo(window.setup) and box.value() == 10
    box.setValue(100)
    wait_for(qtbot, window, lambda w: settled(w, 30) and w.model.problem.batch_size == 100, timeout=60_000)
    assert window.model.scenario.batch_size == 100 and window.loss.steps_per_epoch == 15
    engine = Engine(window.model.problem, [RunSpec("sgd", {"lr": 0.05})], seed=window.model.scenario.seed)
    engine.step(30)
    np.testing.assert_array_equal(window.model.tracks[("sgd", False)].drawn()[2], engine.runs[0].losses)
    assert "epoch 2.00" in window.toolbar.counter.text()
    assert window.windowTitle().endswith("(batches of 100)")  # no longer the preset's title
    box.setValue(10)
    wait_for(qtbot, window, lambda w: settled(w, 300) and w.model.preset == "gd-airfoil", timeout=60_000)
    assert window.windowTitle() == "adamviz — Minibatch SGD on airfoil, η = 0.05 (§7.3)"


def test_a_size_preset_shows_its_size_and_a_2d_problem_hides_the_box(qtbot, make_window):
    window = make_window("gd-airfoil-full")
    wait_for(qtbot, window, lambda w: settled(w, 6), timeout=60_000)
    assert window.setup.batch_box.value() == 1500 and "full batch" in window.model.problem.title
    window.model.choose_preset("toy2-compare")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "toy2")
    assert not window.setup.batch_box.isVisibleTo(window.setup)
