"""Export from the window: pictures, animations and data, with a progress bar and Cancel.

Every export runs as ``adamviz export --session … --progress`` in a child
process: the window stays responsive however long an animation takes, Cancel
terminates the child (which removes its temporary file), and the file is
exactly what the command line would write for the same session.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QProcess, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from adamviz.core.session import Session, save_session
from adamviz.core.text import QT_TRANSLATE_NOOP, translate, translated
from adamviz.ui.i18n import current_language

FORMATS = {
    "png": QT_TRANSLATE_NOOP("export_dialog", "PNG picture"),
    "svg": QT_TRANSLATE_NOOP("export_dialog", "SVG picture (vector)"),
    "gif": QT_TRANSLATE_NOOP("export_dialog", "GIF animation"),
    "mp4": QT_TRANSLATE_NOOP("export_dialog", "MP4 video"),
    "csv": QT_TRANSLATE_NOOP("export_dialog", "CSV data (one row per run and step)"),
    "json": QT_TRANSLATE_NOOP("export_dialog", "JSON data (the adamviz trace schema)"),
}
PICTURES, ANIMATIONS = ("png", "svg"), ("gif", "mp4")
SIZES = {"png": (1920, 1080), "svg": (1920, 1080), "gif": (960, 600), "mp4": (960, 600)}
AUTOMATIC_NAME = re.compile(r"adamviz-[\w.-]+-step\d+")
"""The names the dialog makes (adamviz-toy2-step200): renamed for the step shown; a name typed is kept."""
PROGRESS = re.compile(r"progress (\d+)/(\d+)")


class ExportDialog(QDialog):
    exported = Signal(str)
    """The path of a file written."""

    def __init__(self, window, folder: Path):
        super().__init__(window)
        self.window = window
        self.setWindowTitle(translate("export_dialog", "adamviz — export"))
        self.setModal(False)
        self.process: QProcess | None = None
        self.session_file: Path | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox()
        for suffix, text in FORMATS.items():
            self.format.addItem(translated("export_dialog", text), suffix)
        self.format.currentIndexChanged.connect(self.refresh)
        form.addRow(translate("export_dialog", "Format"), self.format)
        self.view = QComboBox()
        for name, text in (("contour", translate("export_dialog", "the loss surface with the runs")),
                           ("loss", translate("export_dialog", "the loss plot")),
                           ("window", translate("export_dialog", "the whole window"))):
            self.view.addItem(text, name)
        form.addRow(translate("export_dialog", "Picture of"), self.view)
        size = QHBoxLayout()
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, (low, high) in ((self.width_box, (160, 3840)), (self.height_box, (120, 2160))):
            box.setRange(low, high)
            box.setSingleStep(10)
            size.addWidget(box)
        size.insertWidget(1, QLabel("×"))
        form.addRow(translate("export_dialog", "Size (pixels)"), size)
        self.every = QSpinBox()
        self.every.setRange(1, 100_000)
        self.every.setToolTip(translate("export_dialog", "one frame every K steps (1: every step)"))
        form.addRow(translate("export_dialog", "Frame every K steps"), self.every)
        self.fps = QDoubleSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(10)
        form.addRow(translate("export_dialog", "Frames per second"), self.fps)
        path_row = QHBoxLayout()
        self.path = QLineEdit()
        # room for a whole path (folder and name), not its last twenty characters
        self.path.setMinimumWidth(self.path.fontMetrics().horizontalAdvance("/home/teacher/slides/adamviz-toy2-step200.png"))
        browse = QPushButton(translate("export_dialog", "Choose…"))
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow(translate("export_dialog", "File"), path_row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #D55E00;")
        self.error.hide()
        layout.addWidget(self.error)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = QPushButton(translate("export_dialog", "Cancel"))
        self.cancel.clicked.connect(self.cancel_export)
        self.start = QPushButton(translate("export_dialog", "Export"))
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_export)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.start)
        layout.addLayout(buttons)
        self.folder = folder
        self.refresh()

    # ------------------------------------------------------------ choices

    def suffix(self) -> str:
        return self.format.currentData()

    def refresh(self, *_) -> None:
        """The choices for the chosen format, and a file name for what the window shows now."""
        suffix = self.suffix()
        picture, animation = suffix in PICTURES, suffix in ANIMATIONS
        self.view.setEnabled(picture or animation)
        if animation and self.view.currentData() == "window":
            self.view.setCurrentIndex(0)
        self.view.model().item(2).setEnabled(not animation)  # the whole window is a still only
        for box in (self.width_box, self.height_box):
            box.setEnabled(picture or animation)
        if suffix in SIZES:
            self.width_box.setValue(SIZES[suffix][0])
            self.height_box.setValue(SIZES[suffix][1])
        self.every.setEnabled(animation)
        self.fps.setEnabled(animation)
        if animation:
            self.every.setValue(max(1, self.window.model.step // 300))
        model = self.window.model
        stem = f"adamviz-{model.scenario.problem}-step{model.step}"
        current = Path(self.path.text()) if self.path.text() else self.folder / stem
        if AUTOMATIC_NAME.fullmatch(current.stem):  # a name it made for another step: the step shown now
            current = current.with_name(stem)
        self.path.setText(str(current.with_suffix("." + suffix)))

    def _browse(self) -> None:
        suffix = self.suffix()
        name, _ = QFileDialog.getSaveFileName(self, translate("export_dialog", "Export to"), self.path.text(),
                                              f"{suffix.upper()} (*.{suffix})")
        if name:
            self.path.setText(name if name.lower().endswith("." + suffix) else f"{name}.{suffix}")

    def export_session(self) -> tuple[Session, list[str]]:
        """What to export: the window's session, and in swarm mode the swarm's optimizer alone at the swarm's
        step, with the `--swarm` arguments that make the export draw the swarm."""
        window = self.window
        session = window.session()
        swarm_state = window.model.swarm
        if not swarm_state.on:
            return session, []
        name = swarm_state.optimizer
        runs = [replace(setup, enabled=setup.optimizer == name, concise=False, concise_defaults=False)
                for setup in session.scenario.runs]
        scenario = replace(session.scenario, runs=runs, steps=max(int(swarm_state.t), 0)).validated()
        swarm = ["--swarm", swarm_state.layout, "--particles", str(swarm_state.count)]
        return replace(session, scenario=scenario), swarm

    def arguments(self, session_file: Path, extra: list[str] | None = None) -> list[str]:
        """The `adamviz export` command line for the current choices."""
        suffix = self.suffix()
        args = ["-m", "adamviz", "export", "--session", str(session_file), "--out", self.path.text().strip(),
                "--progress", *(extra or [])]
        for ref in self.window.model.scenario.optimizer_files:  # the user's files, which they loaded: run them
            args += ["--optimizer-file", ref.path]
        if suffix in PICTURES or suffix in ANIMATIONS:
            size = f"{self.width_box.value()}x{self.height_box.value()}"
            args += ["--theme", self.window.model.view.theme_name, "--view", self.view.currentData(), "--size", size,
                     "--lang", current_language()]  # the picture speaks the window's language
        if suffix in ANIMATIONS:
            args += ["--every", str(self.every.value()), "--fps", f"{self.fps.value():g}"]
        return args

    # ------------------------------------------------------------ running

    def start_export(self) -> None:
        if self.process is not None:
            return
        if not self.path.text().strip():
            self._fail(translate("export_dialog", "choose a file to write"))
            return
        self.error.hide()
        handle, name = tempfile.mkstemp(prefix="adamviz-export-", suffix=".json")
        os.close(handle)
        self.session_file = Path(name)
        try:
            session, extra = self.export_session()
            save_session(self.session_file, session)
        except Exception as exc:
            self._fail(translate("export_dialog", "cannot prepare the export: {error}").format(error=exc))
            return
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardError.connect(self._read_progress)
        process.finished.connect(self._finished)
        self.process = process
        self._stderr = ""
        self.bar.setRange(0, 0)
        self.bar.show()
        self.start.setEnabled(False)
        process.start(sys.executable, self.arguments(self.session_file, extra))

    def _read_progress(self) -> None:
        text = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        self._stderr += text
        for done, total in PROGRESS.findall(text):
            self.bar.setRange(0, int(total))
            self.bar.setValue(int(done))

    def cancel_export(self) -> None:
        """Stop the export running, or, with none running, close the dialog (as Cancel does elsewhere)."""
        if self.process is not None:
            self.process.terminate()  # the command removes its temporary file and exits 143
        else:
            self.close()

    def _finished(self, code: int, _status) -> None:
        process, self.process = self.process, None
        self._read_rest(process)
        if self.session_file is not None:
            self.session_file.unlink(missing_ok=True)
        self.start.setEnabled(True)
        self.bar.hide()
        if code == 0:
            self.exported.emit(self.path.text().strip())
            self.folder = Path(self.path.text().strip()).parent
            self.close()
        elif code in (130, 143) or code == 15:
            self._fail(translate("export_dialog", "export cancelled: nothing was written"))
        else:
            lines = [line for line in self._stderr.splitlines()
                     if line.strip() and not line.startswith(("progress", "done"))]
            # the command's own last words are the command line's (English); only the fallback is the window's
            self._fail(lines[-1].removeprefix("adamviz export: error: ") if lines
                       else translate("export_dialog", "export failed ({code})").format(code=code))

    def _read_rest(self, process: QProcess) -> None:
        with contextlib.suppress(RuntimeError):
            self._stderr += bytes(process.readAllStandardError()).decode("utf-8", "replace")

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def closeEvent(self, event) -> None:
        if self.process is not None:
            self.cancel_export()
            self.process.waitForFinished(5000)
        super().closeEvent(event)

