"""Start-up probe: put this folder on PYTHONPATH to learn when a process first painted its window.

Inert unless ADAMVIZ_BENCH_PAINT is set. Then, when PySide6.QtWidgets is first
imported, QApplication is replaced by a subclass that installs one
application-wide event filter. On the first Paint event that matches the
target (``any``: any widget; ``contour``: the viewport of adamviz's
ContourView once its surface grid exists; ``runs``: that viewport once it
also has trajectories to draw, which the engine process computed), it waits for that paint to finish
(a zero-length timer), writes CLOCK_MONOTONIC seconds to the file named by
ADAMVIZ_BENCH_PAINT_OUT and ends the process at once.

The same probe runs in the adamviz process and in the bare baseline, so its
small cost (one Python call per Qt event) is on both sides of the ratio.
"""

import os
import sys

_TARGET = os.environ.get("ADAMVIZ_BENCH_PAINT")


def _patch(module):
    from PySide6.QtCore import QEvent, QObject, QTimer

    out = os.environ.get("ADAMVIZ_BENCH_PAINT_OUT")
    paint = QEvent.Type.Paint
    base = module.QApplication
    QWidget = module.QWidget

    def matches(obj):
        if _TARGET == "any":
            return isinstance(obj, QWidget)
        parent = obj.parent()
        view = parent if parent is not None and type(parent).__name__ == "ContourView" else None
        if view is None or getattr(view, "grid", None) is None:
            return False
        if _TARGET == "runs":
            tracks = getattr(view, "_tracks", None) or {}
            return any(track.received > 1 for track in tracks.values())
        return True

    class _Probe(QObject):
        done = False

        def eventFilter(self, obj, event):
            if not self.done and event.type() == paint and matches(obj):
                self.done = True
                QTimer.singleShot(0, self.report)
            return False

        def report(self):
            import time

            stamp = time.clock_gettime(time.CLOCK_MONOTONIC)
            if out:
                with open(out, "w") as fh:
                    fh.write(repr(stamp))
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

    class BenchApplication(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._bench_probe = _Probe()
            self.installEventFilter(self._bench_probe)

    BenchApplication.__name__ = BenchApplication.__qualname__ = "QApplication"
    module.QApplication = BenchApplication


if _TARGET:
    import importlib.abc
    import importlib.machinery

    class _Loader(importlib.abc.Loader):
        def __init__(self, inner):
            self.inner = inner

        def create_module(self, spec):
            return self.inner.create_module(spec)

        def exec_module(self, module):
            self.inner.exec_module(module)
            _patch(module)

    class _Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "PySide6.QtWidgets":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is not None and spec.loader is not None:
                spec.loader = _Loader(spec.loader)
            return spec

    sys.meta_path.insert(0, _Finder())
