"""--rng book: the airfoil's start and minibatches drawn as the book's notebook draws them, so that a student's
notebook and adamviz agree. The notebook is run here as the chapter writes it: np.random.seed(S) and
torch.manual_seed(S), then train_ch7 with its DataLoader, autograd and the chapter's update functions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems import get_problem


def linreg(X, w, b):
    return torch.mm(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.view(y_hat.size())) ** 2 / 2


def sgd(params, states, hyperparams):
    for p in params:
        p.data -= hyperparams["lr"] * p.grad.data


def init_adam_states():
    v_w, v_b = torch.zeros((5, 1)), torch.zeros(1)
    s_w, s_b = torch.zeros((5, 1)), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states, strict=True):
        v[:] = beta1 * v + (1 - beta1) * p.grad.data
        s[:] = beta2 * s + (1 - beta2) * p.grad.data ** 2
        v_bias_corr = v / (1 - beta1 ** hyperparams["t"])
        s_bias_corr = s / (1 - beta2 ** hyperparams["t"])
        p.data -= hyperparams["lr"] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
    hyperparams["t"] += 1


def train_ch7(optimizer_fn, states, hyperparams, features, labels, batch_size=10, num_epochs=2):
    """d2lzh_pytorch.train_ch7, plotting and printing left out; returns the starting and final (w, b)."""
    net, loss = linreg, squared_loss
    w = torch.nn.Parameter(torch.tensor(np.random.normal(0, 0.01, size=(features.shape[1], 1)),
                                        dtype=torch.float32), requires_grad=True)
    b = torch.nn.Parameter(torch.zeros(1, dtype=torch.float32), requires_grad=True)
    start = np.append(w.detach().numpy().ravel(), b.detach().numpy())
    data_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(features, labels), batch_size,
                                            shuffle=True)
    for _ in range(num_epochs):
        for X, y in data_iter:
            batch_loss = loss(net(X, w, b), y).mean()
            if w.grad is not None:
                w.grad.data.zero_()
                b.grad.data.zero_()
            batch_loss.backward()
            optimizer_fn([w, b], states, hyperparams)
    return start, np.append(w.detach().numpy().ravel(), b.detach().numpy())


def notebook(seed, optimizer):
    airfoil = get_problem("airfoil")
    features = torch.from_numpy(airfoil.design[:, :5].copy())
    labels = torch.from_numpy(airfoil.labels.copy())
    np.random.seed(seed)
    torch.manual_seed(seed)
    if optimizer == "sgd":
        return train_ch7(sgd, None, {"lr": 0.05}, features, labels)
    return train_ch7(adam, init_adam_states(), {"lr": 0.01, "t": 1}, features, labels)


def adamviz_run(seed, optimizer, problem):
    engine = Engine(problem, [RunSpec(optimizer, {"lr": 0.05 if optimizer == "sgd" else 0.01})], seed=seed)
    engine.step(300)
    return engine.runs[0].points


@pytest.mark.parametrize("seed", [0, 7, 2024])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_students_notebook_and_adamviz_agree_to_float32_rounding(seed, optimizer):
    book_start, book_end = notebook(seed, optimizer)
    airfoil = get_problem("airfoil")
    points = adamviz_run(seed, optimizer, airfoil.book_numbers())
    np.testing.assert_array_equal(points[0], book_start)  # the same w, to the bit
    np.testing.assert_allclose(points[-1], book_end, rtol=2e-5, atol=2e-6)
    # and it is the numbers that make them agree: adamviz's own generator gives another run
    own = adamviz_run(seed, optimizer, airfoil)
    assert np.abs(own[-1] - book_end).max() > 100 * np.abs(points[-1] - book_end).max()


def test_the_book_orders_are_torchs_dataloader_and_leave_torchs_generator_alone():
    airfoil = get_problem("airfoil")
    book = airfoil.book_numbers()
    torch.manual_seed(123)
    before = torch.rand(3)
    torch.manual_seed(123)
    orders = [book.epoch_order(11, epoch) for epoch in (0, 1, 70, 2)]  # any order, far ahead and back
    assert torch.equal(torch.rand(3), before)  # the process's own torch numbers are untouched
    torch.manual_seed(11)
    features = torch.from_numpy(airfoil.design[:, :5].copy())
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(features, torch.from_numpy(airfoil.labels)),
                                         10, shuffle=True)
    seen = [torch.cat([X for X, _ in loader]).numpy() for _ in range(71)]
    for order, epoch in zip(orders, (0, 1, 70, 2), strict=True):
        np.testing.assert_array_equal(airfoil.design[order, :5], seen[epoch])
        assert sorted(order.tolist()) == list(range(1500))


def test_the_command_line_and_the_api_take_rng_book():
    import json
    import subprocess
    import sys

    import adamviz

    args = ["trace", "--problem", "airfoil", "--optimizer", "sgd", "--set", "sgd.lr=0.05", "--seed", "7",
            "--rng", "book"]
    done = subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["rng"] == "book"
    _, book_end = notebook(7, "sgd")
    np.testing.assert_allclose(document["runs"][0]["points"][-1], book_end, rtol=2e-5, atol=2e-6)
    result = adamviz.trace("airfoil", ["sgd"], hyperparams={"sgd": {"lr": 0.05}}, seed=7, rng="book")
    assert json.loads(result.to_json()) == document
    for extra, text in ((["--problem", "toy2", "--rng", "book"], "draws none"),
                        (["--problem", "airfoil", "--rng", "book", "--seed", str(2**40)], "below 2**32"),
                        (["--problem", "airfoil", "--rng", "numpy"], "invalid choice")):
        done = subprocess.run([sys.executable, "-m", "adamviz", "trace", *extra], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2 and text in done.stderr and len(done.stderr.strip().splitlines()) == 1
