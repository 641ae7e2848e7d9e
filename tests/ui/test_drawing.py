"""How the views draw while playing (history + tail, 30 Hz loss plot, halos in presentation only)
and that at rest they show every point exactly as before."""

from __future__ import annotations

import numpy as np
import pytest

from adamviz.core.problems import get_problem
from adamviz.core.tracks import Track

from .conftest import settled, wait_for

KEY = ("adam", False)


def spiral_track(steps: int, problem) -> Track:
    """A run-like track: it winds in towards the minimum (new pixels all the way)."""
    t = np.arange(steps + 1, dtype=np.float64)
    radius = 4.0 * np.exp(-t / max(steps, 1) * 2.0)
    points = np.column_stack([radius * np.cos(t / 7.0), radius * np.sin(t / 7.0)])
    track = Track(problem.dim, problem.minimum)
    track.extend(0, points, np.asarray(problem.loss(points), dtype=np.float64))
    return track


def grow(track: Track, more: int) -> None:
    t0 = track.received
    t = np.arange(t0, t0 + more, dtype=np.float64)
    radius = 4.0 * np.exp(-t / 300.0)
    points = np.column_stack([radius * np.cos(t / 7.0), radius * np.sin(t / 7.0)])
    track.extend(t0, points, np.sum(points**2, axis=1) + 1e-3)


def points_in(item) -> int:
    return 0 if item.xData is None else len(item.xData)


def joined(first, second):
    """History and tail as one path (the tail starts at the history's last point)."""
    x1, y1 = first.getData()
    x2, y2 = second.getData()
    if x2 is None or len(x2) == 0:
        return np.asarray(x1), np.asarray(y1)
    assert x1[-1] == x2[0] and y1[-1] == y2[0]
    return np.concatenate([x1, x2[1:]]), np.concatenate([y1, y2[1:]])


@pytest.fixture
def contour(qtbot):
    from adamviz.ui.contour_view import ContourView
    from adamviz.ui.theme import get_theme

    view = ContourView(get_theme("light"))
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.set_problem(get_problem("toy2"))
    view.set_runs([KEY], {KEY: "Adam"})
    yield view
    view.stop_timers()  # not after the widget is gone


@pytest.fixture
def loss(qtbot):
    from adamviz.ui.loss_view import LossView
    from adamviz.ui.theme import get_theme

    view = LossView(get_theme("light"))
    qtbot.addWidget(view)
    view.resize(800, 300)
    view.show()
    view.set_problem(get_problem("toy2"))
    view.set_runs([KEY])
    yield view
    view.stop_timers()


def test_halos_only_in_presentation_mode(contour):
    from adamviz.ui.theme import get_theme

    tracks = {KEY: spiral_track(300, get_problem("toy2"))}
    contour.draw(tracks)
    glyph = contour.glyphs[KEY]
    assert not glyph.halo.isVisible() and not glyph.tail_halo.isVisible()
    contour.apply_theme(get_theme("light", presenting=True))
    assert glyph.halo.isVisible()
    # the halo follows the line exactly, though its data was not kept while it was hidden
    np.testing.assert_array_equal(glyph.halo.getData()[0], glyph.line.getData()[0])
    np.testing.assert_array_equal(glyph.halo.getData()[1], glyph.line.getData()[1])
    contour.apply_theme(get_theme("dark"))
    assert not glyph.halo.isVisible()
    contour.show_swarm(np.zeros((3, 2)), color="#D55E00")
    assert not glyph.line.isVisible() and not glyph.halo.isVisible()
    contour.show_swarm(None)
    assert glyph.line.isVisible() and glyph.markers.isVisible() and not glyph.halo.isVisible()


def test_a_live_run_is_history_plus_tail_and_whole_again_at_rest(contour):
    problem = get_problem("toy2")
    track = spiral_track(400, problem)
    tracks = {KEY: track}
    glyph = contour.glyphs[KEY]
    contour.draw(tracks)
    at_rest = glyph.line.getData()
    contour.live = True
    contour.draw(tracks)
    assert points_in(glyph.tail_line) == 0  # nothing new: the whole run stands as history
    grow(track, 3)
    contour.draw(tracks)
    assert points_in(glyph.tail_line) >= 2  # the newest points are a tail
    history_set = []
    glyph.line.setData = lambda *a, _real=glyph.line.setData, **k: (history_set.append(1), _real(*a, **k))
    for _ in range(10):
        grow(track, 3)
        contour.draw(tracks)
    assert history_set == []  # 30 new points: the history stands, only the tail is set
    x, y = joined(glyph.line, glyph.tail_line)
    assert (x[-1], y[-1]) == tuple(track.last_point)
    grow(track, 200)  # far past the tail's length: the boundary moves on
    contour.draw(tracks)
    assert len(history_set) >= 1
    contour.draw_at_rest()  # what the settle timer does once frames stop coming
    assert points_in(glyph.tail_line) == 0
    x, y = glyph.line.getData()
    assert (x[-1], y[-1]) == tuple(track.last_point)
    contour.live = False
    del glyph.line.setData
    contour.draw({KEY: spiral_track(400, problem)})  # the same points as at first: the same path
    np.testing.assert_array_equal(glyph.line.getData()[0], at_rest[0])


def test_step_markers_are_set_once_they_stop_changing(contour):
    track = spiral_track(250, get_problem("toy2"))
    glyph = contour.glyphs[KEY]
    contour.live = True
    contour.draw({KEY: track})
    calls = []
    glyph.markers.setData = lambda *a, **k: calls.append(1)
    for _ in range(5):
        grow(track, 10)
        contour.draw({KEY: track})
    assert calls == []  # past the marked steps: the dots are left as they are


def test_loss_plot_draws_at_30_hz_while_live_and_exactly_at_rest(qtbot, loss, monkeypatch):
    import adamviz.ui.loss_view as loss_view

    class Clock:  # frames that come faster than 30 Hz, whatever the machine's speed
        now = 1000.0

        @classmethod
        def perf_counter(cls):
            return cls.now

    problem = get_problem("toy2")
    track = spiral_track(500, problem)
    tracks = {KEY: track}
    monkeypatch.setattr(loss_view, "time", Clock)
    loss.live = True
    loss.draw(tracks)
    drawn = []
    real = loss.draw_now
    loss.draw_now = lambda t: (drawn.append(1), real(t))
    for _ in range(5):
        grow(track, 2)
        loss.draw(tracks)
    assert drawn == [] and loss.frame_pending()  # left for the 30 Hz frame
    Clock.now += 1.0
    qtbot.waitUntil(lambda: bool(drawn), timeout=2000)
    x, _ = joined(loss.curves[KEY], loss.tails[KEY])
    assert x[-1] == track.t  # that frame shows the latest points
    qtbot.waitUntil(lambda: points_in(loss.tails[KEY]) == 0, timeout=2000)  # at rest: whole again
    x, y = loss.curves[KEY].xData, loss.curves[KEY].yData  # as set (getData is what is left after downsampling)
    steps, _, losses = track.drawn()
    np.testing.assert_array_equal(x, steps)
    assert losses.min() > 0
    np.testing.assert_array_equal(y, losses)  # a positive loss is drawn as itself


def test_the_window_shows_every_point_after_playing(qtbot, make_window):
    from adamviz.model.readout import SPEEDS

    window = make_window()
    window.model.set_speed(len(SPEEDS) - 1)
    window.model.set_playing(True)
    wait_for(qtbot, window, lambda w: w.model.step > 3000, timeout=30_000)
    assert window.contour.live and window.loss.live
    window.model.set_playing(False)
    wait_for(qtbot, window, lambda w: settled(w))
    qtbot.wait(600)  # the views' settle timers (and the last snapshots in flight, drawn whole at once)
    for key, track in window.model.tracks.items():
        steps, _, _ = track.drawn()
        np.testing.assert_array_equal(window.loss.curves[key].xData, steps)
        assert points_in(window.loss.tails[key]) == 0
        glyph = window.contour.glyphs[key]
        assert points_in(glyph.tail_line) == 0
        lx, ly = glyph.line.getData()
        assert (lx[-1], ly[-1]) == tuple(track.last_point)


def test_airfoil_slice_is_coarse_only_while_playing_and_exact_at_rest(qtbot):
    from adamviz.core import surface as surf
    from adamviz.core.scenario import PRESETS
    from adamviz.export.views import full_tracks, runs_of
    from adamviz.ui.contour_plane import LIVE_GRID
    from adamviz.ui.contour_view import ContourView
    from adamviz.ui.theme import get_theme

    engine = PRESETS["airfoil-compare"].scenario().run()
    runs = runs_of(engine)
    tracks = full_tracks(engine.problem, runs, engine.t)
    view = ContourView(get_theme("light"))
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # laid out, as a window is before it draws: on a busy machine the layout came mid-test
    view.set_problem(engine.problem)
    view.set_runs([run.key for run in runs], {run.key: run.label for run in runs})
    view.draw(tracks)
    view.refresh_surface()
    assert view.grid.shade.shape[0] == surf.GRID
    exact = view.grid
    view.live = True
    view.refresh_surface()  # a turn of the plane while playing
    assert view.grid.shade.shape[0] == LIVE_GRID < surf.GRID
    view.live = False
    view.draw_at_rest()  # what the settle timer calls once the frames stop
    assert view.grid.shade.shape[0] == surf.GRID
    np.testing.assert_array_equal(view.grid.z, exact.z)  # the same plane, the same exact slice


def test_a_loss_below_1e_30_is_drawn_as_itself_and_an_exact_zero_below_every_loss(make_window):
    """Momentum on toy2 reaches 1e-44 in 200 steps: the curve goes there (it used to flatten at 1e-30, as if
    momentum had stalled), and on Himmelblau, where runs reach an exact 0, the 0 sits a decade below the
    smallest positive loss drawn."""
    from dataclasses import replace

    from adamviz.core.scenario import PRESETS

    window = make_window(replace(PRESETS["toy2-compare"].scenario(), steps=200))
    track = window.model.tracks[("momentum", False)]
    assert track.last_loss < 1e-40
    y = window.loss.curves[("momentum", False)].yData
    assert float(np.min(y)) == float(track.losses[: track.t + 1].min())
    assert "0" not in axis_labels(window.loss)  # no run is at exactly 0

    window = make_window("himmelblau-basins")
    every = np.concatenate([t.losses[: t.t + 1] for t in window.model.tracks.values()])
    assert (every == 0).any()
    lowest = every[every > 0].min()
    for key, curve in window.loss.curves.items():
        if key not in window.model.tracks:
            continue
        losses = window.model.tracks[key].losses[: window.model.tracks[key].t + 1]
        drawn = np.concatenate([curve.yData, window.loss.tails[key].yData if window.loss.tails[key].yData is not None
                                else []])
        if (losses == 0).any():
            assert float(np.min(drawn)) == pytest.approx(min(1e-30, lowest / 10))
        assert float(np.min(drawn)) > 0
    labels = axis_labels(window.loss)
    assert labels.count("0") == 1 and labels[0] == "0"  # the lowest tick says what the flat line is


def axis_labels(loss_view) -> list[str]:
    """The loss axis's tick labels as it draws them now, lowest first."""
    axis = loss_view.getPlotItem().getAxis("left")
    low, high = axis.range
    levels = axis.tickValues(low, high, axis.height())
    values = sorted(value for _, level in levels[:1] for value in level)
    return [text for text in axis.tickStrings(values, 1.0, 1.0) if text]


def test_a_loss_axis_over_hundreds_of_decades_keeps_to_a_few_ticks(make_window):
    """Momentum on toy2 underflows to 0 by step 2000: the axis spans 300 decades, and nine minor ticks a
    decade would be thousands of lines to paint each frame."""
    from dataclasses import replace

    from adamviz.core.scenario import PRESETS

    window = make_window(replace(PRESETS["toy2-compare"].scenario(), steps=2000))
    axis = window.loss.getPlotItem().getAxis("left")
    low, high = axis.range
    assert high - low > 300
    levels = axis.tickValues(low, high, axis.height())
    assert sum(len(values) for _, values in levels) < 100
    assert "0" in axis_labels(window.loss)


def test_a_surface_refresh_due_after_the_view_closed_does_nothing(qtbot):
    """A pan starts a 60 ms refresh; a view closed in that time (its window closing) must not raise."""
    from adamviz.core.problems import get_problem
    from adamviz.ui.contour_view import ContourView
    from adamviz.ui.theme import get_theme

    view = ContourView(get_theme("light"))  # not qtbot's to close: pyqtgraph's close() runs once only
    view.set_problem(get_problem("toy2"))
    view.show()
    view.getPlotItem().vb.setRange(xRange=(-2, 2), yRange=(-1, 1), padding=0)  # as a pan does: refresh pending
    view.close()
    qtbot.wait(150)  # the refresh falls due on a closed view
    view.deleteLater()
