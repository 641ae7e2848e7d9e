"""adamviz benchmarks: one command, about a minute and a half on a 2-core machine.

    python benchmarks/run.py                 # from the repo root, with the venv's python
    python benchmarks/run.py --json out.json # also write the figures as JSON
    python benchmarks/run.py --only engine,ui --quick
    python benchmarks/run.py --quick --full  # quick, but RSS still over a real 1,000,000 steps

Every comparison is a ratio of two sides measured in this run, interleaved,
over several repetitions (absolute times drift from run to run). Benchmarks
are not tests: a figure over its target is reported, not failed. Every
measurement is guarded, so one that breaks gives null and a reason; child
processes and the Xvfb this script may start are always cleaned up.
See benchmarks/README.md for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
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

# key -> (comparison, target, unit, description)
TARGETS: dict[str, tuple[str, float | None, str, str]] = {
    "startup_ratio": ("<=", 2.0, "x", "adamviz to first painted toy2 contour / bare PySide6+pyqtgraph window"),
    "engine_overhead_ratio": ("<=", 1.25, "x", "engine stepping 3 toy2 runs / bare loop of the same array ops"),
    "toy_steps_per_s": ("report", None, "steps/s", "engine steps per second per run, 3 runs on toy2"),
    "airfoil_speedup_vs_book_loop": (">=", 3.0, "x", "book's train_ch7 loop / engine, 3 optimizers x 2 epochs"),
    "contour_toy_ms": ("<=", 30.0, "ms", "planar_surface 400x400 + 20 levels (toy2)"),
    "contour_airfoil_ms": ("<=", 30.0, "ms", "principal_plane + plane_surface 400x400 (airfoil)"),
    "ui_max_stall_ms": ("<=", 50.0, "ms", "longest gap of a 5 ms UI timer, max speed, 100k-point runs"),
    "redraw_fps": (">=", 50.0, "fps", "snapshots drawn per second in that state"),
    "slider_to_repaint_ms": ("<=", 50.0, "ms", "slider set -> replayed trajectory repainted (median of 20)"),
    "rss_growth_mb_1e6_steps": ("<=", 100.0, "MB", "RSS growth over 1e6 steps of 3 runs"),
    "export_png_1080p_s": ("<=", 1.0, "s", "adamviz export --out x.png --size 1920x1080 (whole process)"),
    "export_png_4k_s": ("<=", 3.0, "s", "adamviz export --out x.png --size 3840x2160 (whole process)"),
    "export_gif_200_s": ("<=", 20.0, "s", "adamviz export --steps 200 --out x.gif (whole process)"),
}

SECTIONS = ("engine", "airfoil", "contour", "rss", "startup", "ui", "export")


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


# ---------------------------------------------------------------- engine on toy2

def bare_toy_loop(problem, specs, steps: int, arrays: str | None = None):
    """The same array work as the engine (gradient, split, the optimizers' update), no recording, no checks."""
    from adamviz.core.arrays import new_vector, numpy_view
    from adamviz.core.optimizers import get_optimizer

    arrays = arrays or problem.step_arrays
    gradient = problem.gradient_fn(0, arrays)
    start = problem.initial_point(0)
    split = problem.split
    runs = []
    for spec in specs:
        optimizer = get_optimizer(spec.optimizer)
        theta = new_vector(start, arrays, problem.dtype)
        params = split(theta)
        runs.append((optimizer.update, theta, params, optimizer.init(params), optimizer.validate(spec.hyperparams)))
    began = time.perf_counter()
    for update, theta, params, state, hp in runs:
        for t in range(1, steps + 1):
            state, _ = update(params, split(gradient(theta, t)), state, hp, t)
    seconds = time.perf_counter() - began
    return seconds, [numpy_view(theta).copy() for _, theta, *_ in runs]


def engine_toy(scenario, steps: int, arrays: str | None = None):
    from adamviz.core.engine import Engine

    engine = Engine(scenario.problem_object(), scenario.run_specs(), seed=scenario.seed, start=scenario.start,
                    arrays=arrays)
    began = time.perf_counter()
    engine.step(steps)
    seconds = time.perf_counter() - began
    return seconds, [run.points[-1].copy() for run in engine.runs], engine


def bench_engine(res: Results, quick: bool) -> None:
    import numpy as np

    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    scenario = PRESETS["toy2-compare"].scenario()
    problem = get_problem("toy2")
    specs = scenario.run_specs()
    steps, reps = (1500, 5) if quick else (2500, 15)
    engine_toy(scenario, 500)  # warm-up (dispatch caches, allocator)
    bare_toy_loop(problem, specs, 500)
    engine_s, bare_s, ratios = [], [], []
    for rep in range(reps):
        order = ("engine", "bare") if rep % 2 == 0 else ("bare", "engine")
        got = {}
        for side in order:
            if side == "engine":
                got[side] = engine_toy(scenario, steps)
            else:
                got[side] = bare_toy_loop(problem, specs, steps)
        (e, e_end, engine), (b, b_end) = got["engine"][:3], got["bare"]
        engine_s.append(e)
        bare_s.append(b)
        ratios.append(e / b)
    live = [run.live for run in engine.runs]
    same = all(np.array_equal(x, y) for x, y in zip(e_end, b_end, strict=True))
    res.set("engine_overhead_ratio", min(engine_s) / min(bare_s))
    res.set("toy_steps_per_s", steps / min(engine_s))
    res.set("bare_toy_steps_per_s", round(steps / min(bare_s), 1))
    res.set("engine_overhead_ratio_median_of_pairs", round(median(ratios), 4))
    res.set("toy_steps_per_s_median", round(steps / median(engine_s), 1))
    note = (f"{reps} interleaved reps of {steps} steps x 3 runs; ratio of the fastest rep of each side "
            f"(median of per-rep ratios {median(ratios):.3f})")
    if not same:
        note += "; WARNING: the bare loop's end points differ from the engine's"
    if not all(live):
        note += f"; runs live: {live}"
    res.note("engine_overhead_ratio", note)
    res.note("toy_steps_per_s", f"fastest of {reps} reps; median {steps / median(engine_s):,.0f}")
    # The same engine made to step toy2 in torch (what it did before the bowls moved to numpy), same reps.
    torch_s, torch_bare_s = [], []
    engine_toy(scenario, 500, "torch")
    bare_toy_loop(problem, specs, 500, "torch")
    for _ in range(max(3, reps // 3)):
        torch_s.append(engine_toy(scenario, steps, "torch")[0])
        torch_bare_s.append(bare_toy_loop(problem, specs, steps, "torch")[0])
    res.set("toy_steps_per_s_in_torch", round(steps / min(torch_s), 1))
    res.set("engine_overhead_ratio_in_torch", round(min(torch_s) / min(torch_bare_s), 4))
    res.set("toy_numpy_speedup_over_torch", round(min(torch_s) / min(engine_s), 3))


# ---------------------------------------------------------------- airfoil vs the book's loop

def bench_airfoil(res: Results, quick: bool) -> None:
    import book_loop
    import numpy as np
    import torch

    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    get_problem("airfoil")  # data loaded once, outside the timing (the book loads it once too)
    features, labels = book_loop.book_data()
    scenario = PRESETS["airfoil-compare"].scenario()
    if scenario.steps != 300:
        res.note("airfoil_speedup_vs_book_loop", f"airfoil-compare has {scenario.steps} steps, not 2 epochs")

    def book() -> tuple[float, list]:
        np.random.seed(0)
        torch.manual_seed(0)
        began = time.perf_counter()
        curves = book_loop.chapter_runs(features, labels, num_epochs=2)
        return time.perf_counter() - began, [c[-1] for c in curves]

    def engine() -> tuple[float, list]:
        began = time.perf_counter()
        eng = scenario.run()
        return time.perf_counter() - began, [float(run.losses[-1]) for run in eng.runs]

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # both sides alike; as the window's worker runs (tensors here are too small to split)
    book()
    engine()
    reps = 3 if quick else 7
    book_s, engine_s, ratios = [], [], []
    for rep in range(reps):
        order = (book, engine) if rep % 2 == 0 else (engine, book)
        got = {fn.__name__: fn() for fn in order}
        book_s.append(got["book"][0])
        engine_s.append(got["engine"][0])
        ratios.append(got["book"][0] / got["engine"][0])
    torch.set_num_threads(threads)
    res.set("airfoil_speedup_vs_book_loop", min(book_s) / min(engine_s))
    res.set("airfoil_speedup_median_of_pairs", round(median(ratios), 3))
    res.set("airfoil_book_loop_s", round(min(book_s), 4))
    res.set("airfoil_engine_s", round(min(engine_s), 4))
    res.set("airfoil_final_losses", {"book": [round(x, 5) for x in got["book"][1]],
                                     "engine": [round(x, 5) for x in got["engine"][1]]})
    res.note("airfoil_speedup_vs_book_loop",
             f"{reps} interleaved reps, ratio of the fastest of each side (book {min(book_s):.3f} s, engine "
             f"{min(engine_s):.3f} s; median of per-rep ratios {median(ratios):.2f}); torch 1 thread for both; "
             "engine side = scenario.run() (engine built + 300 steps, full-data loss recorded every step)")


# ---------------------------------------------------------------- contour surfaces

def bench_contour(res: Results, quick: bool) -> None:
    import numpy as np

    from adamviz.core import surface as surf
    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    reps = 7 if quick else 15
    n = 400

    def widened(lo, hi, factor=0.25):
        d = (hi - lo) * factor
        return (lo - d, hi + d)

    failures = []
    try:
        toy = get_problem("toy2")
        scale = surf.default_scale(toy)  # the window computes it once per problem
        xr, yr = widened(*toy.view.x), widened(*toy.view.y)  # ContourView draws 25% beyond the view
        surf.planar_surface(toy, xr, yr, n=n, scale=scale)
        times, auto = [], []
        for _ in range(reps):
            began = time.perf_counter()
            grid = surf.planar_surface(toy, xr, yr, n=n, scale=scale)
            times.append(time.perf_counter() - began)
            began = time.perf_counter()
            surf.planar_surface(toy, xr, yr, n=n)
            auto.append(time.perf_counter() - began)
        res.set("contour_toy_ms", 1000 * median(times),
                f"median of {reps}; fixed scale as the window passes it; {len(grid.levels)} levels, "
                f"{len(grid.lines)} line vertices; min {1000 * min(times):.1f} ms")
        res.set("contour_toy_autoscale_ms", round(1000 * median(auto), 2))
    except Exception as exc:
        failures.append(("contour_toy_ms", exc))

    try:
        air = get_problem("airfoil")
        engine = PRESETS["airfoil-compare"].scenario().run()
        moment = np.zeros((air.dim, air.dim))
        points = []
        for run in engine.runs:
            offset = run.points - air.minimum
            moment += offset.T @ offset
            points.append(run.points)
        points = np.vstack(points)

        def slice_once():
            plane = surf.principal_plane(air, moment)
            xy = plane.project(points)
            low, high = xy.min(axis=0), xy.max(axis=0)
            span = np.maximum(high - low, 0.05)
            low, high = low - 0.15 * span, high + 0.15 * span
            return surf.plane_surface(air, plane, widened(low[0], high[0]), widened(low[1], high[1]), n=n)

        slice_once()
        times = []
        for _ in range(reps):
            began = time.perf_counter()
            grid = slice_once()
            times.append(time.perf_counter() - began)
        res.set("contour_airfoil_ms", 1000 * median(times),
                f"median of {reps}; plane of the 3 runs after 2 epochs; {len(grid.lines)} line vertices; "
                f"min {1000 * min(times):.1f} ms")
    except Exception as exc:
        failures.append(("contour_airfoil_ms", exc))
    for key, exc in failures:
        res.set(key, None, f"failed: {type(exc).__name__}: {exc}")
        res.errors[key] = traceback.format_exc()


# ---------------------------------------------------------------- memory

def bench_rss(res: Results, quick: bool, full: bool) -> None:
    # A real million steps takes ~20 s now that toy2 steps on numpy (it took ~52 s in torch): measured,
    # not extrapolated, unless --quick.
    steps = 65_536 if quick and not full else 1_000_000
    timeout = 900
    code, out, err, _ = run_child([PYTHON, str(HERE / "rss_probe.py"), str(steps)], timeout=timeout)
    if code != 0:
        raise RuntimeError(f"rss_probe exited {code}: {tail(err)}")
    data = child_json(out, "RSS_PROBE_JSON")
    growth_mb = (data["after_kb"] - data["before_kb"]) / 1024
    per_step = growth_mb / steps
    res.set("rss_measured_steps", steps)
    res.set("rss_measured_growth_mb", round(growth_mb, 2))
    res.set("rss_engine_steps_per_s", round(steps / data["seconds"], 1))
    if steps >= 1_000_000:
        res.set("rss_growth_mb_1e6_steps", growth_mb,
                f"measured over a real {steps:,} steps x 3 runs ({data['seconds']:.0f} s)")
    else:
        est_full_s = 1_000_000 / (steps / data["seconds"])
        res.set("rss_growth_mb_1e6_steps", per_step * 1_000_000,
                f"EXTRAPOLATED: {growth_mb:.1f} MB measured over {steps:,} steps x 3 runs, scaled x"
                f"{1_000_000 / steps:.2f}; a real 1e6-step run takes ~{est_full_s:.0f} s here; "
                "quick run: leave out --quick for the measured figure")


# ---------------------------------------------------------------- start-up

def adamviz_command() -> list[str]:
    script = Path(PYTHON).parent / "adamviz"
    if script.exists():
        return [str(script)]
    found = shutil.which("adamviz")
    if found:
        return [found]
    raise RuntimeError("the adamviz console command is not installed in this environment (pip install -e .)")


def time_to_paint(command: list[str], target: str, display: Display, timeout: float = 60.0) -> float:
    """Seconds from spawning ``command`` to its first finished paint of ``target`` (see paint_hook/)."""
    with tempfile.TemporaryDirectory(prefix="adamviz-bench-") as tmp:
        stamp_file = Path(tmp) / "painted"
        pythonpath = os.pathsep.join(p for p in (str(HERE / "paint_hook"), os.environ.get("PYTHONPATH")) if p)
        env = display.env(PYTHONPATH=pythonpath, ADAMVIZ_BENCH_PAINT=target,
                          ADAMVIZ_BENCH_PAINT_OUT=str(stamp_file), PYTHONPYCACHEPREFIX=str(PYCACHE))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        began = time.clock_gettime(time.CLOCK_MONOTONIC)
        code, _out, err, _ = run_child(command, env=env, timeout=timeout, cwd=tmp)
        if not stamp_file.exists():
            raise RuntimeError(f"{command[-1]} exited {code} without a first paint: {tail(err)}")
        return float(stamp_file.read_text()) - began


def bench_startup(res: Results, quick: bool, display: Display) -> None:
    adamviz = adamviz_command()
    bare = [PYTHON, str(HERE / "bare_window.py")]
    # warm-up: the disk cache and .pyc files, for both
    time_to_paint(bare, "any", display)
    time_to_paint(adamviz, "contour", display)
    reps = 3 if quick else 5
    app_s, bare_s, ratios = [], [], []
    for rep in range(reps):
        if rep % 2 == 0:
            a = time_to_paint(adamviz, "contour", display)
            b = time_to_paint(bare, "any", display)
        else:
            b = time_to_paint(bare, "any", display)
            a = time_to_paint(adamviz, "contour", display)
        app_s.append(a)
        bare_s.append(b)
        ratios.append(a / b)
    res.set("startup_ratio", median(ratios),
            f"{reps} interleaved launches each, median of per-pair ratios; {display.how}; "
            f"adamviz median {median(app_s):.2f} s, bare median {median(bare_s):.2f} s")
    res.note("startup_ratio", "bytecode cached for both sides (PYTHONPYCACHEPREFIX, warm-up launch first)")
    res.set("startup_adamviz_s", round(median(app_s), 3))
    res.set("startup_bare_s", round(median(bare_s), 3))
    # Until the first trajectories are on screen: the engine process started and stepped toy2 (on numpy,
    # so without waiting for torch) and the window drew what it sent.
    runs_s = [time_to_paint(adamviz, "runs", display) for _ in range(3)]
    res.set("startup_first_runs_s", round(median(runs_s), 3))
    res.note("startup_first_runs_s", f"median of 3 launches until the contour view first painted trajectories "
             f"({', '.join(f'{t:.2f}' for t in runs_s)} s)")


# ---------------------------------------------------------------- the window

def bench_ui(res: Results, quick: bool, display: Display) -> None:
    args = [PYTHON, str(HERE / "ui_probe.py"), "--play-seconds", "3" if quick else "4",
            "--changes", "10" if quick else "20"]
    if quick:
        args += ["--steps", "20000"]
    _code, out, _err, wall = run_child(args, env=display.env(), timeout=400)
    data = child_json(out, "UI_PROBE_JSON")
    for part, text in data.get("errors", {}).items():
        res.errors[f"ui.{part}"] = text
    where = f"platform {data.get('platform')} ({display.how})"
    if "slider_to_repaint_ms" in data:
        values = data["slider_to_repaint_ms"]
        res.set("slider_to_repaint_ms", median(values),
                f"median of {len(values)} changes of momentum's lr on the default toy2 window "
                f"(step {data.get('slider_target')}); range {min(values):.0f}-{max(values):.0f} ms; {where}")
        res.set("slider_to_drawn_ms", round(median(data["slider_to_drawn_ms"]), 2))
    else:
        res.set("slider_to_repaint_ms", None, "failed: " + tail(data.get("errors", {}).get("slider", "?"), 2))
    if data.get("ui_max_stall_ms") is not None:
        steps = data.get("ui_final_step")
        res.set("ui_max_stall_ms", data["ui_max_stall_ms"],
                f"{data['ui_ticks']} ticks of a 5 ms PreciseTimer in {data['ui_play_seconds']:.1f} s of max-speed play "
                f"(would be ~{int(data['ui_play_seconds'] / 0.005)}); p99 gap {data['ui_p99_gap_ms']:.0f} ms; "
                f"reached {steps:,} steps; {where}")
        res.set("redraw_fps", data["redraw_fps"],
                f"engine meanwhile {data['ui_play_steps_per_s']:.0f} steps/s per run")
        for key in ("ui_replay_to_target_s", "ui_play_steps_per_s", "ui_p99_gap_ms", "ui_ticks"):
            res.set(key, round(data[key], 3) if isinstance(data[key], float) else data[key])
    else:
        reason = "failed: " + tail(data.get("errors", {}).get("play", "?"), 2)
        res.set("ui_max_stall_ms", None, reason)
        res.set("redraw_fps", None, reason)
    res.set("ui_probe_wall_s", round(wall, 1))
    # The same max-speed play on airfoil (extra keys; "keep all of this true on airfoil too")
    args = [PYTHON, str(HERE / "ui_probe.py"), "--only", "play", "--preset", "airfoil-compare",
            "--steps", "3000" if quick else "10000", "--play-seconds", "3" if quick else "4"]
    _code, out, _err, _wall = run_child(args, env=display.env(), timeout=300)
    try:
        data = child_json(out, "UI_PROBE_JSON")
        if data.get("ui_max_stall_ms") is None:
            raise RuntimeError(tail(data.get("errors", {}).get("play", "?"), 2))
        res.set("ui_airfoil_max_stall_ms", round(data["ui_max_stall_ms"], 1))
        res.set("ui_airfoil_p99_gap_ms", round(data["ui_p99_gap_ms"], 1))
        res.set("redraw_fps_airfoil", round(data["redraw_fps"], 1))
        res.set("ui_airfoil_play_steps_per_s", round(data["ui_play_steps_per_s"]))
    except Exception as exc:
        res.errors["ui.airfoil"] = f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- exports

EXPORTS = {
    "export_png_1080p_s": ["--preset", "toy2-compare", "--size", "1920x1080", "--out", "{dir}/x1080.png"],
    "export_png_4k_s": ["--preset", "toy2-compare", "--size", "3840x2160", "--out", "{dir}/x4k.png"],
    "export_gif_200_s": ["--preset", "toy2-compare", "--steps", "200", "--out", "{dir}/x.gif"],
}


def headless_env(offscreen: bool) -> dict:
    """No display; bytecode cached as on a user's install (as for start-up, see PYCACHE)."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def bench_export(res: Results, quick: bool) -> None:
    base = [PYTHON, "-m", "adamviz", "export"]
    code, out, err, help_s = run_child([*base, "--help"], env=headless_env(False), timeout=60)
    usage = " ".join((out or "").split()[:3])
    if code != 0 or not usage.startswith("usage: adamviz export") or "--out" not in out:
        got = f"exit {code}, usage line {usage!r}" if code == 0 else f"exit {code}: {tail(err or out, 1)}"
        reason = (f"not available yet: `python -m adamviz export --help` is not the export command ({got}); "
                  "these keys fill in once it exists")
        for key in EXPORTS:
            res.set(key, None, reason)
        return
    starts = [help_s, run_child([*base, "--help"], env=headless_env(False), timeout=60)[3]]
    res.set("export_startup_s", round(min(starts), 3))
    # The floor under any picture: importing Qt and pyqtgraph. Torch is not under it on the bowls (they
    # step on numpy), only on the airfoil, your own functions and the sin/exp surfaces.
    floor_code = "import PySide6.QtWidgets, pyqtgraph"
    floors = [run_child([PYTHON, "-c", floor_code], env=headless_env(True), timeout=120)[3] for _ in range(3)]
    res.set("export_import_floor_s", round(min(floors), 3))
    torch_imports = [run_child([PYTHON, "-c", "import torch"], env=headless_env(True), timeout=120)[3]
                     for _ in range(2)]
    res.set("torch_import_s", round(min(torch_imports), 3))
    with tempfile.TemporaryDirectory(prefix="adamviz-export-") as tmp:
        warm = base + [a.format(dir=tmp) for a in EXPORTS["export_png_1080p_s"]]
        run_child(warm, env=headless_env(False), timeout=180)  # fills the bytecode cache, like start-up's warm-up
        for key, template in EXPORTS.items():
            try:
                args = base + [a.format(dir=tmp) for a in template]
                out_file = Path(args[-1])
                reps = 1 if quick else 3
                times, how = [], "headless (no DISPLAY, no QT_QPA_PLATFORM)"
                for _ in range(reps):
                    out_file.unlink(missing_ok=True)
                    code, _o, err, wall = run_child(args, env=headless_env(False), timeout=180)
                    if code != 0 and not times:
                        out_file.unlink(missing_ok=True)
                        code, _o, err2, wall = run_child(args, env=headless_env(True), timeout=180)
                        how = (f"needed QT_QPA_PLATFORM=offscreen (without it: exit {code}, {tail(err, 1)})"
                               if code == 0 else how)
                        err = err2
                    if code != 0 or not out_file.exists() or out_file.stat().st_size == 0:
                        raise RuntimeError(f"exit {code}, no output file: {tail(err)}")
                    times.append(wall)
                res.set(key, median(times),
                        f"{'median of ' + str(reps) if reps > 1 else 'one'} whole-process run(s) "
                        f"({', '.join(f'{t:.2f}' for t in times)} s); process start (`export --help`) "
                        f"{min(starts):.2f} s, importing Qt+pyqtgraph {min(floors):.2f} s (torch, not needed "
                        f"here: {min(torch_imports):.2f} s); {how}; {out_file.stat().st_size // 1024} KiB")
            except Exception as exc:
                res.set(key, None, f"failed: {type(exc).__name__}: {exc}")
                res.errors[key] = traceback.format_exc()
    # The same exports in one warm process: the export's own work, without interpreter start and imports.
    try:
        code, out, err, _wall = run_child([PYTHON, str(HERE / "export_work.py"), json.dumps(EXPORTS)],
                                          env=headless_env(True), timeout=300)
        for key, seconds in child_json(out, "EXPORT_WORK_JSON").items():
            res.set(key.removesuffix("_s") + "_work_s", round(seconds, 3))
    except Exception as exc:
        res.errors["export_work"] = f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- report

def verdict(key: str, value) -> str:
    comparison, target, *_ = TARGETS[key]
    if value is None:
        return "n/a"
    if comparison == "<=":
        return "ok" if value <= target else "OVER"
    if comparison == ">=":
        return "ok" if value >= target else "UNDER"
    return ""


def fmt(value) -> str:
    if value is None:
        return "null"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.2f}"


def print_table(res: Results) -> None:
    rows = [("key", "value", "target", "", "what")]
    for key, (comparison, target, unit, what) in TARGETS.items():
        value = res.values[key]
        goal = "report" if target is None else f"{comparison} {fmt(target)}"
        rows.append((key, fmt(value) + ("" if value is None else f" {unit}"), goal, verdict(key, value), what))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
        if n == 0:
            print("  ".join("-" * w for w in widths) + "  " + "-" * 20)
    if res.notes:
        print("\nnotes:")
        for key, text in res.notes.items():
            print(f"  {key}: {text}")
    if res.errors:
        print("\nerrors (figure reported as null):")
        for key, text in res.errors.items():
            print(f"  {key}: {tail(text, 2)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    parser.add_argument("--full", action="store_true", help="measure RSS over a real 1,000,000 steps even with --quick")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a 20k-step UI state (smoke run)")
    parser.add_argument("--only", metavar="SECTIONS", help=f"comma-separated subset of: {','.join(SECTIONS)}")
    parser.add_argument("--xvfb", action="store_true", help="start an Xvfb even if DISPLAY is set")
    args = parser.parse_args(argv)
    chosen = SECTIONS if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")

    res = Results()
    display = Display(args.xvfb)
    # Every child (the window, the probes, the exports) reads and writes its settings and its last session
    # in a folder of this run's: a session left by one probe (the airfoil at 28,000 steps) would otherwise
    # be what the next start-up measurement reopens.
    settings_home = Path(tempfile.mkdtemp(prefix="adamviz-bench-home-"))
    os.environ["XDG_CONFIG_HOME"] = str(settings_home / "config")
    os.environ["XDG_DATA_HOME"] = str(settings_home / "data")

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    load_before = os.getloadavg()
    if load_before[0] > 0.7:
        log(f"warning: load average {load_before[0]:.2f} before starting: other work on this machine "
            "will disturb the absolute figures (the interleaved ratios less so)")
    began = time.perf_counter()
    plan = {
        "engine": lambda: bench_engine(res, args.quick),
        "airfoil": lambda: bench_airfoil(res, args.quick),
        "contour": lambda: bench_contour(res, args.quick),
        "rss": lambda: bench_rss(res, args.quick, args.full),
        "startup": lambda: bench_startup(res, args.quick, display),
        "ui": lambda: bench_ui(res, args.quick, display),
        "export": lambda: bench_export(res, args.quick),
    }
    keys_of = {
        "engine": ["engine_overhead_ratio", "toy_steps_per_s"],
        "airfoil": ["airfoil_speedup_vs_book_loop"],
        "contour": ["contour_toy_ms", "contour_airfoil_ms"],
        "rss": ["rss_growth_mb_1e6_steps"],
        "startup": ["startup_ratio"],
        "ui": ["ui_max_stall_ms", "redraw_fps", "slider_to_repaint_ms"],
        "export": list(EXPORTS),
    }
    try:
        for section in SECTIONS:
            if section not in chosen:
                for key in keys_of[section]:
                    res.note(key, "not run (--only)")
                continue
            log(f"{section} …")
            t0 = time.perf_counter()
            try:
                plan[section]()
            except Exception as exc:
                res.errors[section] = traceback.format_exc()
                for key in keys_of[section]:
                    if res.values.get(key) is None:
                        res.set(key, None, f"failed: {type(exc).__name__}: {exc}")
            res.seconds[section] = round(time.perf_counter() - t0, 1)
            log(f"{section} done in {res.seconds[section]} s")
    finally:
        display.stop()
        for proc in list(_CHILDREN):
            _kill(proc)
        shutil.rmtree(settings_home, ignore_errors=True)
    total = time.perf_counter() - began
    print_table(res)
    load_after = os.getloadavg()
    print(f"\ntotal {total:.0f} s; per section: " + ", ".join(f"{k} {v} s" for k, v in res.seconds.items()))
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1-min; {os.cpu_count()} CPUs)")
    if args.json:
        import torch

        document = {
            **res.values,
            "extra": res.extra,
            "notes": res.notes,
            "errors": {k: tail(v, 3) for k, v in res.errors.items()},
            "meta": {
                "seconds": res.seconds, "total_s": round(total, 1), "full": args.full, "quick": args.quick,
                "python": platform.python_version(), "torch": torch.__version__, "cpus": os.cpu_count(),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "loadavg_before": load_before[0], "loadavg_after": load_after[0],
                "git": _git_head(),
            },
        }
        Path(args.json).write_text(json.dumps(document, indent=2, allow_nan=False, default=str) + "\n")
        print(f"wrote {args.json}")
    return 0


def _git_head() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                             timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "adamviz"], cwd=REPO, capture_output=True,
                               text=True, timeout=10)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
