"""adamviz installed the ordinary way: a wheel built from this checkout, installed into a fresh virtual
environment outside it, runs the airfoil trace, an export and a window screenshot from there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment with the wheel in it; its other dependencies are this environment's, reached by a
    path entry (not a .pth of ours: the checkout's own editable install must stay out of reach)."""
    root = tmp_path_factory.mktemp("installed")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(REPO)], check=True, cwd=root, capture_output=True)
    (wheel,) = wheels.glob("adamviz-*.whl")
    env_dir = root / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    (env_dir / "bin" / "adamviz").write_text(f"#!{python}\nimport sys\nfrom adamviz.cli import run\nsys.exit(run())\n")
    (env_dir / "bin" / "adamviz").chmod(0o755)
    return env_dir


def run_there(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(cwd / "config"), HOME=str(cwd))
    return subprocess.run([str(env_dir / "bin" / "adamviz"), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def test_the_installed_package_is_the_wheels_not_the_checkouts(installed, tmp_path):
    python = installed / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import adamviz; print(adamviz.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env={"PATH": os.environ["PATH"]}).stdout.strip()
    assert where.startswith(str(installed)) and not where.startswith(str(REPO)), where


def test_an_installed_adamviz_runs_the_airfoil_exports_and_takes_a_screenshot(installed, tmp_path):
    done = run_there(installed, "trace", "--problem", "airfoil", "--optimizer", "adam", "--epochs", "1", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    trace = json.loads(done.stdout)
    assert trace["problem"] == "airfoil" and len(trace["runs"][0]["points"]) == 151
    done = run_there(installed, "export", "--preset", "airfoil-compare", "--out", "loss.png", "--view", "loss",
                     cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")  # a quiet terminal: no Qt platform noise
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    done = run_there(installed, "--problem", "airfoil", "--steps", "30", "--screenshot", "window.png", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (tmp_path / "window.png").stat().st_size > 10_000


def test_normal_use_prints_only_what_is_for_the_user(installed, tmp_path):
    done = run_there(installed, "trace", "--function", "x1*x1 + x2*x2 + 1e308*x1", "--optimizer", "adam",
                     cwd=tmp_path)  # overflows on part of the view: expected, and handled
    assert done.returncode == 0 and done.stderr == ""
    done = run_there(installed, "--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("adamviz ")


def test_an_installed_adamviz_speaks_chinese_with_its_own_font(installed, tmp_path):
    """The wheel carries the compiled translations, the font and its license: Chinese without a build step."""
    python = installed / "bin" / "python"
    probe = ("from importlib import resources\n"
             "from adamviz.ui.app import application\n"
             "from adamviz.core.text import translated\n"
             "folder = resources.files('adamviz.translations')\n"
             "print(sorted(p.name for p in folder.iterdir() if p.suffix in ('.qm', '.ts', '.otf', '.txt')))\n"
             "application(headless=True, language='zh_CN')\n"
             "print(translated('actions', '&File'))\n")
    environment = {"PATH": os.environ["PATH"], "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "['NotoSansSC-adamviz.otf', 'OFL.txt', 'adamviz_zh_CN.qm', 'adamviz_zh_CN.ts']", "文件(&F)"]
    done = run_there(installed, "--preset", "gd-toy2", "--lang", "zh_CN", "--screenshot", "zh.png", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (tmp_path / "zh.png").stat().st_size > 10_000
