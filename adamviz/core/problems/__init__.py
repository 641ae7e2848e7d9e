"""Problems by name. Building one can be costly (airfoil reads its data), so each is built once."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from adamviz.core.problems.airfoil import AirfoilRegression, DataError
from adamviz.core.problems.base import Problem, ViewWindow
from adamviz.core.problems.curves import CURVES
from adamviz.core.problems.surfaces import SURFACES
from adamviz.core.problems.toy import toy1, toy2
from adamviz.core.text import translate

__all__ = ["CUSTOM", "PROBLEMS", "DataError", "Problem", "ViewWindow", "get_problem", "problem_title",
           "resolve_problem"]

CUSTOM = "custom"
"""The problem name of a user's own f(x1, x2); the function text travels beside it."""

PROBLEMS: dict[str, Callable[[], Problem]] = {
    "toy1": toy1,
    "toy2": toy2,
    "airfoil": AirfoilRegression,
    **CURVES,
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


def problem_title(name: str) -> str:
    """"toy2: 0.1·x1² + 2·x2²": what the problem is, without reading data files where it can be said without."""
    factory = PROBLEMS[name]
    title = getattr(factory, "TITLE", None)
    if title:
        return title
    try:
        return get_problem(name).title
    except DataError:  # an unusable data file: the name alone; choosing it says what is wrong
        return name


@lru_cache(maxsize=32)
def custom_problem(function: str) -> Problem:
    from adamviz.core.problems.custom import CustomProblem

    return CustomProblem(function)


def resolve_problem(name: str, function: str | None = None) -> Problem:
    """``name``'s problem, or for ``custom`` the user's ``function``; ValueError with a clear message."""
    if name == CUSTOM or function is not None:
        if name != CUSTOM:
            raise ValueError(f"a function is for the {CUSTOM} problem, not {name}")
        if not function or not function.strip():
            raise ValueError(translate("problems", "the custom problem needs a function of x1 and x2, "
                                       "e.g. x1**2 + 3*sin(x2)"))
        return custom_problem(function.strip())
    return get_problem(name)
