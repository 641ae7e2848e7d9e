"""The window's link to its engine: starts the worker, carries commands out and snapshots in, and starts a
new engine when one dies.

Commands the model sends before the engine has started wait here (a newer
scenario makes an older one moot). Every snapshot is handed to the model, which
draws it, and then acknowledged: the host sends no more than two undrawn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from adamviz.core.messages import Load
from adamviz.core.text import translate
from adamviz.ui.worker import EngineClient, ProcessEngine, start_engine

log = logging.getLogger("adamviz")


class EngineLink(QObject):
    def __init__(self, kind: str | None = None, preload_torch: bool = True,
                 on_failure: Callable[[str, bool], None] | None = None, parent=None):
        """``on_failure(text, restarted)``: the engine hit an unexpected error (a dialog, say)."""
        super().__init__(parent)
        self.kind = kind
        self.preload_torch = preload_torch
        self.on_failure = on_failure
        self.worker: EngineClient | None = None
        self.model = None
        self._pending: list[object] = []
        self.closing = False

    def attach(self, model) -> None:
        self.model = model

    @property
    def thread(self):
        """The engine's thread (the relay of a worker process); None once it has stopped."""
        return None if self.worker is None or self.worker.stopped else self.worker.thread

    def send(self, command: object) -> None:
        if self.worker is None:
            if isinstance(command, Load):  # a newer scenario makes the older one moot
                self._pending = [c for c in self._pending if not isinstance(c, Load)]
            self._pending.append(command)
        else:
            self.worker.send(command)

    def start(self) -> None:
        """Start the engine (once): a worker process, or a thread (ADAMVIZ_ENGINE=thread)."""
        if self.worker is not None or self.closing:
            return
        worker = start_engine(self.kind, preload_torch=self.preload_torch)
        self.worker = worker
        worker.snapshot.connect(self._snapshot)
        worker.swept.connect(lambda done: self.model.receive_sweep(done))
        worker.rejected.connect(lambda text: self.model.show_message(text))
        worker.failed.connect(self._failed)
        pending, self._pending = self._pending, []
        for command in pending:
            worker.send(command)
        self.model.engine_started()

    def _snapshot(self, snapshot) -> None:
        worker = self.worker
        try:
            self.model.receive(snapshot)
        finally:
            if worker is not None:
                worker.acknowledge()

    def _failed(self, text: str) -> None:
        """The engine failed: say so, pause, and carry on; a dead engine is replaced."""
        if self.closing:
            return
        self.model.engine_failed()
        dead = isinstance(self.worker, ProcessEngine) and self.worker.process.poll() is not None
        if self.on_failure is not None:
            self.on_failure(text, dead)
        if dead:
            self.restart()
        summary = text.strip().splitlines()[-1] if text.strip() else translate("engine", "unknown error")
        self.model.show_message(translate("engine", "Engine error: {summary}").format(summary=summary))

    def restart(self) -> None:
        """A new engine with the model's setup, brought back to the current step."""
        old = self.worker
        if old is not None:
            for signal in (old.snapshot, old.swept, old.rejected, old.failed):
                signal.disconnect()
            old.stop()
        self.worker = None
        if self.closing:
            return
        self._pending = self.model.engine_replaced()
        self.start()

    def stop(self) -> None:
        self.closing = True
        if self.worker is not None and not self.worker.stopped:
            self.worker.stop()
