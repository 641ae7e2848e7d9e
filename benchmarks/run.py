"""adamviz benchmarks: one command, about two minutes on a 2-core machine.

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
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import _CHILDREN, PYCACHE, REPO, TARGETS, Display, Results, _kill, log, tail
from figures_core import bench_airfoil, bench_contour, bench_engine, bench_files, bench_rss, bench_sweep
from figures_export import EXPORTS, bench_export, headless_env
from figures_window import adamviz_command, bench_present, bench_startup, bench_swarm, bench_ui

__all__ = ["PYCACHE", "Display", "adamviz_command", "headless_env", "log"]  # what hotspots.py uses

SECTIONS = ("engine", "airfoil", "sweep", "files", "contour", "rss", "startup", "ui", "present", "swarm", "export")

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
        "sweep": lambda: bench_sweep(res, args.quick),
        "files": lambda: bench_files(res, args.quick),
        "contour": lambda: bench_contour(res, args.quick),
        "rss": lambda: bench_rss(res, args.quick, args.full),
        "startup": lambda: bench_startup(res, args.quick, display),
        "ui": lambda: bench_ui(res, args.quick, display),
        "present": lambda: bench_present(res, args.quick, display),
        "swarm": lambda: bench_swarm(res, args.quick, display),
        "export": lambda: bench_export(res, args.quick),
    }
    keys_of = {
        "engine": ["engine_overhead_ratio", "toy_steps_per_s"],
        "airfoil": ["airfoil_speedup_vs_book_loop"],
        "sweep": ["sweep_speedup_vs_separate_runs"],
        "files": ["file_optimizer_overhead_ratio"],
        "contour": ["contour_toy_ms", "contour_airfoil_ms"],
        "rss": ["rss_growth_mb_1e6_steps"],
        "startup": ["startup_ratio"],
        "ui": ["ui_max_stall_ms", "redraw_fps", "slider_to_repaint_ms", "airfoil_max_stall_ms", "airfoil_redraw_fps"],
        "present": ["present_max_stall_ms", "present_redraw_fps"],
        "swarm": ["swarm_10k_fps", "swarm_10k_steps_per_s"],
        "export": [*EXPORTS, *(key.removesuffix("_s") + "_over_floor" for key in EXPORTS)],
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
