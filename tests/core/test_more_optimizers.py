"""The eight optimizers beside the chapter's: a step worked by hand for each, torch.optim over many steps
and random hyperparameters where torch has it, and for Yogi and Lion their papers' rules written again here
in numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from adamviz.core.optimizers import OPTIMIZERS, get_optimizer

MORE = ("adamw", "amsgrad", "adamax", "nadam", "radam", "nesterov", "yogi", "lion")
WITH_TORCH = ("adamw", "amsgrad", "adamax", "nadam", "radam", "nesterov")
X0 = np.array([1.0, -2.0])
G1 = np.array([0.5, -4.0])
G2 = np.array([0.1, 0.1])


def steps(name: str, hp: dict, grads, x0=X0, array=torch.tensor):
    """The points after each of ``grads``, stepping ``name``'s module on one float64 parameter."""
    optimizer = get_optimizer(name)
    hp = optimizer.validate(hp)
    p = array(np.array(x0, dtype=np.float64))
    state = optimizer.init([p])
    points, parts = [], []
    for t, g in enumerate(grads, start=1):
        state, step_parts = optimizer.update([p], [array(np.asarray(g, dtype=np.float64))], state, hp, t)
        points.append(np.array(p.tolist() if isinstance(p, torch.Tensor) else p, dtype=np.float64))
        parts.append(step_parts)
    return points, parts


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, rtol=1e-13, atol=1e-15)


# ---------------------------------------------------------------- one step (or two) of each, by hand


def test_adamw_first_step_by_hand():
    # v̂ = g and ŝ = g² after one step, so Adam's part is η·g/(|g| + ε); the decay is η·λ·x of the old x.
    (x1,), _ = steps("adamw", {"lr": 0.1, "eps": 1e-6, "weight_decay": 0.5}, [G1])
    close(x1, [1 - 0.1 * 0.5 * 1 - 0.1 * 0.5 / (0.5 + 1e-6), -2 - 0.1 * 0.5 * -2 + 0.1 * 4 / (4 + 1e-6)])


def test_adamw_without_decay_is_adam():
    adam, _ = steps("adam", {"lr": 0.1}, [G1, G2, G1])
    adamw, _ = steps("adamw", {"lr": 0.1, "weight_decay": 0.0}, [G1, G2, G1])
    close(adamw[-1], adam[-1])


def test_amsgrad_second_step_divides_by_the_largest_second_moment():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    (x1, x2), parts = steps("amsgrad", hp, [G1, G2])
    s1 = 0.001 * G1**2  # (0.00025, 0.016)
    s2 = 0.999 * s1 + 0.001 * G2**2  # (0.00025975, 0.015994): the second coordinate's s fell
    s_max = np.array([s2[0], s1[1]])
    close(parts[1]["s_max"][0], s_max)
    v2 = 0.9 * 0.1 * G1 + 0.1 * G2
    v_hat, s_hat = v2 / (1 - 0.9**2), s_max / (1 - 0.999**2)
    close(x2, x1 - 0.1 * v_hat / (np.sqrt(s_hat) + 1e-6))


def test_adamax_two_steps_by_hand():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    (x1, x2), _ = steps("adamax", hp, [G1, G2])
    close(x1, X0 - 0.1 * G1 / (np.abs(G1) + 1e-6))  # v̂ = g, u = |g| + ε
    u2 = np.maximum(0.999 * (np.abs(G1) + 1e-6), np.abs(G2) + 1e-6)  # the large first |g|, barely decayed
    v2 = 0.9 * 0.1 * G1 + 0.1 * G2
    close(x2, x1 - 0.1 * v2 / (1 - 0.9**2) / u2)


def test_nadam_first_step_by_hand():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "momentum_decay": 0.004}
    (x1,), parts = steps("nadam", hp, [G1])
    mu1 = 0.9 * (1 - 0.5 * 0.96**0.004)
    mu2 = 0.9 * (1 - 0.5 * 0.96**0.008)
    denom = np.abs(G1) + 1e-6  # ŝ = g² after one step
    expected = X0 - 0.1 * (1 - mu1) / (1 - mu1) * G1 / denom - 0.1 * mu2 / (1 - mu1 * mu2) * (0.1 * G1) / denom
    close(x1, expected)
    assert parts[0]["mu"] == pytest.approx(mu1, rel=1e-15) and parts[0]["mu_next"] == pytest.approx(mu2, rel=1e-15)


def test_radam_steps_like_momentum_until_rho_exceeds_five_then_rectifies():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    grads = [G1, G2, G1, G2, G1, G2, G1]
    points, parts = steps("radam", hp, grads)
    rho_inf = 2 / 0.001 - 1  # 1999
    x, v, s = X0.copy(), np.zeros(2), np.zeros(2)
    rectified_from = None
    for t, g in enumerate(grads, start=1):
        v = 0.9 * v + 0.1 * g
        s = 0.999 * s + 0.001 * g**2
        v_hat = v / (1 - 0.9**t)
        rho = rho_inf - 2 * t * 0.999**t / (1 - 0.999**t)
        if rho > 5:
            rectified_from = rectified_from or t
            r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            x = x - 0.1 * r * v_hat * math.sqrt(1 - 0.999**t) / (np.sqrt(s) + 1e-6)
            assert parts[t - 1]["rect"] == pytest.approx(r, rel=1e-14)
        else:
            x = x - 0.1 * v_hat
            assert "rect" not in parts[t - 1]
        close(points[t - 1], x)
    assert rectified_from == 6  # ρ₅ ≈ 4.99, ρ₆ ≈ 5.99 at β₂ = 0.999
    close(points[0], X0 - 0.1 * G1)  # the first step is η·g, whatever the size of g


def test_nesterov_two_steps_by_hand():
    (x1, x2), parts = steps("nesterov", {"lr": 0.1, "momentum": 0.5}, [G1, G2])
    # v = η·g = (0.05, −0.4); step η·g + γ·v = (0.075, −0.6)
    close(x1, [1 - 0.075, -2 + 0.6])
    # v = 0.5·(0.05, −0.4) + 0.1·(0.1, 0.1) = (0.035, −0.19); step (0.01, 0.01) + (0.0175, −0.095)
    close(parts[1]["v"][0], [0.035, -0.19])
    close(x2, x1 - np.array([0.0275, -0.085]))


def test_yogi_second_moment_moves_by_a_fixed_amount_towards_g_squared():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-3}
    (x1, x2), parts = steps("yogi", hp, [G1, G2])
    s1 = 0.001 * G1**2  # from s = 0 every g² is above: up by (1−β₂)·g²
    close(parts[0]["s"][0], s1)
    close(x1, X0 - 0.1 * G1 / (np.sqrt(s1 / 0.001) + 1e-3))
    # G2² = 0.01: above s₁ = 0.00025 in the first coordinate, below s₁ = 0.016 in the second
    s2 = np.array([s1[0] + 0.001 * 0.01, s1[1] - 0.001 * 0.01])
    close(parts[1]["s"][0], s2)
    v2 = 0.09 * G1 + 0.1 * G2
    close(x2, x1 - 0.1 * (v2 / (1 - 0.81)) / (np.sqrt(s2 / (1 - 0.999**2)) + 1e-3))


def test_lion_steps_exactly_lr_in_every_coordinate():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0}
    (x1, x2), parts = steps("lion", hp, [G1, G2])
    close(x1, X0 - 0.1 * np.sign(G1))  # c = 0.1·g: its sign is g's
    # m = 0.01·G1 = (0.005, −0.04); c = 0.9·m + 0.1·G2 = (0.0145, −0.026): the momentum wins the second sign
    close(parts[1]["c"][0], [0.0145, -0.026])
    close(x2, x1 - 0.1 * np.array([1.0, -1.0]))
    close(np.abs(x2 - x1), [0.1, 0.1])


def test_lion_weight_decay_takes_lr_lambda_of_the_weights():
    (x1,), _ = steps("lion", {"lr": 0.1, "weight_decay": 0.5}, [G1])
    close(x1, X0 - 0.1 * (np.sign(G1) + 0.5 * X0))


@pytest.mark.parametrize("name", MORE)
def test_torch_and_numpy_parameters_take_the_same_steps(name):
    grads = [G1, G2, -G1, 3 * G2, G1]
    on_torch, _ = steps(name, {}, grads)
    on_numpy, _ = steps(name, {}, grads, array=np.array)
    np.testing.assert_array_equal(np.array(on_torch), np.array(on_numpy))


# ---------------------------------------------------------------- torch.optim, many steps, random values


def torch_reference(name: str, params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    """torch.optim's optimizer for ``name``, built here from its documentation, not from the module."""
    betas = (hp.get("beta1"), hp.get("beta2"))
    return {
        "adamw": lambda: torch.optim.AdamW(params, lr=hp["lr"], betas=betas, eps=hp["eps"],
                                           weight_decay=hp["weight_decay"]),
        "amsgrad": lambda: torch.optim.Adam(params, lr=hp["lr"], betas=betas, eps=hp["eps"], amsgrad=True),
        "adamax": lambda: torch.optim.Adamax(params, lr=hp["lr"], betas=betas, eps=hp["eps"]),
        "nadam": lambda: torch.optim.NAdam(params, lr=hp["lr"], betas=betas, eps=hp["eps"],
                                           momentum_decay=hp["momentum_decay"]),
        "radam": lambda: torch.optim.RAdam(params, lr=hp["lr"], betas=betas, eps=hp["eps"]),
        "nesterov": lambda: torch.optim.SGD(params, lr=hp["lr"], momentum=hp["momentum"], nesterov=True),
    }[name]()


def regression_problem(seed: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 5))
    y = X @ rng.normal(size=5) + 0.3 * rng.normal(size=40)
    return torch.from_numpy(X), torch.from_numpy(y)


def gradient_of(X, y, step: int, w, b):
    rows = slice(10 * (step % 4), 10 * (step % 4) + 10)
    r = X[rows] @ w + b - y[rows]
    return [X[rows].T @ r / 10, r.mean().reshape(1)]


HP = {
    "lr": st.floats(1e-3, 0.5),
    "beta1": st.floats(0.0, 0.99),
    "beta2": st.floats(0.5, 0.9999),
    "eps": st.floats(1e-8, 1e-2),
    "weight_decay": st.floats(0.0, 1.0),
    "momentum_decay": st.floats(1e-4, 0.1),
    "momentum": st.floats(0.01, 0.95),  # torch refuses Nesterov with γ = 0
}


@st.composite
def hyperparameters(draw, name):
    return {hp.name: draw(HP[hp.name]) for hp in get_optimizer(name).hyperparams}


@pytest.mark.parametrize("name", WITH_TORCH)
def test_matches_torch_optim_over_300_steps_with_random_hyperparameters(name):
    @settings(max_examples=12, deadline=None, derandomize=True)
    @given(hyperparameters(name), st.integers(0, 10_000))
    def check(hp, seed):
        X, y = regression_problem(seed)
        optimizer = get_optimizer(name)
        ours = [torch.zeros(5, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)]
        state = optimizer.init(ours)
        theirs = [p.clone().requires_grad_(True) for p in ours]
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64)  # NAdam keeps its μ product in the default dtype
        try:
            reference = torch_reference(name, theirs, hp)
            for t in range(1, 301):
                # Both take the gradients at our points: a rounding apart, a bouncing run's own gradients
                # would carry the difference around and grow it, however right the rule.
                grads = gradient_of(X, y, t, *ours)
                for p, g in zip(theirs, grads, strict=True):
                    p.grad = g.clone()
                state, _ = optimizer.update(ours, grads, state, hp, t)
                reference.step()
        finally:
            torch.set_default_dtype(previous)
        for mine, its in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(mine.numpy(), its.detach().numpy(), rtol=1e-10, atol=1e-12)

    check()


@pytest.mark.parametrize("name", WITH_TORCH)
def test_the_module_builds_the_same_torch_optimizer(name):
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    hp = get_optimizer(name).validate({"lr": 0.2})
    built = get_optimizer(name).torch_optim([p], hp)
    reference = torch_reference(name, [p], hp)
    assert type(built) is type(reference)
    assert built.param_groups[0] == reference.param_groups[0] | {"params": built.param_groups[0]["params"]}


def test_nesterov_without_momentum_has_a_torch_twin_too():
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    built = get_optimizer("nesterov").torch_optim([p], {"lr": 0.1, "momentum": 0.0})
    p.grad = torch.tensor([1.0, -2.0], dtype=torch.float64)
    built.step()
    np.testing.assert_allclose(p.detach().numpy(), [-0.1, 0.2])


# ---------------------------------------------------------------- Yogi and Lion: their rules, again, in numpy


def yogi_rule(hp, x, grads):
    v, s, points = np.zeros_like(x), np.zeros_like(x), []
    for t, g in enumerate(grads, start=1):
        v = hp["beta1"] * v + (1 - hp["beta1"]) * g
        s = s - (1 - hp["beta2"]) * np.sign(s - g * g) * g * g  # Zaheer et al., Algorithm 2
        x = x - hp["lr"] * (v / (1 - hp["beta1"] ** t)) / (np.sqrt(s / (1 - hp["beta2"] ** t)) + hp["eps"])
        points.append(x)
    return points


def lion_rule(hp, x, grads):
    m, points = np.zeros_like(x), []
    for g in grads:
        update = np.sign(hp["beta1"] * m + (1 - hp["beta1"]) * g)  # Chen et al., Algorithm 2
        x = x - hp["lr"] * (update + hp["weight_decay"] * x)
        m = hp["beta2"] * m + (1 - hp["beta2"]) * g
        points.append(x)
    return points


@pytest.mark.parametrize("name,rule", [("yogi", yogi_rule), ("lion", lion_rule)])
def test_follows_its_paper_over_200_steps_with_random_hyperparameters(name, rule):
    @settings(max_examples=20, deadline=None, derandomize=True)
    @given(hyperparameters(name), st.integers(0, 10_000))
    def check(hp, seed):
        rng = np.random.default_rng(seed)
        curvature = rng.uniform(0.1, 5.0, size=3)
        x0 = rng.normal(size=3) * 3
        ours, x = [], torch.from_numpy(x0.copy())
        optimizer = get_optimizer(name)
        state, grads = optimizer.init([x]), []
        for t in range(1, 201):
            g = curvature * x.numpy() + 0.1 * rng.normal(size=3)  # a noisy bowl, gradients from our own path
            grads.append(g)
            state, _ = optimizer.update([x], [torch.from_numpy(g)], state, hp, t)
            ours.append(x.numpy().copy())
        np.testing.assert_allclose(np.array(ours), np.array(rule(hp, x0, grads)), rtol=1e-11, atol=1e-12)

    check()


# ---------------------------------------------------------------- declarations


def test_fourteen_optimizers_the_chapters_six_first():
    assert list(OPTIMIZERS)[:6] == ["momentum", "rmsprop", "adam", "sgd", "adagrad", "adadelta"]
    assert [name for name, o in OPTIMIZERS.items() if not o.chapter] == list(MORE)


@pytest.mark.parametrize("name", MORE)
def test_declared_hyperparameters_are_the_issue_s(name):
    expected = {
        "adamw": {"lr", "beta1", "beta2", "eps", "weight_decay"},
        "amsgrad": {"lr", "beta1", "beta2", "eps"},
        "adamax": {"lr", "beta1", "beta2", "eps"},
        "nadam": {"lr", "beta1", "beta2", "eps", "momentum_decay"},
        "radam": {"lr", "beta1", "beta2", "eps"},
        "nesterov": {"lr", "momentum"},
        "yogi": {"lr", "beta1", "beta2", "eps"},
        "lion": {"lr", "beta1", "beta2", "weight_decay"},
    }[name]
    optimizer = get_optimizer(name)
    assert {hp.name for hp in optimizer.hyperparams} == expected
    for hp in optimizer.hyperparams:
        lo, hi = hp.slider_range
        assert hp.problem_with(hp.default) is None and lo <= hp.default <= hi
    assert bool(optimizer.torch_name) == (name in WITH_TORCH) == (optimizer.torch_optim is not None)


def test_the_issue_s_defaults():
    assert get_optimizer("yogi").validate({})["eps"] == 1e-3
    lion = get_optimizer("lion").validate({})
    assert (lion["beta1"], lion["beta2"]) == (0.9, 0.99)
    assert get_optimizer("nadam").validate({})["momentum_decay"] == 4e-3
