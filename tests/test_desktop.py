"""adamviz on the desktop: --version, and a desktop entry and icon that `--install-desktop-entry` puts where
the desktop looks."""

from __future__ import annotations

import configparser

from adamviz import __version__
from adamviz.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out == f"adamviz {__version__}\n"


def test_the_desktop_entry_and_its_icon_are_installed_where_the_desktop_looks(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    entry_path = tmp_path / "applications" / "adamviz.desktop"
    icon_path = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "adamviz.svg"
    assert capsys.readouterr().out == f"wrote {entry_path}\nwrote {icon_path}\n"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(entry_path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Exec"].split()[0], desktop["Icon"]) == ("Application", "adamviz", "adamviz")
    assert icon_path.read_text().lstrip().startswith("<svg")


def test_an_unwritable_place_is_one_line_and_exit_2(capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "/proc/adamviz-nowhere")
    assert main(["--install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/proc/adamviz-nowhere" in err

