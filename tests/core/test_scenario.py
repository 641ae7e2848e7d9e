"""Scenarios and the chapter's presets."""

from __future__ import annotations

import numpy as np
import pytest

from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.scenario import PRESETS, RunSetup, Scenario, check_point, default_scenario, get_preset

TOY_PRESETS = [name for name, p in PRESETS.items() if p.problem != "airfoil"]
AIRFOIL_PRESETS = [name for name, p in PRESETS.items() if p.problem == "airfoil"]


@pytest.mark.parametrize("name", TOY_PRESETS + AIRFOIL_PRESETS)
def test_every_preset_validates_and_runs(name):
    preset = get_preset(name)
    scenario = preset.scenario()
    assert scenario.validated() == scenario
    assert scenario.problem == preset.problem
    from adamviz.core.problems import get_problem

    # the chapter's experiments run the book's 20 steps (2 epochs on airfoil); a preset may ask for more
    expected = preset.steps or (300 if preset.problem == "airfoil" else get_problem(preset.problem).default_steps)
    assert scenario.steps == expected
    if preset.problem in ("toy1", "toy2") and preset.steps is None:
        assert scenario.steps == 20
    enabled = [r for r in scenario.runs if r.enabled]
    assert {r.optimizer for r in enabled} == set(preset.runs)
    for setup in enabled:
        declared = {hp.name for hp in get_optimizer(setup.optimizer).hyperparams}
        assert set(setup.hyperparams) == declared
        for key, value in preset.runs[setup.optimizer].items():
            assert setup.hyperparams[key] == value
    engine = scenario.run()
    assert engine.t == scenario.steps
    assert len(engine.runs) == len(enabled)
    for run in engine.runs:
        assert run.diverged_at is None and run.t == scenario.steps
        assert np.isfinite(run.points).all() and np.isfinite(run.losses).all()
        if engine.problem.log_loss:  # a true floor; the saddle's is only the lowest value in view
            assert run.losses.min() >= engine.problem.floor - 1e-12
        if preset.problem == "airfoil" and not run.hyperparams.get("weight_decay"):
            # the chapter's settings land a little above the least-squares minimum within 2 epochs
            assert run.losses[-1] < engine.problem.floor + 0.015 < run.losses[0]


# The book's printed results (D2L §7.2–7.6), as it prints them: f'{x:f}'.
BOOK = {
    "gd-toy1": ("-0.057646", "-0.000073"),
    "gd-toy2": ("-0.943467", "-0.000073"),
    "gd-toy2-diverge": ("-0.387814", "-1673.365109"),
    "momentum-toy2": ("-0.062843", "0.001202"),
    "momentum-toy2-fast": ("0.007188", "0.002553"),
    "adagrad-toy2": ("-2.382563", "-0.158591"),
    "adagrad-toy2-fast": ("-0.002295", "-0.000000"),
    "rmsprop-toy2": ("-0.010599", "0.000000"),
}


@pytest.mark.parametrize("name", sorted(BOOK))
def test_toy_presets_reproduce_the_book(name, ref):
    engine = get_preset(name).scenario().run()
    (run,) = engine.runs
    np.testing.assert_array_equal(run.points[0], [-5.0, -2.0])
    assert len(run.points) == 21
    assert (ref.book_fmt(run.points[-1][0]), ref.book_fmt(run.points[-1][1])) == BOOK[name]


def test_the_chapters_experiments_are_all_presets():
    def settings(problem):
        return {
            (o, tuple(sorted(hp.items()))) for p in PRESETS.values() if p.problem == problem for o, hp in p.runs.items()
        }

    toy2 = settings("toy2")
    for expected in [
        ("sgd", {"lr": 0.4}),
        ("sgd", {"lr": 0.6}),
        ("momentum", {"lr": 0.4, "momentum": 0.5}),
        ("momentum", {"lr": 0.6, "momentum": 0.5}),
        ("adagrad", {"lr": 0.4}),
        ("adagrad", {"lr": 2.0}),
        ("rmsprop", {"lr": 0.4, "gamma": 0.9}),
    ]:
        assert (expected[0], tuple(sorted(expected[1].items()))) in toy2, expected
    assert ("sgd", (("lr", 0.1),)) in settings("toy1")
    airfoil = settings("airfoil")
    for expected in [
        ("momentum", {"lr": 0.02, "momentum": 0.5}),
        ("momentum", {"lr": 0.02, "momentum": 0.9}),
        ("momentum", {"lr": 0.004, "momentum": 0.9}),
        ("adagrad", {"lr": 0.1}),
        ("rmsprop", {"lr": 0.01, "gamma": 0.9}),
        ("adadelta", {"rho": 0.9}),
        ("adam", {"lr": 0.01}),
    ]:
        assert (expected[0], tuple(sorted(expected[1].items()))) in airfoil, expected


def test_unknown_preset():
    with pytest.raises(ValueError, match="no-such"):
        get_preset("no-such")


# ---------------------------------------------------------------- scenarios


def test_default_scenario_has_every_optimizer_row():
    scenario = default_scenario("toy2")
    assert [r.optimizer for r in scenario.runs] == list(OPTIMIZERS)
    assert {r.optimizer for r in scenario.runs if r.enabled} == {"momentum", "rmsprop", "adam"}
    assert scenario.steps == 20 and scenario.seed == 0 and scenario.start is None
    for r in scenario.runs:
        declared = {hp.name: hp.default for hp in get_optimizer(r.optimizer).hyperparams}
        assert r.hyperparams.keys() == declared.keys()
    assert default_scenario("airfoil").steps == 300
    assert default_scenario("toy1", ("adam",), steps=7).steps == 7


def test_same_scenario_same_numbers():
    scenario = Scenario(
        "airfoil", [RunSetup("adam", {"lr": 0.01}), RunSetup("momentum", {}, concise=True)], steps=120, seed=4
    ).validated()
    a, b = scenario.run(), scenario.run()
    assert len(a.runs) == 3  # momentum's torch.optim version runs right after it
    assert [r.spec.concise for r in a.runs] == [False, False, True]
    for ra, rb in zip(a.runs, b.runs, strict=True):
        np.testing.assert_array_equal(ra.points, rb.points)
        np.testing.assert_array_equal(ra.losses, rb.losses)


def test_disabled_rows_do_not_run():
    scenario = Scenario("toy2", [RunSetup("adam", {}), RunSetup("sgd", {}, enabled=False)], steps=3).validated()
    assert [r.spec.optimizer for r in scenario.run().runs] == ["adam"]


def test_scenario_start_reaches_the_engine():
    engine = Scenario("toy1", [RunSetup("sgd", {"lr": 0.1})], steps=2, start=(2, -1)).validated().run()
    np.testing.assert_allclose(engine.runs[0].points, [[2.0, -1.0], [1.6, -0.6], [1.28, -0.36]], rtol=1e-15)


def test_problem_defaults_fill_missing_hyperparameters():
    scenario = Scenario("toy2", [RunSetup("adam", {"beta1": 0.8})]).validated()
    hp = scenario.runs[0].hyperparams
    assert hp["beta1"] == 0.8 and hp["beta2"] == 0.999 and hp["eps"] == 1e-6
    from adamviz.core.problems import get_problem

    declared_lr = get_optimizer("adam").hyperparam("lr").default
    assert hp["lr"] == get_problem("toy2").hyperparams_for("adam").get("lr", declared_lr)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"runs": [RunSetup("nadamw")]}, "nadamw"),
        ({"runs": [RunSetup("adam"), RunSetup("adam", {"lr": 0.1})]}, "adam"),
        ({"runs": [RunSetup("adam", {"lr": 0.0})]}, "lr"),
        ({"runs": [RunSetup("adam", {"beta9": 0.1})]}, "beta9"),
        ({"problem": "toy3"}, "toy3"),
        ({"steps": -1}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"steps": True}, "steps"),
        ({"steps": "20"}, "steps"),
        ({"seed": -1}, "seed"),
        ({"start": (float("nan"), 0.0)}, "finite"),
        ({"start": (0.0, float("inf"))}, "finite"),
        ({"start": (1.0, 2.0, 3.0)}, "two numbers"),
        ({"start": (1.0,)}, "two numbers"),
        ({"start": ("a", "b")}, "two numbers"),
        ({"start": 5.0}, "two numbers"),
        ({"start": (2e6, 0.0)}, "too far"),
        ({"problem": "airfoil", "start": (1.0, 2.0)}, "2-D"),
    ],
)
def test_validation_errors(kwargs, match):
    fields = {"problem": "toy2", "runs": [RunSetup("adam")], "steps": 5} | kwargs
    with pytest.raises(ValueError, match=match):
        Scenario(**fields).validated()


def test_a_string_is_not_a_start_point():
    """check_point("12") must not read the characters '1' and '2' as the point (1, 2)."""
    with pytest.raises(ValueError):
        check_point("12")
    with pytest.raises(ValueError):
        Scenario("toy2", [RunSetup("adam")], steps=5, start="12").validated()


def test_check_point_accepts_two_finite_numbers():
    assert check_point([-5, "-2"]) == (-5.0, -2.0)
    assert check_point((1e6, -1e6)) == (1e6, -1e6)
    x1, x2 = check_point(np.array([0.5, 0.25]))
    assert (x1, x2) == (0.5, 0.25) and all(type(v) is float for v in (x1, x2))
