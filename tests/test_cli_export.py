"""`adamviz export` and sessions through the real command: files, exit codes, one-line errors, cancelling."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from adamviz.core.scenario import PRESETS
from adamviz.core.session import Session, ViewSettings, save_session

REPO = Path(__file__).resolve().parents[1]


def env() -> dict:
    result = dict(os.environ)
    result["QT_QPA_PLATFORM"] = "offscreen"
    result["PYTHONPATH"] = str(REPO) + os.pathsep + result.get("PYTHONPATH", "")
    return result


def adamviz(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adamviz", *map(str, args)], capture_output=True, text=True,
                          env=env(), timeout=timeout, cwd=REPO)


def one_error_line(result: subprocess.CompletedProcess, prog: str = "adamviz export") -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{prog}: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody can create files in: a read-only one, or /proc for root (who may write anywhere else)."""
    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_help_says_the_defaults():
    result = adamviz("export", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert text.startswith("usage: adamviz export")
    for phrase in ("default contour", "1920x1080", "960x600", "3840x2160", "--every K", "--fps F", "--session FILE",
                   ".png", ".svg", ".gif", ".mp4", ".csv", ".json", "--progress"):
        assert phrase in text


@pytest.mark.parametrize("case", ["unknown extension", "no extension", "a folder", "missing folder",
                                  "unwritable folder", "bad session", "mp4 odd size", "window animation"])
def test_bad_targets_and_input_exit_2_with_one_line_and_leave_nothing(tmp_path, case):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.png").mkdir()
    args = {
        "unknown extension": ["--out", folder / "x.bmp"],
        "no extension": ["--out", folder / "picture"],
        "a folder": ["--out", folder / "x.png"],
        "missing folder": ["--out", folder / "nope" / "x.png"],
        "unwritable folder": ["--out", unwritable_folder(tmp_path) / "x.png"],
        "bad session": ["--session", folder / "none.json", "--out", folder / "y.png"],
        "mp4 odd size": ["--size", "641x480", "--out", folder / "y.mp4"],
        "window animation": ["--view", "window", "--out", folder / "y.gif"],
    }[case]
    before = sorted(p.name for p in folder.iterdir())
    line = one_error_line(adamviz("export", "--preset", "gd-toy1", *args))
    expected = {
        "unknown extension": "not a known format", "no extension": "no extension", "a folder": "it is a folder",
        "missing folder": "does not exist", "unwritable folder": "cannot write", "bad session": "does not exist",
        "mp4 odd size": "even width and height", "window animation": "not the window",
    }[case]
    assert expected in line
    assert sorted(p.name for p in folder.iterdir()) == before
    if case == "unwritable folder" and os.geteuid() != 0:
        assert list((tmp_path / "locked").iterdir()) == []


def test_png_from_a_session_with_flags_overriding_it(tmp_path):
    scenario = PRESETS["toy2-compare"].scenario()
    save_session(tmp_path / "setup.json", Session(scenario, ViewSettings((-6.0, 2.0), (-3.0, 3.0)), "light"))
    out = tmp_path / "slide.png"
    result = adamviz("export", "--session", tmp_path / "setup.json", "--steps", "7", "--theme", "dark",
                     "--set", "adam.lr=0.05", "--out", out, "--progress")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("progress ")]
    assert progress == ["progress 0/3", "progress 1/3", "progress 2/3", "progress 3/3"]
    assert lines[-1] == f"done {out}"
    with Image.open(out) as image:
        assert image.size == (1920, 1080)  # the default for a picture
        assert np.asarray(image.convert("L")).mean() < 100  # --theme dark overrode the session's light
    assert sorted(p.name for p in tmp_path.iterdir()) == ["setup.json", "slide.png"]


def test_sigterm_stops_an_animation_and_removes_the_partial_file(tmp_path):
    out = tmp_path / "long.gif"
    process = subprocess.Popen(
        [sys.executable, "-m", "adamviz", "export", "--preset", "toy2-compare", "--steps", "400", "--size",
         "640x400", "--out", str(out), "--progress"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env(), cwd=REPO)
    seen = []
    deadline = time.monotonic() + 90
    for line in process.stderr:
        seen.append(line.strip())
        if line.startswith("progress 10/"):
            break
        assert time.monotonic() < deadline
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".long.gif")]  # the temporary file exists
    process.send_signal(signal.SIGTERM)
    rest = process.stderr.read()
    code = process.wait(timeout=60)
    assert code == 128 + signal.SIGTERM
    assert rest.strip().splitlines()[-1] == "adamviz export: cancelled (SIGTERM); nothing was written"
    assert list(tmp_path.iterdir()) == []
    assert seen[0] == "progress 0/403"


def test_screenshot_of_a_session(tmp_path):
    scenario = PRESETS["airfoil-compare"].scenario()
    save_session(tmp_path / "air.json", Session(scenario, ViewSettings(plane=(0, 5), loss_by_epoch=True), "dark"))
    shot = tmp_path / "shot.png"
    result = adamviz(tmp_path / "air.json", "--screenshot", shot, "--steps", "30", "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    with Image.open(shot) as image:
        assert image.size == (1200, 800)
        assert np.asarray(image.convert("L")).mean() < 110  # the session's dark theme


def test_a_presentation_screenshot_keeps_its_size_and_gives_the_views_the_room(tmp_path):
    shots = {}
    for mode in ("normal", "present"):
        shots[mode] = tmp_path / f"{mode}.png"
        flags = ["--present"] if mode == "present" else []
        result = adamviz("--problem", "toy2", "--steps", "20", "--screenshot", shots[mode], "--size", "1280x800",
                         *flags)
        assert result.returncode == 0, result.stderr
    with Image.open(shots["normal"]) as normal, Image.open(shots["present"]) as present:
        assert normal.size == present.size == (1280, 800)
        # the controls (light widgets on the left) step aside: the surface reaches much further left
        left_normal = np.asarray(normal.convert("RGB"))[300:500, 40:200]
        left_present = np.asarray(present.convert("RGB"))[300:500, 40:200]
    assert np.abs(left_normal.astype(int) - left_present.astype(int)).mean() > 10


def test_a_bad_session_in_the_window_command_is_one_line_and_no_window(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "adamviz-session", "version": 1, "problem": "toy2"', encoding="utf-8")
    line = one_error_line(adamviz(bad), prog="adamviz")
    assert "not valid JSON" in line and "cut off" in line
    line = one_error_line(adamviz("--session", bad, "--screenshot", tmp_path / "x.png"), prog="adamviz")
    assert str(bad) in line
    assert list(tmp_path.iterdir()) == [bad]
