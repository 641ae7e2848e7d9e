"""A seeded monkey: random user actions on the real window.

Used by the short CI test (tests/ui/test_monkey.py) and by the long soak
(benchmarks/soak.py). Every action goes through the same slots a user's
clicks and keys reach; the monkey only ever does what a person could.
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import PROBLEMS
from adamviz.core.scenario import PRESETS
from adamviz.model.readout import SPEEDS


class Monkey:
    def __init__(self, window, seed: int, folder: Path, problems=None):
        self.window = window
        self.random = random.Random(seed)
        self.folder = folder
        self.problems = list(problems or PROBLEMS)
        self.log: list[str] = []
        self.actions = [
            (6, self.play), (4, self.pause), (8, self.step), (3, self.reset),
            (12, self.slide), (4, self.type_value), (3, self.toggle_row), (2, self.toggle_concise),
            (3, self.problem), (3, self.preset), (6, self.click_surface), (3, self.drag_start),
            (3, self.speed), (2, self.plane), (1, self.epochs), (1, self.theme), (1, self.screenshot),
            (2, self.explain_other), (2, self.key), (1, self.wait), (2, self.swarm), (1, self.sweep),
            (1, self.function),
        ]
        self.weights = [w for w, _ in self.actions]

    def act(self) -> str:
        _, action = self.random.choices(self.actions, self.weights)[0]
        name = action.__name__
        action()
        self.log.append(name)
        return name

    # ------------------------------------------------------------ actions

    def play(self):
        self.window.model.set_playing(True)

    def pause(self):
        self.window.model.set_playing(False)

    def step(self):
        self.window.model.step_once()

    def reset(self):
        self.window.model.reset()

    def _row(self):
        return self.window.setup.rows[self.random.choice(list(OPTIMIZERS))]

    def slide(self):
        row = self._row()
        control = self.random.choice(list(row.controls.values()))
        control.slider.setValue(self.random.randint(0, control.slider.maximum()))

    def type_value(self):
        row = self._row()
        control = self.random.choice(list(row.controls.values()))
        text = self.random.choice(["0", "1", "-1", "1e-12", "0.5", "10", "11", "nan", "inf", "abc", "", "0.999999",
                                   "1e308", "2", "0.9", "3e-7"])
        control.field.setText(text)
        control.field.editingFinished.emit()

    def toggle_row(self):
        row = self._row()
        row.enable.setChecked(not row.enable.isChecked())

    def toggle_concise(self):
        row = self._row()
        if row.concise.isEnabled():
            row.concise.setChecked(not row.concise.isChecked())

    def problem(self):
        self.window.model.choose_problem(self.random.choice(self.problems))

    def preset(self):
        names = [n for n, p in PRESETS.items() if p.problem in self.problems]
        self.window.model.choose_preset(self.random.choice(names))

    def _surface_point(self):
        view = self.window.contour.getPlotItem().vb
        rect = view.sceneBoundingRect()
        x = rect.left() + self.random.random() * rect.width()
        y = rect.top() + self.random.random() * rect.height()
        return view, QPointF(x, y)

    def click_surface(self):
        _, point = self._surface_point()
        widget_point = self.window.contour.mapFromScene(point)
        QTest.mouseClick(self.window.contour.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)

    def drag_start(self):
        contour = self.window.contour
        if not contour.start_handle.isVisible():
            return
        view, point = self._surface_point()
        for _ in range(3):
            target = view.mapSceneToView(point)
            contour.start_handle.setPos(target.x() * self.random.uniform(0.5, 1.5), target.y())

    def speed(self):
        self.window.model.set_speed(self.random.randint(0, len(SPEEDS) - 1))

    def plane(self):
        box = self.window.setup.plane_box
        if box.isVisible() and box.count():
            box.setCurrentIndex(self.random.randrange(box.count()))
            self.window.model.set_plane(box.currentData())

    def epochs(self):
        if self.window.loss_panel.epoch_box.isVisible():
            self.window.loss_panel.epoch_box.setChecked(not self.window.loss_panel.epoch_box.isChecked())

    def theme(self):
        self.window.model.set_dark(self.random.random() < 0.5)

    def screenshot(self):
        from adamviz.ui.settings import settings

        settings().setValue("screenshot_folder", str(self.folder))
        self.window.files.save_screenshot()

    def explain_other(self):
        box = self.window.step_panel.run_box
        if box.count():
            box.setCurrentIndex(self.random.randrange(box.count()))
            self.window.model.select_run(self.window.step_panel.selected())

    def key(self):
        key = self.random.choice([Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_Plus,
                                  Qt.Key.Key_Minus, Qt.Key.Key_1, Qt.Key.Key_4, Qt.Key.Key_C, Qt.Key.Key_S,
                                  Qt.Key.Key_F1, Qt.Key.Key_Escape])
        QTest.keyClick(self.window, key)

    def swarm(self):
        window = self.window
        if self.random.random() < 0.3:
            window.setup.swarm_count.setValue(self.random.choice([10, 200, 1000]))
            window.setup.swarm_optimizer.setCurrentIndex(self.random.randrange(window.setup.swarm_optimizer.count()))
        if window.setup.swarm_box.isEnabled():
            window.setup.swarm_box.setChecked(not window.setup.swarm_box.isChecked())

    def sweep(self):
        self.window.model.request_sweep()

    def function(self):
        text = self.random.choice(["x1**2 + x2**2", "sin(x1) * cos(x2) + 0.1*x1**2", "exp(x1)", "x1 +",
                                   "__import__('os')", "log(x1**2 + x2**2)", "1/(x1 - x2)"])
        self.window.model.choose_function(text)

    def wait(self):
        QTest.qWait(self.random.randint(5, 60))
