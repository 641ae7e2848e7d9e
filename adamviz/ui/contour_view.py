"""The loss surface with the runs' trajectories on it.

Items are created once and fed new arrays (pyqtgraph's way): a colour image of
the log-scaled loss, one line item for all contour levels, the minima, the
start handle, the legend, and each run's glyphs (adamviz.ui.run_glyphs) and
the explained step's arrows (adamviz.ui.step_overlay).

For 2-D problems the axes are the parameters and the surface is recomputed
for the visible rectangle when the user pans or zooms. For the airfoil
regression the axes are coordinates on a plane through the least-squares
minimum, by default the principal plane of all runs' trajectories; the
surface there is an exact slice of the full-data loss.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem

from adamviz.core import surface as surf
from adamviz.core.optimizers import get_optimizer
from adamviz.core.text import translate, translated
from adamviz.core.tracks import Track
from adamviz.model.state import OVERLAYS
from adamviz.ui.contour_curve import CurveView
from adamviz.ui.contour_lines import ContourLines
from adamviz.ui.contour_plane import LIVE_GRID, PlaneView
from adamviz.ui.legend import PlotLegend, twin_rows, twin_sample
from adamviz.ui.run_glyphs import RunGlyphs, make_pen
from adamviz.ui.step_overlay import StepOverlay
from adamviz.ui.swarm_dots import SwarmDots
from adamviz.ui.theme import Theme, optimizer_color, style_plot

PIXMAP_CACHE_KB = 96 * 1024
"""Qt keeps item pixmaps (DeviceCoordinateCache) in QPixmapCache, 10 MB by default. A contour view
caches its surface, axes and each run's history, step dots and head, each up to a
view-sized ARGB pixmap (~3 MB at 1000×700, 4× that on a 2× screen), plus the loss plot's: at 10 MB
they evict one another and every frame strokes them all again."""


class ContourView(PlaneView, CurveView, pg.PlotWidget):
    startDragged = Signal(float, float)
    """The start handle is being dragged (or the surface was clicked) to (x1, x2)."""
    surfaceUpdated = Signal()

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent, enableMenu=False)  # no context menu: its widgets are built at once
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.theme = theme
        self.problem = None
        self.plane: surf.Plane | None = None
        self.plane_choice: tuple[int, int] | None = None
        self.wanted_axes: tuple[int, int] = (1, 1)
        """How the principal plane faces when it is made afresh (a session's, else the convention's)."""
        self.orient_at_rest = False
        """Face as wanted_axes once the runs are replayed and at rest (a new problem, a session's view)."""
        """None: the principal plane of the trajectories; (i, j): parameters i and j."""
        self.glyphs: dict = {}
        self._surface_key: tuple | None = None
        """What the surface shown was computed for: problem, plane, scale, rectangle and grid."""
        self.labels: dict = {}
        self.keys: list = []
        self.legend_fixed = False
        self._legend_placed_at = 0.0
        """Keep the legend in its corner (an animation places it once, from the whole runs)."""
        self.scale: surf.LogScale | None = None
        self._surface_rect: tuple[float, float, float, float] | None = None
        self._follow = True
        self._plane_time = 0.0
        self.caption = ""
        self._tracks = None
        self._tracks_drawn_at = None
        self.plane_frozen = False
        """Keep the plane as it is (an animation fixes it from the full trajectories)."""
        self._last_moment: np.ndarray | None = None
        self.live = False
        """Set by the window while it plays: draw runs as history + tail (see RunGlyphs)."""

        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setContentsMargins(2, 8, 8, 2)  # the top and right tick labels overhang the axes: room for them
        self.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.contours = ContourLines()
        self.contours.setZValue(-10)
        self.minimum = pg.ScatterPlotItem(symbol="star")
        self.minimum.setZValue(5)  # under the runs: a head arriving there must stay visible
        self.caching = True
        self.set_caching(True)
        plot.addItem(self.image, ignoreBounds=True)
        plot.addItem(self.contours, ignoreBounds=True)
        plot.addItem(self.minimum, ignoreBounds=True)
        self._make_curve()
        self.start_handle = pg.TargetItem(movable=True, symbol="s", size=14)
        self.start_handle.setZValue(40)
        self.start_handle.setToolTip(translate("contour_view",
                                               "start point: drag it, or click anywhere on the surface"))
        self.start_handle.sigPositionChanged.connect(self._handle_moved)
        plot.addItem(self.start_handle, ignoreBounds=True)
        self.legend = PlotLegend(plot.vb, theme)
        plot.vb.sigResized.connect(lambda *_: self.place_legend(settled=True))  # a new size may hide something
        self._twin_samples = {kind: twin_sample(theme, kind) for kind in (True, "defaults")}

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(60)
        self._refresh.timeout.connect(self._rebuild_surface)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(250)
        self._settle.timeout.connect(self.draw_at_rest)
        plot.vb.sigRangeChangedManually.connect(self._user_moved_view)
        plot.vb.sigRangeChanged.connect(lambda *_: self._refresh.start())
        self.scene().sigMouseClicked.connect(self._clicked)
        self._moving_handle = False
        self.swarm_dots = SwarmDots(size=5)
        self.swarm_dots.setZValue(35)
        self.swarm_dots.setVisible(False)
        plot.addItem(self.swarm_dots, ignoreBounds=True)
        self.overlay = StepOverlay(plot)
        self.overlay_shown = dict.fromkeys(OVERLAYS, True)
        self._step_parts = None
        self._swarming = False
        self.apply_theme(theme)

    # ------------------------------------------------------------ set-up

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self, theme)
        self.image.setLookupTable(self._lut(theme))
        self.contours.setPen(make_pen(theme.contour, max(1.0, theme.line_width * 0.4), alpha=170))
        self.minimum.setSize(theme.head_size * 1.2)  # style only: the positions are the problem's minima
        self.minimum.setBrush(pg.mkBrush(theme.minimum))
        self.minimum.setPen(make_pen(theme.halo, 1.5))
        self.start_handle.setPen(make_pen(theme.foreground, 2))
        self.start_handle.setBrush(pg.mkBrush(QColor(theme.background)))
        self._style_curve()
        self.legend.apply_theme(theme)
        for kind, sample in self._twin_samples.items():
            sample.setPen(twin_sample(theme, kind).opts["pen"])
        for glyph in self.glyphs.values():
            glyph.apply_theme(theme)
        if self._tracks is not None:
            self.draw(self._tracks)
        self._draw_step()
        self._relabel_axes()
        self._rebuild_legend()

    @staticmethod
    def _lut(theme: Theme) -> np.ndarray:
        cmap = pg.ColorMap([0.0, 1.0], [QColor(theme.surface_low), QColor(theme.surface_high)])
        return cmap.getLookupTable(0.0, 1.0, 256)

    def set_problem(self, problem, plane_choice: tuple[int, int] | None = None) -> None:
        """Show ``problem``: its surface, its minimum, its home view."""
        self.problem = problem
        self.plane_choice = plane_choice
        self.plane = None
        # A problem's runs replayed to their step face as a picture made at once does (the convention), not
        # as the first few points happened to turn the plane.
        self.wanted_axes, self.orient_at_rest = (1, 1), not problem.direct
        self._last_moment = None
        self._follow = True
        self.start_handle.setVisible(problem.direct)
        self._show_curve_problem(problem)
        if problem.curve:
            self.scale = None
            self.home()
        elif problem.planar:
            self.scale = surf.default_scale(problem)
            minima = np.asarray(problem.minima, dtype=np.float64).reshape(-1, 2)  # Himmelblau has four, a saddle none
            self.minimum.setData(minima[:, 0], minima[:, 1])
            self.home()
        else:
            self.scale = None
            self.minimum.setData([0.0], [0.0])
            self.update_plane({}, force=True)
        self._relabel_axes()

    def show_swarm(self, positions: np.ndarray | None, alive: np.ndarray | None = None, color: str = "") -> None:
        """Swarm mode: one dot per live particle instead of the runs; None leaves swarm mode."""
        swarming = positions is not None
        self._swarming = swarming
        for glyph in self.glyphs.values():
            glyph.set_visible(not swarming)
        self.legend.set_visible(not swarming)
        if swarming:
            self.overlay.hide()
        self.start_handle.setVisible(not swarming and self.problem is not None and self.problem.direct)
        if not swarming:
            self.swarm_dots.setData([], [])
            self.swarm_dots.setVisible(False)
            self._swarm_color = None
            return
        if color != getattr(self, "_swarm_color", None):
            self.swarm_dots.setColor(color)
            self._swarm_color = color
        shown = positions[alive] if alive is not None else positions
        if self.problem is not None and self.problem.curve:  # a curve's particles sit on it
            shown = self.on_curve(shown)
        # Smaller dots for a bigger swarm: 10,000 dots of 5 px hid the whole surface under them.
        self.swarm_dots.size = 5.0 if len(positions) <= 2000 else 4.0 if len(positions) <= 5000 else 3.0
        self.swarm_dots.setData(shown[:, 0], shown[:, 1])
        self.swarm_dots.setVisible(True)

    def still_items(self) -> list:
        """What stays as it is while the runs move, painted under them: the surface, its contour lines and
        the minimum (an animation draws them once)."""
        return [self.image, self.contours, self.curve_line, self.minimum]

    def set_caching(self, enabled: bool) -> None:
        """Paint the surface, and runs that stopped changing, from pixmaps (the window) or always
        afresh as vectors (exports: an SVG must not hold contour lines as a picture)."""
        self.caching = enabled
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if enabled else QGraphicsItem.CacheMode.NoCache
        plot = self.getPlotItem()
        # These change only on a pan, a zoom or a new plane. Not the contour lines: their curve is
        # larger than the view, and a device cache of it kept showing the lines of the previous
        # surface after a rebuild (seen in screenshots); stroked afresh they cost ~0.3 ms a frame.
        for item in (self.image, self.minimum, plot.getAxis("left"), plot.getAxis("bottom")):
            item.setCacheMode(mode)
        for glyph in self.glyphs.values():
            glyph.set_caching(enabled)

    def set_view_range(self, x_range, y_range) -> None:
        """Look at this rectangle and stay there (as after a user's pan), surface included."""
        self._follow = False
        self.getPlotItem().vb.setRange(xRange=x_range, yRange=y_range, padding=0)

    def refresh_surface(self) -> None:
        """Rebuild the surface for the visible rectangle now, not after the pan-and-zoom pause."""
        self._refresh.stop()
        self._rebuild_surface()

    @property
    def following(self) -> bool:
        """True while the view follows the trajectories (no pan, zoom or saved range since)."""
        return self._follow

    def home(self) -> None:
        """The problem's home view (2-D) or a fit to the trajectories (airfoil)."""
        self._follow = True
        if self.problem is None:
            return
        if self.problem.direct:
            view = self.problem.view
            self.getPlotItem().vb.setRange(xRange=view.x, yRange=view.y, padding=0)
            self._rebuild_surface()
        else:
            self._fit_tracks()

    # ------------------------------------------------------------ runs

    def set_runs(self, keys: list, labels: dict) -> None:
        plot = self.getPlotItem()
        for key in list(self.glyphs):
            if key not in keys:
                self.glyphs.pop(key).remove(plot)
        for key in keys:
            if key not in self.glyphs:
                self.glyphs[key] = RunGlyphs(plot, key, self.theme)
                self.glyphs[key].set_caching(self.caching)
        self.keys = list(keys)
        self.set_labels(labels)

    def raise_run(self, key) -> None:
        """The explained run's glyphs above the others'."""
        for other, glyph in self.glyphs.items():
            glyph.set_raised(other == key)

    def set_labels(self, labels: dict) -> None:
        """The legend's text for each run (its optimizer and hyperparameters)."""
        self.labels = dict(labels)
        self._rebuild_legend()

    def _rebuild_legend(self) -> None:
        """One row per optimizer, its twin (if it runs) in the same row; one row saying what dashed means."""
        shown = [key for key in self.keys if not key[1] and key in self.labels and key in self.glyphs]
        entries = [(self.glyphs[key].line, self.labels[key]) for key in shown]
        short = [get_optimizer(key[0]).shown_title for key in shown]
        for sample, text, brief in twin_rows(self.keys, self.theme, self._twin_samples):
            entries.append((sample, text))
            short.append(brief)
        self.legend.set_entries(entries, short)
        self.legend.set_visible(not self._swarming)

    def legend_texts(self) -> list[str]:
        return self.legend.texts()

    def place_legend(self, settled: bool = False) -> str:
        """Put the legend in the corner where it hides the fewest points of the runs, their heads and the
        minima (``settled``: unless where it is hides little; see PlotLegend.place); the corner chosen.
        A fixed legend (an animation's) stays where it is."""
        if self.legend_fixed:
            return self.legend.corner
        chunks, weights = [], []
        for glyph in self.glyphs.values():
            x, y = glyph.line.xData, glyph.line.yData  # as set: getData would downsample and clip them again
            if x is not None and len(x):
                stride = max(1, len(x) // 400)
                chunks.append(np.column_stack([x[::stride], y[::stride]]))
                weights.append(np.ones(len(chunks[-1])))
            if glyph.head.isVisible():  # where a run is now: never under the legend
                chunks.append(np.array([[glyph.head.pos().x(), glyph.head.pos().y()]]))
                weights.append(np.array([100.0]))
        x, y = self.minimum.getData()
        if x is not None and len(x):
            chunks.append(np.column_stack([x, y]))
            weights.append(np.full(len(x), 100.0))
        if self.start_handle.isVisible():  # where the runs start: the handle to drag must stay in sight
            chunks.append(np.array([[self.start_handle.pos().x(), self.start_handle.pos().y()]]))
            weights.append(np.array([100.0]))
        if not chunks:
            return self.legend.corner
        return self.legend.place(np.vstack(chunks), np.concatenate(weights), settled=settled)

    def set_start(self, point) -> None:
        self._moving_handle = True
        if self.problem is not None and self.problem.curve:
            self._show_curve_start(point)
        else:
            self.start_handle.setPos(*point)
        self._moving_handle = False

    def draw(self, tracks: dict[tuple, Track]) -> None:
        self._tracks = tracks
        if self.problem is None:
            return
        live = self.live
        if live:  # once the frames stop coming (paused, runs ended), each run is drawn whole again
            self._settle.start()
        pixel = self.getPlotItem().vb.viewPixelSize()
        self._tracks_drawn_at = pixel
        if not self.problem.direct and not self.plane_frozen:
            self.update_plane(tracks)
        elif self.problem.curve and self._follow:
            self._fit_curve_tracks(tracks)
        for key, glyph in self.glyphs.items():
            track = tracks.get(key)
            if track is None or track.received == 0:
                glyph.set_data(np.empty((0, 2)), np.empty(0), False)
                continue
            steps, points, _ = track.drawn()
            xy = points if self.problem.planar else self.on_curve(points) if self.problem.curve else \
                self.plane.project(points)
            glyph.set_data(xy, steps, track.diverged_at is not None, pixel, live)
        now = time.perf_counter()
        if not live or now - self._legend_placed_at > 1.0:  # while playing, once a second: a run may pass under it
            self._legend_placed_at = now
            self.place_legend(settled=True)

    def stop_timers(self) -> None:
        """No pending surface refresh or at-rest redraw (before the widget goes)."""
        self._refresh.stop()
        self._settle.stop()

    def draw_at_rest(self) -> None:
        """What happens once the frames stop coming: every run drawn whole and exact, the exact slice."""
        if self._tracks is not None and self.getPlotItem() is not None:  # (None once the widget was closed)
            live, self.live = self.live, False
            try:
                self.draw(self._tracks)
                grid = getattr(self, "grid", None)
                if grid is not None and not self.problem.direct and grid.shade.shape[0] != surf.GRID:
                    self._rebuild_surface()  # the coarse slice of a turn while playing, made exact
            finally:
                self.live = live

    def show_step(self, parts) -> None:
        """Draw the parts of a run's step (a StepParts), or hide them for None."""
        self._step_parts = parts
        self._draw_step()

    def set_overlays(self, shown: dict[str, bool]) -> None:
        """Which parts of the step are drawn (see adamviz.model.state.OVERLAYS)."""
        self.overlay_shown = dict(shown)
        self._draw_step()

    def shown_step(self):
        """The StepParts whose arrows are on the surface, or None."""
        return self._step_parts if self.overlay.step.line.isVisible() or self.overlay.box.isVisible() else None

    def _draw_step(self) -> None:
        parts = self._step_parts
        if (parts is None or self.problem is None or len(parts.before) != self.problem.dim or self._swarming
                or (not self.problem.direct and self.plane is None)):
            self.overlay.hide()
            return
        look = (self.theme, parts.key[0])
        if look != getattr(self, "_overlay_look", None):  # pens only when the colour or theme changes
            self.overlay.style(self.theme, optimizer_color(parts.key[0]))
            self._overlay_look = look
        if self.problem.planar:
            self.overlay.show(parts, lambda p: np.asarray(p, float), lambda v: np.asarray(v, float),
                              self.overlay_shown)
        elif self.problem.curve:  # from the iterate on the curve, along x (no box: it needs two coordinates)
            self.overlay.show(parts, lambda p: self.on_curve(np.reshape(p, (1, 1)))[0],
                              lambda v: np.array([float(np.asarray(v).reshape(-1)[0]), 0.0]),
                              {**self.overlay_shown, "scale": False})
        else:
            plane = self.plane
            self.overlay.show(parts, lambda p: plane.project(p[np.newaxis])[0],
                              lambda v: np.array([np.asarray(v) @ plane.u, np.asarray(v) @ plane.v]),
                              self.overlay_shown)

    # ------------------------------------------------------------ surface

    def _rebuild_surface(self) -> None:
        # (no plot once the widget was closed: a pan's refresh timer may still fire)
        if self.problem is None or self.getPlotItem() is None:
            return
        (x0, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        dx, dy = (x1 - x0) * 0.25, (y1 - y0) * 0.25
        x_range, y_range = (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)
        # While playing, a turn of the plane costs a frame: a coarser slice (a quarter of the work, and
        # of the contour vertices to stroke); the exact one as soon as the frames stop.
        n = LIVE_GRID if self.live and not self.problem.planar else surf.GRID
        if self.problem.curve:
            self._draw_curve(x_range)
            self.surfaceUpdated.emit()
            return
        key = (self.problem, self.plane, self.scale, x_range, y_range, n)
        last = self._surface_key
        if last is not None and all(a is b for a, b in zip(key[:3], last[:3], strict=True)) and key[3:] == last[3:]:
            return  # the same rectangle of the same surface again (a layout that did not move it)
        if self.problem.planar:
            grid = surf.planar_surface(self.problem, x_range, y_range, scale=self.scale)
        elif self.plane is not None:
            grid = surf.plane_surface(self.problem, self.plane, x_range, y_range, n=n)
        else:
            return
        self._surface_key = key
        pixel = self.getPlotItem().vb.viewPixelSize()
        if getattr(self, "_tracks", None) is not None and self._tracks_drawn_at != pixel:
            self.draw(self._tracks)  # finer or coarser pixels: which points are worth stroking changed
        self.image.setImage(grid.shade, levels=(0.0, 1.0), autoLevels=False)
        self.image.setRect(QRectF(*grid.rect))
        self.contours.setData(grid.lines[:, 0], grid.lines[:, 1])
        self.grid = grid
        self.surfaceUpdated.emit()

    def _relabel_axes(self) -> None:
        plot = self.getPlotItem()
        style = {"color": self.theme.foreground, "font-size": f"{self.theme.font_pt}pt"}
        if self.problem is None or self.problem.direct:
            curve = self.problem is not None and self.problem.curve
            plot.setLabel("bottom", "x" if curve else "x1", **style)
            plot.setLabel("left", "f(x)" if curve else "x2", **style)
            self.set_caption("")
            return
        plane = self.plane
        if plane is None:
            return
        plot.setLabel("bottom", plane.axis_names[0], **style)
        plot.setLabel("left", plane.axis_names[1], **style)
        text = translated("setup", plane.label)  # the core names the plane; the setup panel lists the same name
        if plane.explained is not None:
            text = translate("contour_view", "{plane}: {share:.1f}% of their spread").format(
                plane=text, share=100 * plane.explained)
        self.set_caption(text)
        self.setToolTip(translate("contour_view",
                                  "a plane through the least-squares minimum (0, 0) of the six parameters (w, b)"))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event is not None and getattr(self, "caption", "") and event.oldSize().width() != event.size().width():
            self._show_caption()

    # ------------------------------------------------------------ mouse

    def _user_moved_view(self, *_):
        self._follow = False

    def _handle_moved(self) -> None:
        if self._moving_handle or self.problem is None or not self.problem.direct:
            return
        pos = self.start_handle.pos()
        self.startDragged.emit(float(pos.x()), float(pos.y()))

    def _clicked(self, event) -> None:
        if (self.problem is None or not self.problem.direct or event.button() != Qt.MouseButton.LeftButton
                or event.double()):
            return
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        self.set_start((point.x(), point.y()))
        self.startDragged.emit(float(point.x()), float(point.y()))
