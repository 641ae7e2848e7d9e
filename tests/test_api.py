"""adamviz from Python: adamviz.trace takes the command line's options as keyword arguments and gives the
same numbers, the same messages (as ValueError), the same exports."""

from __future__ import annotations

import json

import numpy as np
import pytest

import adamviz
from adamviz.cli import main
from tests.files.sources import adam_source, write


def cli_json(capsys, *args) -> str:
    assert main(["trace", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("kwargs,args", [
    (dict(problem="toy2", optimizers=["momentum", "adam"], steps=20), ["--problem", "toy2", "--optimizer", "momentum",
                                                                       "--optimizer", "adam", "--steps", "20"]),
    (dict(problem="airfoil", optimizers=["adam"], epochs=1, seed=3, hyperparams={"adam": {"lr": 0.02}}),
     ["--problem", "airfoil", "--optimizer", "adam", "--epochs", "1", "--seed", "3", "--set", "adam.lr=0.02"]),
    (dict(preset="gd-toy2-diverge"), ["--preset", "gd-toy2-diverge"]),
    (dict(function="x1**2 + 3*sin(x2)", optimizers=["gd"], start=(1.5, -2.0), steps=30),
     ["--function", "x1**2 + 3*sin(x2)", "--optimizer", "gd", "--start=1.5,-2.0", "--steps", "30"]),
    (dict(optimizers=["rmsprop"], concise=["rmsprop"], steps=15), ["--optimizer", "rmsprop", "--concise", "rmsprop",
                                                                    "--steps", "15"]),
])
def test_trace_is_the_command_line(capsys, kwargs, args):
    result = adamviz.trace(**kwargs)
    assert result.to_json() + "\n" == cli_json(capsys, *args)
    reported = json.loads(result.to_json())["runs"]
    for run, entry in zip(result.runs, reported, strict=True):
        assert isinstance(run.points, np.ndarray) and run.points.tolist() == entry["points"]
        assert run.losses.tolist() == entry["losses"] and run.optimizer == entry["optimizer"]


def test_optimizer_files_and_a_run_by_name(tmp_path):
    path = write(tmp_path, "my_adam.py", adam_source())
    result = adamviz.trace(optimizers=["adam"], optimizer_files=[path], steps=30)
    np.testing.assert_allclose(result.run("my_adam").points, result.run("adam").points, rtol=1e-13, atol=1e-15)
    with pytest.raises(KeyError, match="no run of sgd"):
        result.run("sgd")


@pytest.mark.parametrize("kwargs,message", [
    (dict(optimizers=["nadamw"]), "unknown optimizer 'nadamw'"),
    (dict(steps=0), "--steps"),
    (dict(optimizers=["adam"], hyperparams={"adam": {"beta2": 1.0}}), "beta2"),
    (dict(preset="gd-toy1", problem="toy2"), "--preset sets the problem"),
])
def test_bad_settings_are_one_line_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message) as info:
        adamviz.trace(**kwargs)
    assert "\n" not in str(info.value)


def test_export_writes_what_adamviz_export_writes(tmp_path):
    result = adamviz.trace(optimizers=["adam"], steps=10)
    written = result.export(tmp_path / "runs.json")
    assert json.loads(written.read_text())["runs"][0]["points"] == result.runs[0].points.tolist()
    with pytest.raises(ValueError, match="extension"):
        result.export(tmp_path / "runs.txt")


def test_a_function_needs_its_initialiser_beside_it():
    def lonely(params, states, hyperparams):
        pass

    with pytest.raises(ValueError, match="init_lonely_states"):
        adamviz.trace(optimizers=[lonely])


def test_trace_takes_the_noise_as_the_command_line_does():
    import json as json_module
    import subprocess
    import sys

    import adamviz

    result = adamviz.trace("toy1", ["sgd", "adam"], noise=0.5, seed=2, steps=30)
    line = subprocess.run([sys.executable, "-m", "adamviz", "trace", "--problem", "toy1", "--optimizer", "sgd",
                           "--optimizer", "adam", "--noise", "0.5", "--seed", "2", "--steps", "30"],
                          capture_output=True, text=True, timeout=120, check=True).stdout
    assert json_module.loads(result.to_json()) == json_module.loads(line)
    assert json_module.loads(line)["noise"] == 0.5
