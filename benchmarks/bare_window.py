"""The start-up baseline: import PySide6 and pyqtgraph, show an empty window the size adamviz opens at."""

import sys

import pyqtgraph  # noqa: F401 - its import is part of the baseline
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
screen = app.primaryScreen().availableGeometry()
window.resize(min(1600, screen.width()), min(1000, screen.height()))
window.show()
sys.exit(app.exec())
