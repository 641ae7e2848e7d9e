"""Lion (Chen et al. 2023, "Symbolic discovery of optimization algorithms"): the step keeps only the sign
of an interpolation between the momentum and the gradient, so every coordinate moves by exactly η
(plus the weight decay), however steep or flat the surface:
c = β₁·m + (1−β₁)·g ; x ← x − η·(sign(c) + λ·x) ; m ← β₂·m + (1−β₂)·g.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from adamviz.core.arrays import Array, sign, zeros_like
from adamviz.core.hyperparams import decay, learning_rate, weight_decay
from adamviz.core.optimizers.parts import Note, Picture

NAME = "lion"
TITLE = "Lion"
HYPERPARAMS = (
    learning_rate(0.001),
    decay("beta1", "β₁", 0.9, "how much of the momentum the step's direction takes (the rest is g)"),
    decay("beta2", "β₂", 0.99, "how slowly the momentum forgets"),
    weight_decay(0.0),
)
EQUATIONS = (
    ("c = β₁·m + (1−β₁)·g", "c"),
    ("x ← x − η·(sign(c) + λ·x)", "x"),
    ("m ← β₂·m + (1−β₂)·g", "m"),
)
COLOR = "#5A693C"  # dark olive
ORDER = 17
STARTS_LIKE = ("adam", 1 / 3)  # its steps are η in every coordinate, √2 longer than Adam's in 2-D
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["c"],
                  scale=lambda parts, hp: np.full_like(parts["g"], hp["lr"]))  # every step ends on this box's corner
NOTES = (Note("|Δx|/η", lambda parts, hp, step: np.abs(step) / hp["lr"],
              "exactly 1 in every coordinate (with λ = 0): the sign keeps the direction, never the size"),)


class State(NamedTuple):
    m: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, lam = hp["lr"], hp["beta1"], hp["beta2"], hp["weight_decay"]
    new_m, directions, deltas = [], [], []
    for p, g, m in zip(params, grads, state.m, strict=True):
        c = beta1 * m + (1 - beta1) * g
        delta = lr * (sign(c) + lam * p)
        p -= delta
        new_m.append(beta2 * m + (1 - beta2) * g)
        directions.append(c)
        deltas.append(delta)
    return State(new_m), {"g": grads, "c": directions, "m": new_m, "delta": deltas}
