"""One export from start to finish: check, run the engine, render, write atomically.

``run_export(request)`` is what both the command line and the window call.
Progress goes to ``progress(done, total)``: one unit for running the engine,
one per frame (a still picture is one frame, data none), one for writing the
file. ``check()`` is called often and may raise to cancel; the temporary file
is then removed and nothing is left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from adamviz.core.engine import Engine
from adamviz.core.files import atomic_write
from adamviz.core.scenario import Scenario
from adamviz.export.formats import ExportRequest, Progress

ENGINE_CHUNK = 256
"""Steps between two looks at the cancel flag while the engine runs."""


def _nothing(*_args) -> None:
    pass


def run_export(request: ExportRequest, progress: Progress | None = None,
               check: Callable[[], None] | None = None) -> Path:
    """Write ``request.path``; files.WriteError (one line) if it cannot be written, ExportError if not makeable."""
    progress = progress or _nothing
    check = check or _nothing
    request.check()
    kind = request.kind
    frames = len(request.frame_steps()) if kind == "animation" else (1 if kind == "image" else 0)
    total = frames + 2
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        progress(done, total)
        check()

    progress(0, total)
    if request.swarm is not None:
        return _swarm_export(request, tick, check)
    if kind == "image" and request.view == "window":
        return _window_image(request, tick, check)
    engine = run_engine(request.scenario, check)
    tick()
    if kind == "data":
        from adamviz.export import data

        if request.suffix == ".json":
            atomic_write(request.path, lambda tmp: data.write_json(tmp, request.scenario, engine))
        else:
            atomic_write(request.path, lambda tmp: data.write_csv(tmp, engine, check))
        tick()
        return request.path

    _write_scene(request, build_scene(request, engine), tick)
    return request.path


def _write_scene(request: ExportRequest, scene, tick) -> None:
    """A picture or an animation of ``scene`` (a ViewScene or a SwarmScene) to ``request.path``; closes it."""
    kind = request.kind
    try:
        if kind == "image":
            atomic_write(request.path, lambda tmp: _write_still(tmp, request.suffix, scene, tick))
        else:
            from adamviz.export import animation

            writer = animation.write_gif if request.suffix == ".gif" else animation.write_mp4
            atomic_write(request.path, lambda tmp: writer(tmp, scene, request.frame_steps(), request.fps, tick))
    finally:
        scene.close()
    tick()


def _swarm_export(request: ExportRequest, tick, check: Callable[[], None]) -> Path:
    from adamviz.export import swarm as sw

    if request.kind == "data":
        cloud = sw.build_swarm(request.scenario, request.swarm)
        while cloud.t < request.scenario.steps:
            check()
            cloud.step(min(ENGINE_CHUNK, request.scenario.steps - cloud.t))
        tick()
        atomic_write(request.path, lambda tmp: sw.write_swarm_data(tmp, request.scenario, request.swarm, cloud))
        tick()
        return request.path
    scene = sw.SwarmScene(request, request.swarm)
    tick()
    _write_scene(request, scene, tick)
    return request.path


def run_engine(scenario: Scenario, check: Callable[[], None] = _nothing) -> Engine:
    """The scenario's engine brought to its step count, in chunks so a cancel is noticed."""
    engine = scenario.engine()
    remaining = scenario.steps
    while remaining > 0:
        check()
        count = min(remaining, ENGINE_CHUNK)
        engine.step(count)
        remaining -= count
    check()
    return engine


def build_scene(request: ExportRequest, engine: Engine):
    from adamviz.export.views import ViewScene, runs_of
    from adamviz.ui.theme import get_theme

    problem = request.scenario.problem_object()
    theme = get_theme(request.theme, request.presenting)
    return ViewScene(request.view, problem, runs_of(engine), theme, request.pixel_size,
                     steps=request.scenario.steps, start_point=engine.start_point, view=request.view_settings)


def _write_still(path: Path, suffix: str, scene, tick) -> None:
    from adamviz.export import qt as qx

    scene.show_step(scene.steps)
    data = qx.png_bytes(scene.render()) if suffix == ".png" else scene.svg()
    tick()
    qx.write_bytes(path, data)


def _window_image(request: ExportRequest, tick, check) -> Path:
    from adamviz.export import qt as qx
    from adamviz.export.whole_window import WindowShot

    shot = WindowShot(request.scenario, request.pixel_size, theme=request.theme, presenting=request.presenting,
                      view=request.view_settings, check=check)
    try:
        tick()  # the window has run the engine to the step
        data = qx.png_bytes(shot.render()) if request.suffix == ".png" else shot.svg()
        tick()
        atomic_write(request.path, lambda tmp: qx.write_bytes(tmp, data))
    finally:
        shot.close()
    tick()
    return request.path
