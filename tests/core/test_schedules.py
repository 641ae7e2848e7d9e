"""Learning-rate schedules: ηₜ as torch.optim.lr_scheduler's classes give it, for scratch runs, their torch.optim
twins (torch's own schedulers), swarms, sweeps, sessions and the command line."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems import get_problem
from adamviz.core.scenario import PRESETS, default_scenario
from adamviz.core.schedules import parse_schedule, schedule_text
from adamviz.core.session import Session, SessionError, ViewSettings, load_session, save_session
from adamviz.core.swarm import Swarm
from adamviz.core.sweep import run_sweep

SPECS = ["step:7:0.5", "exp:0.97", "cosine:40", "cosine:40:0.01", "warmup:12", "warmup:1",
         "warmup:12,cosine:40:0.005", "warmup:5,step:9:0.3", "warmup:3,exp:0.9"]


def torch_rates(make, base: float, steps: int) -> list[float]:
    """The η torch.optim uses at steps 1 … steps, with the scheduler stepped after the optimizer, as torch says."""
    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=base)
    scheduler = make(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        p.grad = torch.zeros(1)
        optimizer.step()
        scheduler.step()
    return rates


def hand_rate(spec: str, base: float, t: int) -> float:
    """The issue's definitions, written out again: η·G^⌊(t−1)/K⌋, η·G^(t−1), the cosine, η·min(t, W)/W."""
    warm, _, main = spec.partition(",") if spec.startswith("warmup") else ("", "", spec)
    if warm:
        w = int(warm.split(":")[1])
        if t <= w:
            return base * t / w
        t -= w
    if not main:
        return base
    kind, *args = main.split(":")
    if kind == "step":
        return base * float(args[1]) ** ((t - 1) // int(args[0]))
    if kind == "exp":
        return base * float(args[0]) ** (t - 1)
    low = float(args[1]) if len(args) > 1 else 0.0
    return low + (base - low) * (1 + math.cos(math.pi * (t - 1) / int(args[0]))) / 2


@pytest.mark.parametrize("spec", SPECS)
def test_every_schedule_is_its_definition_and_torchs_own_scheduler(spec):
    schedule = parse_schedule(spec)
    base, steps = 0.3, 200
    ours = schedule.lrs(base, steps)
    np.testing.assert_array_equal(ours, [hand_rate(spec, base, t) for t in range(1, steps + 1)])
    # torch computes most of them step by step from the last (a product, a cosine ratio): equal to rounding, which
    # its cosine accumulates (4e-14 of η after 200 steps)
    np.testing.assert_allclose(ours, torch_rates(schedule.torch_scheduler, base, steps), rtol=0, atol=2e-13 * base)


def test_the_torch_twins_classes_are_torchs_named_ones():
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    made = {spec: type(parse_schedule(spec).torch_scheduler(optimizer)) for spec in
            ("step:3:0.5", "exp:0.9", "cosine:10", "warmup:4", "warmup:4,cosine:10")}
    assert made == {"step:3:0.5": lr_scheduler.StepLR, "exp:0.9": lr_scheduler.ExponentialLR,
                    "cosine:10": lr_scheduler.CosineAnnealingLR, "warmup:4": lr_scheduler.LinearLR,
                    "warmup:4,cosine:10": lr_scheduler.SequentialLR}


def test_the_cosine_rises_again_after_T_as_torchs_does():
    rates = parse_schedule("cosine:10:0.1").lrs(1.0, 31)
    assert rates[10] == pytest.approx(0.1) and rates[20] == pytest.approx(1.0) and rates[30] == pytest.approx(0.1)


def test_specs_are_written_one_way_and_bad_ones_refused_in_one_line():
    assert schedule_text(" Cosine:100:0 ") == "cosine:100"
    assert schedule_text("warmup:5, step:10:0.50") == "warmup:5,step:10:0.5"
    assert schedule_text("") == schedule_text("constant") == ""
    for bad, words in (("cosine", "cosine:T"), ("cosine:0", "between 1"), ("step:2", "step:K:G"),
                       ("exp:0", "above 0"), ("exp:nan", "finite"), ("cosine:10:-1", "≥ 0"),
                       ("step:10:0.5,warmup:3", "only a warm-up comes first"), ("linear:3", "one of"),
                       ("warmup:3,cosine:4,exp:0.5", "one of"), ("warmup:x", "whole number"), ("step:1.5:0.5",
                                                                                              "whole number")):
        with pytest.raises(ValueError, match=words) as caught:
            parse_schedule(bad)
        assert "\n" not in str(caught.value)


def test_gradient_descent_with_a_schedule_is_the_rule_stepped_by_hand():
    problem = get_problem("toy1")
    engine = Engine(problem, [RunSpec("sgd", {"lr": 0.2}, schedule="step:3:0.5")])
    engine.step(10)
    x = np.array([-5.0, -2.0])
    for t in range(1, 11):
        eta = 0.2 * 0.5 ** ((t - 1) // 3)
        x = x - eta * (np.array([2.0, 4.0]) * x)
        np.testing.assert_array_equal(engine.runs[0].points[t], x)


@pytest.mark.parametrize("problem, optimizer", [("toy2", "adam"), ("toy2", "rmsprop"), ("rosenbrock", "sgd"),
                                                ("airfoil", "adam"), ("airfoil", "sgd")])
def test_scratch_and_its_torch_twin_coincide_under_a_schedule(problem, optimizer):
    scenario = default_scenario(problem, (optimizer,), steps=300)
    scenario.runs = [replace(s, concise=s.enabled and optimizer != "rmsprop", schedule="warmup:20,cosine:200:0.001"
                             if s.enabled else "") for s in scenario.runs]
    if optimizer == "rmsprop":  # torch's ε sits outside the root: with ε = 0 the two are the same update
        scenario.runs = [replace(s, concise=True, hyperparams={**s.hyperparams, "eps": 0.0}) if s.enabled else s
                         for s in scenario.runs]
    engine = scenario.validated().run()
    scratch, twin = engine.runs
    assert twin.spec.concise and scratch.t == twin.t == 300
    tolerance = 1e-5 if problem == "airfoil" else 1e-9  # float32 on the airfoil
    np.testing.assert_allclose(twin.points, scratch.points, rtol=tolerance, atol=tolerance)
    constant = default_scenario(problem, (optimizer,), steps=300).run().runs[0]
    assert np.abs(constant.points - scratch.points).max() > 100 * tolerance  # the schedule did something


def test_momentum_and_its_twin_part_under_a_schedule_as_torch_writes_momentum():
    """The book's v ← γ·v + ηₜ·g against torch's b ← γ·b + g; x ← x − ηₜ·b: the same only for a constant η."""
    scenario = default_scenario("toy2", ("momentum",), steps=40)
    scenario.runs = [replace(s, concise=True, schedule="exp:0.9") if s.enabled else s for s in scenario.runs]
    scratch, twin = scenario.validated().run().runs
    hp = scratch.hyperparams
    x, b = np.array([-5.0, -2.0]), np.zeros(2)
    for t in range(1, 41):
        b = hp["momentum"] * b + np.array([0.2, 4.0]) * x
        x = x - hp["lr"] * 0.9 ** (t - 1) * b
    np.testing.assert_allclose(twin.points[-1], x, rtol=1e-12)
    assert np.abs(twin.points - scratch.points).max() > 1e-3


def test_a_swarm_and_a_sweep_follow_the_rows_schedule_as_single_runs_do():
    problem, spec = get_problem("himmelblau"), "warmup:5,cosine:30"
    starts = np.array([[-4.0, 4.0], [1.0, 1.0], [3.5, -3.0]])
    swarm = Swarm(problem, "adam", {"lr": 0.2}, starts, history=1, schedule=spec)
    swarm.step(30)
    for row, start in enumerate(starts):
        engine = Engine(problem, [RunSpec("adam", {"lr": 0.2}, schedule=spec)], start=tuple(start))
        engine.step(30)
        np.testing.assert_allclose(swarm.positions[row], engine.runs[0].points[-1], rtol=1e-12, atol=1e-300)
    lrs = [0.01, 0.1, 0.5]
    result = run_sweep(get_problem("toy2"), "sgd", lrs=lrs, steps=25, schedule="exp:0.9")
    assert result.schedule == "exp:0.9"
    for column, lr in enumerate(lrs):
        engine = Engine(get_problem("toy2"), [RunSpec("sgd", {"lr": lr}, schedule="exp:0.9")])
        engine.step(25)
        np.testing.assert_array_equal(result.points[:, column], engine.runs[0].points)


def test_a_schedule_is_refused_where_there_is_no_learning_rate():
    scenario = default_scenario("toy2", ("adadelta",))
    scenario.runs = [replace(s, schedule="exp:0.9") if s.optimizer == "adadelta" else s for s in scenario.runs]
    with pytest.raises(ValueError, match="AdaDelta has no learning rate to schedule"):
        scenario.validated()


def test_sessions_keep_the_schedule_and_refuse_a_bad_one(tmp_path):
    scenario = PRESETS["warmup-adam-toy2"].scenario()
    path = tmp_path / "s.json"
    save_session(path, Session(scenario, ViewSettings(), "light"))
    document = json.loads(path.read_text())
    assert [run["schedule"] for run in document["runs"] if "schedule" in run] == ["warmup:10,cosine:90"]
    assert load_session(path).scenario.runs == scenario.runs
    document["runs"][0]["schedule"] = "cosine:0"
    path.write_text(json.dumps(document))
    with pytest.raises(SessionError, match=r"runs\[0\]\.schedule: cosine's T"):
        load_session(path)


def test_the_presets_do_what_they_say():
    cosine = PRESETS["cosine-gd-toy2"].scenario().run().runs[0]
    x2 = np.abs(cosine.points[:, 1])
    assert x2[6] > 3 * x2[0] and x2[-1] < x2[6] / 10  # out while ηₜ > 0.5, then back
    decay = PRESETS["sgd-noise-decay-toy1"].scenario()
    constant = replace(decay, runs=[replace(s, schedule="") for s in decay.runs]).validated()
    late = [engine.runs[0].losses[60:].std() for engine in (decay.run(), constant.run())]
    assert late[0] < late[1] / 5  # the jitter dies down with ηₜ
    step = PRESETS["sgd-airfoil-step"].scenario()
    run = step.run().runs[0]
    np.testing.assert_allclose(run.hyperparams_at(151)["lr"], 0.025)


def command(*args):
    return subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_schedules_a_run_and_reports_each_steps_rate(tmp_path):
    done = command("trace", "--problem", "toy1", "--optimizer", "sgd", "--schedule", "sgd=step:2:0.5", "--steps", "5",
                   "--concise", "sgd")
    assert done.returncode == 0, done.stderr
    scratch, twin = json.loads(done.stdout)["runs"]
    assert scratch["schedule"] == twin["schedule"] == "step:2:0.5"
    assert scratch["lrs"] == [0.1, 0.1, 0.05, 0.05, 0.025]
    np.testing.assert_allclose(twin["points"], scratch["points"], rtol=1e-15)
    out = tmp_path / "runs.csv"
    done = command("export", "--problem", "toy1", "--optimizer", "sgd", "--schedule", "sgd=exp:0.5", "--steps", "3",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in out.read_text().strip().splitlines()]
    assert rows[0][-3:] == ["schedule", "lr_t", "diverged_at"]
    assert [row[-2] for row in rows[1:]] == ["", "0.1", "0.05", "0.025"]
    for args, text in ((("--schedule", "adam=cosine"), "write cosine:T"),
                       (("--schedule", "adadelta=exp:0.9"), "not among the optimizers that run"),
                       (("--schedule", "adam"), "OPTIMIZER=SCHEDULE")):
        done = command("trace", "--problem", "toy2", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr


def test_a_users_optimizer_file_steps_with_the_scheduled_rate_as_the_built_in_does():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "my_adam.py"
    done = command("trace", "--optimizer", "adam", "--optimizer-file", str(example), "--schedule", "adam=step:2:0.5",
                   "--schedule", "my_adam=step:2:0.5", "--steps", "6")
    assert done.returncode == 0, done.stderr
    built_in, own = json.loads(done.stdout)["runs"]
    assert own["optimizer"] == "my_adam" and own["lrs"] == built_in["lrs"] == [0.3, 0.3, 0.15, 0.15, 0.075, 0.075]
    np.testing.assert_allclose(own["points"], built_in["points"], rtol=1e-12)
    unscheduled = json.loads(command("trace", "--optimizer", "adam", "--steps", "6").stdout)["runs"][0]
    assert np.abs(np.array(unscheduled["points"]) - np.array(own["points"])).max() > 1e-3
