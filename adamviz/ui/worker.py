"""Where the engine runs for the window: a worker process (default) or a worker thread.

Either way the window only sends commands and receives snapshots (see
adamviz.core.host); it never touches the engine.

* ProcessEngine (the default): the engine lives in a worker process and a relay
  QThread brings its results back as queued signals. Python runs one thread at
  a time per process, and drawing the views holds that lock for most of a
  frame; in its own process the engine steps on the other core at full speed
  while the window draws at 60 Hz. If the process dies, the window is told and
  can start a new one.
* ThreadEngine: the engine in a QThread of the window's own process, driven by
  a timer: simpler, for debugging (ADAMVIZ_ENGINE=thread) and for platforms
  where starting a process is not wanted.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

import adamviz
from adamviz.core.messages import (
    Acknowledge,
    BatchDone,
    Failed,
    Ready,
    Rejected,
    Snapshot,
    Stop,
    SwarmSnapshot,
    SweepDone,
)
from adamviz.core.text import translate
from adamviz.ui.i18n import current_language

log = logging.getLogger("adamviz")
STOP_TIMEOUT_S = 5.0
STOP_GRACE_S = 0.25
"""How long a closing window waits for the engine process to leave on its own: it keeps nothing worth
saving, and one busy importing torch would otherwise hold the window up for a second."""


def engine_kind() -> str:
    kind = os.environ.get("ADAMVIZ_ENGINE", "process")
    return kind if kind in ("process", "thread") else "process"


class EngineClient(QObject):
    snapshot = Signal(object)
    """A Snapshot of the runs, or a SwarmSnapshot in swarm mode."""
    swept = Signal(object)
    """A SweepDone or a BatchDone: a study the host ran on request."""
    rejected = Signal(str)
    failed = Signal(str)
    ready = Signal()

    thread: QThread | None = None

    def route(self, message: object) -> None:
        """A result from the host, as a signal (queued to the window's thread)."""
        if isinstance(message, (Snapshot, SwarmSnapshot)):
            self.snapshot.emit(message)
        elif isinstance(message, (SweepDone, BatchDone)):
            self.swept.emit(message)
        elif isinstance(message, Rejected):
            self.rejected.emit(message.message)
        elif isinstance(message, Failed):
            self.failed.emit(message.text)
        elif isinstance(message, Ready):
            self.ready.emit()

    def send(self, command: object) -> None:
        raise NotImplementedError

    def acknowledge(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    @property
    def stopped(self) -> bool:
        raise NotImplementedError


# ---------------------------------------------------------------- in a thread


class _HostRunner(QObject):
    """Lives in the worker thread: handles commands, ticks the host on a timer."""

    def __init__(self, client: EngineClient):
        super().__init__()
        self.client = client
        self.host = None
        """The EngineHost, once started."""
        self.timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        # The host is the engine's side: the window imports it only when the engine runs in a thread of its own.
        from adamviz.core.host import EngineHost, one_thread_torch

        one_thread_torch()
        self.host = EngineHost(self.client.route)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.client.route(Ready())

    @Slot(object)
    def handle(self, command: object) -> None:
        if isinstance(command, Stop):
            if self.timer is not None:
                self.timer.stop()
            QThread.currentThread().quit()
            return
        self.host.handle(command)
        self.timer.start(0)

    @Slot()
    def tick(self) -> None:
        delay = self.host.tick()
        if delay is not None:
            self.timer.start(int(delay * 1000))


class ThreadEngine(EngineClient):
    _command = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("adamviz-engine")
        self.runner = _HostRunner(self)
        self.runner.moveToThread(self.thread)
        self.thread.started.connect(self.runner.start)
        self.thread.finished.connect(self.runner.deleteLater)
        self._command.connect(self.runner.handle)
        self.thread.start()

    def send(self, command: object) -> None:
        if not self.stopped:
            self._command.emit(command)

    def acknowledge(self) -> None:
        if self.runner.host is not None:
            self.runner.host.acknowledge()  # a plain flag: safe across threads

    def stop(self) -> None:
        if self.thread is None:
            return
        self._command.emit(Stop())
        if not self.thread.wait(int(STOP_TIMEOUT_S * 1000)):
            log.error("the engine thread did not stop in time")
        self.thread = None

    @property
    def stopped(self) -> bool:
        return self.thread is None


# ---------------------------------------------------------------- in a process


class _Relay(QThread):
    """Waits on the worker process's results (without holding Python's lock) and routes them."""

    def __init__(self, client: ProcessEngine, results, process):
        super().__init__()
        self.setObjectName("adamviz-engine-relay")
        self.client = client
        self.results = results
        self.process = process
        self.stopping = False

    def run(self) -> None:
        while not self.stopping:
            try:
                if self.results.poll(0.1):
                    self.client.route(self.results.recv())
                    continue
            except (EOFError, OSError):
                pass
            except Exception:  # a message that does not unpickle: report it, keep relaying
                self.client.route(Failed(traceback.format_exc()))
                continue
            else:
                if self.process.poll() is None:
                    continue
            if not self.stopping:
                self.client.route(Failed(translate("worker", "the engine process stopped unexpectedly ({how})").format(
                    how=self._how_it_ended())))
            return


    def _how_it_ended(self) -> str:
        """The process's end in words: its pipe can close a moment before the process is reaped."""
        try:
            code = self.process.wait(2.0)
        except subprocess.TimeoutExpired:
            return translate("worker", "it closed its pipe and is still running")
        if code < 0:
            try:
                return translate("worker", "killed by signal {number}, {name}").format(
                    number=-code, name=signal.Signals(-code).name)
            except ValueError:
                return translate("worker", "killed by signal {number}").format(number=-code)
        return translate("worker", "exit status {code}").format(code=code)


class ProcessEngine(EngineClient):
    def __init__(self, parent=None, preload_torch: bool = True, language: str = "en"):
        """``preload_torch``: let the process load torch in its first quiet second (see host.serve);
        ``language``: the one the engine's own messages are in, the window's."""
        super().__init__(parent)
        commands_out, commands_in = os.pipe()
        results_out, results_in = os.pipe()
        package_root = str(Path(adamviz.__file__).resolve().parent.parent)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, environment.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "adamviz.engine_process", str(commands_out), str(results_in),
             *([] if preload_torch else ["--no-preload"]), *(["--lang", language] if language != "en" else [])],
            pass_fds=(commands_out, results_in), env=environment, stdin=subprocess.DEVNULL)
        os.close(commands_out)  # the child's ends: only the child may hold them open
        os.close(results_in)
        self._commands = Connection(commands_in, readable=False)
        self._lock = threading.Lock()
        self._stopped = False
        self.thread = _Relay(self, Connection(results_out, writable=False), self.process)
        self.thread.start()

    def send(self, command: object) -> None:
        if self._stopped:
            return
        try:
            with self._lock:
                self._commands.send(command)
        except (BrokenPipeError, OSError):
            pass  # the relay reports the dead process

    def acknowledge(self) -> None:
        self.send(Acknowledge())

    def stop(self) -> None:
        if self._stopped:
            return
        self.thread.stopping = True  # first: the child exits at once on Stop, and that is no failure
        self.send(Stop())
        self._stopped = True
        try:
            self.process.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(2.0)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(1.0)
        self.thread.wait(int(STOP_TIMEOUT_S * 1000))
        with self._lock:
            self._commands.close()

    @property
    def stopped(self) -> bool:
        return self._stopped


def start_engine(kind: str | None = None, preload_torch: bool = True) -> EngineClient:
    if (kind or engine_kind()) == "thread":
        return ThreadEngine()  # in the window's process: its translator is already the window's
    return ProcessEngine(preload_torch=preload_torch, language=current_language())
