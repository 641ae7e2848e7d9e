"""Starting values from one place (adamviz.core.starting): every optimizer gets sensible ones on every problem,
and a new optimizer gets them without a table, from the optimizer it says it starts like."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import numpy as np
import pytest

from adamviz.core import optimizers
from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import PROBLEMS, get_problem
from adamviz.core.starting import TABLES, starting_values

UNBOUNDED = {"saddle"}  # falls for ever once it leaves the saddle: its runs end as diverged, by design


@pytest.mark.parametrize("problem_name", list(PROBLEMS))
def test_every_optimizer_starts_well_on_every_problem(problem_name):
    problem = get_problem(problem_name)
    specs = [RunSpec(name, optimizer.validate(problem.hyperparams_for(name))) for name, optimizer in OPTIMIZERS.items()]
    engine = Engine(problem, specs)
    engine.step(min(problem.default_steps, 200))
    for run in engine.runs:
        if problem_name not in UNBOUNDED:
            assert run.diverged_at is None, (problem_name, run.spec)
        assert run.losses[-1] < run.losses[0], (problem_name, run.spec)


def test_an_optimizer_without_a_table_starts_like_the_one_it_names():
    for problem_name in TABLES:
        problem = get_problem(problem_name)
        adam, sgd = TABLES[problem_name]["adam"], TABLES[problem_name]["sgd"]
        assert starting_values(problem, "amsgrad") == {"lr": adam["lr"]}  # Adam's η; its βs stay the defaults
        # Lion's η is a third of Adam's, to two digits
        assert starting_values(problem, "lion") == {"lr": float(f"{adam['lr'] / 3:.2g}")}
        # RAdam's first steps are η·v̂, gradient descent's size: its η is the smaller of Adam's and GD's
        assert starting_values(problem, "radam") == {"lr": float(f"{min(adam['lr'], sgd['lr']):.2g}")}
        momentum = TABLES[problem_name]["momentum"]
        assert starting_values(problem, "nesterov") == {"lr": float(f"{momentum['lr'] / 2:.2g}"),
                                                         "momentum": momentum["momentum"]}


def test_a_function_of_one_s_own_gives_every_optimizer_values_too():
    from adamviz.core.problems.custom import CustomProblem

    problem = CustomProblem("(x1 - 1)**2 + 3*(x2 + 0.5)**2")
    for name, optimizer in OPTIMIZERS.items():
        values = optimizer.validate(problem.hyperparams_for(name))
        engine = Engine(problem, [RunSpec(name, values)])
        engine.step(100)
        assert engine.runs[0].diverged_at is None and engine.runs[0].losses[-1] < engine.runs[0].losses[0], name


def test_adding_an_optimizer_is_adding_its_module(tmp_path, monkeypatch):
    """A module dropped into the package is found, ordered, coloured and started well with no other file
    touched; the engine runs it."""
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "signsgd.py").write_text(textwrap.dedent('''
        """signSGD (Bernstein et al. 2018): x ← x − η·sign(g)."""
        from typing import NamedTuple
        from adamviz.core.arrays import sign
        from adamviz.core.hyperparams import learning_rate

        NAME, TITLE = "signsgd", "signSGD"
        HYPERPARAMS = (learning_rate(0.05),)
        EQUATIONS = (("x ← x − η·sign(g)", "x"),)
        COLOR, ORDER = "#123456", 50
        STARTS_LIKE = ("adam", 0.5)

        class State(NamedTuple):
            pass

        def init(params):
            return State()

        def update(params, grads, state, hp, t):
            deltas = []
            for p, g in zip(params, grads):
                delta = hp["lr"] * sign(g)
                p -= delta
                deltas.append(delta)
            return state, {"g": grads, "delta": deltas}
    '''), encoding="utf-8")
    monkeypatch.setattr(optimizers, "__path__", [*optimizers.__path__, str(folder)])
    monkeypatch.syspath_prepend(str(tmp_path))
    found = optimizers._discover()
    assert list(found)[-1] == "signsgd" and list(found)[:6] == list(OPTIMIZERS)[:6]
    signsgd = found["signsgd"]
    assert (signsgd.color, signsgd.title, signsgd.chapter, signsgd.summary) == (
        "#123456", "signSGD", False, "signSGD (Bernstein et al. 2018): x ← x − η·sign(g).")
    monkeypatch.setitem(OPTIMIZERS, "signsgd", replace(signsgd))
    problem = get_problem("toy2")
    values = problem.hyperparams_for("signsgd")
    assert values == {"lr": 0.15}  # half Adam's η = 0.3 on toy2
    engine = Engine(problem, [RunSpec("signsgd", signsgd.validate(values))])
    engine.step(3)
    steps = np.diff(engine.runs[0].points, axis=0)
    np.testing.assert_allclose(np.abs(steps), 0.15)


def test_a_starting_value_never_leaves_the_declared_range():
    for problem_name in PROBLEMS:
        problem = get_problem(problem_name)
        for name in OPTIMIZERS:
            get_optimizer(name).validate(problem.hyperparams_for(name))  # raises if out of range
