"""An animation draws the surface once and the runs over it each frame: the frames must be the same pixels
as rendering the whole view each time."""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import make_scenario


def frame_pairs(request, steps):
    """(layered, whole) RGB arrays of the frames at ``steps``."""
    from adamviz.export.exporter import build_scene, run_engine
    from adamviz.export.qt import rgb_array
    from adamviz.export.swarm import SwarmScene

    if request.swarm is not None:
        scene = SwarmScene(request, request.swarm)
    else:
        scene = build_scene(request, run_engine(request.scenario))
    layers = getattr(scene, "scene", scene)
    try:
        whole = []
        for step in steps:
            scene.show_step(step)
            whole.append(rgb_array(scene.render()))
        scene.restart()
        layered = []
        with scene.animating():
            assert layers._layers is not None
            for step in steps:
                scene.show_step(step)
                layered.append(rgb_array(scene.render()))
        return list(zip(layered, whole, strict=True))
    finally:
        scene.close()


@pytest.mark.parametrize("preset,size", [
    ("toy2-compare", (960, 600)),  # an animation's own size, 1:1
    ("toy2-compare", (1920, 1080)),  # above 1:1: antialiased, and the contour lines' layer
    ("airfoil-compare", (960, 600)),  # a plane through the regression's trajectories
    ("rosenbrock-compare", (1280, 720)),
])
def test_layered_frames_are_the_whole_views_pixels(qt_app, tmp_path, preset, size):
    from adamviz.export.formats import ExportRequest

    scenario = make_scenario(preset)
    request = ExportRequest(scenario, tmp_path / "x.gif", size=size)
    steps = [0, 1, scenario.steps // 3, scenario.steps]
    for step, (layered, whole) in zip(steps, frame_pairs(request, steps), strict=True):
        assert layered.shape == whole.shape
        difference = np.abs(layered.astype(int) - whole.astype(int)).max(axis=2)
        assert (difference > 2).sum() == 0, (preset, size, step, int(difference.max()), int((difference > 2).sum()))


def test_a_swarms_layered_frames_are_the_whole_views_pixels(qt_app, tmp_path):
    from adamviz.export.formats import ExportRequest, SwarmSpec

    from .test_swarm_exports import swarm_scenario

    scenario = swarm_scenario("himmelblau", "momentum", 20)
    request = ExportRequest(scenario, tmp_path / "x.gif", size=(960, 600), swarm=SwarmSpec("grid", 400))
    for layered, whole in frame_pairs(request, [0, 3, 20]):
        assert np.abs(layered.astype(int) - whole.astype(int)).max() <= 2


def test_a_changed_surface_is_drawn_again(qt_app, tmp_path):
    from adamviz.export.exporter import build_scene, run_engine
    from adamviz.export.formats import ExportRequest
    from adamviz.export.qt import rgb_array

    request = ExportRequest(make_scenario("toy2-compare"), tmp_path / "x.gif")
    scene = build_scene(request, run_engine(request.scenario))
    try:
        with scene.animating():
            scene.show_step(5)
            before = rgb_array(scene.render())
            (x0, x1), (y0, y1) = scene.widget.getPlotItem().vb.viewRange()
            scene.widget.set_view_range((x0 / 2, x1 / 2), (y0 / 2, y1 / 2))
            scene.widget.refresh_surface()
            layered = rgb_array(scene.render())
        whole = rgb_array(scene.render())
        assert np.abs(layered.astype(int) - whole.astype(int)).max() <= 2
        assert np.abs(before.astype(int) - whole.astype(int)).max() > 50
    finally:
        scene.close()
