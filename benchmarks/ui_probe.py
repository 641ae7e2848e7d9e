"""Child process of benchmarks/run.py: drives a real MainWindow and prints one JSON line of figures.

    python benchmarks/ui_probe.py [--only slider|play] [--play-seconds S] [--steps N] [--hold S] [--preset P]

Under X (DISPLAY set, e.g. the Xvfb run.py starts) or, without a display, on
Qt's offscreen platform. Two measurements on one window:

slider   the default toy2 window at its default step count; ~20 times, set a
         value on momentum's lr slider and time until the snapshot carrying the
         replayed run has been drawn (the model's frame event) and until the contour view
         has then repainted.
play     load toy2-compare with target N (100,000), wait until every run is
         there, switch to max speed and play; for a few seconds a 5 ms
         PreciseTimer on the UI thread records its gaps and the model's frame event is
         counted. ``--present`` first puts the window in presentation mode.
swarm    Himmelblau in swarm mode with ``--swarm N`` starts (Adam, a random cloud)
         at max speed: the same timer's gaps, the swarm frames drawn per second and
         the swarm's steps per second.

``--hold S`` keeps playing S more seconds after the play measurement (for a
profiler attached from outside). Every figure goes in the JSON; a failed part
gives null and a reason, never a crash.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
import traceback

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer

RUN = ("momentum", False)


def now() -> float:
    return time.perf_counter()


def wait_until(predicate, timeout_s: float, poll_ms: int = 5) -> bool:
    """Run the event loop until ``predicate()`` is true (checked every poll_ms) or the time is up."""
    if predicate():
        return True
    loop = QEventLoop()
    deadline = now() + timeout_s
    result = {"ok": False}

    def check():
        if predicate():
            result["ok"] = True
            loop.quit()
        elif now() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.CoarseTimer)
    timer.timeout.connect(check)
    timer.start(poll_ms)
    loop.exec()
    timer.stop()
    return result["ok"]


def pause(seconds: float) -> None:
    wait_until(lambda: False, seconds, poll_ms=20)


def settled(window, target=None) -> bool:
    if window.link.worker is None or window.model.catching_up:
        return False
    if target is not None and window.model.step != target:
        return False
    return bool(window.model.keys) and all(
        key in window.model.tracks
        and (window.model.tracks[key].t == window.model.step or window.model.tracks[key].diverged_at is not None)
        for key in window.model.keys
    )


class PaintWatch(QObject):
    """Calls ``callback`` once the next Paint event of ``widget`` has been handled (after ``arm``)."""

    def __init__(self, widget):
        super().__init__(widget)
        self.armed = None
        widget.installEventFilter(self)

    def arm(self, callback) -> None:
        self.armed = callback

    def eventFilter(self, watched, event):
        if self.armed is not None and event.type() == QEvent.Type.Paint:
            callback, self.armed = self.armed, None
            QTimer.singleShot(0, callback)
        return False


def slider_latency(window, changes: int) -> dict:
    control = window.setup.rows[RUN[0]].controls["lr"]
    target = window.model.step
    # distinct slider positions around the default, so every set is a real change
    home = control.slider.value()
    positions = [home + d for d in (-60, -40, -20, 20, 40, 60)] * ((changes + 5) // 6)
    positions = [min(max(p, 0), control.slider.maximum()) for p in positions][:changes]
    to_drawn, to_paint = [], []
    watch = PaintWatch(window.contour.viewport())
    state = {}

    def on_drawn():
        if state.get("drawn") is not None or state.get("began") is None:
            return
        if window.model.runs.generation(RUN) != state["generation"] and settled(window, target):
            state["drawn"] = now()
            watch.arm(lambda: state.__setitem__("painted", now()))

    window.model.events.frame.connect(on_drawn)  # after the window's own listener has drawn the frame
    try:
        for position in positions:
            if control.slider.value() == position:
                continue
            pause(0.06)
            state.clear()
            state["generation"] = window.model.runs.generation(RUN)
            state["began"] = now()
            control.slider.setValue(position)
            if not wait_until(lambda: state.get("painted") is not None, 10.0, poll_ms=2):
                raise RuntimeError("no repaint within 10 s of a slider change")
            to_drawn.append(1000 * (state["drawn"] - state["began"]))
            to_paint.append(1000 * (state["painted"] - state["began"]))
    finally:
        window.model.events.frame.disconnect(on_drawn)
    return {"slider_to_drawn_ms": to_drawn, "slider_to_repaint_ms": to_paint, "slider_target": target}


def play_stall(window, steps: int, play_seconds: float, hold_seconds: float, preset: str = "toy2-compare") -> dict:
    from adamviz.core.scenario import PRESETS

    scenario = PRESETS[preset].scenario()
    began = now()
    window.model.load(scenario, steps)
    if not wait_until(lambda: settled(window, steps), 150.0, poll_ms=20):
        raise RuntimeError(f"the window did not reach {steps} steps in 150 s (at {window.model.step})")
    reached = now() - began
    played = timed_play(window, window.model.events.frame, lambda: window.model.step, play_seconds, hold_seconds)
    return {
        "ui_replay_to_target_s": reached,
        "ui_max_stall_ms": played["max_gap_ms"],
        "ui_p99_gap_ms": played["p99_gap_ms"],
        "ui_ticks": played["ticks"],
        "redraw_fps": played["fps"],
        "ui_play_steps_per_s": played["steps_per_s"],
        "ui_final_step": window.model.step,
        "ui_play_seconds": played["seconds"],
    }


def timed_play(window, frame_event, step_now, play_seconds: float, hold_seconds: float = 0.0) -> dict:
    """Max speed, Play: after a 0.5 s warm-up, a 5 ms PreciseTimer's gaps on the UI thread, the frames
    ``frame_event`` announces and the steps ``step_now()`` advances, over ``play_seconds``."""
    from adamviz.model.readout import SPEEDS

    window.model.set_speed(len(SPEEDS) - 1)
    drawn = {"count": 0}
    frame_event.connect(lambda *_: drawn.__setitem__("count", drawn["count"] + 1))
    window.model.set_playing(True)
    pause(0.5)  # warm up: the first frames after Play
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(now()))
    count0, step0, start = drawn["count"], step_now(), now()
    timer.start(5)
    pause(play_seconds)
    timer.stop()
    elapsed = now() - start
    frames, advanced = drawn["count"] - count0, step_now() - step0
    if hold_seconds > 0:
        pause(hold_seconds)
    window.model.set_playing(False)
    gaps = sorted(1000 * (b - a) for a, b in itertools.pairwise(ticks))
    return {
        "max_gap_ms": gaps[-1] if gaps else None, "p99_gap_ms": gaps[int(0.99 * (len(gaps) - 1))] if gaps else None,
        "ticks": len(ticks), "fps": frames / elapsed, "steps_per_s": advanced / elapsed, "seconds": elapsed,
    }


def swarm_play(window, count: int, play_seconds: float) -> dict:
    from adamviz.core.scenario import default_scenario

    model = window.model
    model.load(default_scenario("himmelblau"), 0)
    model.set_swarm(True, optimizer="adam", count=count, layout="random")
    if not wait_until(lambda: model.swarm.positions is not None and len(model.swarm.positions) == count, 60.0):
        raise RuntimeError(f"no swarm of {count} in 60 s")
    played = timed_play(window, model.events.swarm_frame, lambda: model.swarm.t, play_seconds)
    alive = int(model.swarm.alive.sum()) if model.swarm.alive is not None else None
    return {
        "swarm_fps": played["fps"], "swarm_steps_per_s": played["steps_per_s"],
        "swarm_max_stall_ms": played["max_gap_ms"], "swarm_final_step": model.swarm.t,
        "swarm_alive": alive, "swarm_play_seconds": played["seconds"],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("slider", "play", "swarm"))
    parser.add_argument("--present", action="store_true", help="play in presentation mode")
    parser.add_argument("--size", default="1600x1000", help="the window's size, WxH")
    parser.add_argument("--swarm", type=int, default=10_000, help="starts of the swarm measurement")
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--play-seconds", type=float, default=4.0)
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--preset", default="toy2-compare", help="what the play figures run (default toy2-compare)")
    args = parser.parse_args()
    out: dict = {"platform": None, "errors": {}}
    from adamviz.ui.app import application

    app = application(headless=True)  # set up exactly as `adamviz` sets it up
    out["platform"] = app.platformName()
    from adamviz.core.scenario import PRESETS
    from adamviz.ui.window import MainWindow

    scenario = PRESETS["toy2-compare"].scenario()
    window = MainWindow(scenario, None)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    if args.present:
        window.model.set_presenting(True)
    try:
        if not wait_until(lambda: settled(window, scenario.steps), 60.0, poll_ms=10):
            raise RuntimeError("the default window did not settle in 60 s")
        pause(0.3)
        if args.only in (None, "slider"):
            try:
                out.update(slider_latency(window, args.changes))
            except Exception:
                out["errors"]["slider"] = traceback.format_exc(limit=3)
        if args.only in (None, "play"):
            try:
                out.update(play_stall(window, args.steps, args.play_seconds, args.hold, args.preset))
                out["window_size"] = [window.width(), window.height()]
            except Exception:
                out["errors"]["play"] = traceback.format_exc(limit=3)
        if args.only == "swarm":
            try:
                out.update(swarm_play(window, args.swarm, args.play_seconds))
            except Exception:
                out["errors"]["swarm"] = traceback.format_exc(limit=3)
    except Exception:
        out["errors"]["window"] = traceback.format_exc(limit=3)
    finally:
        window.close()
    print("UI_PROBE_JSON " + json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
