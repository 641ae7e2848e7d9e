"""A seeded monkey drives the real window; nothing may break."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtTest import QTest

from .monkey import Monkey


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_actions_break_nothing(qtbot, window, tmp_path, seed):
    monkey = Monkey(window, seed, tmp_path)
    for count in range(300):
        monkey.act()
        if count % 10 == 0:
            QTest.qWait(5)  # let queued work and snapshots through now and then
    window.model.set_playing(False)
    model = window.model

    def shown() -> bool:  # the runs, or in swarm mode (where there are no runs' tracks) the swarm
        if window.link.worker is None or model.catching_up:
            return False
        if model.swarm.on:
            return model.swarm.positions is not None
        return model.keys == [k for k in model.keys if k in model.tracks]

    qtbot.waitUntil(shown, timeout=30_000)
    if model.swarm.on:
        assert np.isfinite(model.swarm.positions[model.swarm.alive]).all()
    for track in window.model.tracks.values():
        assert np.isfinite(track.points).all() and np.isfinite(track.losses).all()
    for curve in window.loss.curves.values():
        x, y = curve.getData()
        if x is not None:
            assert np.isfinite(x).all() and np.isfinite(y).all()
    thread = window.link.thread
    window.close()
    assert thread.isFinished()
