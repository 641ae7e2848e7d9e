"""Swarm mode and the learning-rate sweep in the window, checked against the core run on its own."""

from __future__ import annotations

import numpy as np
import pytest

from adamviz.core.swarm import Swarm, random_starts

from .conftest import settled, wait_for


def swarm_at(window, steps):
    return lambda w: w.setup.swarm_box.isChecked() and w.model.swarm.t == steps and not w.model.catching_up


def run_swarm(qtbot, window, optimizer: str, count: int, steps: int) -> None:
    """Swarm mode on, as a user turns it on, and ``steps`` steps taken (→ pressed that often)."""
    window.setup.swarm_optimizer.setCurrentIndex(window.setup.swarm_optimizer.findData(optimizer))
    window.setup.swarm_count.setValue(count)
    window.setup.swarm_box.setChecked(True)
    for _ in range(steps):
        window.model.step_once()
    wait_for(qtbot, window, swarm_at(window, steps))


def test_swarm_dots_are_the_batched_core_swarm(qtbot, window):
    run_swarm(qtbot, window, "rmsprop", 300, 10)
    assert window.model.step == 20  # the runs' own step count is untouched
    qtbot.wait(100)
    problem = window.model.scenario.problem_object()
    setup = next(s for s in window.model.scenario.runs if s.optimizer == "rmsprop")
    core = Swarm(problem, "rmsprop", setup.hyperparams, random_starts(problem.view, 300, window.model.scenario.seed))
    core.step(10)
    x, y = window.contour.swarm_dots.getData()
    np.testing.assert_allclose(np.c_[x, y], core.positions[core.alive], rtol=1e-6)  # float32 on the wire
    assert "swarm of 300 RMSProp" in window.status.text()
    assert not window.contour.glyphs[("adam", False)].line.isVisible()
    window.setup.swarm_box.setChecked(False)  # back to the runs, where they were
    wait_for(qtbot, window, lambda w: settled(w, 20))
    assert window.contour.glyphs[("adam", False)].line.isVisible() and not window.contour.swarm_dots.isVisible()


def test_swarm_is_off_limits_on_airfoil(qtbot, window):
    window.setup.swarm_box.setChecked(True)
    window.model.choose_problem("airfoil")
    wait_for(qtbot, window, lambda w: w.model.scenario.problem == "airfoil" and settled(w, 300), timeout=30_000)
    assert not window.setup.swarm_box.isChecked() and not window.setup.swarm_box.isEnabled()


def test_sweep_shows_the_core_sweep_and_a_click_sets_the_rate(qtbot, window):
    from adamviz.core.sweep import run_sweep

    window.model.request_sweep()
    qtbot.waitUntil(lambda: "Final loss" in window.sweep_dialog.note.text(), timeout=60_000)
    problem = window.model.scenario.problem_object()
    setup = next(s for s in window.model.scenario.runs if s.optimizer == "adam")
    others = {k: v for k, v in setup.hyperparams.items() if k != "lr"}
    expected = run_sweep(problem, "adam", others, steps=problem.default_steps, keep_points=False)
    adam = next(item for item in window.sweep_dialog.plot.items if item.name() == "Adam")
    x, y = adam.getData()  # log axes: pyqtgraph hands back what it plots
    finite = [e for e in expected.entries if not e.diverged]
    np.testing.assert_allclose(10 ** np.asarray(x), [e.lr for e in finite])
    positive = [e.final_loss for e in finite if e.final_loss > 0]
    zero = min(1e-30, min(positive) / 10) if positive else 1e-30  # where a loss of 0 sits
    np.testing.assert_allclose(10 ** np.asarray(y), [max(e.final_loss, zero) for e in finite], rtol=1e-9)
    best = expected.best()
    window.sweep_dialog.lrChosen.emit("adam", best.lr)
    assert window.setup.rows["adam"].controls["lr"].value() == pytest.approx(best.lr)
    assert window.model.hyperparams("adam")["lr"] == pytest.approx(best.lr)
    # the replayed run ends where the sweep said a run with that η ends
    wait_for(qtbot, window, lambda w: settled(w, 20)
             and w.model.tracks[("adam", False)].last_loss == pytest.approx(best.final_loss, rel=1e-9))
    window.sweep_dialog.close()


def test_export_in_swarm_mode_writes_the_swarm_the_window_shows(qtbot, window, tmp_path):
    import json

    run_swarm(qtbot, window, "momentum", 200, 6)
    qtbot.wait(100)
    window.show_export()
    dialog = window.export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    target = tmp_path / "swarm.json"
    dialog.path.setText(str(target))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=90_000)
    assert target.exists(), dialog.error.text()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["optimizer"] == "momentum" and data["steps"] == 6 and data["summary"]["particles"] == 200
    points = np.array([p["point"] for p in data["particles"] if p["diverged_at"] is None])
    x, y = window.contour.swarm_dots.getData()
    np.testing.assert_allclose(np.c_[x, y], points, rtol=1e-6)  # float32 on the wire


def sweep_plot_of(qtbot, problem_name, optimizers, steps):
    from adamviz.core.problems import get_problem
    from adamviz.core.sweep import log_spaced, run_sweep
    from adamviz.ui.sweep_plot import SweepPlot
    from adamviz.ui.theme import get_theme

    problem = get_problem(problem_name)
    results = {name: run_sweep(problem, name, {}, log_spaced(1e-4, 10.0, 31), steps=steps, keep_points=False)
               for name in optimizers}
    plot = SweepPlot(get_theme("light"))
    qtbot.addWidget(plot)
    plot.resize(960, 540)
    plot.draw(results)
    return plot, results


def test_a_sweep_that_ends_below_0_draws_its_losses_on_a_linear_axis(qtbot):
    """x·cos(πx) goes below 0: a log axis would draw those losses at its floor, and label nothing true."""
    plot, results = sweep_plot_of(qtbot, "local_minima", ["gd"], 30)
    finite = [e for e in results["gd"].entries if not e.diverged and np.isfinite(e.final_loss)]
    assert min(e.final_loss for e in finite) < 0
    assert not plot.getPlotItem().getAxis("left").logMode
    curve = next(item for item in plot.items if item.name() == "GD")
    x, y = curve.getData()
    np.testing.assert_allclose(y, [e.final_loss for e in finite])
    np.testing.assert_allclose(10 ** np.asarray(x), [e.lr for e in finite])
    blown = [item for item in plot.items if item is not curve and hasattr(item, "getData")]
    assert blown and min(blown[0].getData()[1]) > max(y)  # the diverged runs' ✕ above every point


def test_a_sweep_whose_runs_reach_exactly_0_says_so_on_its_log_axis(qtbot):
    plot, results = sweep_plot_of(qtbot, "himmelblau", ["gd"], 150)
    finals = np.array([e.final_loss for e in results["gd"].entries if not e.diverged])
    assert (finals == 0).any()
    axis = plot.getPlotItem().getAxis("left")
    assert axis.logMode and axis.zero_at == pytest.approx(np.log10(min(1e-30, finals[finals > 0].min() / 10)))
