"""The window's engine in its own process: it dies, the window carries on; the thread backend still works."""

from __future__ import annotations

import numpy as np

from adamviz.core.messages import StepBy
from adamviz.core.scenario import PRESETS

from .conftest import settled, wait_for


def test_engine_runs_in_another_process_and_stops_with_the_window(window):
    from adamviz.ui.worker import ProcessEngine

    engine = window.link.worker
    assert isinstance(engine, ProcessEngine)
    assert engine.process.poll() is None
    window.close()
    assert engine.process.poll() is not None  # the process has exited
    assert not engine.thread.isRunning()


def test_a_killed_engine_is_replaced_and_the_runs_come_back(qtbot, window, monkeypatch):
    import adamviz.ui.window as window_module

    reports = []
    monkeypatch.setattr(window_module, "report_error", lambda *args: reports.append(args))
    before = {key: track.points.copy() for key, track in window.model.tracks.items()}
    old = window.link.worker
    old.process.kill()
    wait_for(qtbot, window, lambda w: w.link.worker is not old and settled(w, 20), timeout=30_000)
    assert reports and "unexpected" in reports[0][1]
    assert "killed by signal 9, SIGKILL" in reports[0][2]  # how it ended, not "exit code None"
    assert window.link.worker.process.poll() is None
    for key, points in before.items():
        np.testing.assert_array_equal(window.model.tracks[key].points, points)


def test_the_thread_backend_gives_the_same_numbers(qtbot, make_window):
    from adamviz.ui.worker import ThreadEngine

    window = make_window(engine="thread")
    assert isinstance(window.link.worker, ThreadEngine)
    other = make_window()
    for key, track in window.model.tracks.items():
        np.testing.assert_array_equal(track.points, other.model.tracks[key].points)
    window.model.step_once()
    wait_for(qtbot, window, lambda w: settled(w, 21))
    thread = window.link.worker.thread
    window.close()
    assert thread.isFinished()


def torch_is_loaded(process) -> bool:
    """Whether the engine process has torch's library mapped (what `import torch` does), read from /proc."""
    with open(f"/proc/{process.pid}/maps") as maps:
        return "libtorch_cpu" in maps.read()


def loaded_engine(qtbot, preload_torch: bool, language: str = "en"):
    from adamviz.core.messages import Load
    from adamviz.ui.worker import ProcessEngine

    engine = ProcessEngine(preload_torch=preload_torch, language=language)
    with qtbot.waitSignal(engine.snapshot, timeout=20_000) as got:
        engine.send(Load(1, PRESETS["toy2-compare"].scenario(), 20))
    assert [len(update.points) for update in got.args[0].runs] == [21, 21, 21]
    engine.acknowledge()
    return engine


def test_the_engine_steps_the_bowls_without_torch_and_loads_it_once_quiet(qtbot):
    from adamviz.core.host import TORCH_AFTER_QUIET_S

    engine = loaded_engine(qtbot, preload_torch=True)
    try:
        assert not torch_is_loaded(engine.process)  # the first runs came without it
        qtbot.waitUntil(lambda: torch_is_loaded(engine.process), timeout=int(TORCH_AFTER_QUIET_S * 1000) + 20_000)
        with qtbot.waitSignal(engine.snapshot, timeout=20_000) as got:  # and the engine still answers
            engine.send(StepBy(5))
        assert got.args[0].target == 25
    finally:
        engine.stop()
    assert engine.process.poll() is not None


def test_a_scripted_engine_never_loads_torch_for_the_bowls(qtbot):
    from adamviz.core.host import TORCH_AFTER_QUIET_S

    engine = loaded_engine(qtbot, preload_torch=False)
    try:
        qtbot.wait(int(TORCH_AFTER_QUIET_S * 1000) + 1500)
        assert not torch_is_loaded(engine.process)
    finally:
        engine.stop()


def rejection(qtbot, engine) -> str:
    """What the engine process says of a learning rate below its range (which the window never sends)."""
    from adamviz.core.messages import SetHyper

    with qtbot.waitSignal(engine.rejected, timeout=20_000) as got:
        engine.send(SetHyper("adam", {"lr": -1.0}))
    return got.args[0]


def test_the_engine_process_speaks_the_windows_language(qtbot):
    """A message made in the engine process is in the window's language: Chinese from a Chinese window,
    English otherwise (the command line's words)."""
    said = {}
    for language in ("zh_CN", "en"):
        engine = loaded_engine(qtbot, preload_torch=False, language=language)
        try:
            said[language] = rejection(qtbot, engine)
        finally:
            engine.stop()
    assert said["en"] == "adam.lr=-1 is outside its range (0, 10]"
    assert said["zh_CN"] == "adam.lr=-1 超出其范围 (0, 10]"


def test_a_window_in_chinese_starts_a_chinese_engine(qapp, make_window):
    from adamviz.ui.i18n import install_language

    install_language(qapp, "zh_CN")
    try:
        window = make_window()
        assert window.link.worker.process.args[-2:] == ["--lang", "zh_CN"]
    finally:
        install_language(qapp, "en")
    assert "--lang" not in make_window().link.worker.process.args
