"""What an optimizer module declares for the pictures and the step panel (see adamviz.core.optimizers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Parts = dict[str, Any]
"""A step's parts as the views get them: flat float64 numpy arrays (g, v, s, …) and floats (bias1, …)."""


@dataclass(frozen=True)
class Picture:
    """What of a step the contour view draws where it starts, each from the step's parts and hyperparameters.

    ``moment``: the first moment's share of the step, as a displacement (momentum's −v, Adam's −η·v̂);
    ``scale``: the step a unit gradient would take in each coordinate (Adam's η/(√ŝ + ε), RMSProp's
    η/√(s + ε): which of the two says where ε sits); ``gradient``: draw −η·g, where plain gradient descent
    would step (only where there is an η).
    """

    moment: Callable[[Parts, dict], np.ndarray] | None = None
    scale: Callable[[Parts, dict], np.ndarray] | None = None
    gradient: bool = True


@dataclass(frozen=True)
class Note:
    """A row of the step panel beyond the equations: ``value(parts, hp, step)`` with an explanation."""

    label: str
    value: Callable[[Parts, dict, np.ndarray], np.ndarray]
    text: str
