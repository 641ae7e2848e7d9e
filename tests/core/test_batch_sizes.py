"""§7.3's minibatch sizes on the airfoil: any size from 1 to 1500, the book's notebook at that size, the presets,
sessions and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems import get_problem
from adamviz.core.scenario import PRESETS, default_scenario
from adamviz.core.session import Session, SessionError, ViewSettings, load_session, save_session
from tests.core.test_book_numbers import sgd, train_ch7


def minibatch_gradient_by_hand(airfoil, theta, rows):
    """Xᵀ(Xθ − y)/|batch| in float64 over the batch's rows: the mean of (ŷ − y)²/2's gradient."""
    a = airfoil.design[rows].astype(np.float64)
    y = airfoil.labels[rows].astype(np.float64)
    return a.T @ (a @ theta - y) / len(rows)


@pytest.mark.parametrize("size", [1, 7, 10, 100, 1499, 1500])
def test_each_step_is_the_mean_gradient_over_its_minibatch(size):
    airfoil = get_problem("airfoil").with_batch_size(size)
    per_epoch = -(-1500 // size)
    assert airfoil.steps_per_epoch == per_epoch and airfoil.batch_size == size
    gradient = airfoil.gradient_fn(3)
    order = airfoil.epoch_order(3, 1)
    theta = np.array([0.1, -0.2, 0.3, 0.05, -0.1, 0.02])
    for index in (0, per_epoch - 1):  # the last batch is what is left (1500 mod size rows, if any)
        rows = order[index * size:(index + 1) * size]
        assert len(rows) == (1500 - (per_epoch - 1) * size if index == per_epoch - 1 else size)
        g = gradient(torch.tensor(theta, dtype=torch.float32), per_epoch + index + 1).numpy()
        np.testing.assert_allclose(g, minibatch_gradient_by_hand(airfoil, theta, rows), rtol=2e-5, atol=2e-6)


def test_size_10_is_the_chapters_regression_bit_for_bit():
    airfoil = get_problem("airfoil")
    assert airfoil.with_batch_size(10) is airfoil
    same = replace(default_scenario("airfoil", ("adam",)), batch_size=10).validated().run()
    usual = default_scenario("airfoil", ("adam",)).run()
    np.testing.assert_array_equal(same.runs[0].points, usual.runs[0].points)


@pytest.mark.parametrize("size, lr", [(1, 0.005), (100, 0.4), (1500, 1.0)])
def test_the_books_notebook_at_that_batch_size_and_adamviz_agree(size, lr):
    airfoil = get_problem("airfoil")
    features = torch.from_numpy(airfoil.design[:, :5].copy())
    labels = torch.from_numpy(airfoil.labels.copy())
    np.random.seed(5)
    torch.manual_seed(5)
    start, end = train_ch7(sgd, None, {"lr": lr}, features, labels, batch_size=size, num_epochs=2)
    problem = airfoil.book_numbers().with_batch_size(size)
    engine = Engine(problem, [RunSpec("sgd", {"lr": lr})], seed=5)
    engine.step(2 * problem.steps_per_epoch)
    np.testing.assert_array_equal(engine.runs[0].points[0], start)
    np.testing.assert_allclose(engine.runs[0].points[-1], end, rtol=1e-4, atol=2e-6)


def test_the_presets_land_where_the_book_says():
    finals = {}
    for name in ("gd-airfoil-full", "sgd-airfoil-1", "gd-airfoil", "sgd-airfoil-100"):
        scenario = PRESETS[name].scenario()
        engine = scenario.run()
        problem = scenario.problem_object()
        assert engine.t == (6 if name == "gd-airfoil-full" else 2) * problem.steps_per_epoch
        finals[name] = engine.runs[0].losses[-1]
    assert 0.2436 <= finals["gd-airfoil-full"] <= 0.2447  # the book's range for full-batch GD
    assert all(0.2417 < loss < 0.2465 for loss in finals.values())  # above the least-squares floor


def test_sizes_are_refused_where_they_mean_nothing(tmp_path):
    for bad in (0, 1501, 2.5, True):
        with pytest.raises(ValueError, match="from 1 to 1500"):
            replace(default_scenario("airfoil"), batch_size=bad).validated()
    with pytest.raises(ValueError, match="toy2 has none"):
        replace(default_scenario("toy2"), batch_size=10).validated()
    scenario = PRESETS["sgd-airfoil-100"].scenario()
    path = tmp_path / "s.json"
    save_session(path, Session(scenario, ViewSettings(), "light"))
    assert json.loads(path.read_text())["batch_size"] == 100
    assert load_session(path).scenario.batch_size == 100
    document = json.loads(path.read_text())
    document["batch_size"] = 0
    path.write_text(json.dumps(document))
    with pytest.raises(SessionError, match="batch_size=0 is outside 1 … 1,500"):
        load_session(path)


def command(*args):
    return subprocess.run([sys.executable, "-m", "adamviz", *args], capture_output=True, text=True, timeout=120)


def test_the_command_line_keeps_the_epochs_at_a_new_size():
    done = command("trace", "--problem", "airfoil", "--optimizer", "sgd", "--batch-size", "100")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["batch_size"], document["steps_per_epoch"], document["steps"]) == (100, 15, 30)
    done = command("trace", "--problem", "airfoil", "--optimizer", "sgd", "--batch-size", "1500", "--epochs", "6")
    assert json.loads(done.stdout)["steps"] == 6
    for args, text in ((("--problem", "toy2", "--batch-size", "4"), "toy2 has none"),
                       (("--problem", "airfoil", "--batch-size", "0"), "at least 1"),
                       (("--problem", "airfoil", "--batch-size", "2000"), "from 1 to 1500")):
        done = command("trace", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr


def test_the_comparison_runs_each_size_as_the_engine_does_and_counts_examples_and_time():
    from adamviz.core.batches import CHAPTER, check_settings, compare_batch_sizes

    comparison = compare_batch_sizes(((7, 0.05, 1), *CHAPTER[:2]), seed=2)
    for run in comparison.runs:
        problem = get_problem("airfoil").with_batch_size(run.batch_size)
        engine = Engine(problem, [RunSpec("sgd", {"lr": run.lr})], seed=2)
        engine.step(run.epochs * problem.steps_per_epoch)
        np.testing.assert_array_equal(run.losses, engine.runs[0].losses)
        assert run.examples[0] == 0 and run.examples[-1] == 1500 * run.epochs
        assert (np.diff(run.seconds) > 0).all() and run.seconds_per_epoch > 0
    odd = comparison.runs[0]
    assert odd.steps_per_epoch == 215 and np.diff(odd.examples)[-1] == 1500 - 214 * 7  # the last batch: 2 rows
    assert [run.label for run in comparison.runs] == ["batch size 7, η = 0.05", "gradient descent, η = 1",
                                                      "SGD, η = 0.005"]
    for bad, words in ((((0, 0.1, 2),), "from 1 to 1500"), (((10, 0.0, 2),), "above 0"),
                       (((10, 0.1, 0),), "from 1 to 100"), ((), "1 to 8")):
        with pytest.raises(ValueError, match=words):
            check_settings(bad)


def test_the_batches_command_prints_json_writes_pictures_and_refuses_bad_input(tmp_path):
    done = command("batches", "--batch", "100:0.4", "--batch", "1500:1:3", "--seed", "1")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [(run["batch_size"], run["epochs"], len(run["losses"])) for run in document["runs"]] == [(100, 2, 31),
                                                                                                   (1500, 3, 4)]
    picture = tmp_path / "sizes.png"
    done = command("batches", "--out", str(picture), "--size", "800x450", "--axis", "examples")
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = tmp_path / "sizes.csv"
    assert command("batches", "--batch", "10:0.05:1", "--out", str(rows)).returncode == 0
    assert rows.read_text().splitlines()[0] == "batch_size,lr,step,epoch,examples,seconds,loss"
    for args, text in ((("--batch", "0:1"), "from 1 to 1500"), (("--batch", "10"), "SIZE:LR"),
                       (("--optimizer", "adadelta"), "with an η"), (("--out", str(tmp_path / "x.txt")), ".txt"),
                       (("--theme", "dark"), "apply to a picture")):
        done = command("batches", *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and text in done.stderr
    assert not (tmp_path / "x.txt").exists()


def test_settings_are_read_and_written_one_way():
    from adamviz.core.batches import CHAPTER, parse_settings, settings_text

    assert settings_text(CHAPTER) == "1500:1:6, 1:0.005, 100:0.4, 10:0.05"
    assert parse_settings(settings_text(CHAPTER)) == CHAPTER
    assert parse_settings(" 7:0.05:1 ,, 50:0.2") == ((7, 0.05, 1), (50, 0.2, 2))
    for bad, words in (("", "1 to 8"), ("10", "SIZE:LR"), ("10:x", "SIZE:LR"), ("3000:0.1", "from 1 to 1500")):
        with pytest.raises(ValueError, match=words):
            parse_settings(bad)
