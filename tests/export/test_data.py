"""CSV and JSON exports hold exactly what an independently run engine computes, as strict JSON."""

from __future__ import annotations

import csv
import json
import math

import pytest

from .conftest import make_scenario


def strict(name):
    raise ValueError(f"non-finite number {name} in the JSON")


@pytest.mark.parametrize("preset", ["toy2-compare", "airfoil-compare"])
def test_csv_has_one_row_per_run_and_step_matching_the_engine(export, preset):
    scenario = make_scenario(preset, steps=25)
    path = export("runs.csv", scenario=scenario)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    engine = scenario.run()  # independent of the export
    problem = engine.problem
    assert len(rows) == sum(len(run.points) for run in engine.runs) == 3 * 26
    by_run = {}
    for row in rows:
        by_run.setdefault(row["optimizer"], []).append(row)
    assert list(by_run) == [run.spec.optimizer for run in engine.runs]
    for run in engine.runs:
        mine = by_run[run.spec.optimizer]
        assert [int(r["step"]) for r in mine] == list(range(len(run.points)))
        for row, point, loss in zip(mine, run.points, run.losses, strict=True):
            assert [float(row[name]) for name in problem.param_names] == list(point)
            assert float(row["loss"]) == loss
            for name, value in run.hyperparams.items():
                assert float(row[name]) == value
            assert row["implementation"] == "scratch"
            if problem.steps_per_epoch:
                assert float(row["epoch"]) == pytest.approx(int(row["step"]) / problem.steps_per_epoch)


def test_json_is_the_trace_schema_of_the_engine_and_strict(export):
    scenario = make_scenario("gd-toy2-diverge", steps=40)
    scenario.runs[[r.optimizer for r in scenario.runs].index("sgd")].hyperparams["lr"] = 1.0
    path = export("runs.json", scenario=scenario)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text, parse_constant=strict)
    engine = scenario.run()
    (run,) = engine.runs
    assert run.diverged_at is not None  # the interesting case: a run that blew up
    assert data["problem"] == "toy2" and data["steps"] == 40 and data["seed"] == scenario.seed
    (record,) = data["runs"]
    assert record["optimizer"] == "sgd"
    assert record["hyperparams"] == run.hyperparams
    assert record["diverged_at"] == run.diverged_at
    assert record["points"] == run.points.tolist()
    assert record["losses"] == run.losses.tolist()
    assert all(math.isfinite(v) for p in record["points"] for v in p)


def test_json_export_equals_adamviz_trace_output(export):
    from adamviz.core.report import trace_json

    scenario = make_scenario("momentum-airfoil", steps=15)
    path = export("trace.json", scenario=scenario)
    assert path.read_text(encoding="utf-8") == trace_json(scenario, scenario.run()) + "\n"
