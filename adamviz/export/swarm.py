"""Swarm mode in exports: many start points, one optimizer, as a picture, an animation or the data.

The swarm is the window's (adamviz.core.swarm.Swarm over grid_starts or
random_starts of the problem's view, seeded by the scenario's seed), and the
pictures are the window's views: the contour view with one dot per running
particle, or the loss plot with the swarm's median loss against step. Data:
one row (CSV) or object (JSON) per particle, with its start, where it ended,
its loss, the step it diverged at and the minimum it is nearest to.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

import numpy as np

from adamviz.core.scenario import Scenario
from adamviz.core.text import translate
from adamviz.export.formats import SwarmSpec, swarm_optimizer

NEAR_FLOOR = 1e-3
"""A particle this close to the problem's lowest loss counts as having arrived (the window's rule)."""


def build_swarm(scenario: Scenario, spec: SwarmSpec):
    from adamviz.core.swarm import Swarm, grid_starts, random_starts, run_schedule

    problem = scenario.problem_object()
    name, hyperparams = swarm_optimizer(scenario)
    if spec.layout == "grid":
        starts = grid_starts(problem.view, spec.particles, problem.dim)
    else:
        starts = random_starts(problem.view, spec.particles, scenario.seed, problem.dim)
    return Swarm(problem, name, hyperparams, starts, scenario.seed, history=1,
                 schedule=run_schedule(scenario, name))


# ---------------------------------------------------------------- data

def swarm_dict(scenario: Scenario, spec: SwarmSpec, swarm) -> dict[str, Any]:
    """Strict-JSON-ready: the setup, the summary, the problem's minima and every particle."""
    nearest = swarm.nearest_minimum()
    particles = []
    for i, (start, point, loss, diverged, basin) in enumerate(zip(
            swarm.starts.tolist(), swarm.positions.tolist(), swarm.losses.tolist(),
            swarm.diverged_at.tolist(), nearest.tolist(), strict=True)):
        particles.append({
            "particle": i, "start": start, "point": point if np.isfinite(point).all() else None,
            "loss": loss if np.isfinite(loss) else None,
            "diverged_at": None if diverged < 0 else diverged, "nearest_minimum": None if basin < 0 else basin,
        })
    return {
        "problem": swarm.problem.name, "optimizer": swarm.optimizer, "hyperparams": dict(swarm.hyperparams),
        "schedule": swarm.schedule or None,
        "steps": swarm.t, "seed": scenario.seed, "layout": spec.layout, "floor": float(swarm.problem.floor),
        "minima": swarm.problem.minima.tolist(), "summary": swarm.summary(NEAR_FLOOR), "particles": particles,
    }


def write_swarm_data(path: Path, scenario: Scenario, spec: SwarmSpec, swarm) -> None:
    data = swarm_dict(scenario, spec, swarm)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, allow_nan=False, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["particle", "start_x1", "start_x2", "x1", "x2", "loss", "diverged_at", "nearest_minimum",
                         "optimizer", "step"])
        for row in data["particles"]:
            point = row["point"] or [None, None]
            writer.writerow([row["particle"], *map(repr, row["start"]), *("" if v is None else repr(v) for v in point),
                             "" if row["loss"] is None else repr(row["loss"]),
                             "" if row["diverged_at"] is None else row["diverged_at"],
                             "" if row["nearest_minimum"] is None else row["nearest_minimum"],
                             data["optimizer"], data["steps"]])


# ---------------------------------------------------------------- pictures

class SwarmScene:
    """A ViewScene with no runs and a swarm instead: ``show_step(k)`` shows the swarm at step k.

    The contour view steps the swarm as the frames go forward; ``restart()`` (after the GIF's
    palette frame) builds it afresh. The loss view runs the swarm to the end once, up front: its
    range must fit the whole run, and every frame is then a slice of that one history.
    """

    def __init__(self, request, spec: SwarmSpec):
        from adamviz.export.views import ViewScene
        from adamviz.ui.theme import get_theme, optimizer_color

        self.request, self.spec = request, spec
        scenario = request.scenario
        self.swarm = build_swarm(scenario, spec)
        self.color = optimizer_color(self.swarm.optimizer)
        self.history: list[tuple[float, dict]] = []
        """Per step so far: the running particles' median loss and the swarm's summary."""
        theme = get_theme(request.theme, request.presenting)
        self.scene = ViewScene(request.view, self.swarm.problem, [], theme, request.pixel_size,
                               steps=scenario.steps, view=request.view_settings)
        self.size, self.base_theme, self.steps = self.scene.size, self.scene.base_theme, scenario.steps
        self._advance_to(self.steps if request.view == "loss" else 0)
        if request.view == "loss":
            self._fix_loss_range()

    def _advance_to(self, step: int) -> None:
        self._remember()
        while self.swarm.t < step:
            self.swarm.step(1)
            self._remember()

    def _remember(self) -> None:
        if len(self.history) <= self.swarm.t:
            alive = self.swarm.alive
            median = float(np.median(self.swarm.losses[alive])) if alive.any() else float("nan")
            self.history.append((median, self.swarm.summary(NEAR_FLOOR)))

    def _fix_loss_range(self) -> None:
        """Fit the loss plot to the whole run's medians once, then hold it still."""
        view = self.scene.widget
        medians = np.array([median for median, _ in self.history])
        view.show_swarm(np.arange(len(medians), dtype=np.float64), medians, self.color)
        view.hold_range(self.steps, medians)
        self.scene.set_legend(view.legend_entries({}))

    def restart(self) -> None:
        if self.request.view == "contour":
            self.swarm = build_swarm(self.request.scenario, self.spec)
            self.history = []
            self._remember()

    def show_step(self, step: int) -> None:
        view = self.scene.widget
        if self.request.view == "contour":
            if step < self.swarm.t:
                self.restart()
            self._advance_to(step)
            view.show_swarm(self.swarm.positions, self.swarm.alive, self.color)
        else:
            medians = np.array([median for median, _ in self.history[: step + 1]])
            view.show_swarm(np.arange(len(medians), dtype=np.float64), medians, self.color)
        self.scene.show_label(self._label_html(step, self.history[step][1]))

    def _label_html(self, step: int, summary: dict) -> str:
        from adamviz.core.optimizers import get_optimizer

        theme = self.base_theme
        title = get_optimizer(self.swarm.optimizer).shown_title
        head = translate("export_swarm", "step {step}  ·  {count:,} × {optimizer}").format(
            step=step, count=summary["particles"], optimizer=title)
        if len(self.swarm.problem.minima):
            counts = translate("export_swarm", "{arrived:,} at the lowest loss (±{near:g}), {diverged:,} diverged")
        else:  # unbounded below (the saddle): the floor is only the lowest value in the view
            counts = translate("export_swarm", "{arrived:,} below f = {floor:g}, {diverged:,} diverged")
        counts = counts.format(arrived=summary["near_floor"], near=NEAR_FLOOR, floor=self.swarm.problem.floor,
                               diverged=summary["diverged"])
        return (f"<span style='font-size:{theme.font_pt * 1.25:.1f}pt; font-weight:bold; color:{theme.foreground}'>"
                f"<span style='color:{self.color}'>●</span> {html.escape(head)}</span><br>"
                f"<span style='font-size:{theme.font_pt:.1f}pt; color:{theme.foreground}'>{html.escape(counts)}</span>")

    def render(self, image=None):
        return self.scene.render(image)

    def animating(self):
        return self.scene.animating()

    def svg(self) -> bytes:
        return self.scene.svg()

    def close(self) -> None:
        self.scene.close()
