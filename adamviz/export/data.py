"""The runs' data: CSV (one row per run and step) and JSON (the `adamviz trace` schema). Qt-free."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from adamviz.core.engine import Engine
from adamviz.core.report import csv_rows, trace_json
from adamviz.core.scenario import Scenario

CHECK_ROWS = 20_000
"""Rows between two looks at the cancel flag."""


def write_json(path: Path, scenario: Scenario, engine: Engine) -> None:
    """Strict JSON (no NaN or Infinity), exactly what `adamviz trace` prints."""
    text = trace_json(scenario, engine) + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_csv(path: Path, engine: Engine, check: Callable[[], None] | None = None) -> None:
    """Header, then one row per run and step (report.csv_rows), streamed to the file."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for count, row in enumerate(csv_rows(engine)):
            writer.writerow(row)
            if check is not None and count % CHECK_ROWS == 0:
                check()
