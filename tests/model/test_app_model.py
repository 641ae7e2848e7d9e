"""The application model without Qt: driven by an engine host in the same thread, as the window drives it."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from adamviz.core import messages as cmd
from adamviz.core.host import EngineHost
from adamviz.core.scenario import PRESETS, default_scenario
from adamviz.model import AppModel
from adamviz.model.readout import SPEEDS


class Harness:
    """An AppModel whose commands go straight to an EngineHost, whose results come straight back."""

    def __init__(self, scenario, target=None):
        self.frames: list[int] = []
        self.messages: list = []
        self.sweeps: list = []
        self.host = EngineHost(self._result)
        self.model = None
        self.model = AppModel(scenario, self.host.handle, target)
        self.model.events.message.connect(self.messages.append)
        self.model.events.frame.connect(lambda: self.frames.append(self.model.step))
        self.model.events.sweep_done.connect(lambda *args: self.sweeps.append(args))
        self.model.engine_started()

    def _result(self, message) -> None:
        if self.model is None:
            return
        if isinstance(message, (cmd.Snapshot, cmd.SwarmSnapshot)):
            self.model.receive(message)
            self.host.acknowledge()
        elif isinstance(message, cmd.SweepDone):
            self.model.receive_sweep(message)
        elif isinstance(message, cmd.Rejected):
            self.model.show_message(message.message)

    def run_until(self, predicate, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            delay = self.host.tick()
            if time.monotonic() > deadline:
                raise AssertionError("the model never got there")
            time.sleep(min(delay or 0.0, 0.01))


@pytest.fixture
def harness():
    return Harness(PRESETS["toy2-compare"].scenario())


def test_the_readout_is_of_one_step_frame_after_frame(harness):
    model = harness.model
    harness.run_until(lambda: model.at_rest_at(20))
    readings = []
    model.events.frame.connect(lambda: readings.append(model.readout()))
    model.set_speed(SPEEDS.index(20))
    model.set_playing(True)
    harness.run_until(lambda: model.step >= 30)
    model.set_playing(False)
    assert readings
    for readout in readings:
        assert readout.counter.startswith(f"step {readout.step}")
        assert readout.parts is not None and readout.parts.t == readout.step  # Adam, explained by default
        for reading in readout.runs:
            assert reading.scratch.loss is not None
    engine = replace(model.scenario, steps=readings[-1].step).run()
    last = {reading.optimizer: reading.scratch.loss for reading in readings[-1].runs}
    for run in engine.runs:
        assert last[run.spec.optimizer] == run.losses[-1]  # the status line's numbers are the engine's


def test_a_stale_snapshot_is_ignored(harness):
    model = harness.model
    harness.run_until(lambda: model.at_rest_at(20))
    old = model.serial
    model.choose_preset("gd-toy2")
    stale = cmd.Snapshot(old, 99, [], False, False)
    model.receive(stale)
    assert model.step != 99


def test_presentation_mode_sets_the_controls_aside_and_gives_them_back(harness):
    model = harness.model
    model.set_steps_shown(False)
    model.set_presenting(True)
    assert model.view.presenting and not model.view.controls_shown and not model.view.steps_shown
    model.set_controls_shown(True)  # C brings them back while presenting
    model.set_help_shown(True)
    model.escape()  # Esc closes the help first
    assert model.view.presenting and not model.view.help_shown
    model.escape()
    assert not model.view.presenting
    assert model.view.controls_shown and not model.view.steps_shown  # as before presentation mode


def test_a_refused_problem_is_a_message_and_nothing_changes(harness, broken_airfoil):
    model = harness.model
    broken_airfoil("missing")
    before = model.scenario
    assert not model.choose_problem("airfoil")
    assert model.scenario is before
    assert harness.messages and harness.messages[-1].error and "missing" in harness.messages[-1].text


def test_a_function_that_does_not_parse_is_said_beside_its_field(harness):
    model = harness.model
    errors = []
    model.events.function_error.connect(errors.append)
    assert not model.choose_function("x1 +")
    assert errors[-1] and "keeping the previous function" in errors[-1]
    assert model.scenario.problem == "toy2"
    assert model.choose_function("x1**2 + x2**2")
    assert errors[-1] is None and model.scenario.problem == "custom"


def test_the_preset_shown_is_the_one_loaded_until_something_changes(harness):
    model = harness.model
    assert model.preset == "toy2-compare"
    model.choose_preset("adam-airfoil")
    assert model.preset == "adam-airfoil"
    model.set_hyper("adam", "lr", 0.02)
    assert model.preset is None  # an edited preset is no longer the chapter's experiment
    assert AppModel(default_scenario("toy1"), lambda c: None).preset is None


def test_a_sweep_comes_back_to_the_model_and_a_chosen_rate_replays(harness):
    model = harness.model
    assert model.request_sweep()
    harness.run_until(lambda: bool(harness.sweeps))
    done, current, problem_title = harness.sweeps[-1]
    assert set(done.results) == {"momentum", "rmsprop", "adam"} and problem_title.startswith("toy2")
    assert current["adam"] == model.hyperparams("adam")["lr"]
    model.choose_lr("adam", 0.562)
    assert model.hyperparams("adam")["lr"] == 0.562
    assert "η=0.562" in model.runs.labels[("adam", False)]


def test_swarm_mode_reads_out_the_swarm(harness):
    model = harness.model
    model.set_swarm(True, optimizer="rmsprop", count=50)
    model.step_once()
    harness.run_until(lambda: model.swarm_at(1))
    readout = model.readout()
    assert readout.swarm is not None and readout.swarm.particles == 50 and readout.step == 1
    assert readout.status.startswith("swarm of 50 RMSProp")
    model.set_swarm(False)
    harness.run_until(lambda: model.at_rest_at(20))
    assert model.readout().swarm is None


def test_a_new_engine_gets_what_the_window_shows(harness):
    model = harness.model
    harness.run_until(lambda: model.at_rest_at(20))
    model.set_speed(SPEEDS.index(5))
    commands = model.engine_replaced()
    load, speed, select = commands
    assert isinstance(load, cmd.Load) and load.target == 20 and load.serial == model.serial
    assert speed.steps_per_s == 5 and select.key == ("adam", False)
    assert not model.tracks  # the new engine sends every run whole


def test_a_run_that_stops_says_the_same_everywhere():
    scenario = default_scenario("toy1", ("rmsprop",), 5)
    scenario.runs[[r.optimizer for r in scenario.runs].index("rmsprop")].hyperparams["eps"] = 0.0
    scenario = replace(scenario, start=(1e5, 0.0)).validated()
    harness = Harness(scenario)
    model = harness.model
    model.select_run(("rmsprop", False))
    harness.run_until(lambda: model.at_rest_at(5))
    readout = model.readout()
    assert readout.explained_stop == (1, "undefined", None)
    assert readout.runs[0].text == "RMSProp: stopped at step 1: not a number"
    assert np.isfinite(model.tracks[("rmsprop", False)].last_loss)
