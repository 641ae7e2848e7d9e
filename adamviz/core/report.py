"""The engine's results as plain data: the `adamviz trace` JSON schema and CSV rows."""

from __future__ import annotations

import json
from typing import Any

from adamviz.core.engine import Engine
from adamviz.core.scenario import Scenario

SCHEMA_VERSION = 1


def trace_dict(scenario: Scenario, engine: Engine) -> dict[str, Any]:
    """{"problem", "steps", "seed", "start", "floor", "runs": [{optimizer, hyperparams, points, losses, diverged_at}]}.

    points[0] is the start, then one entry per step; a run that diverged stops
    at its last finite point. Every number is finite, so the JSON is strict.
    """
    problem = engine.problem
    result: dict[str, Any] = {
        "problem": problem.name,
        "steps": engine.t,
        "seed": engine.seed,
        "start": engine.start_point.tolist(),
        "parameters": list(problem.param_names),
        "floor": problem.floor,
        "runs": [
            {
                "optimizer": run.spec.optimizer,
                "implementation": "torch.optim" if run.spec.concise else "scratch",
                "hyperparams": dict(run.hyperparams),
                "points": run.points.tolist(),
                "losses": run.losses.tolist(),
                "diverged_at": run.diverged_at,
                "stop_reason": run.stop_reason,
            }
            for run in engine.runs
        ],
    }
    if problem.steps_per_epoch:
        result["steps_per_epoch"] = problem.steps_per_epoch
    if scenario.title:
        result["title"] = scenario.title
    return result


def trace_json(scenario: Scenario, engine: Engine) -> str:
    return json.dumps(trace_dict(scenario, engine), allow_nan=False, ensure_ascii=False)


def csv_rows(engine: Engine):
    """Header, then one row per run and step: optimizer, step, [epoch], parameters, loss, hyperparameters."""
    problem = engine.problem
    names = sorted({name for run in engine.runs for name in run.hyperparams})
    epochs = bool(problem.steps_per_epoch)
    header = ["optimizer", "implementation", "step", *(["epoch"] if epochs else []),
              *problem.param_names, "loss", *names, "diverged_at"]
    yield header
    for run in engine.runs:
        hyper = [repr(run.hyperparams[n]) if n in run.hyperparams else "" for n in names]
        implementation = "torch.optim" if run.spec.concise else "scratch"
        diverged = "" if run.diverged_at is None else str(run.diverged_at)
        for step, (point, loss) in enumerate(zip(run.points.tolist(), run.losses.tolist(), strict=True)):
            epoch = [repr(step / problem.steps_per_epoch)] if epochs else []
            yield [run.spec.optimizer, implementation, str(step), *epoch,
                   *map(repr, point), repr(loss), *hyper, diverged]
