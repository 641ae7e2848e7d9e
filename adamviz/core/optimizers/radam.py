"""RAdam (Liu et al. 2020, "On the variance of the adaptive learning rate and beyond"), as torch.optim.RAdam:
while too few gradients have been seen for √ŝ to be trusted (ρₜ ≤ 5), a plain momentum step; after that
Adam's step, scaled down by the rectification r, which grows towards 1:
v ← β₁·v + (1−β₁)·g ; s ← β₂·s + (1−β₂)·g² ; v̂ = v/(1−β₁ᵗ) ; ρ∞ = 2/(1−β₂) − 1 ;
ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ) ; if ρₜ > 5: r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)),
x ← x − η·r·v̂·√(1−β₂ᵗ)/(√s + ε) ; else x ← x − η·v̂.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from adamviz.core.arrays import Array, ones_like, sqrt, zeros_like
from adamviz.core.hyperparams import decay, epsilon, learning_rate
from adamviz.core.optimizers.parts import Picture

if TYPE_CHECKING:
    import torch

NAME = "radam"
TITLE = "RAdam"
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
    ("ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ)", "rho_t"),
    ("r = √((ρₜ−4)(ρₜ−2)ρ∞/((ρ∞−4)(ρ∞−2)ρₜ))", "rect"),
    ("a = r·√(1−β₂ᵗ)/(√s+ε) if ρₜ > 5, else 1", "adaptive"),
    ("x ← x − η·v̂·a", "x"),
)
COLOR = "#FF8778"  # salmon
ORDER = 14
STARTS_LIKE = (("adam", 1.0), ("sgd", 1.0))  # its first steps, η·v̂, are gradient descent's size
TORCH = "torch.optim.RAdam"
TORCH_DEFAULTS = {"eps": 1e-08}  # what the chapter's concise cells leave to torch
RECTIFY_ABOVE = 5.0
"""torch's threshold on ρₜ (the paper's is 4): below it the variance of the adaptive rate is not defined
or too large, and the step is momentum's alone."""


PICTURE = Picture(moment=lambda parts, hp: -hp["lr"] * parts["v_hat"],
                  # the step a unit v̂ takes per coordinate, once there is one to draw
                  scale=lambda parts, hp: hp["lr"] * parts["adaptive"] if "rect" in parts else None)


class State(NamedTuple):
    v: list[Array]
    s: list[Array]


def init(params: list[Array]) -> State:
    return State([zeros_like(p) for p in params], [zeros_like(p) for p in params])


def rectification(beta2: float, t: int) -> tuple[float, float | None]:
    """ρₜ, and r where ρₜ > 5 (None before)."""
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    if rho_t <= RECTIFY_ABOVE:
        return rho_t, None
    return rho_t, math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))


def update(params: list[Array], grads: list[Array], state: State, hp: dict, t: int):
    lr, beta1, beta2, eps = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"]
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    rho_t, rect = rectification(beta2, t)
    new_v, new_s, v_hats, adaptives, deltas = [], [], [], [], []
    for p, g, v, s in zip(params, grads, state.v, state.s, strict=True):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        v_hat = v / bias1
        if rect is None:
            adaptive = ones_like(p)
            delta = lr * v_hat
        else:
            adaptive = rect * math.sqrt(bias2) / (sqrt(s) + eps)
            delta = lr * v_hat * adaptive
        p -= delta
        for out, value in ((new_v, v), (new_s, s), (v_hats, v_hat), (adaptives, adaptive), (deltas, delta)):
            out.append(value)
    parts = {"g": grads, "v": new_v, "s": new_s, "v_hat": v_hats, "rho_t": rho_t, "adaptive": adaptives,
             "delta": deltas, "bias1": bias1, "bias2": bias2}
    if rect is not None:
        parts["rect"] = rect
    return State(new_v, new_s), parts


def torch_optim(params: list[torch.Tensor], hp: dict) -> torch.optim.Optimizer:
    import torch

    return torch.optim.RAdam(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"])
