"""The two array modules runs step in, and the little the update rules need beyond arithmetic.

Every update rule (adamviz.core.optimizers) is written once, in the book's
notation, over the parameters' own array type:

* torch tensors for the regression, your own functions (their gradient is
  autograd's), the surfaces whose gradient needs sin or exp, and torch.optim's
  versions;
* float64 numpy arrays for the bowls and the polynomial surfaces, as the book
  steps its 2-D examples in plain Python floats (``Problem.step_arrays``).

On those a step is nothing but +, −, ×, ÷ and √, which IEEE 754 requires to
be correctly rounded, and numpy's are: a run's every number is what the same
formula gives in plain Python floats, bit for bit (tests/core/test_arrays.py).
torch's float64 √ on the CPU is not: one input in about 80 comes out one unit
in the last place off, so a torch run of RMSProp, AdaGrad, AdaDelta or Adam
parts from the exact one in the last digits. Stepping on numpy also needs no
torch, whose import costs more than a second: exports, ``adamviz trace`` and
the window's first trajectories on the chapter's bowls do not wait for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import numpy as np

ArrayModule = Literal["numpy", "torch"]
Array = Any
"""A torch.Tensor or a numpy.ndarray."""


def is_numpy(x: Array) -> bool:
    return isinstance(x, np.ndarray | np.generic)


def sqrt(x: Array) -> Array:
    """√x elementwise, in x's own module."""
    return np.sqrt(x) if is_numpy(x) else x.sqrt()


def over(numerator: float | Array, x: Array) -> Array:
    """numerator / x elementwise, correctly rounded in either module: torch computes a Python number over a
    tensor as the number times 1/x, two roundings, and a sweep's η (a tensor) over x as a true division."""
    if is_numpy(x) or not isinstance(numerator, int | float):
        return numerator / x
    return _scalar(float(numerator), x.dtype) / x


@lru_cache(maxsize=64)
def _scalar(value: float, dtype) -> Any:
    """``value`` as a 0-dim torch tensor of ``dtype``, made once (a run divides by it at every step)."""
    import torch

    with torch.inference_mode(False):  # a plain tensor, usable in and out of inference mode
        return torch.tensor(value, dtype=dtype)


def zeros_like(x: Array) -> Array:
    """Zeros of x's shape, dtype and module: the state every update rule starts from."""
    return np.zeros_like(x) if is_numpy(x) else x.new_zeros(x.shape)


def new_vector(values: np.ndarray, arrays: ArrayModule, dtype: str) -> Array:
    """A fresh, writable parameter vector holding ``values``."""
    if arrays == "numpy":
        return np.array(values, dtype=dtype)
    import torch

    return torch.tensor(values, dtype=getattr(torch, dtype))


def numpy_view(x: Array) -> np.ndarray:
    """x itself as a numpy array, sharing its memory (the engine records a step by copying from it)."""
    return x if is_numpy(x) else x.detach().numpy()


def flat_copies(values: list[Array]) -> list[np.ndarray]:
    """Flat float64 numpy copies of arrays of either module (for snapshots crossing threads or processes)."""
    return [np.array(numpy_view(v), dtype=np.float64).reshape(-1) for v in values]


def sign(x: Array) -> Array:
    """−1, 0 or 1 elementwise, in x's own module."""
    return np.sign(x) if is_numpy(x) else x.sign()


def maximum(x: Array, y: Array) -> Array:
    """The larger of x and y elementwise, in x's own module."""
    return np.maximum(x, y) if is_numpy(x) else x.maximum(y)


def absolute(x: Array) -> Array:
    """|x| elementwise, in x's own module."""
    return np.abs(x) if is_numpy(x) else x.abs()


def ones_like(x: Array) -> Array:
    """1 elementwise, of x's shape and type."""
    return np.ones_like(x) if is_numpy(x) else x.new_ones(x.shape)
