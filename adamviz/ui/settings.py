"""What the window remembers between launches (QSettings), and where it puts files by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths


def settings() -> QSettings:
    return QSettings("adamviz", "adamviz")


def last_session_file() -> Path:
    """Where the session the window was last closed on is kept."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    path = Path(folder or Path.home() / ".adamviz") / "last-session.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def default_picture_folder() -> Path:
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()


def remembered_theme() -> str:
    value = settings().value("theme", "light")
    return value if value in ("light", "dark") else "light"


def folder(key: str, default: Path | None = None) -> Path:
    """The folder last used for ``key`` ("session_folder", "screenshot_folder", "export_folder")."""
    return Path(settings().value(key, str(default or default_picture_folder())))


def remember_folder(key: str, path: Path | str) -> None:
    settings().setValue(key, str(Path(path).parent))
