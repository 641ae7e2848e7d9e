"""The window's files: sessions opened and saved, screenshots, and the session kept for the next launch.

Every outcome is a message in the window's banner (seen in presentation mode
too); a file that cannot be read or written changes nothing.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from adamviz.core.files import WriteError, atomic_write
from adamviz.core.problems import DataError
from adamviz.core.scenario import without_files
from adamviz.core.session import Session, SessionError, load_session, save_session
from adamviz.core.text import translate
from adamviz.ui import settings as stored

log = logging.getLogger("adamviz")


class WindowFiles:
    def __init__(self, window):
        self.window = window
        self.model = window.model

    def open_session(self, path: str | Path | None = None) -> bool:
        """Open a session file (asking for one if ``path`` is None); a bad file is explained, nothing changes."""
        if path is None:
            start = stored.folder("session_folder", Path.home())
            path, _ = QFileDialog.getOpenFileName(self.window, translate("files", "Open session"), str(start),
                                                  sessions_filter())
            if not path:
                return False
        try:
            session = load_session(path)
        except (SessionError, DataError) as exc:
            self.model.show_message(str(exc))
            return False
        stored.remember_folder("session_folder", path)
        session, skipped = self._with_consent(session)
        self.window.apply_session(session)
        if skipped:
            text = translate("files", "opened {path} without {names}").format(path=path, names=skipped)
            self.model.show_message(text, error=True)
        else:
            self.model.show_message(translate("files", "opened {path}").format(path=path), error=False)
        return True

    def _with_consent(self, session: Session) -> tuple[Session, str]:
        """A session that runs users' files runs them only if the user says so here; else without them (and
        their names, for the message)."""
        refs = session.scenario.optimizer_files
        if not refs:
            return session, ""
        names = ", ".join(Path(ref.path).name for ref in refs)
        changed = session.changed_files()
        text = (translate("files", "This session runs your own optimizer code: {names}.").format(names=names)
                + "\n\n" + "".join(f"{Path(ref.path).name}: {ref.path}\n" for ref in refs)
                + ("\n" + translate("files", "{names} changed since the session was saved.").format(
                    names=", ".join(changed)) + "\n" if changed else "")
                + "\n" + translate("files", "Run it? It runs in adamviz's engine process, as your own code."))
        answer = QMessageBox.question(self.window, translate("files", "Run your own code?"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            return session, ""
        return Session(without_files(session.scenario), session.view, session.theme), names

    def load_optimizer(self, path: str | Path | None = None) -> bool:
        """Race a user's optimizer file (asking for one if ``path`` is None); a bad one is explained."""
        if path is None:
            start = stored.folder("optimizer_folder", Path.home())
            path, _ = QFileDialog.getOpenFileName(self.window, translate("files", "Load your optimizer"), str(start),
                                                  translate("files", "Python files") + " (*.py)")
            if not path:
                return False
        loaded = self.model.load_optimizer_file(str(path))
        if loaded:
            stored.remember_folder("optimizer_folder", path)
        return loaded

    def restore_last_session(self) -> bool:
        """The session the window had when it was last closed, if there is a usable one."""
        path = stored.last_session_file()
        if not path.exists():
            return False
        try:
            session = load_session(path)
        except (SessionError, DataError) as exc:
            log.warning("not reopening the last session: %s", exc)
            return False
        skipped = ", ".join(Path(ref.path).name for ref in session.scenario.optimizer_files)
        # a user's file runs only when they say so: not at start-up, unasked
        self.window.apply_session(Session(without_files(session.scenario), session.view, session.theme))
        if skipped:
            self.model.show_message(translate("files", "{names} not loaded: your own code runs only when you load it "
                                              "(File → Load optimizer…)").format(names=skipped), error=False)
        return True

    def save_session_as(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            start = stored.folder("session_folder", Path.home())
            name, _ = QFileDialog.getSaveFileName(self.window, translate("files", "Save session"),
                                                  str(start / "adamviz-session.json"), sessions_filter())
            if not name:
                return None
            path = name if name.lower().endswith(".json") else name + ".json"
        try:
            written = save_session(path, self.window.session())
        except (WriteError, ValueError) as exc:
            self.model.show_message(str(exc))
            return None
        stored.remember_folder("session_folder", written)
        self.model.show_message(saved_text(Path(written)), error=False)
        return written

    def save_screenshot(self) -> Path | None:
        """The whole window as a PNG in the screenshot folder; the path is shown in the banner."""
        folder = stored.folder("screenshot_folder")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"adamviz-{self.model.scenario.problem}-step{self.model.step}-{stamp}.png"
        try:
            atomic_write(path, lambda tmp: grab_window(self.window, tmp))
        except WriteError as exc:
            self.model.show_message(str(exc))
            return None
        self.model.show_message(saved_text(path), error=False)
        return path

    def keep_for_next_time(self) -> None:
        """The session (the next launch reopens it), the geometry and the theme."""
        try:
            save_session(stored.last_session_file(), self.window.session())
        except (WriteError, ValueError, OSError) as exc:
            log.warning("could not keep the session for next time: %s", exc)
        store = stored.settings()
        if not self.model.view.presenting:
            store.setValue("geometry", self.window.saveGeometry())
        store.setValue("theme", self.model.view.theme_name)
        store.sync()


def saved_text(path: Path) -> str:
    """"saved NAME in FOLDER": the name first, where a class reads it."""
    return translate("files", "saved {name} in {folder}").format(name=path.name, folder=path.parent)


def sessions_filter() -> str:
    """The file dialogs' filter for session files."""
    return translate("files", "adamviz sessions") + " (*.json)"


def grab_window(window, path: Path) -> None:
    """The window as it is on screen, as a PNG at ``path``; WriteError if Qt cannot save it."""
    if not window.grab().save(str(path), "PNG"):
        raise WriteError(f"cannot write {path}: Qt could not save the image")
