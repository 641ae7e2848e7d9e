"""The work of the headless exports, without the process start: what `adamviz export` costs after its imports.

Run by run.py in a child: imports Qt, pyqtgraph and adamviz, starts the
QApplication (offscreen), then times run_export for each EXPORTS entry of run.py,
in order, in this one process. Prints EXPORT_WORK_JSON {key: seconds}.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pyqtgraph  # noqa: F401
import PySide6.QtWidgets  # noqa: F401

from adamviz.cli import export_parser
from adamviz.export.command import build_request
from adamviz.export.exporter import run_export
from adamviz.export.qt import ensure_app


def main() -> int:
    templates = json.loads(sys.argv[1])
    ensure_app()
    result = {}
    with tempfile.TemporaryDirectory(prefix="adamviz-export-work-") as tmp:
        for key, template in templates.items():
            args = export_parser().parse_args([a.format(dir=tmp) for a in template])
            began = time.perf_counter()
            request = build_request(args)
            run_export(request)
            result[key] = time.perf_counter() - began
            if not Path(request.path).stat().st_size:
                raise RuntimeError(f"{key}: empty file")
    print("EXPORT_WORK_JSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
