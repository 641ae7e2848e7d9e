"""Nesterov momentum (Nesterov 1983; Sutskever et al. 2013), as torch.optim.SGD(nesterov=True) for a
constant η: momentum whose step also takes the velocity's next decay in advance, so it brakes before
it overshoots: v ← γ·v + η·g ; x ← x − (η·g + γ·v).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from adamviz.core.arrays import Array, zeros_like
from adamviz.core.hyperparams import decay, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "nesterov"
TITLE = "Nesterov"
HYPERPARAMS = (
    learning_rate(0.02),
    decay("momentum", "γ", 0.5, "momentum: how much of the last velocity carries over"),
)
EQUATIONS = (("v ← γ·v + η·g", "v"), ("x ← x − (η·g + γ·v)", "x"))
COLOR = "#87695A"  # brown
ORDER = 15
# Each step takes η·g and γ·v once more: at momentum's η it overshoots where momentum does not.
STARTS_LIKE = ("momentum", 0.5)
TORCH = "torch.optim.SGD(momentum=γ, nesterov=True)"
PICTURE = Picture(moment=lambda parts, hp: -hp["momentum"] * parts["v"])


class State(NamedTuple):
    v: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, gamma = hp["lr"], hp["momentum"]
    new_v, deltas = [], []
    for p, g, v in zip(params, grads, state.v, strict=True):
        v = gamma * v + lr * g
        delta = lr * g + gamma * v
        p -= delta
        new_v.append(v)
        deltas.append(delta)
    return State(new_v), {"g": grads, "v": new_v, "delta": deltas}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    # torch keeps b ← γ·b + g and steps η·(g + γ·b): the same path for a constant η (v = η·b). It refuses
    # Nesterov without momentum, which is gradient descent.
    gamma = hp["momentum"]
    return torch.optim.SGD(params, lr=hp["lr"], momentum=gamma, nesterov=gamma > 0)
