"""NAdam (Dozat 2016, "Incorporating Nesterov momentum into Adam"), as torch.optim.NAdam: Adam whose
step already looks one step ahead along the momentum, with a momentum that warms up over the first
steps (μₜ, by the momentum decay ψ):
μₜ = β₁·(1 − ½·0.96^(t·ψ)) ; μₜ₊₁ likewise ; v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ;
ŝ = s/(1−β₂ᵗ) ; x ← x − η·(1−μₜ)/(1−μ₁⋯μₜ)·g/(√ŝ + ε) − η·μₜ₊₁/(1−μ₁⋯μₜ₊₁)·v/(√ŝ + ε).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from adamviz.core.arrays import Array, sqrt, zeros_like
from adamviz.core.hyperparams import HyperParam, decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "nadam"
TITLE = "NAdam"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly the average of g² forgets", scale="near_one"),
    epsilon(1e-6),
    HyperParam("momentum_decay", "ψ", 4e-3, 0.0, 1.0, "log",
               "how fast the momentum μₜ warms up to β₁ over the first steps", slider_low=1e-4, slider_high=1.0),
)
EQUATIONS = (
    ("μₜ = β₁·(1 − ½·0.96^(t·ψ))", "mu"),
    ("μₜ₊₁ = β₁·(1 − ½·0.96^((t+1)·ψ))", "mu_next"),
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("s ← β₂·s + (1−β₂)·g²", "s"),
    ("ŝ = s / (1−β₂ᵗ)", "s_hat"),
    ("x ← x − η·(1−μₜ)/(1−Πμ)·g/(√ŝ+ε) − η·μₜ₊₁/(1−Πμ·μₜ₊₁)·v/(√ŝ+ε)", "x"),
)
COLOR = "#2DC300"  # green
ORDER = 13
STARTS_LIKE = ("adam", 1.0)
TORCH = "torch.optim.NAdam"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["mu_next"] / (1 - parts["mu_product_next"]) * parts["v"],
                  scale=lambda parts, hp: hp["lr"] / (np.sqrt(parts["s_hat"]) + hp["eps"]))


class State(NamedTuple):
    v: list[Array]
    s: list[Array]
    mu_product: float
    """μ₁·μ₂⋯μₜ: the bias correction of a momentum whose factor changes from step to step."""


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params], 1.0)


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps, psi = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"], hp["momentum_decay"]
    bias2 = 1 - beta2**t
    mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
    mu_product = state.mu_product * mu
    mu_product_next = mu_product * mu_next
    new_v, new_s, s_hats, deltas = [], [], [], []
    for p, g, v, s in zip(params, grads, state.v, state.s, strict=True):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        s_hat = s / bias2
        denom = sqrt(s_hat) + eps
        delta = lr * (1 - mu) / (1 - mu_product) * g / denom + lr * mu_next / (1 - mu_product_next) * v / denom
        p -= delta
        new_v.append(v)
        new_s.append(s)
        s_hats.append(s_hat)
        deltas.append(delta)
    parts = {"g": grads, "mu": mu, "mu_next": mu_next, "mu_product_next": mu_product_next, "v": new_v, "s": new_s,
             "s_hat": s_hats, "delta": deltas, "bias2": bias2}
    return State(new_v, new_s, mu_product), parts


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.NAdam(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"],
                             momentum_decay=hp["momentum_decay"])
