"""Animations: one frame per shown step, the step drawn in every frame, readable GIF and MP4."""

from __future__ import annotations

import itertools

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from adamviz.export.formats import ExportError, ExportRequest, frame_steps

from .conftest import make_scenario


def gif_frames(path) -> tuple[list[np.ndarray], list[int]]:
    frames, durations = [], []
    with Image.open(path) as image:
        assert image.format == "GIF"
        assert image.info.get("loop") == 0  # loops forever
        for index in range(image.n_frames):
            image.seek(index)
            durations.append(image.info["duration"])
            frames.append(np.asarray(image.convert("RGB"), dtype=np.int16))
    return frames, durations


@pytest.mark.parametrize(("steps", "every", "shown"), [
    (6, 1, [0, 1, 2, 3, 4, 5, 6]),
    (12, 5, [0, 5, 10, 12]),
    (10, 5, [0, 5, 10]),
    (3, 10, [0, 3]),
])
def test_frame_steps_show_every_kth_step_and_always_the_last(steps, every, shown):
    assert frame_steps(steps, every) == shown


def test_gif_has_one_frame_per_step_and_rests_on_the_last(export):
    path = export("run.gif", scenario=make_scenario(steps=12), size=(480, 300), fps=20)
    frames, durations = gif_frames(path)
    assert len(frames) == 13
    assert frames[0].shape == (300, 480, 3)
    assert durations[:-1] == [50] * 12
    assert durations[-1] >= 2000
    # The trajectories grow: no two consecutive frames are the same, and the first and last differ a lot.
    for before, after in itertools.pairwise(frames):
        assert np.abs(before - after).max() > 0
    assert np.abs(frames[0] - frames[-1]).mean() > 1


def test_gif_every_k_thins_the_frames(export):
    path = export("thin.gif", scenario=make_scenario(steps=12), size=(320, 240), every=5)
    frames, _ = gif_frames(path)
    assert len(frames) == len(frame_steps(12, 5)) == 4


def test_the_step_count_is_drawn_in_every_frame(export):
    """Once GD has blown up its trajectory stops changing, yet every frame still differs: the step label."""
    scenario = make_scenario("gd-toy2-diverge", steps=30)
    scenario.runs[[r.optimizer for r in scenario.runs].index("sgd")].hyperparams["lr"] = 1.0
    diverged_at = scenario.run().runs[0].diverged_at
    assert diverged_at is not None and diverged_at < 25
    frames, _ = gif_frames(export("diverge.gif", scenario=scenario, size=(480, 300)))
    assert len(frames) == 31
    for step in range(diverged_at + 1, 30):
        changed = np.argwhere(np.abs(frames[step] - frames[step + 1]).max(axis=2) > 0)
        assert len(changed) > 0
        # and only the label changed: a small patch (the bottom-right box), not the plot
        rows, cols = changed[:, 0], changed[:, 1]
        assert rows.min() > 300 * 0.6 and cols.min() > 480 * 0.5


def test_mp4_is_readable_and_has_one_frame_per_shown_step(export):
    path = export("run.mp4", scenario=make_scenario(steps=24), size=(640, 400), every=2, fps=12)
    count, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert count == len(frame_steps(24, 2)) == 13
    assert seconds == pytest.approx(13 / 12, abs=0.1)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = reader.__next__()
    assert meta["size"] == (640, 400)
    frames = [np.frombuffer(frame, dtype=np.uint8).reshape(400, 640, 3).astype(np.int16) for frame in reader]
    assert len(frames) == 13
    assert np.abs(frames[0] - frames[-1]).mean() > 1


def test_loss_view_animation(export):
    frames, _ = gif_frames(export("loss.gif", scenario=make_scenario(steps=8), view="loss", size=(400, 300)))
    assert len(frames) == 9
    assert np.abs(frames[1] - frames[-1]).mean() > 0.5


@pytest.mark.parametrize(("fields", "message"), [
    ({"path": "x.mp4", "size": (641, 400)}, "even width and height"),
    ({"path": "x.gif", "view": "window"}, "not the window"),
    ({"path": "x.gif", "steps": 100_000}, "--every"),
    ({"path": "x.gif", "size": (3840, 2160), "steps": 500}, "too large"),
    ({"path": "x.bmp"}, "not a known format"),
])
def test_animations_that_cannot_be_made_are_refused_before_any_work(tmp_path, fields, message):
    fields = dict(fields)
    scenario = make_scenario(steps=fields.pop("steps", 20))
    request = ExportRequest(scenario, tmp_path / fields.pop("path"), **fields)
    with pytest.raises(ExportError, match=message):
        request.check()
    assert list(tmp_path.iterdir()) == []
