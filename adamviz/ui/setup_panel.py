"""The controls panel: the problem, your own function, the presets, the airfoil's plane, one row per
optimizer and swarm mode. It shows the model's scenario and sends the user's changes to the model."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import CUSTOM, PROBLEMS, problem_title
from adamviz.core.scenario import PRESETS
from adamviz.core.text import QT_TRANSLATE_NOOP, declared, translate, translated
from adamviz.model import AppModel
from adamviz.model.state import MAX_SWARM, SWARM_LAYOUTS
from adamviz.ui.collapsible import Collapsible
from adamviz.ui.compact_combo import CompactComboBox
from adamviz.ui.controls import OptimizerRow

DEFAULT_FUNCTION = "0.1*x1**2 + 2*x2**2 + 0.5*sin(3*x1)"
NO_PRESET = QT_TRANSLATE_NOOP("setup", "— your own setup —")
ERROR_STYLE = "color: #D55E00;"


class WheelGuard(QObject):
    """The wheel over a slider, a list or a number box that has not been clicked scrolls the panel: scrolling
    down to the last optimizers must not change every value it passes (nor the preset)."""

    def __init__(self, scroll_area: QScrollArea):
        super().__init__(scroll_area)
        self.scroll_area = scroll_area

    def guard(self, root: QWidget) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if isinstance(widget, (QAbstractSlider, QComboBox, QAbstractSpinBox)):
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a click gives it the wheel, a scroll does not
                widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            QApplication.sendEvent(self.scroll_area.verticalScrollBar(), event)
            return True
        return False


class Rows(dict):
    """The optimizer rows by name. Those of the closed group are made when it opens or one is asked for: eight
    rows of sliders are a tenth of the window's start-up, for a group most never open."""

    def __init__(self, build):
        super().__init__()
        self.waiting: set[str] = set()
        self._build = build

    def __missing__(self, name: str) -> OptimizerRow:
        if name not in self.waiting:
            raise KeyError(name)
        self._build(name)
        return self[name]


class SetupPanel(QScrollArea):
    def __init__(self, model: AppModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("controls")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(max(form.horizontalSpacing(), 10))  # the widest label off its field
        self.problem_box = CompactComboBox(20)
        for name in PROBLEMS:
            self.problem_box.addItem(declared(problem_title(name)), name)
        self.problem_box.addItem(translate("setup", "custom: your own f(x1, x2)"), CUSTOM)
        self.problem_box.setToolTip(translate("setup", "the loss surface the optimizers race across"))
        self.problem_box.activated.connect(lambda _: self._problem_chosen())
        form.addRow(translate("setup", "Problem"), self.problem_box)
        self.function_field = QLineEdit(DEFAULT_FUNCTION)
        self.function_field.setToolTip(translate(
            "setup", "f(x1, x2) with + − * / **, parentheses, numbers, x1, x2, pi, e and sin cos exp log sqrt abs "
                     "tanh; press Enter to use it"))
        self.function_field.setAccessibleName(translate("setup", "your own function"))
        self.function_field.returnPressed.connect(lambda: model.choose_function(self.function_field.text()))
        self.function_label = QLabel("f(x1, x2) =")
        form.addRow(self.function_label, self.function_field)
        self.function_error = QLabel()
        self.function_error.setWordWrap(True)
        self.function_error.setStyleSheet(ERROR_STYLE)
        self.function_error.hide()
        form.addRow(self.function_error)
        self.preset_box = CompactComboBox()
        self.preset_box.addItem(translated("setup", NO_PRESET), None)
        for number, preset in enumerate(PRESETS.values(), start=1):
            self.preset_box.addItem((f"{number}. " if number <= 9 else "") + declared(preset.title), preset.name)
        self.preset_box.setToolTip(translate("setup", "reproduce one of the chapter's experiments (keys 1–9)"))
        self.preset_box.activated.connect(lambda _: self._preset_chosen())
        form.addRow(translate("setup", "Preset"), self.preset_box)
        self.noise_box = QDoubleSpinBox()
        self.noise_box.setRange(0.0, 10.0)
        self.noise_box.setSingleStep(0.1)
        self.noise_box.setDecimals(2)
        self.noise_box.setSpecialValueText(translate("setup", "off"))
        self.noise_box.setKeyboardTracking(False)  # a value typed in counts when it is finished
        self.noise_box.setToolTip(translate("setup", "σ of the N(0, σ²) noise added to each coordinate of every "
                                                     "gradient (§7.2's stochastic gradients): the same noise for "
                                                     "every run at a step, drawn from the seed"))
        self.noise_box.setAccessibleName(translate("setup", "gradient noise σ"))
        self.noise_box.valueChanged.connect(lambda value: model.set_noise(value))
        self.noise_label = QLabel(translate("setup", "Noise σ"))
        form.addRow(self.noise_label, self.noise_box)
        self.rng_box = CompactComboBox()
        self.rng_box.addItem(translate("setup", "adamviz's own"), "adamviz")
        self.rng_box.addItem(translate("setup", "the book's notebook"), "book")
        self.rng_box.setToolTip(translate("setup", "whose random numbers draw the start and the minibatch order: "
                                                   "adamviz's, or the book's notebook after np.random.seed(S); "
                                                   "torch.manual_seed(S) (S the seed), so that a student's notebook "
                                                   "gives the same numbers"))
        self.rng_box.activated.connect(lambda _: model.set_rng(self.rng_box.currentData()))
        self.rng_label = QLabel(translate("setup", "Numbers"))
        form.addRow(self.rng_label, self.rng_box)
        self.batch_box = QSpinBox()
        self.batch_box.setRange(1, 1500)
        self.batch_box.setKeyboardTracking(False)
        self.batch_box.setToolTip(translate("setup", "rows per minibatch (§7.3): 1 is stochastic gradient descent "
                                                     "on single examples, 1500 full-batch gradient descent; the runs "
                                                     "keep their epochs"))
        self.batch_box.setAccessibleName(translate("setup", "batch size"))
        self.batch_box.valueChanged.connect(lambda value: model.set_batch_size(value))
        self.batch_label = QLabel(translate("setup", "Batch size"))
        form.addRow(self.batch_label, self.batch_box)
        self.plane_box = CompactComboBox()
        self.plane_box.setToolTip(translate("setup", "which plane of (w, b) space the contour view slices"))
        self.plane_box.activated.connect(lambda _: model.set_plane(self.plane_box.currentData()))
        self.plane_label = QLabel(translate("setup", "Plane"))
        form.addRow(self.plane_label, self.plane_box)
        layout.addLayout(form)
        self.rows = Rows(self._build_waiting_row)
        # The chapter's six first, always in sight; the others in a group that opens on a click, or by
        # itself when one of them runs.
        self.more = Collapsible()
        self.more.setObjectName("more-optimizers")
        self.more.toggleButton().setToolTip(translate("setup", "the optimizers people now put beside Adam (and "
                                                               "yours, loaded from a file)"))
        self.more.toggled.connect(self._group_toggled)
        self.chapter_layout = layout
        self.wheels = WheelGuard(self)
        for setup in model.scenario.runs:
            if OPTIMIZERS[setup.optimizer].chapter:  # the group's, when it opens (Rows)
                self._add_row(setup)
        layout.addWidget(self.more)
        layout.addWidget(self._swarm_controls())
        hint = QLabel(translate("setup", "Click the surface or drag the square to move the start. Changing a value "
                                         "replays the run from the start to the current step."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.panel = panel
        self.wheels.guard(panel)  # the problem, preset and plane lists and the swarm's boxes too
        self.setMinimumWidth(panel.minimumSizeHint().width() + 24)
        events = model.events
        events.scenario.connect(lambda *_: self.show_scenario())
        events.runs.connect(self.show_rows)
        events.labels.connect(self._show_values)
        events.function_error.connect(self.show_function_error)
        events.swarm.connect(self.show_swarm)
        events.view.connect(self._show_plane)
        self.show_scenario()

    def _swarm_controls(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        self.swarm_box = QCheckBox(translate("setup", "Swarm"))
        font = self.swarm_box.font()
        font.setBold(True)
        self.swarm_box.setFont(font)
        self.swarm_tip = translate("setup", "many start points at once, all run by one optimizer as one batched "
                                            "computation: shows the basins of attraction (2-D problems)")
        self.swarm_box.setToolTip(self.swarm_tip)
        self.swarm_count = QSpinBox()
        self.swarm_count.setRange(10, MAX_SWARM)
        self.swarm_count.setSingleStep(100)
        self.swarm_count.setSuffix(translate("setup", " starts"))
        self.swarm_count.setMaximumWidth(
            self.swarm_count.fontMetrics().horizontalAdvance("10000" + self.swarm_count.suffix()) + 40)
        self.swarm_optimizer = CompactComboBox(8)
        for name, optimizer in OPTIMIZERS.items():
            if optimizer.elementwise:  # a swarm steps every start as one array, coordinate by coordinate
                self.swarm_optimizer.addItem(optimizer.shown_title, name)
        self.swarm_layout = CompactComboBox(8)
        for layout, text in SWARM_LAYOUTS.items():
            self.swarm_layout.addItem(translated("state", text), layout)
        grid.addWidget(self.swarm_box, 0, 0)
        grid.addWidget(self.swarm_optimizer, 0, 1)
        grid.addWidget(self.swarm_count, 1, 0)
        grid.addWidget(self.swarm_layout, 1, 1)
        self.swarm_note = QLabel()
        self.swarm_note.setWordWrap(True)
        self.swarm_note.setEnabled(False)
        grid.addWidget(self.swarm_note, 2, 0, 1, 2)
        model = self.model
        self.swarm_box.toggled.connect(lambda on: model.set_swarm(on))
        self.swarm_optimizer.currentIndexChanged.connect(
            lambda _: model.set_swarm(model.swarm.on, optimizer=self.swarm_optimizer.currentData()))
        self.swarm_layout.currentIndexChanged.connect(
            lambda _: model.set_swarm(model.swarm.on, layout=self.swarm_layout.currentData()))
        self.swarm_count.valueChanged.connect(lambda count: model.set_swarm(model.swarm.on, count=count))
        self.show_swarm()
        return box

    def set_type(self, font) -> None:
        """The panel's type; the group's header, a button with a style sheet, takes it when told."""
        self.setFont(font)
        self.more.toggleButton().setFont(font)

    # ------------------------------------------------------------ the model, shown

    def show_scenario(self) -> None:
        model, scenario = self.model, self.model.scenario
        self.problem_box.setCurrentIndex(self.problem_box.findData(scenario.problem))
        custom = scenario.problem == CUSTOM
        for widget in (self.function_field, self.function_label):
            widget.setVisible(custom or model.function_error is not None)
        if custom:
            self.function_field.setText(scenario.function)
            self.function_field.setCursorPosition(0)
        self._show_preset()
        self.show_rows()
        self._fill_planes()
        for widget in (self.noise_box, self.noise_label):  # the airfoil's minibatches are its noise
            widget.setVisible(model.problem.direct)
        for widget in (self.rng_box, self.rng_label):  # the airfoil's start and minibatches are drawn
            widget.setVisible(hasattr(model.problem, "book_numbers"))
        self.rng_box.setCurrentIndex(max(self.rng_box.findData(scenario.rng), 0))
        for widget in (self.batch_box, self.batch_label):
            widget.setVisible(hasattr(model.problem, "batch_size"))
        with QSignalBlocker(self.batch_box):
            self.batch_box.setValue(getattr(model.problem, "batch_size", 10))
        with QSignalBlocker(self.noise_box):
            self.noise_box.setValue(scenario.noise)
        direct = model.problem.direct
        self.swarm_box.setEnabled(direct)
        self.swarm_box.setToolTip(self.swarm_tip if direct
                                  else translate("setup", "swarm mode needs a problem with one or two parameters"))

    def _add_row(self, setup) -> None:
        """A row for ``setup``'s optimizer: the chapter's six in sight, the others (a user's file last) in
        the group; a file loaded again gets a new row, as its sliders may have changed."""
        optimizer = OPTIMIZERS[setup.optimizer]
        old = self.rows.get(setup.optimizer)
        if old is not None:
            if old.optimizer is optimizer:
                return
            self.more.removeWidget(old)
            old.deleteLater()
        model = self.model
        row = OptimizerRow(optimizer, setup.hyperparams, setup.enabled, setup.concise, setup.schedule,
                           setup.concise_defaults)
        row.defaultsToggled.connect(model.set_concise_defaults)
        row.toggled.connect(model.set_run_enabled)
        row.scheduleChanged.connect(self._schedule_typed)
        row.conciseToggled.connect(model.set_concise)
        row.hyperChanged.connect(model.set_hyper)
        if optimizer.chapter:
            self.chapter_layout.addWidget(row)
        else:  # in the scenario's order, whichever was made first
            order = [s.optimizer for s in self.model.scenario.runs]
            before = [name for name in self.rows if not OPTIMIZERS[name].chapter and name in order
                      and order.index(name) < order.index(setup.optimizer)]
            self.more.insertWidget(len(before), row)
        self.wheels.guard(row)
        self.rows[setup.optimizer] = row

    def show_rows(self) -> None:
        names = {setup.optimizer for setup in self.model.scenario.runs}
        for name in [name for name in self.rows if name not in names]:  # a file no longer in the scenario
            self.rows[name].setVisible(False)
        self.rows.waiting &= names
        opening = self.more.isExpanded() or bool(self.running_beside_the_chapter())
        for setup in self.model.scenario.runs:
            unmade = dict.get(self.rows, setup.optimizer) is None
            if unmade and not opening and not OPTIMIZERS[setup.optimizer].chapter:
                self.rows.waiting.add(setup.optimizer)
                continue
            self._add_row(setup)
            self.rows[setup.optimizer].setVisible(True)
            self.rows[setup.optimizer].set_state(setup.hyperparams, setup.enabled, setup.concise, setup.schedule,
                                                 setup.concise_defaults)
        if self.running_beside_the_chapter() and not self.more.isExpanded():
            self.more.expand()
        self._title_more()
        self._show_preset()

    def _group_toggled(self, opened: bool) -> None:
        if opened and self.rows.waiting:
            for name in sorted(self.rows.waiting, key=[s.optimizer for s in self.model.scenario.runs].index):
                self._build_waiting_row(name)
        self._title_more()

    def _build_waiting_row(self, name: str) -> None:
        self.rows.waiting.discard(name)
        setup = next(s for s in self.model.scenario.runs if s.optimizer == name)
        self._add_row(setup)
        self.rows[name].set_state(setup.hyperparams, setup.enabled, setup.concise, setup.schedule,
                                  setup.concise_defaults)

    def _schedule_typed(self, optimizer: str, text: str) -> None:
        """A schedule typed into a row: the model takes it, or the row says why not and keeps what it had."""
        error = self.model.set_schedule(optimizer, text)
        row = self.rows[optimizer]
        row.show_error(translate("setup", "{error}; keeping the previous schedule").format(error=error)
                       if error else None)
        if error is None:
            row.set_schedule(next(s.schedule for s in self.model.scenario.runs if s.optimizer == optimizer))

    def running_beside_the_chapter(self) -> list[str]:
        """The optimizers of the "more" group that run."""
        return [s.optimizer for s in self.model.scenario.runs if s.enabled and not OPTIMIZERS[s.optimizer].chapter]

    def _title_more(self) -> None:
        count = sum(not OPTIMIZERS[setup.optimizer].chapter for setup in self.model.scenario.runs)
        running = len(self.running_beside_the_chapter())
        if running:
            self.more.setText(translate("setup", "More optimizers ({count}, {running} on)").format(
                count=count, running=running))
        else:
            self.more.setText(translate("setup", "More optimizers ({count})").format(count=count))

    def _show_values(self, optimizer: str) -> None:
        if optimizer in self.rows.waiting:  # made from the model's values when it is
            return
        self.rows[optimizer].set_values(self.model.hyperparams(optimizer))
        self._show_preset()

    def _show_preset(self) -> None:
        index = self.preset_box.findData(self.model.preset) if self.model.preset else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    def show_function_error(self, error: str | None) -> None:
        self.function_field.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }" if error else "")
        self.function_error.setText(error or "")
        self.function_error.setVisible(bool(error))
        if error:
            for widget in (self.function_field, self.function_label):
                widget.setVisible(True)

    def _fill_planes(self) -> None:
        problem = self.model.problem
        visible = not problem.direct
        self.plane_box.setVisible(visible)
        self.plane_label.setVisible(visible)
        if self.plane_box.property("problem") == problem.name:
            self._show_plane()
            return
        self.plane_box.setProperty("problem", problem.name)
        self.plane_box.clear()
        if visible:
            self.plane_box.addItem(translate("setup", "principal plane of the runs"), None)
            names = problem.param_names
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    self.plane_box.addItem(translate("setup", "{first} and {second} (rest at the minimum)").format(
                        first=names[i], second=names[j]), (i, j))
        self._show_plane()

    def _show_plane(self) -> None:
        plane = self.model.view.plane
        for index in range(self.plane_box.count()):
            data = self.plane_box.itemData(index)
            if (data is None and plane is None) or (data is not None and plane is not None
                                                    and tuple(data) == tuple(plane)):
                self.plane_box.setCurrentIndex(index)
                return

    def show_swarm(self) -> None:
        swarm = self.model.swarm
        widgets = (self.swarm_box, self.swarm_optimizer, self.swarm_layout, self.swarm_count)
        for widget in widgets:
            widget.blockSignals(True)
        self.swarm_box.setChecked(swarm.on)
        self.swarm_optimizer.setCurrentIndex(self.swarm_optimizer.findData(swarm.optimizer))
        self.swarm_layout.setCurrentIndex(self.swarm_layout.findData(swarm.layout))
        self.swarm_count.setValue(swarm.count)
        for widget in widgets:
            widget.blockSignals(False)
        self.swarm_note.setText(translate("setup", "Play (Space) to watch every start point run.") if swarm.on else "")

    # ------------------------------------------------------------ the user's choices

    def _problem_chosen(self) -> None:
        name = self.problem_box.currentData()
        function = self.function_field.text() if name == CUSTOM else None
        self.model.choose_problem(name, function)

    def _preset_chosen(self) -> None:
        name = self.preset_box.currentData()
        if name:
            self.model.choose_preset(name)
        else:
            self._show_preset()
