"""A function of one variable in the window: the curve f(x) with each run's iterates on it, a start that slides
along it, the step's arrows along x, swarms on the curve, and back to a surface for a 2-D problem."""

from __future__ import annotations

import numpy as np

from adamviz.core.swarm import Swarm, random_starts
from tests.ui.conftest import settled, wait_for


def test_the_curve_with_the_iterates_on_it(qtbot, make_window):
    window = make_window("gd-parabola-diverge")
    wait_for(qtbot, window, lambda w: settled(w, 10))
    view = window.contour
    assert view.curve_line.isVisible() and not view.image.isVisible() and not view.contours.isVisible()
    plot = view.getPlotItem()
    assert plot.getAxis("bottom").labelText == "x" and plot.getAxis("left").labelText == "f(x)"
    x, y = view.curve_line.getData()
    np.testing.assert_array_equal(y, x * x)
    key = ("sgd", False)
    glyph = view.glyphs[key]
    points = window.model.tracks[key].drawn()[1][:, 0]
    np.testing.assert_array_equal(glyph.line.xData, points)
    np.testing.assert_array_equal(glyph.line.yData, points * points)
    # the book's picture of η = 1.1: every iterate in view, out to x = 61.9
    (x0, x1), (_, y1) = plot.vb.viewRange()
    assert x0 <= points.min() and points.max() <= x1 and y1 >= points.max() ** 2
    assert (view.start_handle.pos().x(), view.start_handle.pos().y()) == (10.0, 100.0)


def test_a_click_moves_the_start_along_the_curve_and_the_runs_replay(qtbot, make_window):
    window = make_window("gd-parabola")
    wait_for(qtbot, window, lambda w: settled(w, 10))
    assert window.model.set_start(-4.0, 123.0)  # a curve's start is its x; the second number is not used
    wait_for(qtbot, window, lambda w: settled(w, 10) and w.model.tracks[("sgd", False)].drawn()[1][0, 0] == -4.0)
    assert window.model.scenario.start == (-4.0,)
    handle = window.contour.start_handle.pos()
    assert (handle.x(), handle.y()) == (-4.0, 16.0)
    x = -4.0
    for _ in range(10):
        x -= 0.2 * (2 * x)
    assert window.model.tracks[("sgd", False)].drawn()[1][-1, 0] == x


def test_the_steps_arrows_run_along_x_from_the_iterate(qtbot, make_window):
    window = make_window("gd-parabola")
    wait_for(qtbot, window, lambda w: settled(w, 10))
    window.model.select_run(("sgd", False))
    window.model.step_once()
    wait_for(qtbot, window, lambda w: w.contour.shown_step() is not None and w.contour.shown_step().t == 11)
    parts = window.contour.shown_step()
    before, after = float(parts.before[0]), float(parts.after[0])
    xs, ys = window.contour.overlay.gradient.line.getData()  # −η·g: along x, from the iterate
    np.testing.assert_allclose(xs, [before, before - 0.2 * 2 * before])
    np.testing.assert_allclose(ys, [before * before] * 2)
    xs, ys = window.contour.overlay.step.line.getData()  # Δx: to the next iterate, on the curve
    np.testing.assert_allclose(xs, [before, after])
    np.testing.assert_allclose(ys, [before * before, after * after])
    assert not window.contour.overlay.box.isVisible()  # a box needs two coordinates


def test_a_swarm_sits_on_the_curve_and_a_2d_problem_brings_the_surface_back(qtbot, make_window):
    window = make_window("local-minima")
    wait_for(qtbot, window, lambda w: settled(w))
    window.model.set_swarm(True, optimizer="sgd", count=50)
    for _ in range(10):
        window.model.step_once()
    wait_for(qtbot, window, lambda w: w.contour.swarm_dots.isVisible() and w.model.swarm_at(10))
    qtbot.wait(100)
    problem = window.model.problem
    core = Swarm(problem, "sgd", window.model.hyperparams("sgd"), random_starts(problem.view, 50, 0, dim=1))
    core.step(10)
    x, y = window.contour.swarm_dots.getData()
    np.testing.assert_allclose(x, core.positions[:, 0], rtol=1e-6)  # float32 on the wire
    np.testing.assert_allclose(y, x * np.cos(np.pi * x), rtol=1e-6, atol=1e-6)  # on the curve
    window.model.set_swarm(False)
    window.model.choose_preset("toy2-compare")
    wait_for(qtbot, window, lambda w: settled(w) and w.model.scenario.problem == "toy2")
    view = window.contour
    assert view.image.isVisible() and view.contours.isVisible() and not view.curve_line.isVisible()
    assert view.getPlotItem().vb.state["aspectLocked"]
