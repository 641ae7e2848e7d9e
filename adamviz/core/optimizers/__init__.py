"""The optimizers, one module each, found by looking in this package: adding one is adding its module.

A module reads like its paper and declares everything the app needs of it:

* ``NAME``, ``TITLE``, ``HYPERPARAMS`` (adamviz.core.hyperparams), ``EQUATIONS``: each line of the
  update paired with the part of the step it computes ("x" for the new point);
* ``init(params)`` and ``update(params, grads, state, hp, t)``: ``update`` changes ``params`` in place
  (``x ← x − Δx``, as the book writes ``p.data -= ...``) and returns the new state and the parts of this
  step (``g``, moments, bias-corrected values, ``delta``: the step taken) for the step view. Both work
  on the parameters' own array type, torch tensors or float64 numpy arrays (adamviz.core.arrays);
  none imports torch at module level;
* ``COLOR`` (each its own, far from every other's), ``ORDER`` (the chapter's six first), ``CHAPTER``;
* ``PICTURE`` (a Picture): which parts of a step the contour view draws, and how;
* ``NOTES`` (Notes): the step panel's extra rows, what this optimizer's step teaches;
* ``ELEMENTWISE``: it acts coordinate by coordinate, so the swarm and the sweep may step many
  runs as one array (default True);
* ``STARTS_LIKE`` (name, factor on η), or several such pairs: on problems whose tables do not list
  it, it starts with the first one's values, its η the smallest the pairs give (adamviz.core.starting);
* ``torch_optim(params, hp)`` and ``TORCH``, its torch.optim counterpart (optional), and ``TORCH_DEFAULTS``: the
  values torch's class has of its own where the chapter's concise cells pass none (its ε), for the twin that runs
  as those cells do.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from adamviz.core.hyperparams import HyperParam, validate
from adamviz.core.optimizers.parts import Note, Picture
from adamviz.core.text import declared

__all__ = ["OPTIMIZERS", "Note", "Optimizer", "Picture", "canonical_name", "get_optimizer", "register", "unregister"]

@dataclass(frozen=True)
class Optimizer:
    name: str
    title: str
    hyperparams: tuple[HyperParam, ...]
    equations: tuple[tuple[str, str], ...]
    init: Callable[[list], Any]
    update: Callable[..., tuple[Any, dict]]
    torch_optim: Callable[[list, dict], Any] | None
    color: str = "#999999"
    order: float = 100.0
    chapter: bool = False
    """One of the chapter's six (shown first, the others in a group of their own)."""
    picture: Picture = field(default_factory=Picture)
    notes: tuple[Note, ...] = ()
    elementwise: bool = True
    starts_like: tuple[tuple[str, float], ...] = ()
    torch_name: str = ""
    """torch.optim's counterpart, as a reader would look it up ("torch.optim.AdamW")."""
    torch_defaults: tuple[tuple[str, float], ...] = ()
    """(hyperparameter, torch's own default) where the book's concise cells leave it to torch: ε = 1e-8 for Adam."""
    summary: str = ""
    """The module's docstring: its paper and its update, for tooltips and the help."""
    source: str | None = None
    """The file a user's optimizer came from (None for the built-in ones)."""

    @classmethod
    def from_module(cls, module: ModuleType) -> Optimizer:
        return cls(
            module.NAME, module.TITLE, module.HYPERPARAMS, module.EQUATIONS, module.init, module.update,
            getattr(module, "torch_optim", None), color=module.COLOR, order=getattr(module, "ORDER", 100.0),
            chapter=getattr(module, "CHAPTER", False), picture=getattr(module, "PICTURE", Picture()),
            notes=getattr(module, "NOTES", ()), elementwise=getattr(module, "ELEMENTWISE", True),
            starts_like=_pairs(getattr(module, "STARTS_LIKE", ())), torch_name=getattr(module, "TORCH", ""),
            torch_defaults=tuple(getattr(module, "TORCH_DEFAULTS", {}).items()),
            summary=(module.__doc__ or "").strip(),
        )

    @property
    def shown_title(self) -> str:
        """The title in the window's language: the Chinese edition's 动量法 for Momentum; names stay names."""
        return declared(self.title)

    @property
    def has_lr(self) -> bool:
        return any(hp.name == "lr" for hp in self.hyperparams)

    def hyperparam(self, name: str) -> HyperParam:
        for hp in self.hyperparams:
            if hp.name == name:
                return hp
        raise KeyError(name)

    def validate(self, values: dict[str, float]) -> dict[str, float]:
        return validate(self.hyperparams, values, self.name)


def _pairs(starts_like) -> tuple[tuple[str, float], ...]:
    """("adam", 1.0) or (("adam", 1.0), ("sgd", 1.0)) as a tuple of pairs."""
    if len(starts_like) == 2 and isinstance(starts_like[0], str):
        return (tuple(starts_like),)
    return tuple(tuple(pair) for pair in starts_like)


def _discover() -> dict[str, Optimizer]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "update"):
            found.append(Optimizer.from_module(module))
    found.sort(key=lambda optimizer: (optimizer.order, optimizer.name))
    return {optimizer.name: optimizer for optimizer in found}


OPTIMIZERS: dict[str, Optimizer] = _discover()
"""In display order: the chapter's three stars first, then its baselines, then the others."""

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


def register(optimizer: Optimizer) -> None:
    """Add an optimizer (a user's, from a file) to the registry, after the built-in ones."""
    if optimizer.name in OPTIMIZERS and OPTIMIZERS[optimizer.name].source is None:
        raise ValueError(f"{optimizer.name!r} is a built-in optimizer")
    OPTIMIZERS[optimizer.name] = optimizer


def unregister(name: str) -> None:
    if name in OPTIMIZERS and OPTIMIZERS[name].source is not None:
        del OPTIMIZERS[name]
