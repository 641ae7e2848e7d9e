"""The exports' figures: whole `adamviz export` processes, their floor and their own work."""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from pathlib import Path

from common import HERE, PYCACHE, PYTHON, Results, child_json, median, run_child, tail

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
    floor = min(floors)
    for key in EXPORTS:
        seconds = res.values.get(key)
        res.set(key.removesuffix("_s") + "_over_floor", None if seconds is None else seconds / floor,
                None if seconds is None else f"{seconds:.2f} s over a floor of {floor:.2f} s, the same run")
    # The same exports in one warm process: the export's own work, without interpreter start and imports.
    try:
        code, out, err, _wall = run_child([PYTHON, str(HERE / "export_work.py"), json.dumps(EXPORTS)],
                                          env=headless_env(True), timeout=300)
        for key, seconds in child_json(out, "EXPORT_WORK_JSON").items():
            res.set(key.removesuffix("_s") + "_work_s", round(seconds, 3))
    except Exception as exc:
        res.errors["export_work"] = f"{type(exc).__name__}: {exc}"

