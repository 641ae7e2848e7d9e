"""Noisy gradients (D2L §7.2): N(0, σ²) added to each coordinate of every gradient of a 2-D problem.

The noise at step t is one vector drawn from the scenario's seed: the same for every run, every
particle of a swarm and every η of a sweep at that step, so that what differs between them is the
optimizers alone, and the same seed gives the same numbers. It is drawn in blocks of CHUNK steps,
block k from ``numpy.random.default_rng([seed, k, STREAM])`` (``standard_normal((CHUNK, dim)) · σ``),
so a run can start anywhere and any number of runs can ask for it in any order.

The book's own code draws ``np.random.normal(0.1)``, mean 0.1 and standard deviation 1, while its
text says mean 0: adamviz uses mean 0.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from adamviz.core.arrays import ArrayModule, is_numpy
from adamviz.core.problems.base import GradientFn, Problem
from adamviz.core.text import declared, translate

CHUNK = 1024
STREAM = 0x6E6F6973  # "nois": apart from the airfoil's minibatch orders, drawn from [seed, epoch]
MAX_NOISE = 1000.0


def check_noise(sigma: float, problem: Problem) -> float:
    """σ as a float if ``problem`` can take it; ValueError with one clear line otherwise."""
    if isinstance(sigma, bool) or not isinstance(sigma, int | float) or not math.isfinite(sigma):
        raise ValueError(translate("problems", "the gradient noise σ must be a number, not {sigma!r}").format(
            sigma=sigma))
    sigma = float(sigma)
    if not 0.0 <= sigma <= MAX_NOISE:
        raise ValueError(translate("problems", "the gradient noise σ must be between 0 and {most:g}, not {sigma:g}")
                         .format(most=MAX_NOISE, sigma=sigma))
    if sigma and not problem.direct:
        raise ValueError(translate("problems", "gradient noise applies to the 1-D and 2-D problems, not {problem} "
                                   "(its minibatches are its noise)").format(problem=problem.name))
    return sigma


_MADE: dict[tuple[int, float], NoisyProblem] = {}


def noisy(problem: Problem, sigma: float) -> NoisyProblem:
    """``problem`` with N(0, σ²) added to its gradients: one object per problem and σ, as the window tells a
    changed problem from the same one by identity."""
    key = (id(problem), float(sigma))
    made = _MADE.get(key)
    if made is None or made.base is not problem:
        if len(_MADE) > 64:
            _MADE.clear()
        made = _MADE[key] = NoisyProblem(problem, float(sigma))
    return made


@lru_cache(maxsize=16)
def noise_block(seed: int, block: int, dim: int, sigma: float) -> np.ndarray:
    """The noise of steps block·CHUNK + 1 … (block + 1)·CHUNK, one row a step (read-only)."""
    rows = np.random.default_rng([seed, block, STREAM]).standard_normal((CHUNK, dim)) * sigma
    rows.setflags(write=False)
    return rows


def noise_at(seed: int, step: int, dim: int, sigma: float) -> np.ndarray:
    """The noise vector added at ``step`` (1 is the first step)."""
    block, row = divmod(step - 1, CHUNK)
    return noise_block(seed, block, dim, sigma)[row]


class NoisyProblem:
    """A 2-D problem whose gradient carries the noise; everything else is the problem's own."""

    def __init__(self, problem: Problem, sigma: float):
        self.base = problem
        self.noise = sigma

    @property
    def title(self) -> str:
        """The problem's title (declared) and σ, in the window's language."""
        return translate("problems", "{title}, noisy gradients σ = {sigma:g}").format(title=declared(self.base.title),
                                                                                      sigma=self.noise)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def gradient_fn(self, seed: int = 0, arrays: ArrayModule | None = None) -> GradientFn:
        exact = self.base.gradient_fn(seed, arrays or self.base.step_arrays)
        dim, sigma = self.base.dim, self.noise
        converted: dict[tuple, Any] = {}

        def gradient(theta, step: int):
            g = exact(theta, step)
            row = noise_at(seed, step, dim, sigma)
            if is_numpy(g):
                return g + row
            key = (step - 1) // CHUNK, g.dtype  # the block as a tensor of the run's own type, once
            if key not in converted:
                import torch

                converted.clear()
                converted[key] = torch.as_tensor(noise_block(seed, key[0], dim, sigma).copy(), dtype=g.dtype)
            return g + converted[key][(step - 1) % CHUNK]

        return gradient
