"""The engine's results as plain data: the `adamviz trace` JSON schema and CSV rows."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from adamviz.core.engine import Engine
from adamviz.core.scenario import Scenario

if TYPE_CHECKING:
    from adamviz.core.sweep import SweepResult

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
        "runs": [_run_dict(run) for run in engine.runs],
    }
    if problem.steps_per_epoch:
        result["steps_per_epoch"] = problem.steps_per_epoch
        result["batch_size"] = problem.batch_size
    if scenario.rng != "adamviz":
        result["rng"] = scenario.rng  # the start and minibatches drawn as the book's notebook draws them
    if scenario.noise:
        result["noise"] = scenario.noise  # σ of the gradients' N(0, σ²), drawn from the seed
    if scenario.title:
        result["title"] = scenario.title
    return result


def _run_dict(run) -> dict[str, Any]:
    entry = {
        "optimizer": run.spec.optimizer,
        "implementation": implementation(run),
        "hyperparams": dict(run.hyperparams),
        "points": run.points.tolist(),
        "losses": run.losses.tolist(),
        "diverged_at": run.diverged_at,
        "stop_reason": run.stop_reason,
    }
    if run.schedule is not None:  # η of each step, 1 … t, as the schedule gave it
        entry["schedule"] = run.schedule.text
        entry["lrs"] = run.schedule.lrs(run.hyperparams["lr"], run.t).tolist()
    if run.from_file:  # which code made these numbers
        from adamviz.core.optimizer_files import ref_of

        ref = ref_of(run.spec.optimizer)
        entry["source"] = {"file": ref.path, "sha256": ref.sha256}
    if run.stop_message:
        entry["stop_message"] = run.stop_message
    return entry


def implementation(run) -> str:
    """"scratch", "torch.optim", "torch.optim defaults" (the chapter's concise cell: torch's own ε) or "file"."""
    if run.spec.concise == "defaults":
        return "torch.optim defaults"
    return "torch.optim" if run.spec.concise else "file" if run.from_file else "scratch"


def trace_json(scenario: Scenario, engine: Engine) -> str:
    return json.dumps(trace_dict(scenario, engine), allow_nan=False, ensure_ascii=False)


def csv_rows(engine: Engine):
    """Header, then one row per run and step: optimizer, step, [epoch], parameters, loss, hyperparameters;
    where a run's η is scheduled, also its schedule and the step's ηₜ (empty at step 0)."""
    problem = engine.problem
    names = sorted({name for run in engine.runs for name in run.hyperparams})
    epochs = bool(problem.steps_per_epoch)
    schedules = any(run.schedule is not None for run in engine.runs)
    header = ["optimizer", "implementation", "step", *(["epoch"] if epochs else []),
              *problem.param_names, "loss", *names, *(["schedule", "lr_t"] if schedules else []), "diverged_at"]
    yield header
    for run in engine.runs:
        hyper = [repr(run.hyperparams[n]) if n in run.hyperparams else "" for n in names]
        kind = implementation(run)
        diverged = "" if run.diverged_at is None else str(run.diverged_at)
        rates = [""] + [repr(r) for r in run.schedule.lrs(run.hyperparams["lr"], run.t).tolist()] \
            if run.schedule else []
        for step, (point, loss) in enumerate(zip(run.points.tolist(), run.losses.tolist(), strict=True)):
            epoch = [repr(step / problem.steps_per_epoch)] if epochs else []
            scheduled = ([run.schedule.text, rates[step]] if run.schedule else ["", ""]) if schedules else []
            yield [run.spec.optimizer, kind, str(step), *epoch,
                   *map(repr, point), repr(loss), *hyper, *scheduled, diverged]


# ---------------------------------------------------------------- learning-rate sweeps

def _finite(value: float | None) -> float | None:
    """A number JSON can hold, or None (a run whose start was not finite has no loss)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def sweep_dict(results: dict[str, SweepResult], skipped: dict[str, str] | None = None) -> dict[str, Any]:
    """The `adamviz sweep` JSON schema.

    {"problem", "steps", "seed", "start", "floor", "tolerance", "target",
     "sweeps": [{optimizer, hyperparams, schedule (null for a constant η), best_lr, runs: [{lr, final_loss,
     best_loss, best_step, steps_to_tolerance, diverged_at}]}], "skipped": {optimizer: why}}. Every number is
     finite.
    """
    first = next(iter(results.values()), None)
    report: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if first is not None:
        report.update(
            problem=first.problem, steps=first.steps, seed=first.seed, start=first.start.tolist(),
            floor=_finite(first.floor), tolerance=_finite(first.tolerance),
            target=_finite(first.target),
        )
    report["sweeps"] = []
    for name, result in results.items():
        best = result.best()
        report["sweeps"].append({
            "optimizer": name,
            "hyperparams": dict(result.hyperparams),
            "schedule": result.schedule or None,
            "best_lr": None if best is None else best.lr,
            "runs": [
                {"lr": entry.lr, "final_loss": _finite(entry.final_loss), "best_loss": _finite(entry.best_loss),
                 "best_step": entry.best_step, "steps_to_tolerance": entry.steps_to_tolerance,
                 "diverged_at": entry.diverged_at}
                for entry in result.entries
            ],
        })
    report["skipped"] = dict(skipped or {})
    return report


def sweep_json(results: dict[str, SweepResult], skipped: dict[str, str] | None = None) -> str:
    return json.dumps(sweep_dict(results, skipped), allow_nan=False, ensure_ascii=False)


def sweep_csv_rows(results: dict[str, SweepResult]):
    """Header, then one row per optimizer and learning rate; the other hyperparameters in their own columns."""
    names = sorted({name for result in results.values() for name in result.hyperparams})
    yield ["optimizer", "lr", "final_loss", "best_loss", "best_step", "steps_to_tolerance", "diverged_at", *names]
    for name, result in results.items():
        hyper = [repr(result.hyperparams[n]) if n in result.hyperparams else "" for n in names]
        for entry in result.entries:
            yield [name, repr(entry.lr), _csv_number(entry.final_loss), _csv_number(entry.best_loss),
                   str(entry.best_step), "" if entry.steps_to_tolerance is None else str(entry.steps_to_tolerance),
                   "" if entry.diverged_at is None else str(entry.diverged_at), *hyper]


def _csv_number(value: float) -> str:
    value = _finite(value)
    return "" if value is None else repr(value)
