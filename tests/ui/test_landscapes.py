"""The window on the new landscapes and on a function of one's own."""

from __future__ import annotations

import numpy as np

from adamviz.core.problems import get_problem

from .conftest import settled, wait_for


def test_your_own_function_and_a_bad_one(qtbot, window):
    assert window.model.choose_function("x1**2 + 4*x2**2")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "custom" and settled(w, w.model.scenario.steps))
    assert window.setup.function_field.isVisible()
    track = window.model.tracks[("momentum", False)]
    f = track.points[:, 0] ** 2 + 4 * track.points[:, 1] ** 2
    np.testing.assert_allclose(track.losses, f)
    assert not window.model.choose_function("x1 + __import__('os').getpid()")
    assert "__import__" in window.setup.function_error.text() and window.setup.function_error.isVisible()
    assert window.model.scenario.function == "x1**2 + 4*x2**2"  # the previous function stays
    assert window.model.choose_function("x1**2 + x2**2")
    assert not window.setup.function_error.isVisible()


def test_every_minimum_is_marked(qtbot, window):
    window.model.choose_problem("himmelblau")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "himmelblau" and settled(w, w.model.scenario.steps))
    x, y = window.contour.minimum.getData()
    np.testing.assert_allclose(np.c_[x, y], get_problem("himmelblau").minima)
    assert len(x) == 4
    window.model.set_dark(True)  # restyling keeps them where they are
    x, _ = window.contour.minimum.getData()
    assert len(x) == 4


def test_a_loss_below_zero_gets_a_linear_axis(qtbot, window):
    window.model.choose_problem("saddle")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "saddle" and settled(w, w.model.scenario.steps))
    assert not window.loss.log_y
    for curve in window.loss.curves.values():
        _, y = curve.getData()
        assert np.isfinite(y).all()
    window.model.choose_problem("toy2")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "toy2" and settled(w, w.model.scenario.steps))
    assert window.loss.log_y
