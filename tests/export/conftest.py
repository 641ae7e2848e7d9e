"""Exports are rendered off screen: the platform is chosen before anything imports Qt."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_NO_GLIB"] = "1"  # as the app sets it (adamviz/ui/app.py)

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from adamviz.core.scenario import PRESETS

REPO = Path(__file__).resolve().parents[2]


def make_scenario(preset: str = "toy2-compare", **changes):
    return replace(PRESETS[preset].scenario(), **changes)


@pytest.fixture(scope="session")
def qt_app():
    from adamviz.export.qt import ensure_app

    return ensure_app()


@pytest.fixture
def export(qt_app, tmp_path):
    """export(name, scenario=..., **request fields) -> path written by run_export."""
    from adamviz.export.exporter import run_export
    from adamviz.export.formats import ExportRequest

    def make(name: str, scenario=None, **fields) -> Path:
        request = ExportRequest(scenario if scenario is not None else make_scenario(), tmp_path / name, **fields)
        return run_export(request)

    return make


def command_env() -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def adamviz_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "adamviz", *args]
