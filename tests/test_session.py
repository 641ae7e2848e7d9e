"""Sessions: save → load gives the same setup; every kind of broken file is one clear SessionError."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from adamviz.cli import gui_parser, main
from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.scenario import PRESETS, RunSetup, Scenario
from adamviz.core.session import (
    MAX_BYTES,
    Session,
    SessionError,
    ViewSettings,
    load_session,
    save_session,
    session_dict,
)

REPO = Path(__file__).resolve().parents[1]


def good_document() -> dict:
    """A valid session written out by hand (not by save_session), to break in every way."""
    return {
        "format": "adamviz-session",
        "version": 1,
        "problem": "toy2",
        "title": "my slide",
        "steps": 30,
        "seed": 3,
        "start": [-4.0, 1.5],
        "runs": [
            {"optimizer": "momentum", "enabled": True, "concise": True, "hyperparams": {"lr": 0.3, "momentum": 0.7}},
            {"optimizer": "adam", "enabled": False, "concise": False, "hyperparams": {"lr": 0.05}},
        ],
        "view": {"contour_range": {"x": [-6, 2], "y": [-3, 3]}, "plane": None, "loss_by_epoch": False},
        "theme": "dark",
    }


def write(tmp_path: Path, document, name: str = "s.json") -> Path:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path) -> str:
    with pytest.raises(SessionError) as caught:
        load_session(path)
    message = str(caught.value)
    assert "\n" not in message and message
    assert "Traceback" not in message
    return message


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_round_trips(tmp_path, preset):
    scenario = PRESETS[preset].scenario()
    view = ViewSettings(plane=(1, 5), loss_by_epoch=True) if scenario.problem == "airfoil" \
        else ViewSettings((-5.5, 1.0), (-3.0, 1.0))
    session = Session(scenario, view, "dark")
    path = save_session(tmp_path / "s.json", session)
    assert load_session(path) == session
    assert load_session(save_session(tmp_path / "again.json", load_session(path))) == session


def test_the_books_random_numbers_round_trip(tmp_path):
    scenario = replace(PRESETS["airfoil-compare"].scenario(), rng="book", seed=7).validated()
    session = Session(scenario, ViewSettings(plane=(1, 5)), "light")
    path = save_session(tmp_path / "book.json", session)
    assert json.loads(path.read_text())["rng"] == "book"
    assert load_session(path) == session
    assert "rng" not in json.loads(save_session(tmp_path / "own.json", Session(
        PRESETS["airfoil-compare"].scenario(), ViewSettings(), "light")).read_text())


def test_a_hand_edited_setup_round_trips_with_its_flags_and_view(tmp_path):
    scenario = replace(PRESETS["toy2-compare"].scenario(), steps=123, seed=7, start=(-3.25, 0.5), title="")
    scenario.runs[0] = replace(scenario.runs[0], concise=True, hyperparams={"lr": 0.125, "momentum": 0.75})
    scenario.runs[2] = replace(scenario.runs[2], enabled=False)
    session = Session(scenario, ViewSettings((-7.0, 2.5), (-4.0, 4.0)), "light")
    loaded = load_session(save_session(tmp_path / "s.json", session))
    assert loaded == session
    assert loaded.scenario.runs[0].concise and not loaded.scenario.runs[2].enabled
    assert loaded.scenario.start == (-3.25, 0.5)


def test_the_file_is_small_versioned_and_readable(tmp_path):
    path = save_session(tmp_path / "s.json", Session(PRESETS["adam-airfoil"].scenario()))
    text = path.read_text(encoding="utf-8")
    assert len(text) < 3000 and text.count("\n") > 10
    data = json.loads(text)
    assert data["format"] == "adamviz-session" and data["version"] == 1
    assert data["problem"] == "airfoil" and data["steps"] == 300
    assert [run["optimizer"] for run in data["runs"]] == list(OPTIMIZERS)


def test_a_hand_written_file_loads_with_left_out_optimizers_off_at_their_defaults(tmp_path):
    session = load_session(write(tmp_path, good_document()))
    scenario = session.scenario
    assert scenario.problem == "toy2" and scenario.steps == 30 and scenario.seed == 3
    assert scenario.start == (-4.0, 1.5) and scenario.title == "my slide"
    runs = {run.optimizer: run for run in scenario.runs}
    assert set(runs) == set(OPTIMIZERS)
    assert runs["momentum"] == RunSetup("momentum", {"lr": 0.3, "momentum": 0.7}, enabled=True, concise=True)
    assert runs["adam"].hyperparams == {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    assert not runs["adam"].enabled and not runs["sgd"].enabled
    assert session.view == ViewSettings((-6.0, 2.0), (-3.0, 3.0), None, False)
    assert session.theme == "dark"
    # the same numbers as the scenario built by hand
    by_hand = Scenario("toy2", [RunSetup("momentum", {"lr": 0.3, "momentum": 0.7}, concise=True)], steps=30,
                       seed=3, start=(-4.0, 1.5))
    assert [r.points.tolist() for r in scenario.run().runs] == [r.points.tolist() for r in by_hand.run().runs]


def test_sessions_need_no_window_toolkit():
    code = ("import sys, adamviz.core.session as s; from adamviz.core.scenario import PRESETS; "
            "s.session_json(s.Session(PRESETS['gd-toy1'].scenario())); "
            "print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# ---------------------------------------------------------------- broken files


def broken(change):
    document = copy.deepcopy(good_document())
    change(document)
    return document


BROKEN = {
    "missing key": (lambda d: d.pop("seed"), "lacks the key 'seed'"),
    "extra key": (lambda d: d.update(cmd="rm -rf /"), "unknown key 'cmd'"),
    "extra run key": (lambda d: d["runs"][0].update(code="print(1)"), "unknown key 'code'"),
    "extra view key": (lambda d: d["view"].update(zoom=2), "unknown key 'zoom'"),
    "steps as text": (lambda d: d.update(steps="30"), "steps must be a whole number"),
    "steps as float": (lambda d: d.update(steps=30.0), "steps must be a whole number"),
    "enabled as text": (lambda d: d["runs"][0].update(enabled="yes"), "enabled must be true or false"),
    "hyperparams as list": (lambda d: d["runs"][0].update(hyperparams=[0.1]), "hyperparams must be an object"),
    "hyperparam as bool": (lambda d: d["runs"][0]["hyperparams"].update(lr=True), "must be a number"),
    "runs as object": (lambda d: d.update(runs={}), "runs must be a list"),
    "lr=50": (lambda d: d["runs"][0]["hyperparams"].update(lr=50), "lr=50 is outside its range"),
    "lr=0": (lambda d: d["runs"][0]["hyperparams"].update(lr=0), "lr=0 is outside its range"),
    "momentum=1": (lambda d: d["runs"][0]["hyperparams"].update(momentum=1), "momentum=1 is outside"),
    "unknown hyperparameter": (lambda d: d["runs"][0]["hyperparams"].update(beta9=1), "no hyperparameter 'beta9'"),
    "steps -1": (lambda d: d.update(steps=-1), "steps=-1 is outside"),
    "steps > 10**8": (lambda d: d.update(steps=10**8 + 1), "steps=100000001 is outside"),
    "seed negative": (lambda d: d.update(seed=-5), "seed=-5 is outside"),
    "start beyond 1e6": (lambda d: d.update(start=[2e6, 0]), "too far out"),
    "start not a pair": (lambda d: d.update(start=[1, 2, 3]), "start must be two numbers"),
    "start on airfoil": (lambda d: d.update(problem="airfoil"), "applies to 1-D and 2-D problems only"),
    "unknown problem": (lambda d: d.update(problem="mnist"), "unknown problem 'mnist'"),
    "unknown optimizer": (lambda d: d["runs"][0].update(optimizer="lookahead"), "unknown optimizer 'lookahead'"),
    "optimizer twice": (lambda d: d["runs"][1].update(optimizer="momentum"), "appears twice"),
    "empty range": (lambda d: d["view"]["contour_range"].update(x=[2, 2]), "low < high"),
    "reversed range": (lambda d: d["view"]["contour_range"].update(y=[3, -3]), "low < high"),
    "plane on a bowl": (lambda d: d["view"].update(plane=[0, 1]), "view.plane applies to problems"),
    "epochs on a bowl": (lambda d: d["view"].update(loss_by_epoch=True), "has no epochs"),
    "noise negative": (lambda d: d.update(noise=-0.5), "between 0 and 1000"),
    "noise as text": (lambda d: d.update(noise="1"), "noise must be a number"),
    "noise on airfoil": (lambda d: d.update(problem="airfoil", start=None, noise=1.0), "2-D problems, not airfoil"),
    "rng unknown": (lambda d: d.update(rng="mersenne"), "adamviz or book"),
    "rng book on a bowl": (lambda d: d.update(rng="book"), "draws none"),
    "unknown theme": (lambda d: d.update(theme="neon"), "theme must be one of"),
    "foreign format": (lambda d: d.update(format="jupyter-notebook"), "not an adamviz session"),
    "no format": (lambda d: d.pop("format"), "not an adamviz session"),
    "newer version": (lambda d: d.update(version=2), "newer adamviz"),
    "version as text": (lambda d: d.update(version="1"), "version"),
    "version 0": (lambda d: d.update(version=0), "version"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_wrong_schema_or_out_of_range_value_is_one_clear_error(tmp_path, case):
    change, expected = BROKEN[case]
    message = error_of(write(tmp_path, broken(change)))
    assert expected in message
    assert str(tmp_path / "s.json") in message


@pytest.mark.parametrize(("text", "expected"), [
    ('{"format": "adamviz-session", "version": 1, "problem": "toy2", "steps": NaN}', "NaN is not a number"),
    ('{"format": "adamviz-session", "version": 1, "steps": Infinity}', "Infinity is not a number"),
    (json.dumps(good_document()).replace('"steps": 30', '"steps": 1e999'), "steps must be a whole number, not inf"),
    (json.dumps(good_document()).replace('"start": [-4.0', '"start": [-1e999'), "is not a finite number"),
    ("not json at all", "not valid JSON"),
    ("", "empty"),
    ("[1, 2, 3]", "not an adamviz session"),
    ('"adamviz-session"', "not an adamviz session"),
    ('{"format": "adamviz-session", "format": "adamviz-session"}', "appears twice"),
    ("[" * 100_000 + "]" * 100_000, "nested far too deeply"),
    ('{"format": "adamviz-session", "version": ' + "9" * 5000 + "}", "cannot open session"),
])
def test_text_that_is_not_a_session(tmp_path, text, expected):
    assert expected in error_of(write(tmp_path, text))


def test_a_truncated_file(tmp_path):
    path = save_session(tmp_path / "s.json", Session(PRESETS["toy2-compare"].scenario()))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    message = error_of(path)
    assert "not valid JSON" in message and "cut off" in message
    assert "Unterminated" not in message and "starting at" not in message  # json's words, out of context
    lines = text[: len(text) // 2].count("\n") + 1
    assert f"cut off at line {lines}" in message


def test_a_binary_file(tmp_path):
    import pickle

    path = tmp_path / "s.json"
    path.write_bytes(pickle.dumps({"format": "adamviz-session"}))
    message = error_of(path)
    assert "not a text file" in message or "not valid JSON" in message


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "s.json"
    with open(path, "wb") as handle:
        handle.write(b'{"format": "adamviz-session", "title": "')
        handle.seek(50 * MAX_BYTES)
        handle.write(b'"}')
    assert "larger than 1 MB" in error_of(path)


def test_missing_file_folder_and_unreadable_file(tmp_path, monkeypatch):
    assert "does not exist" in error_of(tmp_path / "nope.json")
    assert "is a folder" in error_of(tmp_path)
    path = write(tmp_path, good_document())
    if os.geteuid() == 0:  # root reads any file: make opening it fail as it would for anyone else
        import adamviz.core.session as module

        def denied(*_args, **_kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(module, "open", denied, raising=False)
    else:
        path.chmod(0)
    assert "permission denied" in error_of(path)


def test_save_refuses_an_invalid_session_and_writes_nothing(tmp_path):
    scenario = PRESETS["gd-toy1"].scenario()
    scenario.runs[[r.optimizer for r in scenario.runs].index("sgd")].hyperparams["lr"] = 50.0
    with pytest.raises(SessionError, match="lr=50"):
        save_session(tmp_path / "s.json", Session(scenario))
    with pytest.raises(SessionError, match="theme"):
        save_session(tmp_path / "s.json", Session(PRESETS["gd-toy1"].scenario(), theme="pink"))
    assert list(tmp_path.iterdir()) == []


def test_session_dict_is_strict_json():
    data = session_dict(Session(PRESETS["airfoil-compare"].scenario(), ViewSettings(plane=(0, 1))))
    json.dumps(data, allow_nan=False)
    assert data["view"] == {"contour_range": None, "plane": [0, 1], "loss_by_epoch": False}


# ---------------------------------------------------------------- the command line


def test_window_options_from_a_session_with_flags_overriding_it(tmp_path):
    from adamviz.ui.launch import LaunchOptions

    path = write(tmp_path, good_document())
    options = LaunchOptions.from_args(gui_parser().parse_args([str(path)]))
    assert options.scenario.steps == 30 and options.target == 30 and options.theme == "dark"
    assert options.view.contour_range == ((-6.0, 2.0), (-3.0, 3.0))
    assert options.session == path
    options = LaunchOptions.from_args(gui_parser().parse_args(
        ["--session", str(path), "--steps", "5", "--theme", "light", "--seed", "9", "--set", "momentum.lr=0.01"]))
    assert options.target == 5 and options.theme == "light" and options.scenario.seed == 9
    assert options.scenario.runs[0].hyperparams["lr"] == 0.01


@pytest.mark.parametrize("args", [
    ["{session}", "--preset", "gd-toy1"],
    ["{session}", "--session", "{session}"],
    ["{broken}"],
    ["--session", "{broken}", "--screenshot", "{out}"],
])
def test_bad_session_use_on_the_command_line_is_exit_2_and_one_line(tmp_path, capsys, args):
    session = write(tmp_path, good_document())
    bad = write(tmp_path, broken(lambda d: d["runs"][0]["hyperparams"].update(lr=50)), "bad.json")
    argv = [a.format(session=session, broken=bad, out=tmp_path / "x.png") for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("adamviz: error: ")
    assert not (tmp_path / "x.png").exists()
