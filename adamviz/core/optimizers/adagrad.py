"""AdaGrad (D2L §7.5): s ← s + g² ; x ← x − η·g / √(s + ε)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from adamviz.core.arrays import Array, over, sqrt, zeros_like
from adamviz.core.hyperparams import epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "adagrad"
TITLE = "AdaGrad"
HYPERPARAMS = (learning_rate(0.1), epsilon(1e-6))
EQUATIONS = (("s ← s + g²", "s"), ("x ← x − η·g / √(s + ε)", "x"))
COLOR = "#E69F00"  # Okabe–Ito orange
ORDER, CHAPTER = 5, True
TORCH = "torch.optim.Adagrad"
TORCH_DEFAULTS = {"eps": 1e-10}  # what the chapter's concise cells leave to torch
PICTURE = Picture(scale=lambda parts, hp: hp["lr"] / np.sqrt(parts["s"] + hp["eps"]))  # ε inside the root


class State(NamedTuple):
    s: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, eps = hp["lr"], hp["eps"]
    new_s, deltas = [], []
    for p, g, s in zip(params, grads, state.s, strict=True):
        s = s + g**2
        delta = over(lr, sqrt(s + eps)) * g  # the order of the book's 2-D trainer: its very last bit
        p -= delta
        new_s.append(s)
        deltas.append(delta)
    return State(new_s), {"g": grads, "s": new_s, "delta": deltas}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    # torch divides by √s + ε (ε outside the root).
    return torch.optim.Adagrad(params, lr=hp["lr"], eps=hp["eps"])
