"""The window's own views, off screen: the contour view or the loss plot, fed the runs up to any step.

A ViewScene builds a ContourView or LossView with the app's theme, lays it
out at a logical size, gives it the runs (labels as the window writes them)
and renders it into an image or an SVG of any pixel size. For an animation
the scene is built once and ``show_step(k)`` feeds each run's points up to
step k; the surface, the airfoil's plane and the plot ranges are fixed from
the full trajectories, so nothing jumps from frame to frame.

Every picture carries the step it shows (and, for a run that blew up, the
step where it diverged) in a label on the plot.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from adamviz.core.engine import Engine, run_title
from adamviz.core.problems import Problem
from adamviz.core.session import ViewSettings
from adamviz.core.text import translate
from adamviz.core.tracks import Track
from adamviz.export import qt as qx
from adamviz.export import svg as svgx
from adamviz.ui.theme import render_theme

REFERENCE = {"contour": (1280, 720), "loss": (1280, 720)}
"""Logical size a view is laid out near: a bigger export is the same picture, sharper."""


@dataclass
class RunData:
    """One run as an export needs it: its identity, its legend text, its whole record."""

    key: tuple[str, bool]
    label: str
    points: np.ndarray
    losses: np.ndarray
    diverged_at: int | None
    schedule: str = ""
    hyperparams: dict | None = None


def runs_of(engine: Engine) -> list[RunData]:
    from adamviz.core.labels import run_label

    result = []
    for run in engine.runs:
        key = (run.spec.optimizer, run.spec.concise)
        result.append(RunData(key, run_label(key, run.hyperparams, run.spec.schedule), run.points, run.losses,
                              run.diverged_at, run.spec.schedule, dict(run.hyperparams)))
    return result


class GrowingTracks:
    """A Track per run that is fed the run's points up to a step, frame after frame."""

    def __init__(self, problem: Problem, runs: list[RunData]):
        self.runs = runs
        self.tracks = {run.key: Track(problem.dim, problem.minimum) for run in runs}
        self.step = -1

    def advance_to(self, step: int) -> dict[tuple, Track]:
        """The tracks up to ``step``: fed only the new points when going forward, rebuilt when going back."""
        if step < self.step:
            for track in self.tracks.values():
                track.clear()
        self.step = step
        for run in self.runs:
            track = self.tracks[run.key]
            count = min(step + 1, len(run.points))
            if count > track.received:
                start = track.received
                track.extend(start, run.points[start:count], run.losses[start:count])
            diverged = run.diverged_at is not None and step >= run.diverged_at
            track.diverged_at = run.diverged_at if diverged else None
        return self.tracks


def full_tracks(problem: Problem, runs: list[RunData], step: int) -> dict[tuple, Track]:
    return GrowingTracks(problem, runs).advance_to(step)


class ViewScene:
    """A ContourView (``kind="contour"``) or LossView (``"loss"``) off screen, ready to render."""

    def __init__(self, kind: str, problem: Problem, runs: list[RunData], theme, size: tuple[int, int], *,
                 steps: int, start_point=None, view: ViewSettings | None = None):
        import pyqtgraph as pg

        qx.ensure_app()
        self.kind = kind
        self.problem = problem
        self.runs = runs
        self.size = size
        self.steps = steps
        self.view_settings = view or ViewSettings()
        self.logical, self.ratio = qx.scale_for(size, REFERENCE[kind])
        self.theme = render_theme(theme, self.ratio)
        self.base_theme = theme
        full = full_tracks(problem, runs, steps)
        if kind == "contour":
            self.widget = self._contour(full, start_point)
        elif kind == "loss":
            self.widget = self._loss(full)
        else:
            raise ValueError(f"no such view {kind!r}")
        plot = self.widget.getPlotItem()
        # A little room at the edges: a picture has no window frame, and pyqtgraph's axis height
        # undercounts a big (projector) label font, which would be cut at the bottom edge.
        plot.setContentsMargins(4, 4, 10, 4 + theme.font_pt * 0.5)
        for name in ("left", "bottom"):
            plot.getAxis(name).setPen(pg.mkPen(self.theme.foreground, width=self.ratio))
        self.label = None
        if kind == "contour":  # a box in the corner; the loss plot says it in its title (never over a curve)
            self.label = pg.TextItem(anchor=(1, 1), fill=pg.mkBrush(_alpha(theme.background, 215)),
                                     border=pg.mkPen(_alpha(theme.contour, 200), width=self.ratio))
            self.label.setZValue(100)
            self.label.setParentItem(plot.vb)
        self.growing = GrowingTracks(problem, runs)
        self._layers = None
        self._title_height = 0
        qx.process_events()
        self._settle()

    # ------------------------------------------------------------ building

    def _contour(self, full: dict, start_point):
        from adamviz.ui.contour_view import ContourView

        view = ContourView(self.theme)
        _unseen_data(view)
        view.set_caching(False)  # vectors in an SVG, and every frame drawn afresh
        qx.show_offscreen(view, self.logical)
        problem, settings = self.problem, self.view_settings
        view.set_problem(problem)
        view.set_runs([run.key for run in self.runs], {run.key: run.label for run in self.runs})
        if problem.direct:
            if start_point is not None:
                view.set_start(tuple(np.asarray(start_point, dtype=float)[:problem.dim]))
        else:
            # The plane comes from the FULL trajectories, once: frames must not jump.
            view.set_plane_choice(settings.plane, full, settings.plane_axes)
            view.freeze_plane(True)
        view.draw(full)
        if settings.contour_range is not None:
            view.set_view_range(*settings.contour_range)
        return view

    def _loss(self, full: dict):
        from adamviz.ui.legend import PlotLegend
        from adamviz.ui.loss_view import LossView
        from adamviz.ui.rate_curves import schedules_of

        view = LossView(self.theme)
        _unseen_data(view)
        qx.show_offscreen(view, self.logical)
        view.set_problem(self.problem)
        view.set_by_epoch(self.view_settings.loss_by_epoch)
        view.set_runs([run.key for run in self.runs])
        view.set_schedules(schedules_of((run.key, run.schedule, run.hyperparams) for run in self.runs
                                        if run.schedule and not run.key[1]))
        view.draw(full)
        plot = view.getPlotItem()
        plot.vb.updateAutoRange()
        _, y_range = plot.vb.viewRange()
        last = self.steps / self.problem.steps_per_epoch if view.by_epoch else self.steps
        # Fixed, so frames do not rescale; x to the last step even if a run stopped early (diverged).
        plot.vb.setRange(xRange=(0, max(last, 1e-9)), yRange=y_range, padding=0.02)
        self.legend = PlotLegend(plot.vb, self.theme)
        self.legend.set_entries(view.legend_entries({run.key: run.label for run in self.runs}))
        return view

    def _settle(self) -> None:
        """Let pending range changes land and rebuild the surface for the final visible range; the legend
        goes where it hides the least of the whole runs."""
        qx.process_events()
        if self.kind == "contour":
            self.widget.refresh_surface()
            self.widget.place_legend()
            self.widget.legend_fixed = True
        else:
            self.legend.place(self.widget.curve_points())

    # ------------------------------------------------------------ frames

    def restart(self) -> None:
        """Back to no points fed, so the frames can start again from step 0."""
        self.growing = GrowingTracks(self.problem, self.runs)

    def show_step(self, step: int) -> None:
        """Show every run up to ``step`` (steps only increase between calls)."""
        tracks = self.growing.advance_to(step)
        self.widget.draw(tracks)
        self.show_label(self._label_html(step, tracks))

    def set_legend(self, entries: list) -> None:
        """The loss plot's legend rows, (curve, text), in the corner where they hide the least of the curves
        as they are now (an animation's frames keep that corner)."""
        self.legend.set_entries(entries)
        qx.process_events()
        self.legend.place(self.widget.curve_points())

    def show_label(self, text: str) -> None:
        """``text`` (HTML) in the contour view's corner box, or as the loss plot's title."""
        plot = self.widget.getPlotItem()
        if self.label is not None:
            self.label.setHtml(text)
            rect = plot.vb.boundingRect()
            self.label.setPos(rect.width() - 8, rect.height() - 8)
        else:
            plot.setTitle(text.replace("<br>", "&nbsp;&nbsp;&nbsp;"))
            height = int(plot.titleLabel.item.boundingRect().height()) + 4  # setTitle fixes 30 px: too low
            if height != self._title_height:
                self._title_height = height
                plot.titleLabel.setMaximumHeight(height)
                plot.layout.setRowFixedHeight(0, height)
                plot.layout.activate()

    def _label_html(self, step: int, tracks: dict) -> str:
        from adamviz.ui.theme import optimizer_color

        theme = self.base_theme
        size = theme.font_pt * 1.25
        parts = [translate("export_views", "step {step}").format(step=step)]
        if self.problem.steps_per_epoch:
            parts.append(translate("export_views", "epoch {epoch:.2f}").format(
                epoch=step / self.problem.steps_per_epoch))
            batch = getattr(self.problem, "batch_size", None)
            if batch is not None and batch != 10:  # not the chapter's minibatches: say which, on the slide
                parts.append(translate("export_views", "full batch") if batch >= 1500 else
                             translate("export_views", "batches of {size}").format(size=batch))
        if getattr(self.problem, "noise", 0.0):  # problems.noisy: say so on the slide
            parts.append(translate("export_views", "gradient noise σ = {sigma:g}").format(sigma=self.problem.noise))
        text = "  ·  ".join(parts)
        lines = [f"<span style='font-size:{size:.1f}pt; font-weight:bold; color:{theme.foreground}'>"
                 f"{html.escape(text)}</span>"]
        for run in self.runs:
            track = tracks.get(run.key)
            if track is not None and track.diverged_at is not None:
                title = run_title(*run.key, shown=True)
                said = translate("export_views", "{run} diverged at step {step}").format(run=title,
                                                                                          step=track.diverged_at)
                lines.append(f"<span style='font-size:{theme.font_pt:.1f}pt; color:{theme.foreground}'>"
                             f"<span style='color:{optimizer_color(run.key[0])}'>✕</span> "
                             f"{html.escape(said)}</span>")
        return "<br>".join(lines)

    # ------------------------------------------------------------ output

    def render(self, image=None):
        """The scene as a Format_RGB32 QImage of ``size`` pixels (into ``image`` if given, to reuse it)."""
        if self._layers is not None:
            return self._layers.render(image)
        return self._render_whole(image)

    def _render_whole(self, image=None):
        with _seen_data(self.widget):
            return render_plot(self.widget, self.size, self.ratio, self.base_theme.background, image)

    @contextmanager
    def animating(self) -> Iterator[None]:
        """Frames from here on: what does not move is drawn once (layers.StillBackground)."""
        from adamviz.export.layers import StillBackground

        if not hasattr(self.widget, "still_items"):
            yield
            return
        self._layers = StillBackground(self.widget, self.size, self.ratio, self.base_theme.background,
                                       self._render_whole)
        try:
            yield
        finally:
            self._layers = None

    def svg(self) -> bytes:
        """The scene as an SVG document of ``size`` pixels."""
        with _seen_data(self.widget):
            root = plot_svg(self.widget, self.size, 1 / self.ratio)
        return svgx.to_text(root).encode("utf-8")

    def close(self) -> None:
        self.widget.close()
        self.widget.deleteLater()


def _unseen_data(view) -> None:
    """The view's data (surface, lines, runs) not painted while it lays itself out off screen, where no one
    sees it: a quarter of a still's work. The axes still paint (their tick labels size them)."""
    view.getPlotItem().vb.childGroup.setOpacity(0.0)


@contextmanager
def _seen_data(view) -> Iterator[None]:
    """The view's data painted, for a picture."""
    group = view.getPlotItem().vb.childGroup
    group.setOpacity(1.0)
    try:
        yield
    finally:
        group.setOpacity(0.0)


def render_plot(widget, size: tuple[int, int], ratio: float, background: str, image=None):
    """A laid-out plot widget as a Format_RGB32 QImage of ``size`` pixels, drawn at ``ratio`` device pixels
    per logical one (into ``image`` if given). Above 1:1, symbols are drawn as shapes: the 1:1 symbol
    pixmaps would blur."""
    from PySide6.QtCore import QRectF

    if image is None:
        image = qx.new_image(size, background)
    image.setDevicePixelRatio(ratio)
    painter = qx.painter_on(image)
    target = QRectF(0, 0, size[0] / ratio, size[1] / ratio)
    try:
        if ratio != 1.0:
            with export_mode(widget):
                widget.render(painter, target, widget.viewport().rect())
        else:
            widget.render(painter, target, widget.viewport().rect())
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)
    return image


class export_mode:
    """pyqtgraph's export mode on every item of a view: symbols drawn as vectors, not from a pixmap atlas."""

    def __init__(self, view):
        self.items = [item for item in view.scene().items() if hasattr(item, "setExportMode")]

    def __enter__(self):
        for item in self.items:
            item.setExportMode(True, {"antialias": True})
        return self

    def __exit__(self, *exc):
        for item in self.items:
            item.setExportMode(False)
        return False


def plot_svg(widget, size: tuple[int, int], stroke_scale: float):
    """A pyqtgraph plot widget as a portable SVG root: ``size`` pixels showing the widget's logical area."""
    from PySide6.QtCore import QRectF

    width, height = widget.width(), widget.height()
    target = QRectF(0, 0, width, height)

    def paint(painter) -> None:
        with export_mode(widget):
            widget.render(painter, target, widget.viewport().rect())

    area = widget.getPlotItem().vb.sceneBoundingRect()  # pyqtgraph's scene coordinates are the viewport's
    raw = qx.svg_bytes(paint, size, target)
    return svgx.portable(raw, stroke_scale, (area.x(), area.y(), area.width(), area.height()))


def _alpha(color: str, alpha: int):
    from PySide6.QtGui import QColor

    qcolor = QColor(color)
    qcolor.setAlpha(alpha)
    return qcolor
