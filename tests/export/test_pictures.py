"""Still pictures: the size asked for, rendered at that size, valid SVG, the window's own views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from adamviz.core import surface as surf
from adamviz.core.problems import get_problem

from .conftest import make_scenario

SVG = "{http://www.w3.org/2000/svg}"


def pixels(path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"), dtype=np.float64)


@pytest.mark.parametrize("size", [None, (800, 600), (1366, 768)])
def test_png_has_exactly_the_size_asked(export, size):
    path = export("view.png", size=size)
    with Image.open(path) as image:
        assert image.size == (size or (1920, 1080))
    picture = pixels(path)
    packed = picture.astype(np.int64) @ np.array([65536, 256, 1])
    assert len(np.unique(packed)) > 200  # a surface, lines, text: not an empty canvas


def sharpest_edges(gray: np.ndarray) -> float:
    """The 99.9th percentile of the pixel-to-pixel step: how hard the hardest edges (text, markers) are."""
    step = np.maximum(np.abs(np.diff(gray, axis=1))[:-1, :], np.abs(np.diff(gray, axis=0))[:, :-1])
    return float(np.percentile(step, 99.9))


def test_a_4k_png_is_the_same_picture_rendered_sharper(export):
    small_path = export("hd.png", size=(1920, 1080))
    big_path = export("uhd.png", size=(3840, 2160))
    small = pixels(small_path)
    big = pixels(big_path)
    assert big.shape == (2160, 3840, 3)
    # The same layout: halved, the 4K picture nearly matches the 1080p one pixel for pixel.
    halved = big.reshape(1080, 2, 1920, 2, 3).mean(axis=(1, 3))
    assert np.abs(halved - small).mean() < 8
    # Not an upscale. A smooth (bicubic) 2x enlargement of the 1080p picture has much softer edges ...
    with Image.open(small_path) as image:
        upscaled = np.asarray(image.convert("L").resize((3840, 2160), Image.Resampling.BICUBIC), dtype=np.float64)
    assert sharpest_edges(big.mean(axis=2)) > 1.3 * sharpest_edges(upscaled)
    # ... and a blocky (nearest) one has every 2x2 block of one colour; a real render does not.
    blocks = big.reshape(1080, 2, 1920, 2, 3)
    uniform = (blocks.max(axis=(1, 3)) == blocks.min(axis=(1, 3))).all(axis=-1).mean()
    assert uniform < 0.97


def test_svg_is_valid_xml_sized_in_pixels_with_plain_strokes_and_a_clipped_plot(export):
    path = export("view.svg", size=(1280, 800))
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1280", "800")
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for label in ("Momentum", "RMSProp", "Adam", "step", "20", "x1", "x2"):
        assert label in texts
    drawn = [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}polyline")]
    assert len(drawn) > 20
    # Every stroke is an ordinary one (no SVG-1.2 non-scaling strokes that many programs draw data-sized).
    clip_paths = {id(e) for clip in root.iter(f"{SVG}clipPath") for e in clip.iter()}
    assert not [e for e in root.iter() if e.get("vector-effect") == "non-scaling-stroke" and id(e) not in clip_paths]
    # The surface image is clipped to the plot area, so it cannot spill over the axes.
    clipped = [g for g in root.iter(f"{SVG}g") if g.get("clip-path") and g.find(f"{SVG}image") is not None]
    assert clipped


def test_loss_view_png_and_svg(export):
    path = export("loss.png", view="loss", size=(1000, 500))
    with Image.open(path) as image:
        assert image.size == (1000, 500)
    root = ET.parse(export("loss.svg", view="loss", size=(1000, 500))).getroot()
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "loss" in texts and "Adam" in texts  # the axis and the legend the loss view gets in an export


def test_dark_theme_is_dark_and_light_is_light(export):
    dark = pixels(export("dark.png", size=(640, 400), theme="dark"))
    light = pixels(export("light.png", size=(640, 400), theme="light"))
    assert dark.mean() < 100 < light.mean()


def test_airfoil_plane_is_the_principal_plane_of_the_full_trajectories_in_every_frame(qt_app):
    from adamviz.export.views import ViewScene, runs_of
    from adamviz.ui.theme import get_theme

    scenario = make_scenario("airfoil-compare", steps=60)
    engine = scenario.run()
    problem = get_problem("airfoil")
    moment = sum((r.points - problem.minimum).T @ (r.points - problem.minimum) for r in engine.runs)
    expected = surf.principal_plane(problem, moment)
    scene = ViewScene("contour", problem, runs_of(engine), get_theme("light"), (640, 400), steps=60)
    try:
        for step in (0, 1, 10, 60):
            scene.show_step(step)
            plane = scene.widget.plane
            assert abs(plane.u @ expected.u) == pytest.approx(1, abs=1e-9)
            assert abs(plane.v @ expected.v) == pytest.approx(1, abs=1e-9)
        ranges = scene.widget.getPlotItem().vb.viewRange()
        scene.show_step(5)
        assert scene.widget.getPlotItem().vb.viewRange() == ranges  # the picture does not move between frames
    finally:
        scene.close()


def test_whole_window_png_and_svg_with_a_sessions_view(qt_app, tmp_path):
    from adamviz.core.session import ViewSettings, load_session, save_session
    from adamviz.export import qt as qx
    from adamviz.export.whole_window import WindowShot

    view = ViewSettings(plane=(0, 5), loss_by_epoch=True)
    shot = WindowShot(make_scenario("airfoil-compare", steps=30), (1200, 800), view=view)
    try:
        window = shot.window
        assert window.contour.plane_choice == (0, 5)
        assert tuple(window.setup.plane_box.currentData()) == (0, 5)
        assert window.loss_panel.epoch_box.isChecked() and window.loss.by_epoch
        assert all(track.t == 30 for track in window.model.tracks.values())
        image = shot.render()
        assert (image.width(), image.height()) == (1200, 800)
        data = qx.png_bytes(image)
        assert data.startswith(b"\x89PNG")
        root = ET.fromstring(shot.svg())
        assert root.tag == f"{SVG}svg" and root.get("width") == "1200"
        assert len(root.findall(f"{SVG}svg")) == 2  # the two plots, nested
        # What the window shows saves as a session that opens as the same setup and view.
        session = window.session()
        assert session.scenario.steps == 30 and session.view.plane == (0, 5) and session.view.loss_by_epoch
        assert load_session(save_session(tmp_path / "window.json", session)) == session
    finally:
        shot.close()


def test_a_picture_of_the_whole_window_draws_the_contour_lines(qt_app):
    """The window is rendered through its widgets: the lines must paint there too, not only in a view's own
    picture (they were skipped on any off-screen widget, leaving the window's picture a bare shading)."""
    from adamviz.export.whole_window import WindowShot

    shot = WindowShot(make_scenario("toy2-compare", steps=5), (1200, 800))
    try:
        lines = shot.window.contour.contours
        assert lines.xData is not None and len(lines.xData) > 100
        with_lines = shot.render()
        lines.setVisible(False)
        without = shot.render()
        changed = sum(with_lines.pixel(x, y) != without.pixel(x, y)
                      for x in range(0, 1200, 4) for y in range(0, 800, 4))
        assert changed > 100  # the twenty-odd rings, sampled every fourth pixel (none: 0)
    finally:
        shot.close()
