"""torch.optim's version as the chapter's concise cells call it (`train_pytorch_ch7(torch.optim.Adam, {'lr': 0.01})`):
torch's own ε, beside the same-hyperparameter twin, everywhere a twin goes."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch

from adamviz.core.engine import TORCH_DEFAULTS
from adamviz.core.optimizers import OPTIMIZERS
from adamviz.core.problems import get_problem
from adamviz.core.scenario import default_scenario
from adamviz.core.session import Session, ViewSettings, load_session, save_session

CHAPTER_DEFAULTS = {"adam": 1e-8, "rmsprop": 1e-8, "adagrad": 1e-10, "adadelta": 1e-6}
"""The chapter's notes: torch's default ε for the optimizers whose concise cells it runs."""


def torch_class(optimizer):
    return getattr(torch.optim, optimizer.torch_name.removeprefix("torch.optim.").split("(")[0])


def test_each_declared_default_is_torchs_own():
    declared = {name: dict(info.torch_defaults) for name, info in OPTIMIZERS.items() if info.torch_defaults}
    assert {name: declared[name]["eps"] for name in CHAPTER_DEFAULTS} == CHAPTER_DEFAULTS
    for name, values in declared.items():
        signature = inspect.signature(torch_class(OPTIMIZERS[name]).__init__)
        for key, value in values.items():
            assert signature.parameters[key].default == value, (name, key)
    for name, info in OPTIMIZERS.items():  # every optimizer torch gives an ε of its own declares it
        if info.torch_optim is not None and info.source is None:
            has_eps = "eps" in inspect.signature(torch_class(info).__init__).parameters
            assert has_eps == ("eps" in declared.get(name, {})), name


def concise_cell(optimizer: str, lr: float, steps: int, **given):
    """The chapter's concise cell on the airfoil: torch.optim.X(params, lr=…, only what the cell passes), stepped on
    adamviz's minibatches (the same gradients), torch's own ε."""
    problem = get_problem("airfoil")
    gradient = problem.gradient_fn(0)
    theta = torch.tensor(problem.initial_point(0), dtype=torch.float32, requires_grad=True)
    chosen = torch_class(OPTIMIZERS[optimizer])([theta], lr=lr, **given)
    points = [theta.detach().numpy().copy()]
    for t in range(1, steps + 1):
        theta.grad = gradient(theta.detach(), t)
        chosen.step()
        points.append(theta.detach().numpy().copy())
    return np.array(points)


@pytest.mark.parametrize("optimizer, values, given", [
    ("adam", {"lr": 0.01}, {}),
    ("rmsprop", {"lr": 0.01, "gamma": 0.9}, {"alpha": 0.9}),
    ("adagrad", {"lr": 0.1}, {}),
])
def test_the_defaults_twin_is_the_chapters_concise_cell(optimizer, values, given):
    scenario = default_scenario("airfoil", (optimizer,), steps=300)
    scenario.runs = [replace(s, hyperparams={**s.hyperparams, **values}, concise=True, concise_defaults=True)
                     if s.enabled else s for s in scenario.runs]
    engine = scenario.validated().run()
    _, twin, defaults = engine.runs
    assert (twin.spec.concise, defaults.spec.concise) == (True, TORCH_DEFAULTS)
    assert defaults.hyperparams["eps"] == CHAPTER_DEFAULTS[optimizer] and twin.hyperparams["eps"] == 1e-6
    cell = concise_cell(optimizer, values["lr"], 300, **given)
    np.testing.assert_allclose(defaults.points, cell, rtol=1e-5, atol=1e-6)
    assert not np.array_equal(defaults.points, twin.points)  # ε is not the same: the runs are not either


def test_adadeltas_defaults_twin_has_torchs_eps_and_lr_1():
    scenario = default_scenario("toy2", ("adadelta",), steps=100)
    scenario.runs = [replace(s, concise_defaults=True) if s.enabled else s for s in scenario.runs]
    _, defaults = scenario.validated().run().runs
    theta = torch.tensor([-5.0, -2.0], dtype=torch.float64, requires_grad=True)
    chosen = torch.optim.Adadelta([theta], rho=0.9)  # the cell: {'rho': 0.9}
    for _ in range(100):
        theta.grad = torch.tensor([0.2, 4.0], dtype=torch.float64) * theta.detach()
        chosen.step()
    np.testing.assert_allclose(defaults.points[-1], theta.detach().numpy(), rtol=1e-12)


def test_it_is_refused_where_torch_has_no_default_of_its_own_and_kept_in_sessions(tmp_path):
    scenario = default_scenario("toy2", ("momentum", "adam"))
    with pytest.raises(ValueError, match="no default of its own"):
        replace(scenario, runs=[replace(s, concise_defaults=s.optimizer == "momentum") for s in scenario.runs]
                ).validated()
    with pytest.raises(ValueError, match=r"no torch\.optim counterpart"):
        replace(scenario, runs=[replace(s, concise_defaults=s.optimizer == "yogi") for s in scenario.runs]
                ).validated()
    chosen = replace(scenario, runs=[replace(s, concise_defaults=s.optimizer == "adam") for s in scenario.runs])
    path = tmp_path / "s.json"
    save_session(path, Session(chosen.validated(), ViewSettings(), "light"))
    assert [run["optimizer"] for run in json.loads(path.read_text())["runs"] if run.get("concise_defaults")] == \
        ["adam"]
    assert load_session(path).scenario.runs == chosen.validated().runs


def command(*args):
    return subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_runs_it_and_names_it():
    done = command("trace", "--problem", "toy2", "--optimizer", "adam", "--concise", "adam", "--concise-defaults",
                   "adam", "--steps", "5")
    assert done.returncode == 0, done.stderr
    runs = json.loads(done.stdout)["runs"]
    assert [(run["implementation"], run["hyperparams"]["eps"]) for run in runs] == [
        ("scratch", 1e-6), ("torch.optim", 1e-6), ("torch.optim defaults", 1e-8)]
    for args, text in ((("--optimizer", "momentum", "--concise-defaults", "momentum"), "no ε of its own"),
                       (("--optimizer", "adam", "--concise-defaults", "rmsprop"), "not among the optimizers"),
                       (("--optimizer", "lion", "--concise-defaults", "lion"), "no ε of its own")):
        done = command("trace", "--problem", "toy2", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr
    done = command("sweep", "--problem", "toy2", "--optimizer", "adam", "--concise-defaults", "adam")
    assert done.returncode == 2 and "--concise does not apply to a sweep" in done.stderr
