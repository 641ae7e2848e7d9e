"""Fixtures for the window: a real MainWindow on Qt's offscreen platform, its worker thread running."""

from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_NO_GLIB"] = "1"  # as the app sets it (adamviz/ui/app.py)  # before any QApplication exists
# QSettings (geometry, theme) go to a throwaway folder, never the user's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="adamviz-test-config-")

import pytest

from adamviz.core.scenario import PRESETS


def wait_for(qtbot, window, predicate, timeout=20_000):
    """Wait until a drawn snapshot satisfies ``predicate(window)``."""
    qtbot.waitUntil(lambda: predicate(window), timeout=timeout)


def settled(window, target=None):
    """The window shows every run at the target step (no replay pending)."""
    if window.link.worker is None or window.model.catching_up:
        return False
    if target is not None and window.model.step != target:
        return False
    return bool(window.model.keys) and all(
        key in window.model.tracks
        and (window.model.tracks[key].t == window.model.step or window.model.tracks[key].diverged_at is not None)
        for key in window.model.keys
    )


@pytest.fixture
def make_window(qtbot):
    from adamviz.ui.window import MainWindow

    made = []

    def make(preset="toy2-compare", target=None, **kwargs):
        """A window on a preset (by name) or on any Scenario, at its steps or ``target``."""
        scenario = PRESETS[preset].scenario() if isinstance(preset, str) else preset
        window = MainWindow(scenario, target, **kwargs)
        qtbot.addWidget(window)
        if not kwargs.get("presenting"):  # a resize would take a presenting window out of fullscreen
            window.resize(1280, 800)
        window.show()
        made.append(window)
        wait_for(qtbot, window, lambda w: settled(w, scenario.steps if target is None else target))
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()
