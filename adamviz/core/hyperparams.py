"""Hyperparameters declared once, as data.

The command line, the validation of sessions and the window's sliders are all
built from these declarations, so adding an optimizer never means touching
them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from adamviz.core.text import translate

Scale = Literal["log", "linear", "near_one"]


@dataclass(frozen=True)
class HyperParam:
    """One hyperparameter of an optimizer.

    ``low``/``high`` bound the valid values (``low_open``/``high_open`` exclude
    the end itself); ``slider_low``/``slider_high`` bound what a slider can
    reach, which for a log scale must stay away from 0.  ``scale`` says how a
    slider spreads its positions: ``log`` for values spanning decades (η, ε),
    ``near_one`` for values crowding towards 1 (β₂ = 0.999), else ``linear``.
    """

    name: str
    symbol: str
    default: float
    low: float
    high: float
    scale: Scale
    meaning: str
    low_open: bool = False
    high_open: bool = False
    slider_low: float | None = None
    slider_high: float | None = None

    @property
    def slider_range(self) -> tuple[float, float]:
        return (
            self.low if self.slider_low is None else self.slider_low,
            self.high if self.slider_high is None else self.slider_high,
        )

    def range_text(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{self.low:g}, {self.high:g}{right}"

    def problem_with(self, value: float, label: str | None = None) -> str | None:
        """Why ``value`` is not acceptable, or None if it is. ``label`` names the value (default: its name,
        as the command line writes it; the window passes the symbol, η or β₂)."""
        label = self.name if label is None else label
        joiner = "=" if label == self.name else " = "
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return translate("hyperparams", "{name} must be a number").format(name=label)
        if not math.isfinite(value):
            return translate("hyperparams", "{assignment} is not a finite number").format(
                assignment=f"{label}{joiner}{value}")
        too_low = value <= self.low if self.low_open else value < self.low
        too_high = value >= self.high if self.high_open else value > self.high
        if too_low or too_high:
            return translate("hyperparams", "{assignment} is outside its range {range}").format(
                assignment=f"{label}{joiner}{value:g}", range=self.range_text())
        return None

    def parse(self, text: str, label: str | None = None) -> float:
        """Parse and validate a value typed by a user; raises ValueError with a clear message."""
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(translate("hyperparams", "{name}: {text!r} is not a number").format(
                name=self.name if label is None else label, text=text.strip())) from None
        problem = self.problem_with(value, label)
        if problem:
            raise ValueError(problem)
        return value


def learning_rate(default: float = 0.1) -> HyperParam:
    return HyperParam(
        "lr", "η", default, 0.0, 10.0, "log",
        "learning rate: how far each step goes",
        low_open=True, slider_low=1e-5, slider_high=10.0,
    )


def epsilon(default: float) -> HyperParam:
    return HyperParam(
        "eps", "ε", default, 0.0, 1.0, "log",
        "added for numerical stability so the division never hits zero",
        slider_low=1e-10, slider_high=1e-1,
    )


def decay(name: str, symbol: str, default: float, meaning: str, scale: Scale = "linear") -> HyperParam:
    """A forgetting factor in [0, 1): 0 forgets everything, close to 1 remembers long."""
    return HyperParam(
        name, symbol, default, 0.0, 1.0, scale, meaning,
        high_open=True, slider_high=0.999999 if scale == "near_one" else 0.99,
    )


def validate(declared: tuple[HyperParam, ...], values: dict[str, float], owner: str) -> dict[str, float]:
    """Defaults filled in, unknown names and bad values rejected with one clear message."""
    by_name = {hp.name: hp for hp in declared}
    for name in values:
        if name not in by_name:
            known = ", ".join(by_name) or translate("hyperparams", "none")
            raise ValueError(translate("hyperparams", "{owner} has no hyperparameter {name!r} (it has: {known})")
                             .format(owner=owner, name=name, known=known))
    result = {}
    for hp in declared:
        value = values.get(hp.name, hp.default)
        problem = hp.problem_with(value)
        if problem:
            raise ValueError(f"{owner}.{problem}")
        result[hp.name] = float(value)
    return result


def weight_decay(default: float) -> HyperParam:
    """λ: how much of the weights themselves each step takes away (0: none)."""
    return HyperParam(
        "weight_decay", "λ", default, 0.0, 10.0, "linear",
        "weight decay: each step also shrinks the weights by η·λ of themselves",
        slider_high=1.0,
    )
