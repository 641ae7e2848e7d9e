"""`--function`: your own f(x1, x2) on the command line and in sessions; nothing a user types is run."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from adamviz.cli import main


def trace(capsys, *args):
    code = main(["trace", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_gd_on_your_own_function_matches_the_hand_worked_steps(capsys):
    code, out, _ = trace(capsys, "--function", "x1**2 + 3*x2**2", "--optimizer", "sgd",
                         "--set", "sgd.lr=0.1", "--steps", "5", "--start=1,-2")
    assert code == 0
    data = json.loads(out)
    assert data["problem"] == "custom"
    points = np.array(data["runs"][0]["points"])
    # ∇f = (2·x1, 6·x2): GD with η = 0.1 multiplies x1 by 0.8 and x2 by 0.4 each step.
    expected = np.array([[0.8**k * 1.0, 0.4**k * -2.0] for k in range(6)])
    np.testing.assert_allclose(points, expected, rtol=1e-12)
    np.testing.assert_allclose(data["runs"][0]["losses"], expected[:, 0] ** 2 + 3 * expected[:, 1] ** 2)


@pytest.mark.parametrize("expression, mentions", [
    ("__import__('os').system('touch /tmp/adamviz-pwned')", "__import__"),
    ("x1.__class__", "not allowed"),
    ("open('/etc/passwd')", "open"),
    ("lambda: 1", "not allowed"),
    ("x1 +", ""),
    ("3", "constant"),
    ("9**9**9", ""),
])
def test_a_bad_function_is_one_line_and_exit_2(capsys, tmp_path, expression, mentions):
    code, out, err = trace(capsys, "--function", expression, "--steps", "2")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err and mentions in err


def test_nothing_typed_is_executed(capsys, tmp_path):
    target = tmp_path / "pwned"
    for expression in (f"__import__('os').system('touch {target}')", f"open('{target}', 'w')"):
        code, _, _ = trace(capsys, "--function", expression)
        assert code == 2
    assert not target.exists()


def test_function_and_another_problem_conflict(capsys):
    code, _, err = trace(capsys, "--problem", "toy2", "--function", "x1**2 + x2**2")
    assert code == 2 and "--function" in err


def test_a_session_carries_the_function(tmp_path):
    from adamviz.core.scenario import default_scenario
    from adamviz.core.session import Session, load_session, save_session

    scenario = default_scenario("custom", ("adam",), steps=7, function="x1**2 + sin(x2)")
    path = save_session(tmp_path / "mine.json", Session(scenario))
    assert json.loads(path.read_text())["function"] == "x1**2 + sin(x2)"
    loaded = load_session(path)
    assert loaded.scenario.function == "x1**2 + sin(x2)" and loaded.scenario.problem == "custom"
    assert loaded == Session(scenario)


def test_a_session_with_a_hostile_function_is_refused(tmp_path):
    from adamviz.core.scenario import default_scenario
    from adamviz.core.session import Session, SessionError, load_session, save_session

    path = save_session(tmp_path / "ok.json", Session(default_scenario("custom", ("adam",), function="x1**2+x2**2")))
    document = json.loads(path.read_text())
    document["function"] = "__import__('os').getcwd()"
    path.write_text(json.dumps(document))
    with pytest.raises(SessionError, match="function"):
        load_session(path)


def test_console_command_with_a_function():
    import subprocess

    result = subprocess.run([sys.executable, "-m", "adamviz", "trace", "--function", "abs(x1) + x2**2",
                             "--optimizer", "adam", "--steps", "3"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problem"] == "custom"
