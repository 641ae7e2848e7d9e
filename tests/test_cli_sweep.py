"""`adamviz sweep`: each optimizer's final loss against η, as strict JSON, CSV or a plot; exit 2 for bad input."""

from __future__ import annotations

import csv
import json
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from adamviz.cli import main
from adamviz.core.sweep import log_spaced


def strict_loads(text: str):
    def reject(name):
        raise ValueError(f"non-finite number {name} in the output")

    return json.loads(text, parse_constant=reject)


def sweep(capsys, argv):
    code = main(["sweep", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return strict_loads(out)


def refused(capsys, argv) -> str:
    code = main(["sweep", *argv])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("adamviz sweep: error: ") and err.count("\n") == 1, err
    return err


def by_optimizer(data):
    return {entry["optimizer"]: entry for entry in data["sweeps"]}


def test_toy_sweep_matches_float64_runs_of_each_rate(capsys, ref):
    rates = [0.01, 0.1, 0.4, 0.6, 1.2]
    argv = ["--problem", "toy2", "--optimizer", "momentum", "--optimizer", "adam", "--steps", "20",
            "--set", "momentum.momentum=0.5"]
    for lr in rates:
        argv += ["--lr", str(lr)]
    data = sweep(capsys, argv)
    assert data["problem"] == "toy2" and data["steps"] == 20 and data["start"] == [-5.0, -2.0]
    assert data["floor"] == 0.0 and data["skipped"] == {}
    start_loss = 0.1 * 25 + 2 * 4
    assert data["tolerance"] == pytest.approx(0.01 * start_loss)
    sweeps = by_optimizer(data)
    assert list(sweeps) == ["momentum", "adam"]
    assert sweeps["momentum"]["hyperparams"] == {"momentum": 0.5}
    for name, entry in sweeps.items():
        assert [run["lr"] for run in entry["runs"]] == rates
        for run in entry["runs"]:
            hp = {**entry["hyperparams"], "lr": run["lr"]}
            points = ref.numpy_toy_run(name, hp, (0.1, 2.0), (-5.0, -2.0), 20)
            losses = 0.1 * points[:, 0] ** 2 + 2 * points[:, 1] ** 2
            finite = np.isfinite(losses) & (np.abs(points) < 1e6).all(axis=1)
            if finite.all() and losses.max() < 1e12:
                assert run["diverged_at"] is None
                assert run["final_loss"] == pytest.approx(losses[-1], rel=1e-10, abs=1e-300)
                assert run["best_loss"] == pytest.approx(losses.min(), rel=1e-10, abs=1e-300)
                assert run["best_step"] == int(np.argmin(losses))
                reached = np.flatnonzero(losses <= data["target"])
                assert run["steps_to_tolerance"] == (int(reached[0]) if len(reached) else None)
    # the chapter's figures: momentum with γ = 0.5 converges at η = 0.4 and 0.6 (§7.4)
    momentum = {run["lr"]: run for run in sweeps["momentum"]["runs"]}
    assert momentum[0.4]["final_loss"] < 1e-2 and momentum[0.6]["final_loss"] < 1e-2
    best = min((r for r in sweeps["adam"]["runs"] if r["diverged_at"] is None), key=lambda r: r["final_loss"])
    assert sweeps["adam"]["best_lr"] == best["lr"]


def test_default_rates_and_a_divergence_is_marked_not_plotted(capsys):
    data = sweep(capsys, ["--problem", "toy2", "--optimizer", "sgd", "--steps", "200"])
    runs = by_optimizer(data)["sgd"]["runs"]
    np.testing.assert_array_equal([r["lr"] for r in runs], log_spaced(1e-4, 10.0, 41))
    # GD on 2·x2² diverges for η > 0.5 (|1 − 4η| > 1)
    for run in runs:
        if run["lr"] > 0.55:
            assert run["diverged_at"] is not None and run["steps_to_tolerance"] is None
            assert run["final_loss"] is None or math.isfinite(run["final_loss"])
        elif run["lr"] < 0.45:
            assert run["diverged_at"] is None


def test_airfoil_sweep_equals_the_engine_run_with_that_rate(capsys):
    from dataclasses import replace

    from adamviz.core.scenario import default_scenario

    data = sweep(capsys, ["--problem", "airfoil", "--optimizer", "adam", "--lr", "0.01", "--lr", "0.05",
                          "--steps", "60", "--seed", "3"])
    entry = by_optimizer(data)["adam"]
    for run in entry["runs"]:
        scenario = default_scenario("airfoil", ("adam",))
        next(s for s in scenario.runs if s.optimizer == "adam").hyperparams["lr"] = run["lr"]
        engine = replace(scenario, steps=60, seed=3).validated().run()
        assert [r.spec.optimizer for r in engine.runs] == ["adam"]
        assert run["final_loss"] == pytest.approx(float(engine.runs[0].losses[-1]), rel=1e-12)
    assert data["floor"] == pytest.approx(engine.problem.floor)


def test_a_preset_skips_adadelta_an_explicit_adadelta_is_refused(capsys):
    data = sweep(capsys, ["--preset", "baselines-toy2", "--lr-range", "0.01:1:3", "--steps", "5"])
    assert [s["optimizer"] for s in data["sweeps"]] == ["sgd", "adagrad"]
    assert "adadelta" in data["skipped"] and "learning rate" in data["skipped"]["adadelta"]
    err = refused(capsys, ["--optimizer", "adadelta"])
    assert "no learning rate" in err


def test_csv_has_a_row_per_optimizer_and_rate(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main(["sweep", "--problem", "toy1", "--lr-range", "0.001:1:7", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3 * 7
    assert [r["optimizer"] for r in rows[::7]] == ["momentum", "rmsprop", "adam"]
    data = sweep(capsys, ["--problem", "toy1", "--lr-range", "0.001:1:7"])
    expected = [run for entry in data["sweeps"] for run in entry["runs"]]
    for row, run in zip(rows, expected, strict=True):
        assert float(row["lr"]) == run["lr"]
        assert (float(row["final_loss"]) if row["final_loss"] else None) == run["final_loss"]
        assert (int(row["diverged_at"]) if row["diverged_at"] else None) == run["diverged_at"]
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.csv"]


def test_pictures_at_the_asked_size(tmp_path):
    from PIL import Image

    png, svg = tmp_path / "sweep.png", tmp_path / "sweep.svg"
    assert main(["sweep", "--problem", "rosenbrock", "--steps", "50", "--lr-range", "1e-4:1:9",
                 "--out", str(png), "--size", "1200x700", "--theme", "dark"]) == 0
    with Image.open(png) as image:
        assert image.size == (1200, 700)
        pixels = np.asarray(image.convert("RGB"))
    assert pixels.mean() < 80  # a dark background
    colours = {tuple(c) for c in pixels.reshape(-1, 3)[::7]}
    assert (0xD5, 0x5E, 0x00) in colours or any(abs(r - 0xD5) + abs(g - 0x5E) + b < 20 for r, g, b in colours)
    assert main(["sweep", "--problem", "toy2", "--lr-range", "0.01:1:5", "--out", str(svg)]) == 0
    root = ET.parse(svg).getroot()
    assert root.get("width") == "1920" and root.get("height") == "1080"
    assert "learning rate" in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, words", [
    (["--lr-range", "1:0.1:5"], "LOW ≤ HIGH"),
    (["--lr-range", "0.1:1"], "LOW:HIGH:COUNT"),
    (["--lr-range", "0.1:1:1"], "COUNT"),
    (["--lr", "0.1", "--lr-range", "0.1:1:3"], "not allowed with"),
    (["--lr", "500"], "lr"),
    (["--lr-range", "0.001:1:2000"], "at most 1000"),
    (["--tolerance", "-1"], "≥ 0"),
    (["--tolerance", "nan"], "finite"),
    (["--steps", "1000000", "--lr-range", "0.01:1:41"], "fewer steps"),
    (["--out", "sweep.gif"], ".json, .csv, .png, .svg"),
    (["--size", "800x600"], "picture"),
    (["--out", "x.json", "--theme", "dark"], "picture"),
    (["--concise", "adam"], "scratch"),
    (["--function", "x1**2 + import"], "syntax error"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    err = refused(capsys, argv)
    assert words in err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_leaves_nothing(capsys, tmp_path):
    folder = tmp_path / "folder.png"
    folder.mkdir()
    err = refused(capsys, ["--lr-range", "0.01:1:3", "--steps", "3", "--out", str(folder)])
    assert "folder" in err
    assert list(folder.iterdir()) == []
