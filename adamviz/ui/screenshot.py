"""Scripted screenshots: open, take the steps, save the whole window, exit.

``wait_for_step`` and ``finish_view`` are shared with the headless export of
the whole window (adamviz.export.whole_window).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from adamviz.core.files import WriteError, atomic_write
from adamviz.ui.files import grab_window

TIMEOUT_S = 180.0
SETTLE_S = 0.15
"""After the last snapshot: time for the pending repaints and the surface refresh (a 60 ms timer)."""


class StepTimeout(Exception):
    pass


def wait_for_step(app, window, target: int, timeout_s: float = TIMEOUT_S,
                  check: Callable[[], None] | None = None) -> None:
    """Run the event loop until ``window`` shows step ``target`` with no replay pending.

    Waits on the model's state, not on a signal: the snapshot may already have
    arrived and been drawn (while the window was being laid out, say) before
    this is called, and a wait for the next snapshot would then wait forever.
    Polls instead of calling ``app.exec()`` so that Python signal handlers (and
    ``check``, which may raise to cancel) run promptly. StepTimeout if the step
    is not shown within ``timeout_s``.
    """
    from PySide6.QtCore import QEventLoop

    model = window.model
    deadline = time.monotonic() + timeout_s
    while not model.at_rest_at(target):
        if check is not None:
            check()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if model.at_rest_at(target):
            break
        if time.monotonic() > deadline:
            raise StepTimeout(f"gave up waiting for step {target} after {timeout_s:g} s")
        time.sleep(0.003)


def settle(app, seconds: float = SETTLE_S, check: Callable[[], None] | None = None) -> None:
    """Process events for ``seconds``: pending timers (the surface refresh) fire and repaint."""
    from PySide6.QtCore import QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check is not None:
            check()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.003)


def finish_view(window, view=None) -> None:
    """Bring the views up to date with every point received, keeping a session's range."""
    window.contour.finish(window.model.tracks)
    if view is not None and view.contour_range is not None:
        window.contour.set_view_range(*view.contour_range)
        window.contour.refresh_surface()


def save_when_done(app, window, target: int, path: Path, view=None) -> int:
    """Run the event loop until ``window`` shows step ``target``, save it to ``path``; the exit status."""
    try:
        wait_for_step(app, window, target)
        finish_view(window, view)
        settle(app)
        atomic_write(path, lambda tmp: grab_window(window, tmp))
    except StepTimeout as exc:
        print(f"adamviz: {exc}", file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"adamviz: {exc}", file=sys.stderr)
        return 2
    finally:
        window.close()
    return 0
