"""Problems by name. Building one can be costly (airfoil reads its data), so each is built once."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from adamviz.core.problems.airfoil import AirfoilRegression, DataError
from adamviz.core.problems.base import Problem, ViewWindow
from adamviz.core.problems.surfaces import SURFACES
from adamviz.core.problems.toy import toy1, toy2

__all__ = ["PROBLEMS", "DataError", "Problem", "ViewWindow", "get_problem"]

PROBLEMS: dict[str, Callable[[], Problem]] = {
    "toy1": toy1,
    "toy2": toy2,
    "airfoil": AirfoilRegression,
    **SURFACES,
}


@cache
def get_problem(name: str) -> Problem:
    """The problem called ``name``; ValueError for an unknown name, DataError if its data is unusable."""
    try:
        factory = PROBLEMS[name]
    except KeyError:
        raise ValueError(f"unknown problem {name!r} (choose from: {', '.join(PROBLEMS)})") from None
    return factory()
