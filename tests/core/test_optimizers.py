"""The chapter's optimizers: hand-computed steps, torch.optim, an independent numpy version, and declarations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from adamviz.core.hyperparams import validate
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer

NAMES = ("sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam")
X0 = [1.0, -2.0]
G1 = [0.5, -4.0]
G2 = [1.0, 2.0]


def t64(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


def close(actual, expected, rtol=1e-13, atol=1e-15):
    actual = actual.numpy() if isinstance(actual, torch.Tensor) else np.asarray(actual)
    np.testing.assert_allclose(actual, np.asarray(expected, dtype=np.float64), rtol=rtol, atol=atol)


class Stepper:
    """Drives an optimizer module's update() step by step on one float64 tensor."""

    def __init__(self, name: str, hp: dict[str, float], x=X0):
        self.opt = get_optimizer(name)
        self.hp = hp
        self.p = t64(x)
        self.params = [self.p]
        self.state = self.opt.init(self.params)
        self.t = 0

    def step(self, g) -> dict:
        self.t += 1
        before = self.p
        result = self.opt.update(self.params, [t64(g)], self.state, self.hp, self.t)
        assert isinstance(result, tuple) and len(result) == 2
        self.state, parts = result
        assert self.params[0] is before, "update must change the parameters in place"
        return parts


# ---------------------------------------------------------------- one hand-computed step of each


def test_sgd_step_by_hand():
    s = Stepper("sgd", {"lr": 0.1})
    parts = s.step(G1)
    # x ← x − η·g = (1 − 0.05, −2 + 0.4)
    close(s.p, [0.95, -1.6])
    assert set(parts) >= {"g", "delta"}
    close(parts["g"][0], G1)
    close(parts["delta"][0], [0.05, -0.4])


def test_momentum_two_steps_by_hand():
    s = Stepper("momentum", {"lr": 0.1, "momentum": 0.5})
    parts = s.step(G1)
    # v = 0.1·(0.5, −4) = (0.05, −0.4); x = (0.95, −1.6)
    close(s.p, [0.95, -1.6])
    close(parts["v"][0], [0.05, -0.4])
    parts = s.step(G2)
    # v = 0.5·(0.05, −0.4) + 0.1·(1, 2) = (0.125, 0.0); x = (0.825, −1.6)
    close(parts["v"][0], [0.125, 0.0])
    close(parts["delta"][0], [0.125, 0.0])
    close(s.p, [0.825, -1.6])
    assert set(parts) >= {"g", "v", "delta"}


def test_adagrad_two_steps_by_hand():
    s = Stepper("adagrad", {"lr": 0.1, "eps": 1e-6})
    parts = s.step(G1)
    # s = g² = (0.25, 16); Δx = 0.1·g/√(s + 1e-6)
    d1 = [0.1 * 0.5 / math.sqrt(0.250001), 0.1 * -4.0 / math.sqrt(16.000001)]
    close(parts["s"][0], [0.25, 16.0])
    close(parts["delta"][0], d1)
    close(s.p, [1.0 - d1[0], -2.0 - d1[1]])
    parts = s.step(G2)
    # s = (0.25 + 1, 16 + 4) = (1.25, 20)
    d2 = [0.1 * 1.0 / math.sqrt(1.250001), 0.1 * 2.0 / math.sqrt(20.000001)]
    close(parts["s"][0], [1.25, 20.0])
    close(parts["delta"][0], d2)
    close(s.p, [1.0 - d1[0] - d2[0], -2.0 - d1[1] - d2[1]])
    assert set(parts) >= {"g", "s", "delta"}


def test_adagrad_without_eps_steps_exactly_lr_times_sign():
    s = Stepper("adagrad", {"lr": 0.1, "eps": 0.0})
    s.step(G1)
    close(s.p, [0.9, -1.9])


def test_rmsprop_two_steps_by_hand():
    s = Stepper("rmsprop", {"lr": 0.01, "gamma": 0.9, "eps": 1e-6})
    parts = s.step(G1)
    # s = 0.1·g² = (0.025, 1.6); Δx = 0.01·g/√(s + 1e-6)
    d1 = [0.01 * 0.5 / math.sqrt(0.025001), 0.01 * -4.0 / math.sqrt(1.600001)]
    close(parts["s"][0], [0.025, 1.6])
    close(parts["delta"][0], d1)
    close(s.p, [1.0 - d1[0], -2.0 - d1[1]])
    parts = s.step(G2)
    # s = 0.9·(0.025, 1.6) + 0.1·(1, 4) = (0.1225, 1.84)
    d2 = [0.01 * 1.0 / math.sqrt(0.122501), 0.01 * 2.0 / math.sqrt(1.840001)]
    close(parts["s"][0], [0.1225, 1.84])
    close(parts["delta"][0], d2)
    close(s.p, [1.0 - d1[0] - d2[0], -2.0 - d1[1] - d2[1]])
    assert set(parts) >= {"g", "s", "delta"}


def test_adadelta_two_steps_by_hand():
    s = Stepper("adadelta", {"rho": 0.9, "eps": 1e-5})
    parts = s.step(G1)
    # s = 0.1·g² = (0.025, 1.6); g' = √((0 + 1e-5)/(s + 1e-5))·g; Δ = 0.1·g'²
    g1 = [math.sqrt(1e-5 / 0.02501) * 0.5, math.sqrt(1e-5 / 1.60001) * -4.0]
    D1 = [0.1 * g1[0] ** 2, 0.1 * g1[1] ** 2]
    close(parts["s"][0], [0.025, 1.6])
    close(parts["delta"][0], g1)
    close(parts["Delta"][0], D1)
    close(s.p, [1.0 - g1[0], -2.0 - g1[1]])
    parts = s.step(G2)
    # s = 0.9·(0.025, 1.6) + 0.1·(1, 4) = (0.1225, 1.84)
    g2 = [math.sqrt((D1[0] + 1e-5) / 0.12251) * 1.0, math.sqrt((D1[1] + 1e-5) / 1.84001) * 2.0]
    close(parts["s"][0], [0.1225, 1.84])
    close(parts["delta"][0], g2)
    close(parts["Delta"][0], [0.9 * D1[0] + 0.1 * g2[0] ** 2, 0.9 * D1[1] + 0.1 * g2[1] ** 2])
    close(s.p, [1.0 - g1[0] - g2[0], -2.0 - g1[1] - g2[1]])
    assert set(parts) >= {"g", "s", "delta"}


def test_adam_first_step_is_lr_g_over_abs_g_plus_eps():
    s = Stepper("adam", {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6})
    parts = s.step(G1)
    # t = 1: v̂ = g, ŝ = g², Δx = η·g/(|g| + ε)
    d = [0.01 * 0.5 / 0.500001, 0.01 * -4.0 / 4.000001]
    assert set(parts) >= {"g", "v", "s", "v_hat", "s_hat", "delta", "bias1", "bias2"}
    close(parts["v"][0], [0.05, -0.4])
    close(parts["s"][0], [0.00025, 0.016])
    close(parts["v_hat"][0], G1)
    close(parts["s_hat"][0], [0.25, 16.0])
    assert parts["bias1"] == pytest.approx(0.1, rel=1e-12)
    assert parts["bias2"] == pytest.approx(0.001, rel=1e-12)
    close(parts["delta"][0], d)
    close(s.p, [1.0 - d[0], -2.0 - d[1]])


def test_adam_second_step_by_hand():
    s = Stepper("adam", {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6})
    s.step(G1)
    parts = s.step(G2)
    # v = 0.9·(0.05, −0.4) + 0.1·(1, 2) = (0.145, −0.16)
    # s = 0.999·(0.00025, 0.016) + 0.001·(1, 4) = (0.00124975, 0.019984)
    # 1 − β₁² = 0.19, 1 − β₂² = 0.001999
    v_hat = [0.145 / 0.19, -0.16 / 0.19]
    s_hat = [0.00124975 / 0.001999, 0.019984 / 0.001999]
    d = [0.01 * v_hat[i] / (math.sqrt(s_hat[i]) + 1e-6) for i in range(2)]
    close(parts["v"][0], [0.145, -0.16])
    close(parts["s"][0], [0.00124975, 0.019984])
    assert parts["bias1"] == pytest.approx(0.19, rel=1e-12)
    assert parts["bias2"] == pytest.approx(0.001999, rel=1e-10)
    close(parts["v_hat"][0], v_hat, rtol=1e-12)
    close(parts["s_hat"][0], s_hat, rtol=1e-12)
    close(parts["delta"][0], d, rtol=1e-12)
    d1 = [0.01 * 0.5 / 0.500001, 0.01 * -4.0 / 4.000001]
    close(s.p, [1.0 - d1[0] - d[0], -2.0 - d1[1] - d[1]], rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_update_keeps_shapes_dtype_and_list_structure(name):
    opt = get_optimizer(name)
    w, b = torch.zeros(5, 1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)
    params = [w, b]
    grads = [torch.full((5, 1), 0.3, dtype=torch.float64), torch.full((1,), -0.2, dtype=torch.float64)]
    state = opt.init(params)
    state, parts = opt.update(params, grads, state, opt.validate({}), 1)
    assert params[0] is w and params[1] is b
    assert w.shape == (5, 1) and b.shape == (1,) and w.dtype == torch.float64
    assert [d.shape for d in parts["delta"]] == [(5, 1), (1,)]
    # every element moved against its gradient
    assert (w < 0).all() and (b > 0).all()
    close(w, -parts["delta"][0].numpy())
    close(b, -parts["delta"][1].numpy())


# ---------------------------------------------------------------- torch.optim where the formulas agree


def toy2_grads(params):
    return [torch.tensor([0.2, 4.0], dtype=torch.float64) * params[0]]


def regression_grads_factory(X: np.ndarray, y: np.ndarray):
    """Gradients of the book's minibatch loss for params [w (5,1), b (1,)], batch k of 10 rows at step k."""
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    counter = {"t": 0}

    def grads(params):
        k = counter["t"] % 150
        counter["t"] += 1
        Xb, yb = Xt[10 * k : 10 * k + 10], yt[10 * k : 10 * k + 10].reshape(-1, 1)
        r = Xb @ params[0] + params[1] - yb
        return [Xb.T @ r / 10, r.mean().reshape(1)]

    return grads


def scratch_trajectory(name, hp, x0s, grads_fn, steps):
    opt = get_optimizer(name)
    params = [t64(x).clone() for x in x0s]
    state = opt.init(params)
    out = []
    for t in range(1, steps + 1):
        state, _ = opt.update(params, grads_fn(params), state, hp, t)
        out.append(np.concatenate([p.numpy().ravel() for p in params]))
    return np.array(out)


def torch_trajectory(make_optim, x0s, grads_fn, steps):
    params = [t64(x).clone().requires_grad_(True) for x in x0s]
    optim = make_optim(params)
    out = []
    for _ in range(steps):
        with torch.no_grad():
            grads = grads_fn([p.detach() for p in params])
        for p, g in zip(params, grads, strict=True):
            p.grad = g.clone()
        optim.step()
        out.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    return np.array(out)


def agree(a, b, rtol=1e-10):
    scale = max(1.0, float(np.abs(b).max()))
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-13 * scale)


def test_adam_matches_torch_adam_on_toy2_for_200_steps():
    hp = {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    ours = scratch_trajectory("adam", hp, [[-5.0, -2.0]], toy2_grads, 200)
    ref = torch_trajectory(
        lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.9, 0.999), eps=1e-6), [[-5.0, -2.0]], toy2_grads, 200
    )
    agree(ours, ref)


def test_adam_matches_torch_adam_on_w_and_b(book_data):
    X, y = book_data
    hp = {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
    x0s = [np.linspace(-0.02, 0.02, 5).reshape(5, 1), [0.0]]
    ours = scratch_trajectory("adam", hp, x0s, regression_grads_factory(X, y), 200)
    ref = torch_trajectory(
        lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6), x0s, regression_grads_factory(X, y), 200
    )
    agree(ours, ref)


@pytest.mark.parametrize("lr,gamma", [(0.4, 0.5), (0.6, 0.5), (0.05, 0.9)])
def test_momentum_matches_torch_sgd_with_momentum(lr, gamma):
    ours = scratch_trajectory("momentum", {"lr": lr, "momentum": gamma}, [[-5.0, -2.0]], toy2_grads, 200)
    ref = torch_trajectory(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=gamma), [[-5.0, -2.0]], toy2_grads, 200)
    agree(ours, ref)


def test_momentum_matches_torch_on_w_and_b(book_data):
    X, y = book_data
    x0s = [np.linspace(-0.02, 0.02, 5).reshape(5, 1), [0.0]]
    hp = {"lr": 0.02, "momentum": 0.9}
    ours = scratch_trajectory("momentum", hp, x0s, regression_grads_factory(X, y), 200)
    ref = torch_trajectory(
        lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.9), x0s, regression_grads_factory(X, y), 200
    )
    agree(ours, ref)


@pytest.mark.parametrize("rho,eps", [(0.9, 1e-5), (0.5, 1e-3)])
def test_adadelta_matches_torch_adadelta_with_lr_1(rho, eps):
    ours = scratch_trajectory("adadelta", {"rho": rho, "eps": eps}, [[-5.0, -2.0]], toy2_grads, 200)
    ref = torch_trajectory(
        lambda ps: torch.optim.Adadelta(ps, lr=1.0, rho=rho, eps=eps), [[-5.0, -2.0]], toy2_grads, 200
    )
    agree(ours, ref)


def test_sgd_matches_torch_sgd():
    ours = scratch_trajectory("sgd", {"lr": 0.3}, [[-5.0, -2.0]], toy2_grads, 50)
    ref = torch_trajectory(lambda ps: torch.optim.SGD(ps, lr=0.3), [[-5.0, -2.0]], toy2_grads, 50)
    agree(ours, ref)


# RMSProp and AdaGrad: torch puts ε outside the root (√s + ε), the book inside (√(s + ε)).
TINY_START = [[-5e-5, -2e-5]]  # gradients of order 1e-5, so s stays below 2e-7, far below ε = 1e-6


@pytest.mark.parametrize("name", ["rmsprop", "adagrad"])
def test_eps_placement_differs_from_torch_for_tiny_gradients(name):
    hp = {"lr": 1e-7, "eps": 1e-6} | ({"gamma": 0.9} if name == "rmsprop" else {})
    make = (
        (lambda ps: torch.optim.RMSprop(ps, lr=1e-7, alpha=0.9, eps=1e-6))
        if name == "rmsprop"
        else (lambda ps: torch.optim.Adagrad(ps, lr=1e-7, eps=1e-6))
    )
    ours = scratch_trajectory(name, hp, TINY_START, toy2_grads, 20)
    ref = torch_trajectory(make, TINY_START, toy2_grads, 20)
    moved_ours = np.abs(ours[-1] - TINY_START[0])
    moved_ref = np.abs(ref[-1] - TINY_START[0])
    # inside the root ε dominates s, so the book's steps are many times shorter than torch's
    assert (moved_ref > 2 * moved_ours).all()
    assert (np.abs(ours[-1] - ref[-1]) > 0.5 * moved_ref).all()


@pytest.mark.parametrize("eps", [0.0, 1e-30])
@pytest.mark.parametrize("name", ["rmsprop", "adagrad"])
def test_eps_placement_vanishes_as_eps_goes_to_zero(name, eps):
    hp = {"lr": 1e-7, "eps": eps} | ({"gamma": 0.9} if name == "rmsprop" else {})
    make = (
        (lambda ps: torch.optim.RMSprop(ps, lr=1e-7, alpha=0.9, eps=eps))
        if name == "rmsprop"
        else (lambda ps: torch.optim.Adagrad(ps, lr=1e-7, eps=eps))
    )
    ours = scratch_trajectory(name, hp, TINY_START, toy2_grads, 20)
    ref = torch_trajectory(make, TINY_START, toy2_grads, 20)
    np.testing.assert_allclose(ours - TINY_START[0], ref - TINY_START[0], rtol=1e-10)


def test_torch_optim_builds_the_matching_torch_optimizer():
    p = t64([1.0, 2.0]).requires_grad_(True)
    cases = {
        "sgd": ({"lr": 0.3}, torch.optim.SGD, {"lr": 0.3, "momentum": 0}),
        "momentum": ({"lr": 0.3, "momentum": 0.7}, torch.optim.SGD, {"lr": 0.3, "momentum": 0.7, "dampening": 0}),
        "adagrad": ({"lr": 0.3, "eps": 1e-4}, torch.optim.Adagrad, {"lr": 0.3, "eps": 1e-4, "lr_decay": 0}),
        "rmsprop": (
            {"lr": 0.3, "gamma": 0.8, "eps": 1e-4},
            torch.optim.RMSprop,
            {"lr": 0.3, "alpha": 0.8, "eps": 1e-4, "momentum": 0, "centered": False},
        ),
        "adadelta": ({"rho": 0.8, "eps": 1e-4}, torch.optim.Adadelta, {"lr": 1.0, "rho": 0.8, "eps": 1e-4}),
        "adam": (
            {"lr": 0.3, "beta1": 0.8, "beta2": 0.99, "eps": 1e-4},
            torch.optim.Adam,
            {"lr": 0.3, "betas": (0.8, 0.99), "eps": 1e-4, "amsgrad": False},
        ),
    }
    assert set(cases) == set(NAMES)
    for name, (hp, cls, expected) in cases.items():
        optim = get_optimizer(name).torch_optim([p], hp)
        assert type(optim) is cls, name
        group = optim.param_groups[0]
        for key, value in expected.items():
            assert group[key] == value, (name, key)
        assert group.get("weight_decay", 0) == 0


@pytest.mark.parametrize("name", ["adam", "momentum", "adadelta", "sgd"])
def test_module_torch_optim_follows_the_same_path_as_scratch(name):
    hp = get_optimizer(name).validate({"lr": 0.3} if name != "adadelta" else {})
    ours = scratch_trajectory(name, hp, [[-5.0, -2.0]], toy2_grads, 100)
    ref = torch_trajectory(lambda ps: get_optimizer(name).torch_optim(ps, hp), [[-5.0, -2.0]], toy2_grads, 100)
    agree(ours, ref)


# ---------------------------------------------------------------- property-based: an independent numpy version

lrs = st.floats(1e-4, 10.0)
decays = st.floats(0.0, 0.999)
near_one = st.floats(0.0, 0.99999)
epss = st.one_of(st.just(0.0), st.floats(1e-10, 1e-1))
HP_STRATEGIES = {
    "sgd": st.fixed_dictionaries({"lr": lrs}),
    "momentum": st.fixed_dictionaries({"lr": lrs, "momentum": decays}),
    "adagrad": st.fixed_dictionaries({"lr": lrs, "eps": epss}),
    "rmsprop": st.fixed_dictionaries({"lr": lrs, "gamma": decays, "eps": epss}),
    "adadelta": st.fixed_dictionaries({"rho": decays, "eps": epss}),
    "adam": st.fixed_dictionaries({"lr": lrs, "beta1": decays, "beta2": near_one, "eps": epss}),
}
# gradients bounded away from 0, so ε = 0 never divides 0 by 0
grad_values = st.tuples(st.floats(1e-3, 10.0), st.booleans()).map(lambda mb: mb[0] if mb[1] else -mb[0])


@st.composite
def optimizer_cases(draw, name):
    hp = draw(HP_STRATEGIES[name])
    steps = draw(st.integers(1, 6))
    x0 = draw(st.lists(st.floats(-10.0, 10.0), min_size=5, max_size=5))
    grads = draw(st.lists(st.lists(grad_values, min_size=5, max_size=5), min_size=steps, max_size=steps))
    return hp, x0, grads


@pytest.mark.parametrize("name", NAMES)
def test_update_equals_independent_numpy_version(name, ref):
    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(optimizer_cases(name))
    def check(case):
        hp, x0, grads = case
        opt = get_optimizer(name)
        assert opt.validate(hp) == hp
        params = [t64(x0[:3]), t64(x0[3:]).reshape(2, 1)]
        state = opt.init(params)
        mine = ref.NumpyOptimizer(name, hp, [(3,), (2, 1)])
        xs = [np.array(x0[:3]), np.array(x0[3:]).reshape(2, 1)]
        scale = 1.0 + max(abs(v) for v in x0)
        for t, g in enumerate(grads, start=1):
            gs = [np.array(g[:3]), np.array(g[3:]).reshape(2, 1)]
            state, parts = opt.update(params, [torch.from_numpy(a.copy()) for a in gs], state, hp, t)
            xs = mine.step(xs, gs)
            scale += max(float(np.abs(d).max()) for d in mine.deltas)
            for p, x in zip(params, xs, strict=True):
                np.testing.assert_allclose(p.numpy(), x, rtol=1e-12, atol=1e-12 * scale)
            for d_ours, d_ref in zip(parts["delta"], mine.deltas, strict=True):
                np.testing.assert_allclose(d_ours.numpy(), d_ref, rtol=1e-12, atol=1e-12 * scale)

    check()


# ---------------------------------------------------------------- hyperparameter declarations

EXPECTED_NAMES = {
    "sgd": {"lr"},
    "momentum": {"lr", "momentum"},
    "adagrad": {"lr", "eps"},
    "rmsprop": {"lr", "gamma", "eps"},
    "adadelta": {"rho", "eps"},
    "adam": {"lr", "beta1", "beta2", "eps"},
}
# The notes' table: defaults of everything but the learning rate.
NOTES_DEFAULTS = {
    ("momentum", "momentum"): 0.5,
    ("adagrad", "eps"): 1e-6,
    ("rmsprop", "gamma"): 0.9,
    ("rmsprop", "eps"): 1e-6,
    ("adadelta", "rho"): 0.9,
    ("adadelta", "eps"): 1e-5,
    ("adam", "beta1"): 0.9,
    ("adam", "beta2"): 0.999,
    ("adam", "eps"): 1e-6,
}
DECAYS = {"momentum", "gamma", "beta1", "beta2", "rho"}


def test_the_six_optimizers_are_registered_as_the_chapter_s():
    assert {name for name, optimizer in OPTIMIZERS.items() if optimizer.chapter} == set(NAMES)
    for name in NAMES:
        assert get_optimizer(name).name == name
    with pytest.raises(ValueError, match="adam, "):
        get_optimizer("nadamw")


@pytest.mark.parametrize("name", NAMES)
def test_hyperparameter_declarations(name):
    opt = get_optimizer(name)
    names = [hp.name for hp in opt.hyperparams]
    assert len(names) == len(set(names))
    assert set(names) == EXPECTED_NAMES[name]
    for hp in opt.hyperparams:
        assert isinstance(hp.symbol, str) and hp.symbol.strip()
        assert hp.problem_with(hp.default) is None, (name, hp.name)
        lo, hi = hp.slider_range
        assert lo <= hp.default <= hi, (name, hp.name)
        assert hp.problem_with(lo) is None and hp.problem_with(hi) is None, (name, hp.name)
        if hp.scale == "log":
            assert lo > 0, (name, hp.name)
        if (name, hp.name) in NOTES_DEFAULTS:
            assert hp.default == NOTES_DEFAULTS[(name, hp.name)]
        if hp.name == "lr":
            assert hp.problem_with(1e-5) is None and hp.problem_with(10.0) is None
            assert lo <= 1e-5 and hi >= 10.0
            assert hp.problem_with(0.0) is not None and hp.problem_with(-0.1) is not None
        if hp.name in DECAYS:
            assert hp.problem_with(0.0) is None
            assert hp.problem_with(0.99) is None
            assert hp.problem_with(1.0) is not None
            assert hp.problem_with(1.5) is not None and hp.problem_with(-0.01) is not None
        if hp.name == "eps":
            assert hp.problem_with(0.0) is None
            assert hp.problem_with(-1e-12) is not None
    if name == "adam":
        lo, hi = opt.hyperparam("beta2").slider_range
        assert lo <= 0.999 < 0.9999 <= hi


@pytest.mark.parametrize("name", NAMES)
def test_validate_fills_in_defaults(name):
    opt = get_optimizer(name)
    values = opt.validate({})
    assert values == {hp.name: hp.default for hp in opt.hyperparams}
    assert all(type(v) is float for v in values.values())


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("name", NAMES)
def test_validate_rejects_non_finite_values(name, bad):
    opt = get_optimizer(name)
    for hp in opt.hyperparams:
        with pytest.raises(ValueError, match=hp.name):
            opt.validate({hp.name: bad})


@pytest.mark.parametrize(
    "name,key,value",
    [
        ("adam", "lr", 0.0),
        ("adam", "lr", -1.0),
        ("adam", "lr", 11.0),
        ("adam", "beta1", 1.0),
        ("adam", "beta2", 1.0),
        ("adam", "eps", -1e-8),
        ("momentum", "momentum", 1.0),
        ("rmsprop", "gamma", 1.2),
        ("adadelta", "rho", -0.1),
        ("sgd", "lr", 100.0),
        ("adagrad", "eps", 2.0),
    ],
)
def test_validate_rejects_out_of_range_values_naming_them(name, key, value):
    with pytest.raises(ValueError, match=key) as info:
        get_optimizer(name).validate({key: value})
    assert name in str(info.value)


def test_validate_rejects_unknown_names():
    with pytest.raises(ValueError, match="momentum") as info:
        get_optimizer("adam").validate({"momentum": 0.9})
    assert "adam" in str(info.value)
    with pytest.raises(ValueError, match="lr"):
        get_optimizer("adadelta").validate({"lr": 1.0})
    with pytest.raises(ValueError, match="bogus"):
        validate(get_optimizer("sgd").hyperparams, {"bogus": 1.0}, "sgd")


def test_validate_rejects_non_numbers():
    with pytest.raises(ValueError, match="lr"):
        get_optimizer("sgd").validate({"lr": "0.1"})
    with pytest.raises(ValueError, match="lr"):
        get_optimizer("sgd").validate({"lr": True})


def test_parse_of_typed_values():
    lr = get_optimizer("adam").hyperparam("lr")
    assert lr.parse(" 0.25 ") == 0.25
    assert lr.parse("1e-5") == 1e-5
    for text in ("abc", "", "nan", "inf", "0", "10.5", "-1"):
        with pytest.raises(ValueError, match="lr"):
            lr.parse(text)
