"""adamviz in the desktop's application menu: the .desktop file and the icon it names, shipped in the package
(adamviz.data) and copied where the freedesktop.org specifications look for a user's own."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from adamviz.core.files import WriteError, atomic_write, describe_os_error


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install_desktop_entry() -> list[Path]:
    """Write ``applications/adamviz.desktop`` and ``icons/hicolor/scalable/apps/adamviz.svg`` under the data
    home; the paths written. WriteError (one line) if either cannot be written."""
    shipped = resources.files("adamviz.data")
    home = data_home()
    written = []
    for name, folder in (("adamviz.desktop", home / "applications"),
                         ("adamviz.svg", home / "icons" / "hicolor" / "scalable" / "apps")):
        data = (shipped / name).read_bytes()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(describe_os_error(folder, exc)) from None
        written.append(atomic_write(folder / name, lambda tmp, data=data: tmp.write_bytes(data)))
    return written
