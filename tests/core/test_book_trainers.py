"""The book's own 2-D trainers (§7.2–7.6), written as its cells write them, against adamviz's runs.

AdaGrad and RMSProp divide first (``eta / math.sqrt(s1 + eps) * g1``), and adamviz does the same: their
runs are the book's to the last bit. Gradient descent and momentum write ``eta * 0.2 * x1``: η times
0.2 before x1, where adamviz forms the gradient 0.2·x1 first, as every other problem needs: the
same numbers except in the last bit at some steps (stated in the README's "What is exact").
"""

from __future__ import annotations

import math

import pytest

from adamviz.core.scenario import PRESETS


def train_2d(trainer, steps=20):
    """d2l.train_2d: from (−5, −2) with zero states, one trainer call a step."""
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for _ in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    return results


def book_trainers(eta, gamma=None, beta=None):
    def gd_2d(x1, x2, s1, s2):
        return (x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0)

    def momentum_2d(x1, x2, v1, v2):
        v1 = beta * v1 + eta * 0.2 * x1
        v2 = beta * v2 + eta * 4 * x2
        return x1 - v1, x2 - v2, v1, v2

    def adagrad_2d(x1, x2, s1, s2):
        g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
        s1 += g1 ** 2
        s2 += g2 ** 2
        x1 -= eta / math.sqrt(s1 + eps) * g1
        x2 -= eta / math.sqrt(s2 + eps) * g2
        return x1, x2, s1, s2

    def rmsprop_2d(x1, x2, s1, s2):
        g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
        s1 = gamma * s1 + (1 - gamma) * g1 ** 2
        s2 = gamma * s2 + (1 - gamma) * g2 ** 2
        x1 -= eta / math.sqrt(s1 + eps) * g1
        x2 -= eta / math.sqrt(s2 + eps) * g2
        return x1, x2, s1, s2

    return {"sgd": gd_2d, "momentum": momentum_2d, "adagrad": adagrad_2d, "rmsprop": rmsprop_2d}


def adamviz_points(preset):
    (run,) = [run for run in PRESETS[preset].scenario().run().runs if run.t > 0]
    return [tuple(map(float, point)) for point in run.points]


@pytest.mark.parametrize("preset,optimizer,eta,gamma", [
    ("adagrad-toy2", "adagrad", 0.4, None),
    ("adagrad-toy2-fast", "adagrad", 2.0, None),
    ("rmsprop-toy2", "rmsprop", 0.4, 0.9),
])
def test_adagrad_and_rmsprop_are_the_books_trainers_bit_for_bit(preset, optimizer, eta, gamma):
    book = train_2d(book_trainers(eta, gamma=gamma)[optimizer])
    assert adamviz_points(preset) == book  # every coordinate of every step, exactly


@pytest.mark.parametrize("preset,optimizer,eta,beta", [
    ("gd-toy2", "sgd", 0.4, None),
    ("momentum-toy2", "momentum", 0.4, 0.5),
    ("momentum-toy2-fast", "momentum", 0.6, 0.5),
])
def test_gradient_descent_and_momentum_agree_with_the_book_but_for_the_last_bit(preset, optimizer, eta, beta):
    book = train_2d(book_trainers(eta, beta=beta)[optimizer])
    ours = adamviz_points(preset)
    # Rounded in another order, each step's last bit can differ, and the differences carry on from step
    # to step: up to 4.4e-16 here, two units in the last place of numbers near 1 (the runs start at 5).
    for step, (mine, theirs) in enumerate(zip(ours, book, strict=True)):
        for a, b in zip(mine, theirs, strict=True):
            assert abs(a - b) <= 1e-15, (step, a, b)
    assert ours != book  # not the same bits: if this fails, adamviz now follows the book's order here too


def test_the_last_bit_the_readme_names():
    book = train_2d(book_trainers(0.4)["sgd"])
    ours = adamviz_points("gd-toy2")
    assert (ours[9][0], book[9][0]) == (-2.360806816432783, -2.3608068164327825)
