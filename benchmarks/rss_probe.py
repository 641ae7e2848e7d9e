"""Child process of benchmarks/run.py: RSS growth of the engine over N steps of toy2-compare's 3 runs.

    python benchmarks/rss_probe.py STEPS

Warms up (engine built, 256 steps taken, gc), reads VmRSS from
/proc/self/status, steps in chunks of 4096 (the window's worker steps in
chunks of at most 4096), reads VmRSS again and prints one JSON line.
"""

from __future__ import annotations

import gc
import json
import sys
import time

CHUNK = 4096


def rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> int:
    steps = int(sys.argv[1])
    from adamviz.core.scenario import PRESETS

    engine = PRESETS["toy2-compare"].scenario().engine()
    engine.step(256)
    gc.collect()
    before = rss_kb()
    began = time.perf_counter()
    done = 0
    while done < steps:
        count = min(CHUNK, steps - done)
        engine.step(count)
        done += count
    seconds = time.perf_counter() - began
    gc.collect()
    after = rss_kb()
    print("RSS_PROBE_JSON " + json.dumps({
        "steps": steps, "runs": len(engine.runs), "live": sum(run.live for run in engine.runs),
        "recorded": [run.t for run in engine.runs], "before_kb": before, "after_kb": after, "seconds": seconds,
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
