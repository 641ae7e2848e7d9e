"""Gradient descent (D2L §7.2): x ← x − η·g."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adamviz.core.arrays import Array
from adamviz.core.hyperparams import learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "sgd"
TITLE = "GD"
HYPERPARAMS = (learning_rate(0.1),)
EQUATIONS = (("x ← x − η·g", "x"),)
COLOR = "#CC79A7"  # Okabe–Ito reddish purple
ORDER, CHAPTER = 4, True
TORCH = "torch.optim.SGD"
PICTURE = Picture()


def init(params: list[Array]) -> tuple:
    return ()


def update(params: list[Array], grads: list[Array], state: tuple, hp: dict, t: int):
    lr = hp["lr"]
    deltas = []
    for p, g in zip(params, grads, strict=True):
        delta = lr * g
        p -= delta
        deltas.append(delta)
    return state, {"g": grads, "delta": deltas}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.SGD(params, lr=hp["lr"])
