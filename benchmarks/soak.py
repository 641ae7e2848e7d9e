"""The long soak: a seeded monkey drives a real window for M minutes; nothing may break.

    .venv/bin/python benchmarks/soak.py --minutes M --seed S [--check-every N] [--no-million]

Drives a real MainWindow (its engine in a worker process, as the app runs it) on Qt's offscreen
platform unless DISPLAY is set, through the Monkey of tests/ui/monkey.py (the same seeded random
user actions as the short CI test, tests/ui/test_monkey.py). Every N actions (default 300) it
pauses, waits for the window to settle and checks:

* no uncaught exception (sys.excepthook and threading.excepthook record them);
* no engine failure reported by the window (report_error is recorded);
* no Qt warning about threads or timers (a message handler records messages containing
  "QThread", "Timers", "timer", "QObject::" or "Cannot");
* every track's points and losses, and every plotted curve, finite;
* the window settles (the engine brings every run to the target) within --settle-timeout s.

At the end it closes the window and checks the engine process stopped. Before the window it runs
the engine alone for 1,000,000 steps (SGD on toy2; ~15 s on the 2-core dev machine; CI's
tests/test_edges.py takes 200,000): every loss finite, the recorded arrays the size they should be.

Prints one summary line; exit status 0 when everything held, 1 otherwise (details on stderr).
QSettings, screenshots and logs go to a throwaway folder, never the user's own.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCRATCH = Path(tempfile.mkdtemp(prefix="adamviz-soak-"))
os.environ["XDG_CONFIG_HOME"] = str(SCRATCH / "config")
os.environ["XDG_DATA_HOME"] = str(SCRATCH / "data")

QT_WATCHED = ("QThread", "Timers", "timer", "QObject::", "Cannot")
MILLION = 1_000_000


def million_steps() -> tuple[list[str], str]:
    """The engine alone, one cheap run for a million steps: (failures, summary)."""
    import numpy as np

    from adamviz.core.engine import Engine, RunSpec
    from adamviz.core.problems import get_problem

    started = time.perf_counter()
    engine = Engine(get_problem("toy2"), [RunSpec("sgd", {"lr": 0.1})])
    engine.step(MILLION)
    seconds = time.perf_counter() - started
    (run,) = engine.runs
    failures = []
    if run.t != MILLION or run.diverged_at is not None:
        failures.append(f"million: the run is at step {run.t}, diverged_at {run.diverged_at}")
    if run.points.shape != (MILLION + 1, 2) or run.losses.shape != (MILLION + 1,):
        failures.append(f"million: recorded {run.points.shape} points and {run.losses.shape} losses")
    if not (np.isfinite(run.points).all() and np.isfinite(run.losses).all()):
        failures.append("million: a recorded point or loss is not finite")
    needed = (MILLION + 1) * 3 * 8
    allocated = run.trace.points.nbytes + run.trace.losses.nbytes
    if not needed <= allocated <= 2 * needed:
        failures.append(f"million: {allocated / 1e6:.1f} MB allocated for {needed / 1e6:.1f} MB of records")
    return failures, f"1e6 steps {seconds:.1f}s {allocated / 1e6:.0f}MB"


def load_monkey():
    spec = importlib.util.spec_from_file_location("adamviz_soak_monkey", REPO / "tests" / "ui" / "monkey.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Monkey


def rss_mb(pid: int | None = None) -> float | None:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Recorder:
    """Uncaught exceptions, Qt messages worth failing on, and errors the window reported."""

    def __init__(self):
        self.exceptions: list[str] = []
        self.qt_messages: list[str] = []
        self.reports: list[str] = []

    def install(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        def on_exception(kind, value, tb):
            text = "".join(traceback.format_exception(kind, value, tb))
            self.exceptions.append(text)
            sys.stderr.write(text)

        sys.excepthook = on_exception
        threading.excepthook = lambda args: on_exception(args.exc_type, args.exc_value, args.exc_traceback)

        def on_message(mode, context, message):
            if any(word in message for word in QT_WATCHED):
                self.qt_messages.append(message)
                sys.stderr.write(f"Qt: {message}\n")

        self._handler = on_message  # keep a reference: Qt holds only a pointer
        qInstallMessageHandler(on_message)

        import adamviz.ui.window as window_module

        def report_error(parent, title, details, what_now=""):
            self.reports.append(f"{title}\n{details}")
            sys.stderr.write(f"report_error: {title}\n{details}\n")

        window_module.report_error = report_error

    def failures(self, when: str) -> list[str]:
        """What was recorded since the last call, one line per kind."""
        seen = getattr(self, "_seen", (0, 0, 0))
        exceptions, messages, reports = (self.exceptions[seen[0]:], self.qt_messages[seen[1]:],
                                         self.reports[seen[2]:])
        self._seen = (len(self.exceptions), len(self.qt_messages), len(self.reports))
        failures = []
        if exceptions:
            failures.append(f"{len(exceptions)} uncaught exception(s) {when}; first: "
                            f"{exceptions[0].strip().splitlines()[-1]}")
        if messages:
            failures.append(f"{len(messages)} Qt warning(s) {when}; first: {messages[0]}")
        if reports:
            failures.append(f"{len(reports)} error report(s) {when}; first: {reports[0].splitlines()[0]}")
        return failures


def wait_until(app, predicate, timeout_s: float) -> bool:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


def settled(window) -> bool:
    """The engine has caught up: every run has arrived (at the target, or stopped before it)."""
    if window.link.worker is None or window.model.catching_up:
        return False
    if window.setup.swarm_box.isChecked():
        return True
    model = window.model
    return all(key in model.tracks and (model.tracks[key].t >= model.step or model.tracks[key].diverged_at is not None)
               for key in model.keys)


def out_of_step(window) -> list[str]:
    """Runs shown at another step than the window's (lockstep broken): a run ahead of the target."""
    if window.setup.swarm_box.isChecked():
        return []
    model = window.model
    return [f"{key} at step {model.tracks[key].t}, the window at {model.step}" for key in model.keys
            if key in model.tracks and model.tracks[key].diverged_at is None
            and window.model.tracks[key].t != window.model.step]


def state(window) -> str:
    """What the window is waiting for, for a failure message."""
    tracks = {key: (window.model.tracks[key].t if key in window.model.tracks else None) for key in window.model.keys}
    return (f"problem {window.model.scenario.problem}, catching up {window.model.catching_up}, "
            f"worker {'on' if window.link.worker is not None else 'none'}, tracks at {tracks}")


def non_finite(window) -> list[str]:
    """Tracks, and plot items on screen (hidden ones, e.g. the runs' curves in swarm mode, are not drawn)."""
    import numpy as np

    found = []
    for key, track in window.model.tracks.items():
        _, points, losses = track.drawn()
        if not (np.isfinite(points).all() and np.isfinite(losses).all()):
            found.append(f"track {key}")
    items = [(f"loss curve {key}", curve) for key, curve in window.loss.curves.items()]
    items += [(f"trajectory {key}", glyph.line) for key, glyph in window.contour.glyphs.items()]
    items += [("swarm loss curve", window.loss.swarm_curve), ("swarm dots", window.contour.swarm_dots)]
    for what, item in items:
        if not item.isVisible():
            continue
        x, y = item.getData()
        if x is not None and len(x) and not (np.isfinite(x).all() and np.isfinite(y).all()):
            found.append(f"{what} ({int((~np.isfinite(y)).sum())} of {len(y)} y not finite; "
                         f"{window.model.scenario.problem} {window.model.scenario.function or ''}, "
                         f"log axis {window.loss.log_y})")
    return found


def soak(minutes: float, seed: int, check_every: int, settle_timeout: float) -> tuple[list[str], str]:
    from adamviz.ui.app import application

    app = application(headless=True)
    recorder = Recorder()
    recorder.install()

    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from adamviz.core.scenario import PRESETS
    from adamviz.ui.window import MainWindow

    Monkey = load_monkey()
    window = MainWindow(PRESETS["toy2-compare"].scenario(), remember=False)
    window.resize(1280, 800)
    window.show()
    failures: list[str] = []
    if not wait_until(app, lambda: settled(window) and bool(window.model.tracks), 60):
        return ["the window did not show its first runs within 60 s"], ""

    beats = {"last": time.perf_counter(), "worst": 0.0}

    def beat():
        now = time.perf_counter()
        beats["worst"] = max(beats["worst"], now - beats["last"])
        beats["last"] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(100)

    shots = SCRATCH / "screenshots"
    shots.mkdir()
    monkey = Monkey(window, seed, shots)
    end = time.perf_counter() + minutes * 60
    actions = checks = 0
    worst_settle = 0.0
    engine_rss = None
    frozen = False
    while time.perf_counter() < end and not frozen:
        monkey.act()
        actions += 1
        if actions % 10 == 0:
            QTest.qWait(5)
        if actions % check_every:
            continue
        checks += 1
        window.model.set_playing(False)
        started = time.perf_counter()
        if not wait_until(app, lambda: settled(window), settle_timeout):
            frozen = True
            failures.append(f"not settled {settle_timeout:.0f} s after action {actions} "
                            f"(last actions {monkey.log[-5:]}; {state(window)})")
        worst_settle = max(worst_settle, time.perf_counter() - started)
        failures += recorder.failures(f"by action {actions} (last actions {monkey.log[-5:]})")
        failures += [f"non-finite {what} after action {actions} (last actions {monkey.log[-5:]})"
                     for what in non_finite(window)]
        failures += [f"out of step after action {actions}: {what} (last actions {monkey.log[-5:]})"
                     for what in out_of_step(window)]
        process = getattr(window.link.worker, "process", None)
        if process is not None:
            engine_rss = max(engine_rss or 0.0, rss_mb(process.pid) or 0.0)
    heartbeat.stop()

    worker = window.link.worker
    window.close()
    wait_until(app, lambda: False, 0.3)
    process = getattr(worker, "process", None)
    if process is not None and process.poll() is None:
        failures.append("the engine process still runs after the window closed")
    failures += recorder.failures("at the end or on closing")
    summary = (f"{actions} actions, {checks} checks, worst settle {worst_settle:.1f}s, "
               f"longest UI gap {beats['worst']:.2f}s, RSS window {rss_mb():.0f}MB"
               + (f" engine {engine_rss:.0f}MB" if engine_rss else ""))
    return failures, summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the monkey plays (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="the monkey's seed (default 0)")
    parser.add_argument("--check-every", type=int, default=300, metavar="N", help="actions between checks")
    parser.add_argument("--settle-timeout", type=float, default=120.0, metavar="S",
                        help="seconds the window may take to settle at a check before it counts as frozen")
    parser.add_argument("--no-million", action="store_true", help="skip the 1,000,000-step engine run")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    failures, parts = [], []
    try:
        if not args.no_million:
            found, summary = million_steps()
            failures += found
            parts.append(summary)
        found, summary = soak(args.minutes, args.seed, args.check_every, args.settle_timeout)
        failures += found
        parts.append(summary)
    except Exception:
        failures.append("the soak itself failed: " + traceback.format_exc().strip().splitlines()[-1])
        traceback.print_exc()
    for failure in failures[:20]:
        print(f"soak: {failure}", file=sys.stderr)
    if len(failures) > 20:
        print(f"soak: … and {len(failures) - 20} more", file=sys.stderr)
    verdict = "FAIL" if failures else "ok"
    print(f"soak {verdict}: seed {args.seed}, {args.minutes:g} min, {' · '.join(p for p in parts if p)}, "
          f"{len(failures)} failure(s), {time.perf_counter() - started:.0f}s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
