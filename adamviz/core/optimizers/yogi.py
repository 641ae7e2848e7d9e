"""Yogi (Zaheer et al. 2018, "Adaptive methods for nonconvex optimization"), as Dive into Deep Learning's
Adam section (English edition) writes it: Adam whose second moment moves towards g² by a fixed
(1−β₂)·g² a step, up or down, instead of a share of the gap, so one large gradient cannot blow s up and
s forgets no faster than it learns:
v ← β₁·v + (1−β₁)·g ; s ← s + (1−β₂)·g²·sign(g² − s) ; v̂ = v/(1−β₁ᵗ) ; ŝ = s/(1−β₂ᵗ) ;
x ← x − η·v̂/(√ŝ + ε).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from adamviz.core.arrays import Array, sign, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

NAME = "yogi"
TITLE = "Yogi"
HYPERPARAMS = (
    learning_rate(0.01),
    decay("beta1", "β₁", 0.9, "how slowly the average of g (the momentum) forgets"),
    decay("beta2", "β₂", 0.999, "how slowly s follows g², by (1−β₂)·g² a step", scale="near_one"),
    epsilon(1e-3),  # the book's value for Yogi
)
EQUATIONS = (
    ("v ← β₁·v + (1−β₁)·g", "v"),
    ("s ← s + (1−β₂)·g²·sign(g² − s)", "s"),
    ("v̂ = v / (1−β₁ᵗ)", "v_hat"),
    ("ŝ = s / (1−β₂ᵗ)", "s_hat"),
    ("x ← x − η·v̂ / (√ŝ + ε)", "x"),
)
COLOR = "#785A78"  # mauve
ORDER = 16
STARTS_LIKE = ("adam", 1.0)
PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"],
                  scale=lambda parts, hp: hp["lr"] / (np.sqrt(parts["s_hat"]) + hp["eps"]))


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
        s = s + (1 - beta2) * g**2 * sign(g**2 - s)
        v_hat = v / bias1
        s_hat = s / bias2
        delta = lr * v_hat / (sqrt(s_hat) + eps)
        p -= delta
        new_v.append(v)
        new_s.append(s)
        v_hats.append(v_hat)
        s_hats.append(s_hat)
        deltas.append(delta)
    parts = {"g": grads, "v": new_v, "s": new_s, "v_hat": v_hats, "s_hat": s_hats, "delta": deltas,
             "bias1": bias1, "bias2": bias2}
    return State(new_v, new_s), parts
