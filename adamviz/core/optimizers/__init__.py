"""The chapter's optimizers, one module each.

Every module defines NAME, TITLE, HYPERPARAMS, EQUATIONS (each line of the
update paired with the part of the step it computes, "x" for the new point),
``init(params)``,
``update(params, grads, state, hp, t)`` and ``torch_optim(params, hp)``.
``update`` changes ``params`` in place (``x ← x − Δx``, as the book writes
``p.data -= ...``), returns the new state and the parts of this step (``g``,
moments, bias-corrected values, ``delta``: the step taken) for the step view.

``init`` and ``update`` work on the parameters' own array type, torch tensors
or float64 numpy arrays (adamviz.core.arrays): arithmetic, plus ``sqrt`` and
``zeros_like`` from there. None of them imports torch at module level: the
window builds its sliders from HYPERPARAMS before torch has finished loading,
and a run on numpy arrays never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from adamviz.core.hyperparams import HyperParam, validate
from adamviz.core.optimizers import adadelta, adagrad, adam, momentum, rmsprop, sgd


@dataclass(frozen=True)
class Optimizer:
    name: str
    title: str
    hyperparams: tuple[HyperParam, ...]
    equations: tuple[tuple[str, str], ...]
    init: Callable[[list], Any]
    update: Callable[..., tuple[Any, dict]]
    torch_optim: Callable[[list, dict], Any]

    @classmethod
    def from_module(cls, module: ModuleType) -> Optimizer:
        return cls(
            module.NAME, module.TITLE, module.HYPERPARAMS, module.EQUATIONS,
            module.init, module.update, module.torch_optim,
        )

    def hyperparam(self, name: str) -> HyperParam:
        for hp in self.hyperparams:
            if hp.name == name:
                return hp
        raise KeyError(name)

    def validate(self, values: dict[str, float]) -> dict[str, float]:
        return validate(self.hyperparams, values, self.name)


OPTIMIZERS: dict[str, Optimizer] = {
    m.NAME: Optimizer.from_module(m) for m in (momentum, rmsprop, adam, sgd, adagrad, adadelta)
}
"""In display order: the chapter's three stars first, then the baselines."""


ALIASES = {"gd": "sgd"}
"""Other names people use: the window, the presets and the book say GD for what the command line calls sgd."""


def canonical_name(name: str) -> str:
    """``name`` as the registry knows it ("gd" is "sgd")."""
    return ALIASES.get(name, name)


def get_optimizer(name: str) -> Optimizer:
    try:
        return OPTIMIZERS[canonical_name(name)]
    except KeyError:
        known = ", ".join(f"{n} (or {a})" if a else n
                          for n, a in ((n, next((k for k, v in ALIASES.items() if v == n), "")) for n in OPTIMIZERS))
        raise ValueError(f"unknown optimizer {name!r} (choose from: {known})") from None
