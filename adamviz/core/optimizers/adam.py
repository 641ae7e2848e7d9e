"""Adam (Kingma & Ba 2015; D2L §7.8):
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε), with t = 1 at the first step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from adamviz.core.arrays import Array, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Note, Picture

if TYPE_CHECKING:
    import torch

NAME = "adam"
TITLE = "Adam"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly the average of g² forgets", scale="near_one"),
    epsilon(1e-6),
)
EQUATIONS = (
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("s ← β₂·s + (1−β₂)·g²", "s"),
    ("v̂ = v / (1−β₁ᵗ)", "v_hat"),
    ("ŝ = s / (1−β₂ᵗ)", "s_hat"),
    ("x ← x − η·v̂ / (√ŝ + ε)", "x"),
)
COLOR = "#0072B2"  # Okabe–Ito blue
ORDER, CHAPTER = 3, True
TORCH = "torch.optim.Adam"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"],
                  scale=lambda parts, hp: hp["lr"] / (np.sqrt(parts["s_hat"]) + hp["eps"]))  # ε outside the root
NOTES = (Note("|Δx|/η", lambda parts, hp, step: np.abs(step) / hp["lr"],
              "≈ 1 per coordinate while v̂/√ŝ ≈ ±1: Adam's first steps all have length ≈ η"),)


class State(NamedTuple):
    v: list[Array]
    s: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"]
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    new_v, new_s, v_hats, s_hats, deltas = [], [], [], [], []
    for p, g, v, s in zip(params, grads, state.v, state.s, strict=True):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        v_hat = v / bias1
        s_hat = s / bias2
        delta = lr * v_hat / (sqrt(s_hat) + eps)
        p -= delta
        new_v.append(v)
        new_s.append(s)
        v_hats.append(v_hat)
        s_hats.append(s_hat)
        deltas.append(delta)
    parts = {
        "g": grads, "v": new_v, "s": new_s, "v_hat": v_hats, "s_hat": s_hats,
        "delta": deltas, "bias1": bias1, "bias2": bias2,
    }
    return State(new_v, new_s), parts


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    # Same update; pass the book's ε (torch's own default is 1e-8).
    return torch.optim.Adam(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"])
