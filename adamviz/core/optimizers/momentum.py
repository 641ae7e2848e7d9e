"""Momentum (D2L §7.4): v ← γ·v + η·g ; x ← x − v."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from adamviz.core.arrays import Array, zeros_like
from adamviz.core.hyperparams import decay, learning_rate
from adamviz.core.optimizers.parts import Note, Picture

if TYPE_CHECKING:
    import torch

NAME = "momentum"
TITLE = "Momentum"
HYPERPARAMS = (
    learning_rate(0.02),
    decay("momentum", "γ", 0.5, "momentum: how much of the last velocity carries over"),
)
EQUATIONS = (("v ← γ·v + η·g", "v"), ("x ← x − v", "x"))
COLOR = "#D55E00"  # Okabe–Ito vermillion
ORDER, CHAPTER = 1, True
TORCH = "torch.optim.SGD(momentum=γ)"
PICTURE = Picture(moment=lambda parts, hp: -parts["v"])
NOTES = (Note("η·g", lambda parts, hp, step: hp["lr"] * parts["g"],
              "GD's step; v adds the velocity carried over, which is why momentum overshoots"),)


class State(NamedTuple):
    v: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, gamma = hp["lr"], hp["momentum"]
    new_v = []
    for p, g, v in zip(params, grads, state.v, strict=True):
        v = gamma * v + lr * g
        p -= v
        new_v.append(v)
    return State(new_v), {"g": grads, "v": new_v, "delta": new_v}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    # torch keeps b ← γ·b + g and steps η·b: the same path for a constant η (v = η·b).
    return torch.optim.SGD(params, lr=hp["lr"], momentum=hp["momentum"])
