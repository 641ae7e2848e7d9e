"""The panel's gradient-noise control: what it sets, where it shows, and that the runs follow it."""

from __future__ import annotations

import numpy as np

from adamviz.core.problems.noisy import noise_at
from tests.ui.conftest import settled, wait_for


def test_the_noise_box_sets_the_scenarios_noise_and_the_runs_replay_with_it(qtbot, make_window):
    window = make_window()
    wait_for(qtbot, window, lambda w: settled(w))
    box = window.setup.noise_box
    assert box.isVisibleTo(window.setup) and box.value() == 0.0 and box.text() == "off"
    key = ("adam", False)
    quiet = window.model.tracks[key].drawn()[1].copy()
    box.setValue(0.5)
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.noise == 0.5
             and not np.array_equal(w.model.tracks[key].drawn()[1][:len(quiet)], quiet))
    # the run the window shows is the engine's with that noise: its first step, worked by hand
    hp = window.model.hyperparams("adam")
    g = np.array([0.2, 4.0]) * np.array([-5.0, -2.0]) + noise_at(0, 1, 2, 0.5)
    step = hp["lr"] * ((1 - hp["beta1"]) * g / (1 - hp["beta1"])) / (
        np.sqrt((1 - hp["beta2"]) * g**2 / (1 - hp["beta2"])) + hp["eps"])
    np.testing.assert_allclose(window.model.tracks[key].drawn()[1][1], np.array([-5.0, -2.0]) - step, rtol=1e-12)
    assert "noisy gradients σ = 0.5" in window.model.problem.title


def test_it_goes_on_with_another_2d_problem_and_hides_on_the_airfoil(qtbot, make_window):
    window = make_window()
    wait_for(qtbot, window, lambda w: settled(w))
    window.setup.noise_box.setValue(1.0)
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.noise == 1.0)
    window.model.choose_problem("rosenbrock")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "rosenbrock")
    assert window.model.scenario.noise == 1.0 and window.setup.noise_box.value() == 1.0
    window.model.choose_preset("airfoil-compare")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "airfoil", timeout=60_000)
    assert window.model.scenario.noise == 0.0
    assert not window.setup.noise_box.isVisibleTo(window.setup)
    window.model.choose_preset("sgd-noise-toy1")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "toy1")
    assert window.setup.noise_box.isVisibleTo(window.setup) and window.setup.noise_box.value() == 1.0
    assert window.setup.preset_box.currentData() == "sgd-noise-toy1"


def test_the_numbers_box_draws_the_airfoil_as_the_books_notebook_does(qtbot, make_window):
    from adamviz.core.problems import get_problem

    window = make_window("airfoil-compare")
    box = window.setup.rng_box
    assert box.isVisibleTo(window.setup) and box.currentData() == "adamviz"
    box.setCurrentIndex(box.findData("book"))
    box.activated.emit(box.currentIndex())
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.rng == "book", timeout=60_000)
    book_start = get_problem("airfoil").book_numbers().initial_point(window.model.scenario.seed)
    for track in window.model.tracks.values():
        np.testing.assert_array_equal(track.drawn()[1][0], book_start)
    window.model.choose_preset("toy2-compare")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "toy2")
    assert not box.isVisibleTo(window.setup) and window.model.scenario.rng == "adamviz"
