"""A picture of noisy runs says so in its label, and one of other minibatches than the chapter's says which; the
others do not."""

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


def test_the_label_names_a_batch_size_other_than_the_chapters(qt_app, tmp_path):
    from adamviz.export.formats import ExportRequest

    sizes = {name: label_of(ExportRequest(make_scenario(name), tmp_path / f"{name}.png", size=(800, 450)))
             for name in ("sgd-airfoil-100", "gd-airfoil-full", "gd-airfoil")}
    assert "batches of 100" in sizes["sgd-airfoil-100"] and "epoch 2.00" in sizes["sgd-airfoil-100"]
    assert "full batch" in sizes["gd-airfoil-full"] and "epoch 6.00" in sizes["gd-airfoil-full"]
    assert "batch" not in sizes["gd-airfoil"]


def test_the_step_line_is_drawn_at_the_same_size_whatever_the_batch(qt_app, tmp_path):
    """The batch size is not the type size: the chapter's 10, a full batch and batches of 100 all head the label
    at 1.25 × the theme's type."""
    import re

    from adamviz.export.formats import ExportRequest

    sizes = {name: re.search(r"font-size:([\d.]+)pt", label_of(ExportRequest(make_scenario(name),
                                                                            tmp_path / f"{name}.png",
                                                                            size=(800, 450)))).group(1)
             for name in ("sgd-airfoil-100", "gd-airfoil-full", "gd-airfoil", "toy2-compare")}
    assert len(set(sizes.values())) == 1, sizes
