"""AdamW (Loshchilov & Hutter 2019, "Decoupled weight decay regularization"), as torch.optim.AdamW:
Adam's step, and beside it the weights shrink by η·λ of themselves, not through the gradient as an L2
penalty would (which Adam's division by √ŝ would undo where gradients are large):
d = η·λ·x ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − d − η·v̂/(√ŝ + ε).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from adamviz.core.arrays import Array, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate, weight_decay
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "adamw"
TITLE = "AdamW"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly the average of g² forgets", scale="near_one"),
    epsilon(1e-6),
    weight_decay(0.01),
)
EQUATIONS = (
    ("d = η·λ·x", "decay"),
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("s ← β₂·s + (1−β₂)·g²", "s"),
    ("v̂ = v / (1−β₁ᵗ)", "v_hat"),
    ("ŝ = s / (1−β₂ᵗ)", "s_hat"),
    ("x ← x − d − η·v̂ / (√ŝ + ε)", "x"),
)
COLOR = "#B400D2"  # purple
ORDER = 10
STARTS_LIKE = ("adam", 1.0)
TORCH = "torch.optim.AdamW"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"],
                  scale=lambda parts, hp: hp["lr"] / (np.sqrt(parts["s_hat"]) + hp["eps"]))


class State(NamedTuple):
    v: list[Array]
    s: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps, lam = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"], hp["weight_decay"]
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    new_v, new_s, v_hats, s_hats, decays, deltas = [], [], [], [], [], []
    for p, g, v, s in zip(params, grads, state.v, state.s, strict=True):
        d = lr * lam * p  # of the weights before this step, as torch decays them first
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        v_hat = v / bias1
        s_hat = s / bias2
        delta = d + lr * v_hat / (sqrt(s_hat) + eps)
        p -= delta
        for out, value in ((new_v, v), (new_s, s), (v_hats, v_hat), (s_hats, s_hat), (decays, d), (deltas, delta)):
            out.append(value)
    parts = {"g": grads, "decay": decays, "v": new_v, "s": new_s, "v_hat": v_hats, "s_hat": s_hats,
             "delta": deltas, "bias1": bias1, "bias2": bias2}
    return State(new_v, new_s), parts


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.AdamW(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"],
                             weight_decay=hp["weight_decay"])
