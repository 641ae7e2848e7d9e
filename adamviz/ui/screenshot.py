"""Scripted screenshots: open, take the steps, save the whole window, exit."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from adamviz.core.files import WriteError, atomic_write

TIMEOUT_MS = 180_000


def save_when_done(app, window, target: int, path: Path) -> int:
    """Run the event loop until ``window`` shows step ``target``, save it to ``path``; the exit status."""
    outcome = {"code": None}

    def finish(code: int, message: str | None = None) -> None:
        if outcome["code"] is not None:
            return
        outcome["code"] = code
        if message:
            print(f"adamviz: {message}", file=sys.stderr)
        window.close()
        app.exit(code)

    def save() -> None:
        try:
            atomic_write(path, lambda tmp: _grab(window, tmp))
        except WriteError as exc:
            finish(2, str(exc))
            return
        finish(0)

    def drawn(snapshot) -> None:
        if snapshot.target >= target and not snapshot.catching_up and outcome["code"] is None:
            window.snapshotDrawn.disconnect(drawn)
            QTimer.singleShot(150, save)  # let the last frame paint

    window.snapshotDrawn.connect(drawn)
    QTimer.singleShot(TIMEOUT_MS, lambda: finish(1, f"gave up waiting for step {target}"))
    app.exec()
    return outcome["code"] if outcome["code"] is not None else 1


def _grab(window, path: Path) -> None:
    if not window.grab().save(str(path), "PNG"):
        raise WriteError(f"cannot write {path}: Qt could not save the image")
