"""Your own optimizer from a file: the chapter's cell unchanged, races the built-ins to the last digit, and
every way a file can be wrong or go wrong stops it alone, with its own line."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from adamviz.core import file_runs
from adamviz.core.engine import ERROR, Engine, RunSpec
from adamviz.core.optimizer_files import OptimizerFileError, load_optimizer_file, read_optimizer_file
from adamviz.core.optimizers import get_optimizer
from adamviz.core.problems import get_problem
from tests.files.sources import (
    BROKEN,
    CHAPTER_ADAM,
    HANGS_AT_THREE,
    MAKES_NAN,
    RAISES_AT_FIVE,
    STEP_RECORDER,
    adam_source,
    write,
)


def race(problem_name: str, name: str, reference: str, steps: int, **values) -> tuple:
    problem = get_problem(problem_name)
    base = problem.hyperparams_for(reference)
    engine = Engine(problem, [RunSpec(reference, dict(base)), RunSpec(name, {"lr": base["lr"], **values})])
    engine.step(steps)
    return engine.runs


def test_the_chapters_adam_cell_loads_unchanged_and_races_adam_on_the_airfoil_to_float32_rounding():
    optimizer = load_optimizer_file(CHAPTER_ADAM)
    assert optimizer.name == "chapter_adam" and optimizer.title == "chapter_adam.py"
    builtin, mine = race("airfoil", optimizer.name, "adam", 300)  # the full two epochs
    assert mine.stop_reason is None and mine.t == builtin.t == 300
    assert mine.hyperparams["lr"] == builtin.hyperparams["lr"] == 0.01
    # float32 steps, the same operations in the same order: the same numbers, to float32's rounding
    np.testing.assert_allclose(mine.points, builtin.points, rtol=2e-7, atol=1e-9)
    np.testing.assert_allclose(mine.losses, builtin.losses, rtol=1e-6)


def test_the_step_panel_gets_the_cells_v_and_s_of_the_last_step_taken():
    optimizer = load_optimizer_file(CHAPTER_ADAM)
    for steps in (1, 7, 300):
        builtin, mine = race("airfoil", optimizer.name, "adam", steps)
        for name in ("v", "s"):
            theirs = np.concatenate([np.asarray(part, dtype=np.float64).ravel() for part in mine.last_parts[name]])
            ours = np.concatenate([np.asarray(part, dtype=np.float64).ravel() for part in builtin.last_parts[name]])
            np.testing.assert_allclose(theirs, ours, rtol=2e-6, atol=1e-12)
        assert mine.last_parts["v"][0].shape == (5, 1)  # the book's w, as their code keeps it


def test_the_time_limit_leaves_the_alarm_as_it_found_it():
    import signal

    def mine(signum, frame):
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        race("airfoil", load_optimizer_file(CHAPTER_ADAM).name, "adam", 20)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_correct_adam_races_adam_on_toy2_to_float64_rounding(tmp_path):
    name = load_optimizer_file(write(tmp_path, "my_adam.py", adam_source())).name
    builtin, mine = race("toy2", name, "adam", 200)
    assert mine.t == 200 and builtin.arrays == "numpy" and mine.arrays == "torch"
    np.testing.assert_allclose(mine.points, builtin.points, rtol=1e-13, atol=1e-15)


def test_every_step_gets_its_own_t_the_problems_dtype_and_the_parameters_shapes(tmp_path):
    name = load_optimizer_file(write(tmp_path, "counter.py", STEP_RECORDER)).name
    for problem_name, dtype, shapes in (("toy2", "torch.float64", [(2,)]),
                                        ("airfoil", "torch.float32", [(5, 1), (1,)])):
        engine = Engine(get_problem(problem_name), [RunSpec(name, {"lr": 0.01})])
        engine.step(7)
        seen = engine.runs[0].state.module.namespace["SEEN"]
        # the function adds 1 to t itself, as the book's adam does: adamviz sets it afresh every step
        assert seen == [(t, dtype, shapes) for t in range(1, 8)]


def test_the_english_editions_initialiser_gets_feature_dim(tmp_path):
    text = CHAPTER_ADAM.read_text().replace("def init_adam_states():", "def init_adam_states(feature_dim):") \
        .replace("features.shape[1]", "feature_dim").replace("init_adam_states()", "init_adam_states(feature_dim)")
    name = load_optimizer_file(write(tmp_path, "english.py", text)).name
    builtin, mine = race("airfoil", name, "adam", 30)
    np.testing.assert_allclose(mine.points, builtin.points, rtol=2e-7, atol=1e-9)


def test_the_chapters_cell_on_a_2d_problem_says_what_to_write_instead():
    name = load_optimizer_file(CHAPTER_ADAM).name
    _, mine = race("toy2", name, "adam", 5)
    assert (mine.diverged_at, mine.stop_reason, mine.t) == (1, ERROR, 0)
    assert "features" in mine.stop_message and "init_adam_states(params)" in mine.stop_message


def test_an_exception_stops_that_run_at_its_step_with_the_users_line_and_the_others_go_on(tmp_path):
    name = load_optimizer_file(write(tmp_path, "buggy.py", RAISES_AT_FIVE)).name
    builtin, mine = race("toy2", name, "sgd", 20)
    assert (mine.diverged_at, mine.stop_reason, mine.t) == (5, ERROR, 4)
    assert mine.stop_message == "RuntimeError: my bug at step five (buggy.py, line 9)"
    assert builtin.t == 20 and builtin.stop_reason is None


@pytest.mark.parametrize("where", ["main thread", "another thread"])
def test_a_step_that_hangs_is_stopped_after_the_limit(tmp_path, monkeypatch, where):
    monkeypatch.setattr(file_runs, "STEP_LIMIT_S", 0.3)
    name = load_optimizer_file(write(tmp_path, "hangs.py", HANGS_AT_THREE)).name
    outcome = {}

    def run():
        outcome["runs"] = race("toy2", name, "sgd", 10)

    if where == "main thread":
        run()
    else:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(10)
        assert not thread.is_alive()
    builtin, mine = outcome["runs"]
    assert (mine.diverged_at, mine.stop_reason) == (3, ERROR)
    assert "took longer than 0.3 s" in mine.stop_message and "hangs.py, line " in mine.stop_message
    assert builtin.t == 10


def test_a_nan_is_a_run_that_stopped_as_any_other(tmp_path):
    name = load_optimizer_file(write(tmp_path, "nan.py", MAKES_NAN)).name
    _, mine = race("toy2", name, "sgd", 10)
    assert mine.diverged_at == 4 and mine.stop_reason in ("undefined", "diverged") and mine.stop_message is None


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_file_that_cannot_be_an_optimizer_is_one_line(tmp_path, case):
    text, expected = BROKEN[case]
    with pytest.raises(OptimizerFileError) as info:
        load_optimizer_file(write(tmp_path, "opt.py", text))
    message = str(info.value)
    assert expected in message and "\n" not in message and "opt.py" in message


def test_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(OptimizerFileError, match="no such file"):
        read_optimizer_file(tmp_path / "absent.py")
    with pytest.raises(OptimizerFileError, match="folder"):
        read_optimizer_file(tmp_path)


def test_a_run_is_named_after_its_file_and_a_built_in_s_name_gets_file_appended(tmp_path):
    assert load_optimizer_file(write(tmp_path, "my_adam.py", adam_source())).name == "my_adam"
    assert load_optimizer_file(write(tmp_path, "adam.py", adam_source())).name == "adam_file"
    assert load_optimizer_file(tmp_path / "adam.py").name == "adam_file"  # the same file again: the same name
    other = tmp_path / "elsewhere"
    other.mkdir()
    with pytest.raises(OptimizerFileError, match="already called my_adam"):
        load_optimizer_file(write(other, "my_adam.py", adam_source()))


def test_declared_hyperparameters_become_sliders_like_the_built_ins(tmp_path):
    header = 'HYPERPARAMS = {"lr": 0.02, "beta1": 0.8, "warmup": 5}'
    optimizer = load_optimizer_file(write(tmp_path, "tuned.py", adam_source(header=header)))
    by_name = {hp.name: hp for hp in optimizer.hyperparams}
    assert set(by_name) == {"lr", "beta1", "warmup"}
    assert by_name["lr"].default == 0.02 and by_name["lr"].scale == "log"  # η's own declaration
    assert by_name["beta1"].symbol == "β₁" and by_name["beta1"].problem_with(1.0) is not None
    assert by_name["warmup"].default == 5 and by_name["warmup"].problem_with(5) is None
    assert not optimizer.elementwise and optimizer.torch_optim is None


def test_the_step_panel_gets_the_files_own_lines_and_states(tmp_path):
    file = read_optimizer_file(write(tmp_path, "my_adam.py", adam_source()))
    assert file.state_names == ("v", "s")
    assert [part for _, part in file.equations] == ["v", "s", "x"]
    assert file.equations[0][0] == "v[:] = beta1 * v + (1 - beta1) * p.grad"
    name = load_optimizer_file(tmp_path / "my_adam.py").name
    engine = Engine(get_problem("toy2"), [RunSpec(name, {"lr": 0.3}), RunSpec("adam", {"lr": 0.3})])
    engine.step(3)
    mine, builtin = (run.last_parts for run in engine.runs)
    for key in ("v", "s"):
        np.testing.assert_allclose(mine[key][0].numpy(), builtin[key][0], rtol=1e-13)
    assert get_optimizer(name).equations == file.equations


def test_a_files_colour_is_its_own(tmp_path):
    from adamviz.core.optimizers import OPTIMIZERS
    from tests.colours import ciede2000

    names = [load_optimizer_file(write(tmp_path, f"mine{i}.py", adam_source())).name for i in range(4)]
    colours = {name: optimizer.color for name, optimizer in OPTIMIZERS.items()}
    assert len(set(colours[name] for name in names)) == 4
    for name in names:
        others = [colour for other, colour in colours.items() if other != name]
        assert min(ciede2000(colours[name], other) for other in others) > 17.5, name
