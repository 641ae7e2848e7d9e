"""AdaDelta (D2L §7.7), no learning rate:
s ← ρ·s + (1−ρ)·g² ; g' ← √((Δ + ε)/(s + ε))·g ; x ← x − g' ; Δ ← ρ·Δ + (1−ρ)·g'².
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from adamviz.core.arrays import Array, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "adadelta"
TITLE = "AdaDelta"
HYPERPARAMS = (
    decay("rho", "ρ", 0.9, "how slowly the averages of g² and of the steps forget"),
    epsilon(1e-5),
)
EQUATIONS = (
    ("s ← ρ·s + (1−ρ)·g²", "s"),
    ("g′ ← √((Δ + ε)/(s + ε))·g", "delta"),
    ("x ← x − g′", "x"),
    ("Δ ← ρ·Δ + (1−ρ)·g′²", "Delta"),
)
# Not Okabe–Ito's sky blue, which beside Adam's blue was hard to tell apart: Tol's olive (muted scheme),
# mid-light, so it reads on the light surface and the dark one.
COLOR = "#999933"
ORDER, CHAPTER = 6, True
TORCH = "torch.optim.Adadelta(lr=1)"
TORCH_DEFAULTS = {"eps": 1e-06}  # what the chapter's concise cells leave to torch
PICTURE = Picture(gradient=False)  # no η: nothing to scale a gradient by


class State(NamedTuple):
    s: list[Array]
    delta: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params])


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    rho, eps = hp["rho"], hp["eps"]
    new_s, new_delta, steps = [], [], []
    for p, g, s, delta in zip(params, grads, state.s, state.delta, strict=True):
        s = rho * s + (1 - rho) * g**2
        g_prime = sqrt((delta + eps) / (s + eps)) * g
        p -= g_prime
        delta = rho * delta + (1 - rho) * g_prime**2
        new_s.append(s)
        new_delta.append(delta)
        steps.append(g_prime)
    return State(new_s, new_delta), {"g": grads, "s": new_s, "Delta": new_delta, "delta": steps}


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    # With lr = 1 torch's AdaDelta is the book's, ε inside both roots.
    return torch.optim.Adadelta(params, lr=1.0, rho=hp["rho"], eps=hp["eps"])
