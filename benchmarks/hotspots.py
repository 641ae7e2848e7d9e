"""Profiles behind benchmarks/README.md: where the time goes in each benchmarked path.

    python benchmarks/hotspots.py [--out DIR] [--only engine,airfoil,contour,window,startup]

Writes text reports to DIR (default benchmarks/profiles/, git-ignored):

engine_toy2.txt     pyinstrument, engine.step(30000) on toy2-compare (3 runs)
engine_airfoil.txt  pyinstrument, airfoil-compare scenario.run() x 20 (3 optimizers x 2 epochs)
contour.txt         pyinstrument, planar_surface (toy2) and plane_surface (airfoil), 400x400, x 20
window_play.txt     py-spy (every thread, 200 Hz) on a real window playing toy2 at max speed with
                    ~20k-point runs; plus py-spy --gil (who holds the GIL); summarised per thread
window_main.txt     pyinstrument on the UI thread alone over 4 s of that play (wall time)
startup_importtime.txt  python -X importtime of `adamviz` up to its first painted contour
startup_pyspy.txt   py-spy of `adamviz` from exec to its first painted contour
export.txt          py-spy of `adamviz export` (1920x1080 PNG; 200-step GIF), headless

py-spy is not a project dependency: `pip install py-spy` into the venv first
(the window and start-up profiles are skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (Display, helpers)

PYTHON = sys.executable


def pyinstrument_text(profiler) -> str:
    return profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)


def profile_engine_toy(out: Path) -> None:
    from pyinstrument import Profiler

    from adamviz.core.scenario import PRESETS

    engine = PRESETS["toy2-compare"].scenario().engine()
    engine.step(500)
    engine = PRESETS["toy2-compare"].scenario().engine()
    profiler = Profiler(interval=0.0002)
    profiler.start()
    engine.step(30_000)
    profiler.stop()
    (out / "engine_toy2.txt").write_text(pyinstrument_text(profiler))


def profile_engine_airfoil(out: Path) -> None:
    from pyinstrument import Profiler

    from adamviz.core.scenario import PRESETS

    scenario = PRESETS["airfoil-compare"].scenario()
    scenario.run()
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(20):
        scenario.run()
    profiler.stop()
    (out / "engine_airfoil.txt").write_text(pyinstrument_text(profiler))


def profile_contour(out: Path) -> None:
    import numpy as np
    from pyinstrument import Profiler

    from adamviz.core import surface as surf
    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    toy = get_problem("toy2")
    scale = surf.default_scale(toy)
    air = get_problem("airfoil")
    engine = PRESETS["airfoil-compare"].scenario().run()
    moment = sum(((r.points - air.minimum).T @ (r.points - air.minimum) for r in engine.runs),
                 np.zeros((air.dim, air.dim)))
    plane = surf.principal_plane(air, moment)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(20):
        surf.planar_surface(toy, (-8.0, 4.0), (-5.25, 5.25), n=400, scale=scale)
        surf.plane_surface(air, plane, (-1.5, 1.5), (-1.0, 1.0), n=400)
    profiler.stop()
    (out / "contour.txt").write_text(pyinstrument_text(profiler))


# ---------------------------------------------------------------- py-spy output, summarised

def summarise_collapsed(path: Path, top: int = 30) -> str:
    """Per-thread share, then inclusive and self shares of the hottest frames, from py-spy's raw output."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    threads: collections.Counter = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        count = int(count)
        frames = stack.split(";")
        total += count
        threads[frames[0]] += count
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    if not total:
        return "no samples\n"
    lines = [f"samples: {total}", "", "by thread:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in threads.most_common()]
    lines += ["", f"inclusive (top {top}):"]
    lines += [f"  {100 * n / total:5.1f}%  {name[:160]}" for name, n in inclusive.most_common(top)]
    lines += ["", f"self (top {top}):"]
    lines += [f"  {100 * n / total:5.1f}%  {name[:160]}" for name, n in own.most_common(top)]
    return "\n".join(lines) + "\n"


def py_spy() -> str | None:
    candidate = Path(PYTHON).parent / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def profile_window(out: Path, display: bench.Display) -> None:
    spy = py_spy()
    probe = [PYTHON, str(HERE / "ui_probe.py"), "--only", "play", "--steps", "20000", "--play-seconds", "4"]
    env = display.env()
    if spy:
        sections = []
        for flag, name in (([], "all samples (on-CPU, every thread)"), (["--gil"], "GIL holder only")):
            raw = out / ("window_play_gil.raw" if flag else "window_play.raw")
            subprocess.run([spy, "record", "-r", "200", "--threads", *flag, "-f", "raw", "-o", str(raw), "--",
                            *probe], env=env, cwd=REPO, capture_output=True, timeout=400)
            sections.append(f"==== py-spy {name}: {' '.join(probe[1:])}\n" + summarise_collapsed(raw))
        (out / "window_play.txt").write_text("\n".join(sections))
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "import ui_probe as u\n"
        "from pyinstrument import Profiler\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "from adamviz.core.scenario import PRESETS\n"
        "from adamviz.ui.window import MainWindow\nfrom adamviz.model.readout import SPEEDS\n"
        "w = MainWindow(PRESETS['toy2-compare'].scenario(), 20000); w.resize(1600, 1000); w.show()\n"
        "u.wait_until(lambda: u.settled(w, 20000), 200)\n"
        "w.model.set_speed(len(SPEEDS) - 1); w.model.set_playing(True); u.pause(0.5)\n"
        "p = Profiler(interval=0.0005, async_mode='disabled'); p.start(); u.pause(4); p.stop()\n"
        "w.model.set_playing(False); w.close()\n"
        "print(p.output_text(unicode=False, color=False, show_all=True))\n"
    ).replace("%r", repr(str(HERE)))
    result = subprocess.run([PYTHON, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=400)
    (out / "window_main.txt").write_text(result.stdout + ("\n" + result.stderr[-3000:] if result.returncode else ""))


def profile_startup(out: Path, display: bench.Display) -> None:
    adamviz = bench.adamviz_command()
    pythonpath = os.pathsep.join(p for p in (str(HERE / "paint_hook"), os.environ.get("PYTHONPATH")) if p)
    with tempfile.TemporaryDirectory(prefix="adamviz-prof-") as tmp:
        env = display.env(PYTHONPATH=pythonpath, ADAMVIZ_BENCH_PAINT="contour",
                          ADAMVIZ_BENCH_PAINT_OUT=str(Path(tmp) / "painted"), PYTHONPYCACHEPREFIX=str(bench.PYCACHE))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(adamviz, env=env, cwd=tmp, capture_output=True, timeout=120)  # warm caches
        began = time.perf_counter()
        result = subprocess.run([PYTHON, "-X", "importtime", *adamviz], env=env, cwd=tmp, capture_output=True,
                                text=True, timeout=120)
        wall = time.perf_counter() - began
        rows = []
        for line in result.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if match:
                rows.append((int(match.group(2)), int(match.group(1)), len(match.group(3)) // 2, match.group(4)))
        text = [f"python -X importtime {' '.join(adamviz)}  (exits at the first painted contour; "
                f"wall {wall:.2f} s incl. importtime overhead)", "",
                "top-level imports by cumulative time (ms):"]
        text += [f"  {cum / 1000:8.1f}  {name}" for cum, _self, depth, name in sorted(rows, reverse=True)
                 if depth <= 1][:25]
        text += ["", "largest self times (ms):"]
        text += [f"  {own / 1000:8.1f}  {name}" for _cum, own, _depth, name in sorted(rows, key=lambda r: -r[1])[:25]]
        text += ["", "torch imported before the first paint: "
                 + ("YES" if any(name == "torch" for *_r, name in rows) else "no")]
        (out / "startup_importtime.txt").write_text("\n".join(text) + "\n")
        spy = py_spy()
        if spy:
            raw = out / "startup.raw"
            subprocess.run([spy, "record", "-r", "500", "-f", "raw", "-o", str(raw), "--", *adamviz], env=env,
                           cwd=tmp, capture_output=True, timeout=120)
            (out / "startup_pyspy.txt").write_text(summarise_collapsed(raw, top=40))


def profile_export(out: Path) -> None:
    """py-spy of `adamviz export` writing a 1920x1080 PNG and a 200-step GIF, headless."""
    spy = py_spy()
    if not spy:
        (out / "export.txt").write_text("py-spy not installed\n")
        return
    env = bench.headless_env(False)
    sections = []
    with tempfile.TemporaryDirectory(prefix="adamviz-prof-") as tmp:
        for name, args in (("png 1920x1080", ["--size", "1920x1080", "--out", f"{tmp}/x.png"]),
                           ("gif 200 steps", ["--steps", "200", "--out", f"{tmp}/x.gif"])):
            raw = out / f"export_{name.split()[0]}.raw"
            command = [PYTHON, "-m", "adamviz", "export", "--preset", "toy2-compare", *args]
            began = time.perf_counter()
            subprocess.run([spy, "record", "-r", "250", "--threads", "-f", "raw", "-o", str(raw), "--", *command],
                           env=env, cwd=REPO, capture_output=True, timeout=300)
            wall = time.perf_counter() - began
            sections.append(f"==== py-spy: adamviz export {name} (wall {wall:.1f} s under py-spy)\n"
                            + summarise_collapsed(raw, top=40))
    (out / "export.txt").write_text("\n".join(sections))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(HERE / "profiles"))
    parser.add_argument("--only", help="comma-separated: engine,airfoil,contour,window,startup,export")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = set(args.only.split(",")) if args.only else {"engine", "airfoil", "contour", "window", "startup", "export"}
    display = bench.Display(force_xvfb=False)
    try:
        for name, fn in (("engine", lambda: profile_engine_toy(out)), ("airfoil", lambda: profile_engine_airfoil(out)),
                         ("contour", lambda: profile_contour(out)), ("window", lambda: profile_window(out, display)),
                         ("startup", lambda: profile_startup(out, display)), ("export", lambda: profile_export(out))):
            if name in chosen:
                bench.log(f"profiling {name} …")
                try:
                    fn()
                except Exception as exc:  # one failed profile must not lose the others
                    bench.log(f"{name} failed: {type(exc).__name__}: {exc}")
    finally:
        display.stop()
    bench.log(f"reports in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
