"""Swarm mode in exports: the particles' data against single engine runs, pictures, animations, bad input."""

from __future__ import annotations

import csv
import json
import subprocess
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from adamviz.core.scenario import default_scenario
from adamviz.core.swarm import grid_starts
from adamviz.export.formats import ExportRequest, SwarmSpec
from adamviz.ui.theme import optimizer_color

from .conftest import adamviz_command, command_env


def swarm_scenario(problem: str, optimizer: str, steps: int, **hyperparams):
    scenario = default_scenario(problem, (optimizer,))
    setup = next(s for s in scenario.runs if s.optimizer == optimizer)
    setup.hyperparams.update(hyperparams)
    return replace(scenario, steps=steps).validated()


def engine_run_from(scenario, start):
    engine = replace(scenario, start=tuple(start)).validated().run()
    (run,) = engine.runs
    return run


def test_json_particles_end_where_single_engine_runs_from_their_starts_end(export):
    scenario = swarm_scenario("himmelblau", "adam", 40)
    path = export("swarm.json", scenario=scenario, swarm=SwarmSpec("grid", 64))
    data = json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda name: pytest.fail(name))
    problem = scenario.problem_object()
    starts = grid_starts(problem.view, 64)
    assert data["optimizer"] == "adam" and data["steps"] == 40 and data["layout"] == "grid"
    assert len(data["particles"]) == len(starts) == data["summary"]["particles"]
    np.testing.assert_array_equal([p["start"] for p in data["particles"]], starts)
    for particle in data["particles"][::9]:
        run = engine_run_from(scenario, particle["start"])
        np.testing.assert_allclose(particle["point"], run.points[-1], rtol=1e-12, atol=1e-300)
        assert particle["loss"] == pytest.approx(float(run.losses[-1]), rel=1e-12, abs=1e-300)
        minima = np.asarray(data["minima"])
        nearest = int(np.argmin(np.linalg.norm(minima - run.points[-1], axis=1)))
        assert particle["nearest_minimum"] == nearest
    # Himmelblau has four minima and a grid over the view reaches all four basins
    assert {p["nearest_minimum"] for p in data["particles"]} == {0, 1, 2, 3}


def test_csv_has_a_row_per_particle_and_marks_divergence(export):
    scenario = swarm_scenario("toy2", "sgd", 30, lr=0.6)  # GD diverges on 2·x2² for η > 0.5
    path = export("swarm.csv", scenario=scenario, swarm=SwarmSpec("random", 50))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 50
    assert {row["optimizer"] for row in rows} == {"sgd"} and {row["step"] for row in rows} == {"30"}
    for row in rows[:10]:
        run = engine_run_from(scenario, (float(row["start_x1"]), float(row["start_x2"])))
        expected = "" if run.diverged_at is None else str(run.diverged_at)
        assert row["diverged_at"] == expected
        if run.diverged_at is None:
            assert float(row["x1"]) == pytest.approx(run.points[-1][0], rel=1e-12, abs=1e-300)


def test_png_shows_the_particles_in_the_optimizers_colour(export):
    scenario = swarm_scenario("himmelblau", "momentum", 30)
    path = export("swarm.png", scenario=scenario, swarm=SwarmSpec("grid", 400), size=(960, 540))
    with Image.open(path) as image:
        assert image.size == (960, 540)
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    colour = np.array([int(optimizer_color("momentum")[i:i + 2], 16) for i in (1, 3, 5)])
    close = (np.abs(pixels - colour).sum(axis=-1) < 40).sum()
    assert close > 200  # hundreds of dots, not one


def test_gif_has_one_frame_per_shown_step_and_the_dots_move(export):
    scenario = swarm_scenario("rosenbrock", "adam", 12)
    path = export("swarm.gif", scenario=scenario, swarm=SwarmSpec("random", 300), size=(480, 300), every=4)
    with Image.open(path) as image:
        assert image.n_frames == 4  # steps 0, 4, 8, 12
        frames = []
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB"), dtype=np.int16))
    assert np.abs(frames[0] - frames[-1]).sum() > 0


def test_loss_view_draws_the_median_loss(export):
    scenario = swarm_scenario("himmelblau", "sgd", 25)
    path = export("median.png", scenario=scenario, swarm=SwarmSpec("random", 200), view="loss", size=(800, 450))
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    colour = np.array([int(optimizer_color("sgd")[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels - colour).sum(axis=-1) < 40).sum() > 300  # a curve across the plot


@pytest.mark.parametrize("argv, words", [
    (["--swarm", "grid"], "one optimizer"),
    (["--problem", "airfoil", "--optimizer", "adam", "--swarm", "grid"], "two parameters"),
    (["--optimizer", "adam", "--particles", "10"], "add --swarm"),
    (["--optimizer", "adam", "--swarm", "grid", "--particles", "50000"], "20,000"),
    (["--optimizer", "adam", "--swarm", "grid", "--start=1,1"], "--start"),
    (["--optimizer", "adam", "--swarm", "grid", "--view", "window"], "whole window"),
    (["--optimizer", "adam", "--concise", "adam", "--swarm", "grid"], "--concise"),
])
def test_bad_swarm_exports_exit_2_with_one_line_and_write_nothing(tmp_path, argv, words):
    out = tmp_path / "swarm.png"
    result = subprocess.run(adamviz_command("export", *argv, "--out", str(out)), capture_output=True, text=True,
                            env=command_env(), timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("adamviz export: error: ") and result.stderr.count("\n") == 1
    assert words in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_request_check_refuses_a_swarm_before_any_work(tmp_path):
    from adamviz.export.formats import ExportError

    request = ExportRequest(default_scenario("toy2"), tmp_path / "x.gif", swarm=SwarmSpec("hexagonal", 10))
    with pytest.raises(ExportError, match="random or grid"):
        request.check()
    assert list(tmp_path.iterdir()) == []
