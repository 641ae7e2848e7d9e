"""Optimizer files for the tests, written as a student would: a correct Adam, one with each classic mistake,
and files that break in every way a file can."""

from __future__ import annotations

from pathlib import Path

CHAPTER_ADAM = Path(__file__).parent.parent / "data" / "chapter_adam.py"


def adam_source(*, beta_line: str = "beta1, beta2, eps = 0.9, 0.999, 1e-6", square: str = "torch.square(p.grad)",
                v_hat: str = "v / (1 - beta1 ** hyperparams['t'])", s_hat: str = "s / (1 - beta2 ** hyperparams['t'])",
                denominator: str = "(torch.sqrt(s_bias_corr) + eps)", step: str = "-=", header: str = "") -> str:
    """The chapter's Adam with its states shaped like the parameters (so it runs on every problem), with
    any one line changed."""
    return f'''import torch
{header}

def init_adam_states(params):
    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]


def adam(params, states, hyperparams):
    {beta_line}
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * {square}
            v_bias_corr = {v_hat}
            s_bias_corr = {s_hat}
            p[:] {step} hyperparams['lr'] * v_bias_corr / {denominator}
        p.grad.data.zero_()
    hyperparams['t'] += 1
'''


MISTAKES = {
    "no-bias-correction": dict(v_hat="v", s_hat="s"),
    "t-off-by-one": dict(v_hat="v / (1 - beta1 ** (hyperparams['t'] + 1))",
                         s_hat="s / (1 - beta2 ** (hyperparams['t'] + 1))"),
    "eps-inside-root": dict(denominator="torch.sqrt(s_bias_corr + eps)"),
    "abs-for-square": dict(square="p.grad.abs()"),
    "g-for-square": dict(square="p.grad"),
    "betas-swapped": dict(beta_line="beta2, beta1, eps = 0.9, 0.999, 1e-6"),
    "sign": dict(step="+="),
}
"""Each classic mistake, as the line a student gets wrong."""

STEP_RECORDER = '''
SEEN = []


def init_sgd_states(params):
    return [None for p in params]


def sgd(params, states, hyperparams):
    SEEN.append((hyperparams["t"], str(params[0].dtype), [tuple(p.shape) for p in params]))
    for p, state in zip(params, states):
        p.data -= hyperparams["lr"] * p.grad
    hyperparams["t"] += 1  # as the book's adam does: it must not skip a step
'''

RAISES_AT_FIVE = '''
def init_sgd_states(params):
    return [None for p in params]


def sgd(params, states, hyperparams):
    for p, state in zip(params, states):
        if hyperparams["t"] == 5:
            raise RuntimeError("my bug at step five")
        p.data -= hyperparams["lr"] * p.grad
'''

HANGS_AT_THREE = '''
import time


def init_sgd_states(params):
    return [None for p in params]


def sgd(params, states, hyperparams):
    for p, state in zip(params, states):
        while hyperparams["t"] == 3:
            time.sleep(0.01)
        p.data -= hyperparams["lr"] * p.grad
'''

MAKES_NAN = '''
def init_sgd_states(params):
    return [None for p in params]


def sgd(params, states, hyperparams):
    for p, state in zip(params, states):
        p.data -= hyperparams["lr"] * p.grad * (float("nan") if hyperparams["t"] == 4 else 1.0)
'''

BROKEN = {
    "syntax": ("def adam(params, states, hyperparams)\n    pass\n", "line 1"),
    "no function": ("x = 1\n", "no optimizer"),
    "no initialiser": ("def adam(params, states, hyperparams):\n    pass\n", "no initialiser init_adam_states"),
    "no update": ("def init_adam_states():\n    return []\n", "init_adam_states is there but not adam"),
    "two arguments": ("def init_adam_states():\n    return []\n\ndef adam(params, states):\n    pass\n",
                      "adam() takes 2 arguments"),
    "initialiser of two": ("def init_adam_states(a, b):\n    return []\n\ndef adam(params, states, hp):\n    pass\n",
                           "init_adam_states() takes 2 arguments"),
    "hyperparams not a dict": ("HYPERPARAMS = [0.1]\ndef init_adam_states():\n    return []\n\n"
                               "def adam(params, states, hp):\n    pass\n", "HYPERPARAMS must be a dict"),
    "hyperparam out of range": ("HYPERPARAMS = {'lr': -1}\ndef init_adam_states():\n    return []\n\n"
                                "def adam(params, states, hp):\n    pass\n", "lr"),
}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
