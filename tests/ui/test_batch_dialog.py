"""Run → Compare batch sizes: §7.3's runs computed by the engine's process, drawn against time, examples and
epochs, the same losses as the core's comparison."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from adamviz.core.batches import CHAPTER, compare_batch_sizes
from tests.ui.conftest import settled, wait_for


def opened_dialog(qtbot, make_window, preset: str):
    """A window on ``preset``, and its batch-size dialog once Run → Compare batch sizes has shown a result."""
    window = make_window(preset)
    wait_for(qtbot, window, lambda w: settled(w), timeout=60_000)
    window.actions["batches"].trigger()
    wait_for(qtbot, window, lambda w: getattr(w, "batch_dialog", None) is not None
             and w.batch_dialog.outcome is not None, timeout=60_000)
    return window, window.batch_dialog


def test_the_dialog_shows_the_chapters_sizes_against_time_examples_and_epochs(qtbot, make_window):
    window, dialog = opened_dialog(qtbot, make_window, "airfoil-compare")
    assert dialog.isVisible() and dialog.outcome.error is None
    core = compare_batch_sizes(CHAPTER, seed=window.model.scenario.seed)
    plot = dialog.plot
    assert [run.batch_size for run in dialog.outcome.comparison.runs] == [1500, 1, 100, 10]
    for curve, ours, theirs in zip(plot.curves, dialog.outcome.comparison.runs, core.runs, strict=True):
        np.testing.assert_array_equal(ours.losses, theirs.losses)  # the seconds differ, the losses do not
        # log axis: the start (0 s, 0 examples) left out
        np.testing.assert_array_equal(curve.xData, ours.seconds[1:])
        np.testing.assert_array_equal(curve.yData, ours.losses[1:])
        assert (np.diff(ours.seconds) > 0).all() and ours.examples[-1] == ours.epochs * 1500
    assert "time in seconds" in plot.getPlotItem().getAxis("bottom").labelText
    dialog.axis_box.setCurrentIndex(dialog.axis_box.findData("epochs"))
    dialog.axis_box.activated.emit(dialog.axis_box.currentIndex())
    np.testing.assert_array_equal(plot.curves[0].xData, np.arange(7))  # full batch: one step an epoch, 6 epochs
    assert plot.getPlotItem().getAxis("bottom").labelText == "epoch"
    # Escape closes it, as any dialog (it once raised: an attribute hid QDialog.done), and it opens again
    errors = []
    window.model.events.message.connect(lambda message: errors.append(message))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not errors
    window.actions["batches"].trigger()
    qtbot.waitUntil(lambda: dialog.isVisible())
    dialog.close()
    assert not dialog.isVisible()


def test_typed_sizes_run_and_bad_ones_are_explained_in_the_dialog(qtbot, make_window):
    window, dialog = opened_dialog(qtbot, make_window, "gd-airfoil")
    assert dialog.settings_field.text() == "1500:1:6, 1:0.005, 100:0.4, 10:0.05"
    shown = dialog.outcome
    dialog.settings_field.setText("50:0.2, 7:0.05:1")
    dialog.settings_field.returnPressed.emit()
    wait_for(qtbot, window, lambda w: w.batch_dialog.outcome is not shown, timeout=60_000)
    runs = dialog.outcome.comparison.runs
    assert [(run.batch_size, run.lr, run.epochs) for run in runs] == [(50, 0.2, 2), (7, 0.05, 1)]
    assert len(dialog.plot.curves) == 2 and not dialog.error.isVisibleTo(dialog)
    shown = dialog.outcome
    dialog.settings_field.setText("0:1")
    dialog.settings_field.returnPressed.emit()
    assert dialog.error.isVisibleTo(dialog) and "from 1 to 1500" in dialog.error.text()
    assert dialog.outcome is shown and len(dialog.plot.curves) == 2


def test_the_legend_hides_none_of_the_curves(qtbot, make_window):
    """Four curves fill every corner of their data: the plot leaves the legend a band of its own above them."""
    _, dialog = opened_dialog(qtbot, make_window, "airfoil-compare")
    dialog.resize(820, 580)  # as on a 1366×768 screen
    plot = dialog.plot
    for axis in ("seconds", "examples", "epochs"):
        dialog.axis_box.setCurrentIndex(dialog.axis_box.findData(axis))
        dialog.axis_box.activated.emit(dialog.axis_box.currentIndex())
        qtbot.wait(50)
        plot.place_legend()
        assert plot.legend.corner.startswith("top") and plot.legend.covered(plot.legend.corner) == 0, axis
        # the floor's label says its value, inside the plot, not on the axis below it
        label = plot.floor_line.label
        assert f"{dialog.outcome.comparison.floor:.4g}" in label.toPlainText()
        box = plot.getPlotItem().vb
        assert box.sceneBoundingRect().contains(label.sceneBoundingRect()), axis
    dialog.close()


def test_the_dialog_goes_back_to_its_size_when_presentation_mode_ends(qtbot, make_window):
    window, dialog = opened_dialog(qtbot, make_window, "airfoil-compare")
    window.model.set_presenting(True)
    qtbot.wait(50)
    dialog.resize(1400, 900)  # as projector type made it
    window.model.set_presenting(False)
    qtbot.waitUntil(lambda: (dialog.width(), dialog.height()) == dialog.SIZE, timeout=2000)
    dialog.close()
