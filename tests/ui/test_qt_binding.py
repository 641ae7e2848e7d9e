"""The Qt binding itself must not corrupt reference counts: the window emits signals all the time."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    carried = Signal(object)
    flag = Signal(bool)


def test_emitting_signals_keeps_reference_counts():
    """PySide6 6.12.0 dropped a reference to True per emit and aborted after a few thousand."""
    emitter = Emitter()
    received = []
    emitter.carried.connect(received.append)
    emitter.flag.connect(received.append)
    emitter.carried.emit(object())  # first emits may cache things
    emitter.flag.emit(True)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(2000):
        emitter.carried.emit(object())
        emitter.flag.emit(True)
    received.clear()
    # a binding that leaks loses a reference per emit: thousands, not a few
    assert abs(sys.getrefcount(True) - before_true) < 20
    assert abs(sys.getrefcount(None) - before_none) < 20
