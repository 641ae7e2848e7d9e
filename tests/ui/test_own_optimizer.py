"""Your own optimizer in the window: File → Load optimizer…, its run racing the built-ins, run in the engine
process (never the window's), its faults shown where the class looks, and sessions that ask first."""

from __future__ import annotations

import os

import pytest

from adamviz.core.scenario import default_scenario
from tests.files.sources import RAISES_AT_FIVE, adam_source, write
from tests.ui.conftest import settled, wait_for

PID_WRITER = '''
import os
import torch

with open({path!r}, "w") as out:
    out.write(str(os.getpid()))


def init_adam_states(params):
    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
'''


def readings(window) -> dict:
    return {reading.optimizer: reading.text for reading in window.model.readout().runs}


def test_a_loaded_file_races_the_built_ins_and_runs_in_the_engine_process(qtbot, make_window, tmp_path):
    window = make_window()
    pid_file = tmp_path / "pid"
    source = PID_WRITER.format(path=str(pid_file)) + adam_source().split("(params):\n    return [(torch.zeros_like(p), "
                                                                        "torch.zeros_like(p)) for p in params]\n")[1]
    path = write(tmp_path, "my_adam.py", source)
    assert window.files.load_optimizer(path)
    assert "my_adam" in window.model.message.text and not window.model.message.error
    row = window.setup.rows["my_adam"]
    assert window.setup.more.isExpanded() and row.isVisibleTo(window.setup) and row.enable.isChecked()
    assert "1 on" in window.setup.more.text()
    wait_for(qtbot, window, lambda w: settled(w, 20) and ("my_adam", False) in w.model.tracks)
    mine, builtin = window.model.tracks[("my_adam", False)], window.model.tracks[("adam", False)]
    assert mine.t == 20 and abs(mine.last_loss - builtin.last_loss) <= 1e-12 * max(1.0, builtin.last_loss)
    assert int(pid_file.read_text()) != os.getpid()  # the user's code ran in the engine's process, not here
    window.model.select_run(("my_adam", False))
    qtbot.waitUntil(lambda: window.model.parts is not None and window.model.parts.key == ("my_adam", False))
    text = window.step_panel.equations.toPlainText()
    assert "v[:] = beta1 * v + (1 - beta1) * p.grad" in text and "my_adam.py" in text


def test_a_file_that_cannot_be_an_optimizer_is_a_message_and_nothing_changes(make_window, tmp_path):
    window = make_window()
    before = [(s.optimizer, s.enabled) for s in window.model.scenario.runs]
    path = write(tmp_path, "bad.py", "def adam(params, states, hyperparams)\n    pass\n")
    assert not window.files.load_optimizer(path)
    assert window.model.message.error and "bad.py, line 1" in window.model.message.text
    assert [(s.optimizer, s.enabled) for s in window.model.scenario.runs] == before


def test_an_error_in_the_file_stops_its_run_only_and_says_where(qtbot, make_window, tmp_path):
    window = make_window()
    window.files.load_optimizer(write(tmp_path, "buggy.py", RAISES_AT_FIVE))
    wait_for(qtbot, window, lambda w: settled(w, 20) and ("buggy", False) in w.model.tracks
             and w.model.tracks[("buggy", False)].diverged_at is not None)
    track = window.model.tracks[("buggy", False)]
    assert (track.diverged_at, track.stop_reason) == (5, "error")
    assert readings(window)["buggy"] == "buggy.py: stopped at step 5: its code raised an error"
    assert all(window.model.tracks[key].t == 20 for key in window.model.keys if key[0] != "buggy")
    qtbot.waitUntil(lambda: window.model.message is not None and window.model.message.error
                    and "buggy.py stopped at step 5: RuntimeError: my bug" in window.model.message.text)
    window.model.select_run(("buggy", False))
    qtbot.waitUntil(lambda: "my bug at step five (buggy.py, line 9)" in window.step_panel.equations.toPlainText())


def test_a_session_with_a_file_runs_it_only_once_the_user_says_yes(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from adamviz.core.optimizer_files import load_optimizer_file, unload
    from adamviz.core.scenario import with_file_runs
    from adamviz.core.session import Session, save_session

    path = write(tmp_path, "my_adam.py", adam_source())
    name = load_optimizer_file(path).name
    session_file = save_session(tmp_path / "s.json", Session(with_file_runs(default_scenario("toy2", ("adam",)),
                                                                            [name])))
    unload(name)
    window = make_window()
    for answer, runs in ((QMessageBox.StandardButton.No, False), (QMessageBox.StandardButton.Yes, True)):
        asked = []
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *args, answer=answer, asked=asked, **kw: asked.append(args) or answer)
        assert window.files.open_session(session_file)
        assert len(asked) == 1 and "my_adam.py" in asked[0][2]
        assert any(s.optimizer == "my_adam" and s.enabled for s in window.model.scenario.runs) == runs
        assert ("without my_adam.py" in window.model.message.text) == (not runs)
    wait_for(qtbot, window, lambda w: ("my_adam", False) in w.model.tracks and w.model.tracks[("my_adam", False)].t
             == w.model.step)


def test_the_last_session_comes_back_without_the_file_until_it_is_loaded(make_window, tmp_path):
    from adamviz.core.optimizer_files import load_optimizer_file
    from adamviz.core.scenario import with_file_runs
    from adamviz.core.session import Session, save_session
    from adamviz.ui import settings as stored

    name = load_optimizer_file(write(tmp_path, "my_adam.py", adam_source())).name
    save_session(stored.last_session_file(), Session(with_file_runs(default_scenario("toy2", ("adam",)), [name])))
    window = make_window()
    try:
        assert window.files.restore_last_session()
        assert not any(s.optimizer == "my_adam" for s in window.model.scenario.runs if s.enabled)
        assert "my_adam.py not loaded" in window.model.message.text
    finally:
        stored.last_session_file().unlink(missing_ok=True)


@pytest.mark.parametrize("problem", ["airfoil"])
def test_the_file_stays_through_a_change_of_problem(qtbot, make_window, tmp_path, problem):
    window = make_window()
    window.files.load_optimizer(write(tmp_path, "my_adam.py", adam_source()))
    window.model.choose_problem(problem)
    assert any(s.optimizer == "my_adam" and s.enabled for s in window.model.scenario.runs)
    wait_for(qtbot, window, lambda w: settled(w) and w.model.tracks.get(("my_adam", False)) is not None
             and w.model.tracks[("my_adam", False)].t == w.model.step, timeout=40_000)
