# ruff: noqa: B905, E741  (the book's code, kept as the book writes it)
"""The book's own training loop for chapter 7, as Dive-into-DL-PyTorch writes it.

A port of ``d2lzh_pytorch.train_ch7`` and the chapter's from-scratch update
functions (``sgd_momentum``, ``rmsprop``, ``adam``) with their ``states`` and
``hyperparams`` dict: a DataLoader over a TensorDataset (batch_size 10,
shuffle=True), the model X@w + b with autograd, the full-data loss evaluated
every 100 examples. Plotting and printing are left out; everything that costs
time in the book's loop is kept. This is the baseline the engine is compared to.
"""

from __future__ import annotations

import numpy as np
import torch

# ---------------------------------------------------------------- d2lzh_pytorch.utils

def linreg(X, w, b):
    return torch.mm(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.view(y_hat.size())) ** 2 / 2


# ---------------------------------------------------------------- the chapter's from-scratch optimizers

def init_momentum_states(n_features):
    v_w = torch.zeros((n_features, 1), dtype=torch.float32)
    v_b = torch.zeros(1, dtype=torch.float32)
    return (v_w, v_b)


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        v.data = hyperparams["momentum"] * v.data + hyperparams["lr"] * p.grad.data
        p.data -= v.data


def init_rmsprop_states(n_features):
    s_w = torch.zeros((n_features, 1), dtype=torch.float32)
    s_b = torch.zeros(1, dtype=torch.float32)
    return (s_w, s_b)


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams["gamma"], 1e-6
    for p, s in zip(params, states):
        s.data = gamma * s.data + (1 - gamma) * (p.grad.data) ** 2
        p.data -= hyperparams["lr"] * p.grad.data / torch.sqrt(s + eps)


def init_adam_states(n_features):
    v_w, v_b = torch.zeros((n_features, 1), dtype=torch.float32), torch.zeros(1, dtype=torch.float32)
    s_w, s_b = torch.zeros((n_features, 1), dtype=torch.float32), torch.zeros(1, dtype=torch.float32)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        v[:] = beta1 * v + (1 - beta1) * p.grad.data
        s[:] = beta2 * s + (1 - beta2) * p.grad.data ** 2
        v_bias_corr = v / (1 - beta1 ** hyperparams["t"])
        s_bias_corr = s / (1 - beta2 ** hyperparams["t"])
        p.data -= hyperparams["lr"] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
    hyperparams["t"] += 1


# ---------------------------------------------------------------- d2lzh_pytorch.train_ch7

def train_ch7(optimizer_fn, states, hyperparams, features, labels, batch_size=10, num_epochs=2):
    net, loss = linreg, squared_loss
    w = torch.nn.Parameter(
        torch.tensor(np.random.normal(0, 0.01, size=(features.shape[1], 1)), dtype=torch.float32),
        requires_grad=True,
    )
    b = torch.nn.Parameter(torch.zeros(1, dtype=torch.float32), requires_grad=True)

    def eval_loss():
        return loss(net(features, w, b), labels).mean().item()

    ls = [eval_loss()]
    data_iter = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(features, labels), batch_size, shuffle=True
    )
    for _ in range(num_epochs):
        for batch_i, (X, y) in enumerate(data_iter):
            l = loss(net(X, w, b), y).mean()
            if w.grad is not None:
                w.grad.data.zero_()
                b.grad.data.zero_()
            l.backward()
            optimizer_fn([w, b], states, hyperparams)
            if (batch_i + 1) * batch_size % 100 == 0:
                ls.append(eval_loss())
    return ls


def chapter_runs(features, labels, num_epochs=2):
    """Momentum, RMSProp and Adam at the chapter's airfoil settings (§7.4, §7.6, §7.8); their loss curves."""
    n = features.shape[1]
    return [
        train_ch7(sgd_momentum, init_momentum_states(n), {"lr": 0.02, "momentum": 0.5}, features, labels,
                  num_epochs=num_epochs),
        train_ch7(rmsprop, init_rmsprop_states(n), {"lr": 0.01, "gamma": 0.9}, features, labels,
                  num_epochs=num_epochs),
        train_ch7(adam, init_adam_states(n), {"lr": 0.01, "t": 1}, features, labels, num_epochs=num_epochs),
    ]


def book_data():
    """The chapter's get_data_ch7 output as tensors, taken from adamviz's loader (same file, same pipeline)."""
    from adamviz.core.problems.airfoil import load_airfoil

    features, labels = load_airfoil()
    return torch.from_numpy(np.ascontiguousarray(features)), torch.from_numpy(np.ascontiguousarray(labels))
