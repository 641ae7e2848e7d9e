"""A row's "its ε" box: torch.optim's version at torch's own ε beside the scratch run, drawn dash-dot, said so in
the legend and the status line; the row's ε slider leaves its ε alone."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from adamviz.ui.legend import DEFAULTS_TEXT
from tests.ui.conftest import settled, wait_for

KEY = ("adam", "defaults")


def test_the_box_runs_torchs_own_eps_and_the_eps_slider_leaves_it_alone(qtbot, make_window):
    window = make_window()
    wait_for(qtbot, window, lambda w: settled(w))
    row = window.setup.rows["adam"]
    assert row.concise_defaults.isVisible() and not window.setup.rows["momentum"].concise_defaults.isVisibleTo(
        window.setup.rows["momentum"])  # momentum has no ε: torch.optim's SGD is its one twin
    row.concise_defaults.setChecked(True)
    wait_for(qtbot, window, lambda w: settled(w) and KEY in w.model.tracks)
    assert DEFAULTS_TEXT in window.contour.legend_texts()
    assert window.loss.curves[KEY].opts["pen"].style() == Qt.PenStyle.DashDotLine
    assert "(torch.optim, its ε" in window.status.text()
    before = window.model.tracks[KEY].drawn()[1].copy()
    scratch = window.model.tracks[("adam", False)].drawn()[1].copy()
    window.model.set_hyper("adam", "eps", 1e-3)
    wait_for(qtbot, window, lambda w: settled(w)
             and not np.array_equal(w.model.tracks[("adam", False)].drawn()[1], scratch))
    np.testing.assert_array_equal(window.model.tracks[KEY].drawn()[1], before)  # still torch's 1e-8
    row.concise_defaults.setChecked(False)
    wait_for(qtbot, window, lambda w: settled(w) and KEY not in w.model.keys)
    assert DEFAULTS_TEXT not in window.contour.legend_texts()
