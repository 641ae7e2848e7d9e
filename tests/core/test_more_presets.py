"""The presets of the optimizers beside the chapter's: each shows what its title says."""

from __future__ import annotations

import numpy as np

from adamviz.core.scenario import get_preset


def runs_of(name: str) -> dict:
    engine = get_preset(name).scenario().run()
    return {run.spec.optimizer: run for run in engine.runs}


def test_adamw_stops_short_of_rosenbrock_s_minimum_nearer_zero():
    runs = runs_of("adamw-rosenbrock")
    adam, adamw = runs["adam"].points[-1], runs["adamw"].points[-1]
    minimum = np.array([1.0, 1.0])
    assert np.linalg.norm(adam - minimum) < 0.2  # Adam is on its way to (1, 1)
    assert np.linalg.norm(adamw - minimum) > 0.5 and np.linalg.norm(adamw) < 0.7 * np.linalg.norm(adam)
    # and it has stopped there: its last steps are short against η, where the decay balances the gradient
    assert np.abs(np.diff(runs["adamw"].points[-20:], axis=0)).max() < 0.05 * runs["adamw"].hyperparams["lr"]


def test_adamw_on_airfoil_keeps_the_weights_smaller_at_a_higher_loss():
    runs = runs_of("adamw-airfoil")
    adam, adamw = runs["adam"], runs["adamw"]
    weights = slice(0, 5)  # w; b is decayed too, but it is not what regularisation is about
    assert np.linalg.norm(adamw.points[-1][weights]) < 0.8 * np.linalg.norm(adam.points[-1][weights])
    assert adamw.losses[-1] > adam.losses[-1] + 0.01
    floor = get_preset("adamw-airfoil").scenario().problem_object().floor
    assert adamw.losses[-50:].min() > floor + 0.02  # above the floor the loss plot draws, all along the end


def test_amsgrad_settles_where_adam_keeps_stepping():
    runs = runs_of("amsgrad-toy2")
    adam, amsgrad = runs["adam"], runs["amsgrad"]
    last_steps = {name: np.linalg.norm(np.diff(run.points[-10:], axis=0), axis=1).max() for name, run in runs.items()}
    assert last_steps["amsgrad"] < 0.05 * last_steps["adam"]
    assert amsgrad.losses[-1] < 0.05 * adam.losses[-1]


def test_lion_s_every_step_is_lr_in_each_coordinate_and_it_never_settles():
    runs = runs_of("lion-toy2")
    lion, adam = runs["lion"], runs["adam"]
    np.testing.assert_allclose(np.abs(np.diff(lion.points, axis=0)), lion.hyperparams["lr"], rtol=1e-12)
    assert lion.losses[-20:].max() > 10 * adam.losses[-20:].max()
    assert lion.losses.min() > 1e-4  # no step lands on the minimum: the loss plot keeps a readable axis
