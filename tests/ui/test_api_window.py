"""adamviz.show: the desktop window opened from Python (a notebook after %gui qt) on a result's scenario."""

from __future__ import annotations

import adamviz
from tests.ui.conftest import settled, wait_for


def test_show_opens_the_window_on_the_results_runs_at_its_step(qtbot):
    result = adamviz.trace(problem="rosenbrock", optimizers=["adam", "lion"], steps=40)
    window = adamviz.show(result)
    qtbot.addWidget(window)
    try:
        wait_for(qtbot, window, lambda w: settled(w, 40))
        assert window.isVisible() and [key[0] for key in window.model.keys] == ["adam", "lion"]
        shown = window.model.tracks[("lion", False)]
        assert shown.last_loss == result.run("lion").losses[-1]
    finally:
        window.close()
