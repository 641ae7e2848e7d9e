"""Running a user's optimizer file (adamviz.core.optimizer_files), in the process that steps the runs.

Its module runs afresh for each run (and each restart of it) with what the chapter's notebook would
have around it: ``torch``, ``math``, ``np`` and, on the airfoil, ``features``, ``labels`` and
``feature_dim``. The parameters it gets are the run's own tensors, in the problem's dtype (float64
on the 2-D problems, float32 on the regression), each with this step's gradient in ``.grad``.

A fault in the user's code stops that run only: an exception, or a step that takes longer than
STEP_LIMIT_S, becomes a StepFault that the engine records as the run's stop (reason "error") with
the user's message, file and line.
"""

from __future__ import annotations

import math
import signal
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import numpy as np

from adamviz.core.optimizer_files import OptimizerFile

STEP_LIMIT_S = 2.0
"""A step of the user's function that takes longer is stopped: an endless loop, most likely."""
RESERVED_PARTS = ("g", "delta", "x")


class StepFault(Exception):
    """The user's code failed; ``str()`` is the one line to show: what, then file and line."""


class FileModule:
    """The file's functions, run in a fresh namespace."""

    def __init__(self, file: OptimizerFile, problem):
        import torch

        self.file = file
        namespace: dict[str, Any] = {"__name__": f"adamviz_file_{file.name}", "__file__": str(file.path),
                                     "torch": torch, "math": math, "np": np, "numpy": np}
        data = getattr(problem, "design", None)
        if data is not None:  # the regression: the notebook's globals, as the chapter's cells expect them
            namespace["features"] = torch.from_numpy(np.ascontiguousarray(data[:, :-1]))
            namespace["labels"] = torch.from_numpy(problem.labels)
            namespace["feature_dim"] = int(data.shape[1] - 1)
        self.namespace = namespace
        self.problem = problem
        with guarded(file, "loading the file"):
            exec(compile(file.runnable, str(file.path), "exec"), namespace)
        self.update = namespace[file.function]
        self.init = namespace[file.initialiser]

    def states_for(self, params: list) -> Any:
        file = self.file
        if file.init_argument is None:
            call, shown = (lambda: self.init()), f"{file.initialiser}()"
        elif file.init_argument == "feature_dim":
            if "feature_dim" not in self.namespace:
                raise StepFault(f"{file.initialiser}(feature_dim) sizes its states for the regression; on a 2-D "
                                f"problem write {file.initialiser}(params) ({file.label})")
            call, shown = (lambda: self.init(self.namespace["feature_dim"])), f"{file.initialiser}(feature_dim)"
        else:
            call, shown = (lambda: self.init(params)), f"{file.initialiser}(params)"
        try:
            with guarded(file, shown):
                return call()
        except StepFault as fault:
            if file.init_argument is None and "'features'" in str(fault) and "features" not in self.namespace:
                raise StepFault(f"{shown} shapes its states from features, which only the airfoil problem has; "
                                f"on a 2-D problem write {file.initialiser}(params) ({file.label})") from None
            raise


def initialiser(file: OptimizerFile) -> Callable[[list], Any]:
    """``init(params)`` for the registry: runs the file and its initialiser."""

    def init(params: list, problem=None) -> Any:
        module = FileModule(file, problem)
        return FileState(module, module.states_for(params), {})

    return init


class FileState:
    """A run's hold on the file: its module, the user's states and the hyperparameters dict it is given."""

    def __init__(self, module: FileModule, states: Any, hyperparams: dict):
        self.module, self.states, self.hyperparams = module, states, hyperparams

    def parts(self) -> dict[str, list]:
        """The user's state tensors as they are now, by name, for the step panel (copies: their code changes
        them in place). Taken once after the engine's steps, not at every step: copying four tensors a step
        was a sixth of a run's time."""
        return state_parts(self.module.file, self.states)


def updater(file: OptimizerFile) -> Callable[..., tuple[Any, dict]]:
    """``update(params, grads, state, hp, t)`` for the registry: one call of the user's function."""

    def update(params: list, grads: list, state: FileState, hp: dict, t: int) -> tuple[FileState, dict]:
        for p, g in zip(params, grads, strict=True):
            p.grad = g  # theirs to zero, as the book's functions do (the engine keeps a copy where it needs one)
        given = state.hyperparams
        given.update(hp)
        given["t"] = t  # the book's adam counts t itself: set here, it never skips a step
        if getattr(_ALARM, "steps", None) is file:  # the engine's block of steps guards them all (timed_steps)
            state.module.update(params, state.states, given)
        else:
            with guarded(file, doing(file)):
                state.module.update(params, state.states, given)
        return state, {"g": grads}  # and state.parts(), once the engine has taken its steps

    update.file = file
    return update


def doing(file: OptimizerFile) -> str:
    return f"{file.function}(params, states, hyperparams)"


class timed_steps:
    """Many steps of a user's file, as one block: each still stopped past STEP_LIMIT_S and its exception
    still a StepFault naming their line, but with one alarm and one guard for the whole block rather than
    at every step (which cost as much as a third of the book's Adam on the airfoil).

    The alarm is set for twice the limit and set again at a step that begins more than the limit after it
    was: every step gets at least the limit, and one that hangs is stopped within twice it.
    """

    def __init__(self, update: Callable):
        self.file: OptimizerFile = update.file
        self._armed_at = -math.inf

    def __enter__(self) -> timed_steps:
        self._signals = steps_timed()
        self._signals.__enter__()
        self._alarm = getattr(_ALARM, "installed", False)  # else another thread: the watchdog, per step
        _ALARM.steps = self.file
        return self

    def tick(self) -> None:
        """A step begins."""
        now = time.monotonic()
        if self._alarm:
            if now - self._armed_at > STEP_LIMIT_S:
                signal.setitimer(signal.ITIMER_REAL, 2 * STEP_LIMIT_S)
                self._armed_at = now
        else:
            WATCHDOG.set_deadline(now + STEP_LIMIT_S)

    def __exit__(self, kind, exc, tb) -> bool:
        _ALARM.steps = None
        if self._alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        else:
            WATCHDOG.set_deadline(None)
        self._signals.__exit__(None, None, None)
        if exc is None or isinstance(exc, StepFault):
            return False
        if isinstance(exc, StepTimeout):
            raise StepFault(f"{doing(self.file)} took longer than {STEP_LIMIT_S:g} s{where(exc, self.file)}: "
                            "stopped") from None
        if isinstance(exc, Exception):
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            text = type(exc).__name__ + (f": {message}" if message else "")
            raise StepFault(f"{text}{where(exc, self.file)}") from None
        return False


def state_parts(file: OptimizerFile, states: Any) -> dict[str, list]:
    """The user's state tensors by the names their loop gives them (v, s…), for the step panel."""
    names = file.state_names
    if not names:
        return {}
    parts: dict[str, list] = {name: [] for name in names}
    try:
        for per_parameter in states:
            values = (per_parameter,) if len(names) == 1 else tuple(per_parameter)
            for name, value in zip(names, values, strict=True):
                parts[name].append(value.detach().clone())
    except (TypeError, ValueError, AttributeError):  # states of another shape: the panel goes without them
        return {}
    return {(f"{name}_state" if name in RESERVED_PARTS else name): value for name, value in parts.items()}


@contextmanager
def guarded(file: OptimizerFile, doing: str):
    """Run the user's code: an exception or a step past the limit becomes a StepFault naming their line."""
    try:
        with time_limit(STEP_LIMIT_S):
            yield
    except StepFault:
        raise
    except StepTimeout as exc:
        raise StepFault(f"{doing} took longer than {STEP_LIMIT_S:g} s{where(exc, file)}: stopped") from None
    except Exception as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        text = type(exc).__name__ + (f": {message}" if message else "")
        raise StepFault(f"{text}{where(exc, file)}") from None


def where(exc: BaseException, file: OptimizerFile) -> str:
    """" (my_adam.py, line 12)": the last line of the user's file the exception passed through."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == str(file.path)]
    return f" ({file.label}, line {frames[-1].lineno})" if frames else f" ({file.label})"


class StepTimeout(BaseException):
    """Raised into the user's code when a step runs past the limit (a BaseException: their own
    ``except Exception`` does not swallow it)."""


def _expired(signum, frame):
    raise StepTimeout()


_ALARM = threading.local()
"""``installed``: the alarm's handler is in place on this (the main) thread, for many steps (steps_timed)."""


@contextmanager
def steps_timed():
    """Many time-limited steps to come: SIGALRM's handler goes in once for all of them, not at each step
    (installing and restoring it cost as much as a tenth of a run)."""
    if getattr(_ALARM, "installed", False) or not _alarm_usable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    _ALARM.installed = True
    try:
        yield
    finally:
        _ALARM.installed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alarm_usable() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block after ``seconds``: by SIGALRM on the main thread (which also cuts a sleep
    short), else by raising into the thread from a watchdog."""
    if getattr(_ALARM, "installed", False):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    elif _alarm_usable():
        with steps_timed(), time_limit(seconds):
            yield
    else:
        with WATCHDOG.watching(seconds):
            yield


class Watchdog:
    """One thread that raises StepTimeout into a thread whose step has run past its deadline."""

    def __init__(self):
        self._deadlines: dict[int, float] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watching(self, seconds: float):
        self.set_deadline(time.monotonic() + seconds)
        try:
            yield
        finally:
            self.set_deadline(None)

    def set_deadline(self, deadline: float | None) -> None:
        """This thread is to be stopped at ``deadline`` (time.monotonic()); None: not any more."""
        ident = threading.get_ident()
        with self._lock:
            if deadline is None:
                self._deadlines.pop(ident, None)
                return
            self._deadlines[ident] = deadline
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="adamviz-step-watchdog", daemon=True)
                self._thread.start()

    def _watch(self) -> None:
        import ctypes

        while True:
            time.sleep(0.05)
            now = time.monotonic()
            with self._lock:
                late = [ident for ident, deadline in self._deadlines.items() if now > deadline]
                for ident in late:
                    del self._deadlines[ident]
            for ident in late:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(StepTimeout))


WATCHDOG = Watchdog()

