"""Hundreds of window starts and whole-window exports: none may hang.

    python benchmarks/stress_windows.py                 # 150 exports + 150 screenshots, two at a time
    python benchmarks/stress_windows.py --runs 40 --jobs 1

Each run is a fresh process that builds the real window and its engine process and waits for the target
step: `adamviz export --view window --out x.svg` and `adamviz --screenshot x.png`. A run that does not end
within --timeout seconds is a hang (it is killed and counted); the script exits 1 if there was any.

Why: the window once waited for the snapshot of its target step as a signal, and when that snapshot had
already been drawn (while the window was being laid out) it waited forever, with the engine idle. 9 of
~150 exports hung on a 2-core machine. The window now waits on its model's state.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def one_run(kind: str, index: int, folder: Path, timeout: float) -> tuple[str, float, str]:
    """('ok' | 'hang' | 'failed', seconds, stderr's last line)."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"))
    env.pop("DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if kind == "export":
        out = folder / f"window-{index}.svg"
        command = [sys.executable, "-m", "adamviz", "export", "--view", "window", "--out", str(out)]
    else:
        out = folder / f"screenshot-{index}.png"
        command = [sys.executable, "-m", "adamviz", "--screenshot", str(out), "--size", "1280x720"]
    began = time.perf_counter()
    try:
        result = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hang", time.perf_counter() - began, ""
    seconds = time.perf_counter() - began
    ok = result.returncode == 0 and out.exists()
    out.unlink(missing_ok=True)
    last = (result.stderr.strip().splitlines() or [""])[-1]
    return ("ok" if ok else "failed"), seconds, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=150, help="runs of each kind (default 150)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once (default 2: both cores busy)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run counts as hung")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="adamviz-stress-") as tmp:
        folder = Path(tmp)
        jobs = [(kind, i) for i in range(args.runs) for kind in ("export", "screenshot")]
        outcomes: dict[str, list] = {"ok": [], "hang": [], "failed": []}
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(one_run, kind, i, folder, args.timeout) for kind, i in jobs]
            for done, ((kind, i), future) in enumerate(zip(jobs, futures, strict=True), start=1):
                outcome, seconds, last = future.result()
                outcomes[outcome].append((kind, i, seconds, last))
                if outcome != "ok":
                    print(f"{kind} {i}: {outcome} after {seconds:.1f} s {last}", flush=True)
                if done % 50 == 0:
                    print(f"{done}/{len(jobs)} runs, {len(outcomes['hang'])} hung", flush=True)
    times = sorted(seconds for _, _, seconds, _ in outcomes["ok"])
    median = times[len(times) // 2] if times else float("nan")
    print(f"{len(jobs)} runs in {time.perf_counter() - began:.0f} s: {len(outcomes['ok'])} ok, "
          f"{len(outcomes['hang'])} hung, {len(outcomes['failed'])} failed; median run {median:.2f} s")
    return 1 if outcomes["hang"] or outcomes["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
