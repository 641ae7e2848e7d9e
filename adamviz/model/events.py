"""Change events for the application model: plain callbacks, no Qt.

The model emits; the window's widgets connect and redraw. An exception in one
listener does not stop the others from hearing the event (it is passed to the
model's error hook, which the window routes to its error dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("adamviz")

Listener = Callable[..., Any]


class Event:
    """One kind of change; ``connect`` a callback, ``emit`` calls every callback in order."""

    def __init__(self, name: str, on_error: Callable[[BaseException], None] | None = None):
        self.name = name
        self._listeners: list[Listener] = []
        self._on_error = on_error

    def connect(self, listener: Listener) -> Listener:
        if listener not in self._listeners:
            self._listeners.append(listener)
        return listener

    def disconnect(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, *args: Any) -> None:
        for listener in list(self._listeners):
            try:
                listener(*args)
            except Exception as exc:  # one broken view must not blank the others
                if self._on_error is None:
                    raise
                self._on_error(exc)

    def __len__(self) -> int:
        return len(self._listeners)


class Events:
    """A namespace of named events sharing one error hook."""

    def __init__(self, *names: str):
        self.on_error: Callable[[BaseException], None] | None = None
        for name in names:
            setattr(self, name, Event(name, self._error))

    def _error(self, exc: BaseException) -> None:
        if self.on_error is None:
            raise exc
        self.on_error(exc)
