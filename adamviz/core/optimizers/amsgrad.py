"""AMSGrad (Reddi, Kale & Kumar 2018, "On the convergence of Adam and beyond"), as torch.optim.Adam(amsgrad=True):
Adam, dividing by the largest second moment seen so far, so a rare large gradient is not forgotten
(Adam's ŝ forgets it at the rate 1−β₂ and its steps grow again):
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; ś ← max(ś, s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = ś/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from adamviz.core.arrays import Array, maximum, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "amsgrad"
TITLE = "AMSGrad"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly the average of g² forgets", scale="near_one"),
    epsilon(1e-6),
)
EQUATIONS = (
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("s ← β₂·s + (1−β₂)·g²", "s"),
    ("ś ← max(ś, s)", "s_max"),
    ("v̂ = v / (1−β₁ᵗ)", "v_hat"),
    ("ŝ = ś / (1−β₂ᵗ)", "s_hat"),
    ("x ← x − η·v̂ / (√ŝ + ε)", "x"),
)
COLOR = "#00B4C3"  # cyan
ORDER = 11
STARTS_LIKE = ("adam", 1.0)
TORCH = "torch.optim.Adam(amsgrad=True)"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"],
                  scale=lambda parts, hp: hp["lr"] / (np.sqrt(parts["s_hat"]) + hp["eps"]))


class State(NamedTuple):
    v: list[Array]
    s: list[Array]
    s_max: list[Array]


def init(params: list[Array]) -> State:
    return State(*([zeros_like(p) for p in params] for _ in range(3)))


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"]
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    new_v, new_s, new_max, v_hats, s_hats, deltas = [], [], [], [], [], []
    for p, g, v, s, s_max in zip(params, grads, state.v, state.s, state.s_max, strict=True):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        s_max = maximum(s_max, s)
        v_hat = v / bias1
        s_hat = s_max / bias2
        delta = lr * v_hat / (sqrt(s_hat) + eps)
        p -= delta
        for out, value in ((new_v, v), (new_s, s), (new_max, s_max), (v_hats, v_hat), (s_hats, s_hat),
                           (deltas, delta)):
            out.append(value)
    parts = {"g": grads, "v": new_v, "s": new_s, "s_max": new_max, "v_hat": v_hats, "s_hat": s_hats,
             "delta": deltas, "bias1": bias1, "bias2": bias2}
    return State(new_v, new_s, new_max), parts


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.Adam(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"], amsgrad=True)
