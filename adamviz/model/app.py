"""The application model: everything the window shows, in one place, with change events. No Qt.

The window's widgets only render this model and call its methods with what
the user asks for (napari's ViewerModel and its listening Qt widgets are the
pattern). The model keeps the Scenario (what the engine computes), playback
(playing, speed, the current step), swarm mode, the explained run, how the
views are shown, and messages for the user; it sends commands to the engine
host through ``send`` and takes its results in ``receive``.

One current step, ``step``, set from each snapshot the engine sends, is what
the counter, the status line, the step panel and the step's arrows all show
(see ``readout``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from adamviz.core import messages as cmd
from adamviz.core.messages import RunKey
from adamviz.core.optimizers import get_optimizer
from adamviz.core.problems import CUSTOM, DataError
from adamviz.core.scenario import PRESETS, Scenario, carry_files, default_scenario, matching_preset
from adamviz.core.session import Session, ViewSettings
from adamviz.core.text import translate
from adamviz.model.events import Events
from adamviz.model.readout import DEFAULT_SPEED, SPEEDS, Readout, readout_of
from adamviz.model.run_edits import RunIntents
from adamviz.model.runs import RunSet
from adamviz.model.showing import ShowingIntents
from adamviz.model.state import MAX_SWARM, SWARM_LAYOUTS, SwarmState, ViewState
from adamviz.model.studies import StudyIntents

EVENTS = (
    "scenario",  # a new scenario: problem (changed or not), runs, start; views start over
    "runs",  # runs switched on or off
    "labels",  # a run's hyperparameters changed (legend text)
    "start",  # the common start point moved (or a move was refused)
    "frame",  # a snapshot of the runs arrived: tracks, step and step parts changed
    "swarm",  # swarm mode on or off, or its settings
    "swarm_frame",  # a snapshot of the swarm arrived
    "playback",  # playing or paused, speed
    "selection",  # the explained run
    "view",  # theme, presentation, panels, help, loss axis, plane, overlays
    "message",  # a Message for the user
    "function_error",  # the custom function's field: an error text, or None
    "sweep_started",
    "sweep_done",
    "batches_started",  # §7.3's comparison of minibatch sizes was asked for
    "batches_done",
    "engine",  # the engine became ready, or was replaced
)


@dataclass(frozen=True)
class Message:
    text: str
    error: bool
    serial: int
    """Distinguishes two identical messages shown one after the other."""


class AppModel(RunIntents, StudyIntents, ShowingIntents):
    def __init__(self, scenario: Scenario, send: Callable[[object], None], target: int | None = None,
                 *, dark: bool = False):
        self.events = Events(*EVENTS)
        self._send = send
        self.scenario = scenario
        self.problem = scenario.problem_object()
        self.preset: str | None = matching_preset(scenario)
        self.runs = RunSet.empty()
        self.serial = 0
        self.step = 0
        self.catching_up = False
        self.playing = False
        self.speed_index = DEFAULT_SPEED
        self.selected: RunKey | None = None
        self.parts: cmd.StepParts | None = None
        self.swarm = SwarmState()
        self.view = ViewState(dark=dark)
        self.message: Message | None = None
        self.function_error: str | None = None
        self.engine_ready = False
        self.waiting = True
        """Nothing has arrived yet of the runs last set up (a new scenario, runs switched on, a new engine)."""
        self._sweep_serial = 0
        self._batches_serial = 0
        self._message_serial = 0
        self._faults_shown: set = set()
        """(run, its start, message) of the users' files that raised, once each in the banner."""
        self._shown_problem = None
        self.load(scenario, scenario.steps if target is None else target)

    # ------------------------------------------------------------ reading

    @property
    def speed(self) -> float | None:
        return SPEEDS[self.speed_index]

    @property
    def keys(self) -> list[RunKey]:
        return self.runs.keys

    @property
    def tracks(self):
        return self.runs.tracks

    def at_rest_at(self, target: int | None = None) -> bool:
        """The window shows every run at ``target`` (default: the current step) with no replay pending."""
        if not self.engine_ready or self.catching_up or self.swarm.on:
            return False
        if target is not None and self.step != target:
            return False
        return self.runs.at_step(self.step) and (bool(self.keys) or target is not None)

    def swarm_at(self, t: int) -> bool:
        return self.swarm.on and self.swarm.t == t and not self.catching_up

    def readout(self) -> Readout:
        """The current step's texts and parts, all of one moment."""
        return readout_of(self)

    # ------------------------------------------------------------ messages

    def show_message(self, text: str | None, error: bool = True) -> None:
        """A message for the user, shown wherever the window is looking (None: take it down)."""
        self._message_serial += 1
        self.message = Message(text, error, self._message_serial) if text else None
        self.events.message.emit(self.message)

    # ------------------------------------------------------------ scenario

    def load(self, scenario: Scenario, target: int) -> None:
        """Show ``scenario`` (already validated) and bring it to step ``target``."""
        problem = scenario.problem_object()
        problem_changed = problem is not self._shown_problem
        self._shown_problem = problem
        self.scenario, self.problem = scenario, problem
        self.preset = matching_preset(scenario)
        self.serial += 1
        self.waiting = True
        self.step = target
        self.runs.set_scenario(scenario, keep_tracks=False)
        self.parts = None
        if problem_changed:
            self.view.plane = None
            if not problem.steps_per_epoch:
                self.view.loss_by_epoch = False
        if self.playing:  # a new setup is shown at its own step count; Play continues from there
            self.set_playing(False)
        self._send(cmd.Load(self.serial, scenario, target))
        self._select_default_run()
        self.events.scenario.emit(problem_changed)
        if self.swarm.on:
            if problem.direct:
                self._swarm_changed()
            else:
                self.set_swarm(False)

    def choose_problem(self, name: str, function: str | None = None) -> bool:
        """Switch to problem ``name`` (custom: with ``function``); False, with a message, if refused."""
        if name == CUSTOM and function is None:
            function = self.scenario.function
        if name == self.scenario.problem and function == self.scenario.function:
            return True
        flags = {s.optimizer: (s.enabled, s.concise, s.concise_defaults) for s in self.scenario.runs}
        try:
            scenario = default_scenario(name, tuple(n for n, (on, *_) in flags.items() if on),
                                        function=function if name == CUSTOM else None)
        except (ValueError, DataError) as exc:  # an unusable data file, a function that does not parse
            if name == CUSTOM:
                self._function_error(str(exc))
            else:
                self.show_message(str(exc))
            self.events.scenario.emit(False)  # the problem box goes back to the problem shown
            return False
        for setup in scenario.runs:
            _, setup.concise, setup.concise_defaults = flags.get(setup.optimizer, (False, False, False))
        if self.scenario.noise and scenario.problem_object().direct:  # the noise goes on with a 1-D or 2-D problem
            scenario = replace(scenario, noise=self.scenario.noise).validated()
        self._function_error(None)
        self.load(carry_files(self.scenario, scenario), scenario.steps)
        return True

    def choose_function(self, text: str) -> bool:
        """Use f(x1, x2) = ``text``; a bad one is explained beside the field and the old one stays."""
        return self.choose_problem(CUSTOM, text)

    def _function_error(self, error: str | None) -> None:
        self.function_error = (translate("app", "{error}; keeping the previous function").format(error=error)
                               if error else None)
        self.events.function_error.emit(self.function_error)

    def choose_preset(self, name: str) -> None:
        try:
            scenario = PRESETS[name].scenario()
            scenario = carry_files(self.scenario, scenario)
        except (ValueError, DataError) as exc:
            self.show_message(str(exc))
            return
        self.load(scenario, scenario.steps)

    def choose_preset_number(self, number: int) -> None:
        """The ``number``-th preset (1-based), as keys 1–9 choose them."""
        names = list(PRESETS)
        if 1 <= number <= len(names):
            self.choose_preset(names[number - 1])

    def apply_session(self, session: Session) -> None:
        if self.swarm.on:
            self.set_swarm(False)
        self.set_dark(session.theme == "dark")
        self.load(session.scenario, session.scenario.steps)
        view = session.view
        if not self.problem.direct and view.plane is not None:
            self.set_plane(tuple(view.plane))
        if view.loss_by_epoch and self.problem.steps_per_epoch:
            self.set_loss_by_epoch(True)

    def session(self, contour_range=None, plane_axes: tuple[int, int] = (1, 1)) -> Session:
        """What the window shows now, as a Session (``contour_range``: the contour view's, if it has one;
        ``plane_axes``: how its principal plane faces)."""
        scenario = replace(self.scenario, steps=self.step).validated()
        x, y = contour_range if contour_range is not None else (None, None)
        principal = not self.problem.direct and self.view.plane is None
        view = ViewSettings(contour_x=x, contour_y=y, plane=None if self.problem.direct else self.view.plane,
                            plane_axes=tuple(plane_axes) if principal else (1, 1),
                            loss_by_epoch=bool(self.view.loss_by_epoch))
        return Session(scenario, view, self.view.theme_name)

    def set_start(self, x1: float, x2: float) -> bool:
        """Move the common start (2-D problems; on a curve x1 is its x, and x2 is not used); a point where f is
        undefined is refused with a message."""
        from adamviz.core.engine import checked_start
        from adamviz.core.scenario import check_point

        given = (x1,) if self.problem.curve else (x1, x2)
        try:
            point = checked_start(self.problem, np.asarray(check_point(given, self.problem.dim)))
        except ValueError as exc:
            self.show_message(str(exc))
            self.events.start.emit()  # the handle goes back
            return False
        self.scenario = replace(self.scenario, start=tuple(float(value) for value in point))
        self._send(cmd.SetStart(self.scenario.start))
        self.events.start.emit()
        return True

    def set_noise(self, sigma: float) -> bool:
        """N(0, σ²) on every gradient from now on (2-D problems), the runs replayed to the current step."""
        from adamviz.core.problems.noisy import check_noise

        try:
            sigma = check_noise(sigma, self.problem)
        except ValueError as exc:
            self.show_message(str(exc))
            return False
        if sigma != self.scenario.noise:
            self.load(replace(self.scenario, noise=sigma).validated(), self.step)
        return True

    def set_rng(self, rng: str) -> bool:
        """Whose random numbers draw the airfoil's start and minibatches ("adamviz" or "book"); the runs replay."""
        from adamviz.core.scenario import check_rng

        try:
            check_rng(rng, self.problem, self.scenario.seed)
        except ValueError as exc:
            self.show_message(str(exc))
            return False
        if rng != self.scenario.rng:
            self.load(replace(self.scenario, rng=rng).validated(), self.step)
        return True

    def set_batch_size(self, size: int) -> bool:
        """The airfoil's minibatch size from now on; the runs replay, as many epochs as they had."""
        from adamviz.core.scenario import check_batch

        try:
            check_batch(size, self.problem)
        except ValueError as exc:
            self.show_message(str(exc))
            return False
        if size != getattr(self.problem, "batch_size", None):
            epochs = self.step / self.problem.steps_per_epoch
            scenario = replace(self.scenario, batch_size=None if size == 10 else size).validated()
            self.load(scenario, max(0, round(epochs * scenario.problem_object().steps_per_epoch)))
        return True

    def start_point(self) -> tuple[float, ...] | None:
        """The common start, (x1, x2) or a curve's (x,); None where the view's axes are not the parameters."""
        if not self.problem.direct:
            return None
        point = self.scenario.start or self.problem.initial_point()
        return tuple(float(value) for value in point)

    def select_run(self, key: RunKey | None) -> None:
        self.selected = key
        self.parts = None
        self._send(cmd.Select(key))
        self.events.selection.emit()

    def _select_default_run(self) -> None:
        scratch = [key for key in self.keys if not key[1]]
        chosen = self.selected if self.selected in scratch else (scratch[-1] if scratch else None)
        self.selected = chosen
        self.parts = None
        self._send(cmd.Select(chosen))
        self.events.selection.emit()

    # ------------------------------------------------------------ playback

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self._send(cmd.Play(playing))
        self.events.playback.emit()

    def toggle_play(self) -> None:
        self.set_playing(not self.playing)

    def step_once(self) -> None:
        if self.playing:
            self.set_playing(False)
        self._send(cmd.StepBy(1))

    def reset(self) -> None:
        self._send(cmd.Reset())

    def run_to(self, target: int) -> None:
        self._send(cmd.StepBy(max(0, target - self.step)))

    def set_speed(self, index: int) -> None:
        index = min(max(int(index), 0), len(SPEEDS) - 1)
        if index != self.speed_index:
            self.speed_index = index
            self._send(cmd.Speed(self.speed))
            self.events.playback.emit()

    def faster(self) -> None:
        self.set_speed(self.speed_index + 1)

    def slower(self) -> None:
        self.set_speed(self.speed_index - 1)

    # ------------------------------------------------------------ the engine's results

    def receive(self, snapshot) -> None:
        """A snapshot from the engine: the runs' new points (or the swarm's state) and the current step."""
        if isinstance(snapshot, cmd.SwarmSnapshot):
            if snapshot.serial == self.serial and self.swarm.on:
                self.catching_up = snapshot.catching_up
                self.swarm.absorb(snapshot.t, snapshot.positions, snapshot.alive, snapshot.median_loss,
                                  snapshot.summary)
                self.events.swarm_frame.emit()
                if self.playing and not snapshot.summary.get("alive", 1):
                    self.set_playing(False)  # every particle stopped: nothing plays, so Pause would mislead
            return
        if snapshot.serial != self.serial or self.swarm.on:
            return
        self.waiting = False
        self.step = snapshot.target
        self.catching_up = snapshot.catching_up
        self.runs.absorb(snapshot, self.problem.dim, self.problem.minimum)
        self.parts = snapshot.parts
        self._announce_faults(snapshot)
        self.events.frame.emit()
        if self.playing and self.keys and self.runs.all_stopped():
            self.set_playing(False)  # every run diverged or stopped: nothing plays, so Pause would mislead

    def _announce_faults(self, snapshot) -> None:
        """A user's file that raised says so where the class looks (the banner), once per run and start."""
        for update in snapshot.runs:
            if update.stop_reason == "error" and update.stop_message:
                fault = (update.key, update.generation, update.stop_message)
                if fault not in self._faults_shown:
                    self._faults_shown.add(fault)
                    title = get_optimizer(update.key[0]).shown_title
                    self.show_message(translate("app", "{optimizer} stopped at step {step}: {message}").format(
                        optimizer=title, step=update.diverged_at, message=update.stop_message))

    def engine_started(self) -> None:
        if not self.engine_ready:
            self.engine_ready = True
            self.events.engine.emit()

    def engine_replaced(self) -> list[object]:
        """A new engine, after the last one died: the commands that bring it to what the window shows."""
        self.serial += 1
        self.waiting = True
        self.runs.clear()
        self.playing = False
        commands = [cmd.Load(self.serial, self.scenario, self.step), cmd.Speed(self.speed), cmd.Select(self.selected)]
        if self.swarm.on:
            commands.append(self._swarm_setup())
        self.events.playback.emit()
        self.events.engine.emit()
        return commands

    def engine_failed(self) -> None:
        """The engine hit an unexpected error: the runs pause."""
        self.playing = False
        self.events.playback.emit()

    # ------------------------------------------------------------ swarm

    def set_swarm(self, on: bool, *, optimizer: str | None = None, count: int | None = None,
                  layout: str | None = None) -> None:
        """Swarm mode on or off, and its settings; a new setting starts the swarm over from step 0."""
        swarm = self.swarm
        if optimizer is not None:
            get_optimizer(optimizer)
            swarm.optimizer = optimizer
        if count is not None:
            swarm.count = min(max(int(count), 10), MAX_SWARM)
        if layout is not None:
            if layout not in SWARM_LAYOUTS:
                raise ValueError(f"unknown swarm layout {layout!r}")
            swarm.layout = layout
        if on and not self.problem.direct:
            self.show_message(translate("app", "swarm mode needs a problem with one or two parameters"))
            on = False
        if not on and not swarm.on:
            self.events.swarm.emit()
            return
        swarm.on = on
        self._swarm_changed()

    def _swarm_setup(self) -> cmd.SwarmSetup:
        swarm = self.swarm
        return cmd.SwarmSetup(self.serial, self.scenario, swarm.optimizer, self.hyperparams(swarm.optimizer),
                              swarm.count, swarm.layout, 0)

    def _swarm_changed(self) -> None:
        self.serial += 1
        self.swarm.restart()
        self.catching_up = False
        if self.swarm.on:
            self._send(self._swarm_setup())
            self.parts = None
        else:
            self._send(cmd.SwarmOff())
            self.runs.clear()
            self._send(cmd.Load(self.serial, self.scenario, self.step))
        self.events.swarm.emit()
