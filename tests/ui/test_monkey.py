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
    qtbot.waitUntil(lambda: window.link.worker is not None and not window.model.catching_up and window.model.keys == [
        k for k in window.model.keys if k in window.model.tracks], timeout=30_000)
    for track in window.model.tracks.values():
        assert np.isfinite(track.points).all() and np.isfinite(track.losses).all()
    for curve in window.loss.curves.values():
        x, y = curve.getData()
        if x is not None:
            assert np.isfinite(x).all() and np.isfinite(y).all()
    thread = window.link.thread
    window.close()
    assert thread.isFinished()
