"""Good starting hyperparameters for every optimizer on every problem, in one place.

For the chapter's six optimizers a table per problem: the chapter's own settings
where it gives them (its toy runs, its regression), and for the surfaces beyond
the chapter a value near the largest that stays stable from the problem's
start (the chapter's habit), found by running the engine; the comments say what
the picture then shows. γ = 0.9 for momentum on the surfaces, the value that
shows it as momentum. A function of one's own gets values from a rule of thumb
(see ``for_function``).

Any other optimizer (the ones added beside the chapter's, a student's own file)
declares which of the six it starts like, and with what factor on η
(``Optimizer.starts_like``): it gets that one's values for the hyperparameters
they share, its η no larger than any other it names gives (RAdam's first steps are
plain momentum steps of η·v̂: no longer than gradient descent's may be), so a new
optimizer is sensible on every problem without a table here. Whatever is left out
falls back to the optimizer's own defaults.
"""

from __future__ import annotations

import numpy as np

CHAPTER_TOYS = {
    # The chapter's toy experiments; optimizers it never runs here get settings that show them well
    # from the same start.
    "sgd": {"lr": 0.4},
    "momentum": {"lr": 0.4, "momentum": 0.5},
    "adagrad": {"lr": 0.4},
    "rmsprop": {"lr": 0.4, "gamma": 0.9},
    "adadelta": {"rho": 0.9},
    "adam": {"lr": 0.3},  # its steps are ≈ η long, so a smaller η settles sooner
}

TABLES: dict[str, dict[str, dict[str, float]]] = {
    "toy1": {**CHAPTER_TOYS, "sgd": {"lr": 0.1}},
    "toy2": CHAPTER_TOYS,
    # The chapter's settings for its regression (§7.3–7.8).
    "airfoil": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.02, "momentum": 0.5},
        "adagrad": {"lr": 0.1},
        "rmsprop": {"lr": 0.01, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.01},
    },
    # GD: at the start 2/λmax ≈ 0.0013, and a larger η bounces off the valley's walls. AdaGrad's first step
    # is η in each coordinate: with η ≥ 1.5 it jumps across the valley.
    "rosenbrock": {
        "sgd": {"lr": 0.0015},
        "momentum": {"lr": 0.001, "momentum": 0.9},
        "adagrad": {"lr": 1.0},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.2},
    },
    # GD with η = 0.05 diverges at once.
    "beale": {
        "sgd": {"lr": 0.01},
        "momentum": {"lr": 0.003, "momentum": 0.9},
        "adagrad": {"lr": 1.0},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.1},
    },
    # Steepest descent heads for (3.58, −1.85), the adaptive methods for (3, 2).
    "himmelblau": {
        "sgd": {"lr": 0.01},
        "momentum": {"lr": 0.003, "momentum": 0.9},
        "adagrad": {"lr": 0.5},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.1},
    },
    # GD with η = 0.05 sits near the saddle for ~40 steps; the adaptive methods escape at once.
    "saddle": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.05, "momentum": 0.9},
        "adagrad": {"lr": 0.1},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.05},
    },
    # Stable in a local minimum (curvature ≈ 397 there: GD needs η < 0.005); everyone settles near (−3, 3).
    "rastrigin": {
        "sgd": {"lr": 0.003},
        "momentum": {"lr": 0.002, "momentum": 0.9},
        "adagrad": {"lr": 0.3},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.1},
    },
    # The well's walls (curvature 25) cap GD at η < 0.08 and momentum at η < 0.15: on the plateau such
    # steps are hopeless, while the adaptive methods walk across at about η a step.
    "plateau": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.1, "momentum": 0.9},
        "adagrad": {"lr": 0.3},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.1},
    },
    # The book's §7.2 runs GD with η = 0.2 (0.05 creeps, 1.1 diverges); the others get as much as settles near
    # 0 in about ten steps from x = 10 (Adam's steps are ≈ η long: it needs ten of length 1).
    "parabola": {
        "sgd": {"lr": 0.2},
        "momentum": {"lr": 0.1, "momentum": 0.5},
        "adagrad": {"lr": 3.0},
        "rmsprop": {"lr": 0.5, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 1.0},
    },
    # From x = 0 the gradient (1) points left: GD rolls into the local minimum at −0.2.
    "local_minima": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.02, "momentum": 0.9},
        "adagrad": {"lr": 0.1},
        "rmsprop": {"lr": 0.01, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.05},
    },
    # From x = 1 the gradient 3x² only ever points left: GD creeps towards 0 and stops short; momentum (γ = 0.7:
    # past 0 by step 7, at −6.5 by step 30) and Adam overshoot the saddle and run off.
    "cubic": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.05, "momentum": 0.7},
        "adagrad": {"lr": 0.3},
        "rmsprop": {"lr": 0.03, "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": 0.1},
    },
}


def for_function(width: float, slope: float) -> dict[str, dict[str, float]]:
    """A rule of thumb for a function of one's own, from the view's size ``width`` and the median gradient
    size ``slope`` over it. The adaptive methods, whose steps are about η per coordinate, get η = w/100
    (Adam), w/300 (RMSProp, whose first step is ≈ 3η) and w/20 (AdaGrad, whose steps shrink like 1/√t);
    GD gets the η whose step at a typical slope is 2% of the view, 0.02·w/G, momentum (γ = 0.9) a
    quarter of that. Nothing guarantees they suit every function: they are a starting point."""

    def clamp(value: float) -> float:
        return float(min(10.0, max(1e-5, float(f"{value:.2g}"))))

    sgd = clamp(0.02 * width / slope)
    return {
        "sgd": {"lr": sgd},
        "momentum": {"lr": clamp(sgd / 4), "momentum": 0.9},
        "adagrad": {"lr": clamp(width / 20)},
        "rmsprop": {"lr": clamp(width / 300), "gamma": 0.9},
        "adadelta": {"rho": 0.9},
        "adam": {"lr": clamp(width / 100)},
    }


def table_for(problem) -> dict[str, dict[str, float]]:
    """The chapter's six optimizers' starting values on ``problem`` (a function of one's own: the rule)."""
    scale = getattr(problem, "heuristic_scale", None)  # (view width, median slope) of a function of one's own
    if scale is not None:
        return for_function(*scale)
    return TABLES.get(problem.name, {})


def starting_values(problem, name: str) -> dict[str, float]:
    """Hyperparameters optimizer ``name`` starts with on ``problem`` (its own defaults fill in the rest)."""
    from adamviz.core.optimizers import get_optimizer

    table = table_for(problem)
    if name in table:
        return dict(table[name])
    optimizer = get_optimizer(name)
    if not optimizer.starts_like:
        return {}
    (like, factor), *caps = optimizer.starts_like
    own = {hp.name for hp in optimizer.hyperparams}
    values = {key: value for key, value in table.get(like, {}).items() if key in own}
    if "lr" in values:
        rates = [values["lr"] * factor] + [table[other]["lr"] * cap for other, cap in caps
                                           if "lr" in table.get(other, {})]
        values["lr"] = float(f"{min(rates):.2g}")
    return values


def median_slope(z: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The median gradient size of a grid of losses (1 where it cannot be told)."""
    with np.errstate(all="ignore"):
        gy, gx = np.gradient(z, y, x)
        slopes = np.hypot(gx, gy)
    slopes = slopes[np.isfinite(slopes) & (slopes > 0)]
    return float(np.median(slopes)) if slopes.size else 1.0
