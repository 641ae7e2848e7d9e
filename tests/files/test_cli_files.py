"""Your own optimizer on the command line: --optimizer-file on trace, sweep and export, sessions that name a
file, and `adamviz check`."""

from __future__ import annotations

import json

import pytest

from adamviz.cli import main
from adamviz.core.session import load_session, save_session
from tests.files.sources import BROKEN, CHAPTER_ADAM, MISTAKES, RAISES_AT_FIVE, adam_source, write


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_trace_races_a_file_beside_the_built_ins_and_says_where_it_came_from(capsys, tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source())
    code, out, err = run_cli(capsys, "trace", "--optimizer", "adam", "--optimizer-file", str(path),
                             "--set", "my_adam.lr=0.3", "--steps", "50")
    assert (code, err) == (0, "")
    runs = {run["optimizer"]: run for run in json.loads(out)["runs"]}
    mine, builtin = runs["my_adam"], runs["adam"]
    assert mine["implementation"] == "file" and builtin["implementation"] == "scratch"
    assert mine["source"]["file"] == str(path.resolve()) and len(mine["source"]["sha256"]) == 64
    assert mine["hyperparams"] == {"lr": 0.3}
    for a, b in zip(mine["points"], builtin["points"], strict=True):
        assert a == pytest.approx(b, rel=1e-13, abs=1e-15)


def test_an_error_in_the_users_function_is_in_the_trace_and_the_others_finish(capsys, tmp_path):
    path = write(tmp_path, "buggy.py", RAISES_AT_FIVE)
    code, out, _ = run_cli(capsys, "trace", "--optimizer", "sgd", "--optimizer-file", str(path), "--steps", "12")
    assert code == 0
    runs = {run["optimizer"]: run for run in json.loads(out)["runs"]}
    assert (runs["buggy"]["diverged_at"], runs["buggy"]["stop_reason"]) == (5, "error")
    assert runs["buggy"]["stop_message"] == "RuntimeError: my bug at step five (buggy.py, line 9)"
    assert len(runs["sgd"]["points"]) == 13


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_file_is_exit_2_and_one_line(capsys, tmp_path, case):
    text, expected = BROKEN[case]
    path = write(tmp_path, "opt.py", text)
    for command in ("trace", "sweep"):
        code, out, err = run_cli(capsys, command, "--optimizer-file", str(path))
        assert code == 2 and out == "" and err.count("\n") == 1 and expected in err, err


def test_a_missing_file_is_exit_2(capsys, tmp_path):
    code, _, err = run_cli(capsys, "trace", "--optimizer-file", str(tmp_path / "absent.py"))
    assert code == 2 and "no such file" in err and err.count("\n") == 1


def test_sweep_a_file_one_run_per_rate(capsys, tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source())
    code, out, _ = run_cli(capsys, "sweep", "--optimizer", "adam", "--optimizer-file", str(path), "--steps", "40",
                           "--lr-range", "0.01:1:5")
    assert code == 0
    sweeps = {sweep["optimizer"]: sweep for sweep in json.loads(out)["sweeps"]}
    for mine, builtin in zip(sweeps["my_adam"]["runs"], sweeps["adam"]["runs"], strict=True):
        assert mine["lr"] == builtin["lr"] and mine["final_loss"] == pytest.approx(builtin["final_loss"], rel=1e-9)


def test_a_session_names_its_file_and_runs_it_only_when_given_again(capsys, tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source())
    from adamviz.core.optimizer_files import load_optimizer_file
    from adamviz.core.scenario import default_scenario, with_file_runs
    from adamviz.core.session import Session

    name = load_optimizer_file(path).name
    session_path = save_session(tmp_path / "s.json", Session(with_file_runs(default_scenario("toy2", ("adam",)),
                                                                            [name])))
    saved = json.loads(session_path.read_text())
    assert saved["optimizer_files"] == [{"path": str(path.resolve()), "sha256": saved["optimizer_files"][0]["sha256"]}]
    data = tmp_path / "runs.json"
    code, out, err = run_cli(capsys, "export", "--session", str(session_path), "--out", str(data))
    assert code == 2 and out == "" and f"--optimizer-file {path.resolve()}" in err and err.count("\n") == 1
    assert not data.exists()
    code, out, err = run_cli(capsys, "export", "--session", str(session_path), "--optimizer-file", str(path),
                             "--out", str(data))
    assert code == 0 and err == ""
    assert "my_adam" in {run["optimizer"] for run in json.loads(data.read_text())["runs"]}
    path.write_text(adam_source().replace("1e-6", "1e-7"))  # the student changed it since
    code, out, err = run_cli(capsys, "export", "--session", str(session_path), "--optimizer-file", str(path),
                             "--out", str(data))
    assert code == 0 and err == "adamviz: note: my_adam.py has changed since the session was saved\n"
    assert load_session(session_path).changed_files() == ["my_adam.py"]


def test_export_runs_a_file_too(capsys, tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source())
    out_file = tmp_path / "runs.json"
    code, _, err = run_cli(capsys, "export", "--optimizer-file", str(path), "--out", str(out_file))
    assert code == 0, err
    assert "my_adam" in {run["optimizer"] for run in json.loads(out_file.read_text())["runs"]}


# ---------------------------------------------------------------- adamviz check


def test_check_passes_a_correct_adam_and_the_chapters_cell(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "check", str(write(tmp_path, "my_adam.py", adam_source())))
    assert code == 0 and out.splitlines()[-1] == "my_adam.py agrees with adam."
    code, out, _ = run_cli(capsys, "check", str(CHAPTER_ADAM))
    assert code == 0 and "airfoil" in out and "agree" in out
    assert "not run: init_adam_states() shapes its states from features" in out  # the 2-D problems: said why


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_check_catches_and_names_each_classic_mistake(capsys, tmp_path, mistake):
    path = write(tmp_path, "my_adam.py", adam_source(**MISTAKES[mistake]))
    code, out, _ = run_cli(capsys, "check", str(path), "--json")
    verdict = json.loads(out)
    assert code == 1 and verdict["agree"] is False
    assert verdict["mistake"]["name"] == mistake
    first = next(p["first_difference"] for p in verdict["problems"] if p["first_difference"])
    assert first["step"] >= 1
    code, out, _ = run_cli(capsys, "check", str(path))
    assert code == 1 and verdict["mistake"]["text"] in out.splitlines()[-1]


def test_check_reports_where_an_unnamed_difference_starts(capsys, tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source(beta_line="beta1, beta2, eps = 0.9, 0.999, 1e-8"))
    code, out, _ = run_cli(capsys, "check", str(path), "--json")
    verdict = json.loads(out)
    assert code == 1 and verdict["mistake"] is None
    toy2 = next(p for p in verdict["problems"] if p["problem"] == "toy2")
    assert toy2["first_difference"]["parameter"] in ("x1", "x2") and toy2["first_difference"]["step"] >= 1
    assert "differ from step" in run_cli(capsys, "check", str(path))[1]


def test_check_against_another_optimizer_and_bad_input(capsys, tmp_path):
    path = write(tmp_path, "mine.py", adam_source())
    code, out, _ = run_cli(capsys, "check", str(path), "--against", "yogi")
    assert code == 1 and "against yogi" in out
    for target, args, expected in ((path, ["--against", "nothing"], "unknown optimizer"),
                                   (tmp_path / "absent.py", [], "no such file")):
        code, out, err = run_cli(capsys, "check", str(target), *args)
        assert code == 2 and out == "" and err.count("\n") == 1 and expected in err
    renamed = write(tmp_path, "odd.py", adam_source().replace("adam", "mystery"))
    code, _, err = run_cli(capsys, "check", str(renamed))
    assert code == 2 and "--against" in err


def test_the_readmes_examples_do_what_it_says(capsys):
    from pathlib import Path

    examples = Path(__file__).parent.parent.parent / "examples"
    code, out, _ = run_cli(capsys, "check", str(examples / "my_adam.py"))
    assert code == 0 and out.splitlines()[-1] == "my_adam.py agrees with adam."
    code, out, _ = run_cli(capsys, "check", str(examples / "adam_with_a_slip.py"), "--json")
    assert code == 1 and json.loads(out)["mistake"]["name"] == "eps-inside-root"


def test_a_preset_races_the_chapters_cell_beside_its_own_adam(capsys):
    code, out, _ = run_cli(capsys, "trace", "--preset", "adam-airfoil", "--optimizer-file", str(CHAPTER_ADAM))
    runs = {run["optimizer"]: run for run in json.loads(out)["runs"]}
    assert code == 0 and set(runs) == {"adam", "chapter_adam"}
    import numpy as np

    np.testing.assert_allclose(runs["chapter_adam"]["points"], runs["adam"]["points"], rtol=2e-7, atol=1e-9)
