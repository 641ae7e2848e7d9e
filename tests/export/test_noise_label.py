"""A picture of noisy runs says so in its label; one without noise does not."""

from __future__ import annotations

from .conftest import make_scenario


def label_of(request):
    from adamviz.export.exporter import build_scene, run_engine

    scene = build_scene(request, run_engine(request.scenario))
    try:
        return scene._label_html(request.scenario.steps, {})
    finally:
        scene.close()


def test_the_label_names_the_noise(qt_app, tmp_path):
    from adamviz.export.formats import ExportRequest

    noisy = label_of(ExportRequest(make_scenario("noise-compare-toy1"), tmp_path / "a.png", size=(800, 450)))
    quiet = label_of(ExportRequest(make_scenario("toy2-compare"), tmp_path / "b.png", size=(800, 450)))
    assert "gradient noise σ = 1" in noisy and "step 200" in noisy
    assert "noise" not in quiet
