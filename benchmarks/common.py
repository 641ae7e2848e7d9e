"""What every benchmark section shares: paths, the targets, the results, child processes and the display."""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
if str(REPO) not in sys.path:
    sys.path.insert(1, str(REPO))

PYTHON = sys.executable
PYCACHE = Path(tempfile.gettempdir()) / f"adamviz-bench-pycache-{os.getuid()}"
"""Bytecode cache of the start-up children (both sides): a user's install has .pyc files, while an
environment with PYTHONDONTWRITEBYTECODE=1 would recompile adamviz on every launch."""

# key -> (comparison, target, unit, description). Ratios of two sides measured in the same run hold from
# machine to machine; the milliseconds are what a user feels, and must hold on a slow laptop too.
TARGETS: dict[str, tuple[str, float | None, str, str]] = {
    "startup_ratio": ("<=", 1.5, "x", "adamviz to first painted toy2 contour / bare PySide6+pyqtgraph window"),
    "engine_overhead_ratio": ("<=", 1.15, "x", "engine stepping 3 toy2 runs / bare loop of the same array ops"),
    "toy_steps_per_s": ("report", None, "steps/s", "engine steps per second per run, 3 runs on toy2"),
    "airfoil_speedup_vs_book_loop": (">=", 5.0, "x", "book's train_ch7 loop / engine, 3 optimizers x 2 epochs"),
    "sweep_speedup_vs_separate_runs": (">=", 10.0, "x",
                                       "41 rates x 3 optimizers x 200 steps on Rosenbrock: one engine run each / "
                                       "the batched sweep"),
    "file_optimizer_overhead_ratio": ("<=", 2.0, "x", "the chapter's Adam cell from a file / the built-in Adam, "
                                      "airfoil, 2 epochs"),
    "contour_toy_ms": ("<=", 30.0, "ms", "planar_surface 400x400 + 20 levels (toy2)"),
    "contour_airfoil_ms": ("<=", 30.0, "ms", "principal_plane + plane_surface 400x400 (airfoil)"),
    "ui_max_stall_ms": ("<=", 50.0, "ms", "longest gap of a 5 ms UI timer, max speed, 100k-point runs"),
    "redraw_fps": (">=", 55.0, "fps", "snapshots drawn per second in that state"),
    "slider_to_repaint_ms": ("<=", 33.0, "ms", "slider set -> replayed trajectory repainted (median of 20)"),
    "present_max_stall_ms": ("<=", 50.0, "ms", "the same, in presentation mode at 1920x1080"),
    "present_redraw_fps": (">=", 50.0, "fps", "snapshots drawn per second in presentation mode at 1920x1080"),
    "airfoil_max_stall_ms": ("<=", 50.0, "ms", "longest UI gap, the airfoil at max speed (10k-step runs)"),
    "airfoil_redraw_fps": (">=", 50.0, "fps", "snapshots drawn per second, the airfoil at max speed"),
    "swarm_10k_fps": (">=", 30.0, "fps", "swarm of 10,000 on Himmelblau at max speed: frames drawn per second"),
    "swarm_10k_steps_per_s": (">=", 1000.0, "steps/s", "the same swarm: steps of all 10,000 per second"),
    "rss_growth_mb_1e6_steps": ("<=", 100.0, "MB", "RSS growth over 1e6 steps of 3 runs"),
    "export_png_1080p_s": ("report", None, "s", "adamviz export --out x.png --size 1920x1080 (whole process)"),
    "export_png_4k_s": ("report", None, "s", "adamviz export --out x.png --size 3840x2160 (whole process)"),
    "export_gif_200_s": ("report", None, "s", "adamviz export --steps 200 --out x.gif (whole process)"),
    "export_png_1080p_over_floor": ("<=", 1.5, "x", "that 1080p export / a process importing Qt and pyqtgraph"),
    "export_png_4k_over_floor": ("<=", 2.0, "x", "that 4K export / the same floor"),
    "export_gif_200_over_floor": ("<=", 5.0, "x", "that GIF export / the same floor"),
}


class Results:
    def __init__(self):
        self.values: dict[str, float | None] = {key: None for key in TARGETS}
        self.notes: dict[str, str] = {}
        self.extra: dict[str, object] = {}
        self.errors: dict[str, str] = {}
        self.seconds: dict[str, float] = {}

    def set(self, key: str, value, note: str | None = None) -> None:
        if key in TARGETS:
            self.values[key] = None if value is None else float(value)
        else:
            self.extra[key] = value
        if note:
            self.notes[key] = note

    def note(self, key: str, text: str) -> None:
        self.notes[key] = (self.notes[key] + "; " + text) if key in self.notes else text


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values) -> float:
    return float(statistics.median(values))


# ---------------------------------------------------------------- child processes

_CHILDREN: set[subprocess.Popen] = set()


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the child's own session: it and what it started
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(3)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait(3)


def run_child(args, *, env=None, timeout: float, cwd=REPO) -> tuple[int, str, str, float]:
    """(returncode, stdout, stderr, wall seconds); the child is killed on timeout (TimeoutError)."""
    began = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    _CHILDREN.add(proc)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise TimeoutError(f"{' '.join(map(str, args[:4]))} … did not finish in {timeout:.0f} s") from None
    finally:
        _kill(proc)
        _CHILDREN.discard(proc)
    return proc.returncode, out, err, time.perf_counter() - began


def tail(text: str, lines: int = 4) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def child_json(stdout: str, marker: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1:])
    raise RuntimeError(f"no {marker} line in the child's output")


class Display:
    """The X display for start-up and UI figures: $DISPLAY if set, else an Xvfb started (and stopped) here."""

    def __init__(self, force_xvfb: bool):
        self.force_xvfb = force_xvfb
        self.proc: subprocess.Popen | None = None
        self.name: str | None = None
        self.how = ""

    def get(self) -> str | None:
        if self.name is not None:
            return self.name
        if os.environ.get("DISPLAY") and not self.force_xvfb:
            self.name, self.how = os.environ["DISPLAY"], "existing $DISPLAY"
            return self.name
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            self.how = "no DISPLAY and no Xvfb (apt-get install -y xvfb): falling back to offscreen"
            return None
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        os.close(write_fd)
        _CHILDREN.add(self.proc)
        number = b""
        deadline = time.monotonic() + 15
        os.set_blocking(read_fd, False)
        while time.monotonic() < deadline and not number.endswith(b"\n"):
            try:
                chunk = os.read(read_fd, 16)
                if not chunk:
                    break
                number += chunk
            except BlockingIOError:
                time.sleep(0.05)
            if self.proc.poll() is not None:
                break
        os.close(read_fd)
        if not number.strip():
            self.stop()
            self.how = "Xvfb did not start: falling back to offscreen"
            return None
        self.name = f":{int(number.strip())}"
        self.how = f"Xvfb {self.name} started by the benchmark (1920x1080x24)"
        return self.name

    def env(self, **extra) -> dict:
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        name = self.get()
        if name is None:
            env.pop("DISPLAY", None)
            env["QT_QPA_PLATFORM"] = "offscreen"
        else:
            env["DISPLAY"] = name
        env.update(extra)
        return env

    def stop(self) -> None:
        if self.proc is not None:
            _kill(self.proc)
            _CHILDREN.discard(self.proc)
            self.proc = None

