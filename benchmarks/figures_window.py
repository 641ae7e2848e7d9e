"""The window's figures, each in a child process under X: start-up and the UI probe's."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from common import HERE, PYCACHE, PYTHON, Display, Results, child_json, median, run_child, tail

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
    # The same max-speed play on airfoil: minibatch steps cost more, and the plane turns as the runs grow.
    args = [PYTHON, str(HERE / "ui_probe.py"), "--only", "play", "--preset", "airfoil-compare",
            "--steps", "3000" if quick else "10000", "--play-seconds", "3" if quick else "4"]
    play_figures(res, args, display, "airfoil", "the airfoil-compare preset, 10,000-step runs")


def play_figures(res: Results, args: list, display: Display, prefix: str, what: str) -> None:
    """``{prefix}_max_stall_ms`` and ``{prefix}_redraw_fps`` from a ui_probe play measurement."""
    stall, fps = f"{prefix}_max_stall_ms", f"{prefix}_redraw_fps"
    try:
        _code, out, _err, _wall = run_child(args, env=display.env(), timeout=300)
        data = child_json(out, "UI_PROBE_JSON")
        if data.get("ui_max_stall_ms") is None:
            raise RuntimeError(tail(data.get("errors", {}).get("play", "?"), 2))
        size = "x".join(map(str, data.get("window_size", [])))
        res.set(stall, data["ui_max_stall_ms"],
                f"{what}; {data['ui_ticks']} ticks of a 5 ms PreciseTimer in {data['ui_play_seconds']:.1f} s; p99 gap "
                f"{data['ui_p99_gap_ms']:.0f} ms; window {size}; platform {data.get('platform')} ({display.how})")
        res.set(fps, data["redraw_fps"], f"engine meanwhile {data['ui_play_steps_per_s']:.0f} steps/s per run")
        res.set(f"{prefix}_p99_gap_ms", round(data["ui_p99_gap_ms"], 1))
    except Exception as exc:
        for key in (stall, fps):
            res.set(key, None, f"failed: {type(exc).__name__}: {exc}")
        res.errors[prefix] = f"{type(exc).__name__}: {exc}"


def bench_present(res: Results, quick: bool, display: Display) -> None:
    """Presentation mode at 1920x1080: bigger type and lines, on a projector's full screen."""
    args = [PYTHON, str(HERE / "ui_probe.py"), "--only", "play", "--present", "--size", "1920x1080",
            "--steps", "20000" if quick else "100000", "--play-seconds", "3" if quick else "4"]
    play_figures(res, args, display, "present", "toy2-compare in presentation mode, 100,000-step runs")


def bench_swarm(res: Results, quick: bool, display: Display) -> None:
    args = [PYTHON, str(HERE / "ui_probe.py"), "--only", "swarm", "--swarm", "10000",
            "--play-seconds", "3" if quick else "4"]
    _code, out, _err, _wall = run_child(args, env=display.env(), timeout=300)
    data = child_json(out, "UI_PROBE_JSON")
    if data.get("swarm_fps") is None:
        raise RuntimeError(tail(data.get("errors", {}).get("swarm", "?"), 2))
    res.set("swarm_10k_fps", data["swarm_fps"],
            f"Adam, a random cloud of 10,000 on Himmelblau at max speed for {data['swarm_play_seconds']:.1f} s; "
            f"longest UI gap {data['swarm_max_stall_ms']:.0f} ms; {data['swarm_alive']} alive at step "
            f"{data['swarm_final_step']}; {display.how}")
    res.set("swarm_10k_steps_per_s", data["swarm_steps_per_s"])
    res.set("swarm_10k_max_stall_ms", round(data["swarm_max_stall_ms"], 1))

