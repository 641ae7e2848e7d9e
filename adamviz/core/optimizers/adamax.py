"""Adamax (Kingma & Ba 2015, §7.1), as torch.optim.Adamax: Adam with the infinity norm in place of the
second moment, so the scale is the largest recent |g|, decayed by β₂:
v ← β₁·v + (1−β₁)·g ; u ← max(β₂·u, |g| + ε) ; v̂ = v/(1−β₁ᵗ) ; x ← x − η·v̂/u.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from adamviz.core.arrays import Array, absolute, maximum, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "adamax"
TITLE = "Adamax"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly the largest recent |g| forgets", scale="near_one"),
    epsilon(1e-6),
)
EQUATIONS = (
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("u ← max(β₂·u, |g| + ε)", "u"),
    ("v̂ = v / (1−β₁ᵗ)", "v_hat"),
    ("x ← x − η·v̂ / u", "x"),
)
COLOR = "#D2003C"  # crimson
ORDER = 12
STARTS_LIKE = ("adam", 1.0)
TORCH = "torch.optim.Adamax"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"], scale=lambda parts, hp: hp["lr"] / parts["u"])


class State(NamedTuple):
    v: list[Array]
    u: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"]
    bias1 = 1 - beta1**t
    new_v, new_u, v_hats, deltas = [], [], [], []
    for p, g, v, u in zip(params, grads, state.v, state.u, strict=True):
        v = beta1 * v + (1 - beta1) * g
        u = maximum(beta2 * u, absolute(g) + eps)
        v_hat = v / bias1
        delta = lr * v_hat / u
        p -= delta
        new_v.append(v)
        new_u.append(u)
        v_hats.append(v_hat)
        deltas.append(delta)
    return State(new_v, new_u), {"g": grads, "v": new_v, "u": new_u, "v_hat": v_hats, "delta": deltas,
                                 "bias1": bias1}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.Adamax(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"])
