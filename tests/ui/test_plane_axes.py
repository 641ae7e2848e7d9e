"""The airfoil's principal plane faces the same way in the window, in its pictures and in its sessions.

The window's plane follows its own history as points stream in (so it never flips while playing), which can
leave it facing against the fixed convention a plane made at once follows; the session says which way."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adamviz.core import surface as surf
from adamviz.core.problems import get_problem
from adamviz.core.session import SessionError, ViewSettings, load_session, save_session

from .conftest import settled, wait_for


def test_a_plane_made_at_once_turns_each_axis_as_asked():
    problem = get_problem("airfoil")
    moment = np.diag([5.0, 4.0, 1.0, 0.5, 0.2, 0.1]) + 0.3
    plain = surf.principal_plane(problem, moment)
    assert surf.plane_axes(plain) == (1, 1)
    for axes in ((-1, 1), (1, -1), (-1, -1)):
        turned = surf.principal_plane(problem, moment, axes=axes)
        np.testing.assert_array_equal(turned.u, axes[0] * plain.u)
        np.testing.assert_array_equal(turned.v, axes[1] * plain.v)
        assert surf.plane_axes(turned) == axes


def window_turned_against_the_convention(make_window, qtbot):
    window = make_window("airfoil-compare", 60)
    window.contour.finish(window.model.tracks)
    window.contour.orient_plane((-1, 1), window.model.tracks)  # as a plane that turned while playing may face
    assert window.contour.plane_axes() == (-1, 1)
    return window


def test_a_picture_of_the_window_faces_as_the_window_does(make_window, qtbot, tmp_path):
    from adamviz.export.exporter import build_scene, run_engine
    from adamviz.export.formats import ExportRequest

    window = window_turned_against_the_convention(make_window, qtbot)
    session = window.session()
    assert session.view.plane_axes == (-1, 1)
    request = ExportRequest(session.scenario, tmp_path / "slide.png", size=(800, 500), view_settings=session.view)
    scene = build_scene(request, run_engine(request.scenario))
    try:
        shown, drawn = window.contour.plane, scene.widget.plane
        assert shown.u @ drawn.u == pytest.approx(1, abs=1e-6) and shown.v @ drawn.v == pytest.approx(1, abs=1e-6)
        # the runs are where the window's range (kept by the session) looks
        (x0, x1), (y0, y1) = scene.widget.getPlotItem().vb.viewRange()
        for track in window.model.tracks.values():
            a, b = drawn.project(track.drawn()[1]).T
            assert (x0 <= a).all() and (a <= x1).all() and (y0 <= b).all() and (b <= y1).all()
    finally:
        scene.close()


def test_a_session_reopens_facing_as_it_was_saved(make_window, qtbot, tmp_path):
    window = window_turned_against_the_convention(make_window, qtbot)
    path = tmp_path / "airfoil.json"
    save_session(path, window.session())
    assert load_session(path).view.plane_axes == (-1, 1)
    again = make_window("airfoil-compare", 0)
    again.apply_session(load_session(path))
    wait_for(qtbot, again, lambda w: settled(w, 60))
    again.contour.finish(again.model.tracks)
    assert again.contour.plane_axes() == (-1, 1)
    assert again.contour.plane.u @ window.contour.plane.u == pytest.approx(1, abs=1e-6)


def test_plane_axes_are_checked_where_they_are_read(tmp_path):
    from adamviz.core.scenario import PRESETS
    from adamviz.core.session import Session

    def saved_with(preset, axes, plane=None):
        path = tmp_path / f"{preset}.json"
        save_session(path, Session(PRESETS[preset].scenario(), ViewSettings(plane=plane), "light"))
        data = json.loads(path.read_text())
        data["view"]["plane_axes"] = axes
        path.write_text(json.dumps(data))
        return path

    assert load_session(saved_with("airfoil-compare", [1, -1])).view.plane_axes == (1, -1)
    for preset, axes, plane, why in (
            ("airfoil-compare", [1, 2], None, "must be two of 1 and -1"),
            ("airfoil-compare", [True, 1], None, "must be two of 1 and -1"),
            ("airfoil-compare", [-1], None, "must be two of 1 and -1"),
            ("airfoil-compare", [-1, 1], (0, 5), "applies to the principal plane"),
            ("toy2-compare", [-1, 1], None, "applies to the principal plane")):
        with pytest.raises(SessionError, match=why) as caught:
            load_session(saved_with(preset, axes, plane))
        assert "\n" not in str(caught.value)


def test_a_replayed_problem_faces_as_a_picture_made_at_once(make_window, qtbot):
    """A preset's runs replayed to their step face as the command line's picture of them does, and the slice
    drawn covers the whole view (turned round at rest, it once kept half of the old slice: a false valley)."""
    window = make_window("airfoil-compare", 60)
    wait_for(qtbot, window, lambda w: settled(w, 60))
    qtbot.wait(300)
    window.contour.finish(window.model.tracks)
    problem = window.model.problem
    moment = sum((track.second_moment for track in window.model.tracks.values()),
                 np.zeros((problem.dim, problem.dim)))
    at_once = surf.principal_plane(problem, moment)
    shown = window.contour.plane
    assert shown.u @ at_once.u == pytest.approx(1, abs=1e-6) and shown.v @ at_once.v == pytest.approx(1, abs=1e-6)
    (x0, x1), (y0, y1) = window.contour.getPlotItem().vb.viewRange()
    slice_ = window.contour.image.mapRectToParent(window.contour.image.boundingRect())
    assert slice_.left() <= x0 and slice_.right() >= x1 and slice_.top() <= y0 and slice_.bottom() >= y1


def test_turning_the_plane_round_slices_the_view_it_then_shows(make_window, qtbot):
    window = window_turned_against_the_convention(make_window, qtbot)
    (x0, x1), (y0, y1) = window.contour.getPlotItem().vb.viewRange()
    slice_ = window.contour.image.mapRectToParent(window.contour.image.boundingRect())
    assert slice_.left() <= x0 and slice_.right() >= x1 and slice_.top() <= y0 and slice_.bottom() >= y1
