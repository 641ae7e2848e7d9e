"""The loss surface with the runs' trajectories on it.

Items are created once and fed new arrays (pyqtgraph's way): a colour image of
the log-scaled loss, one line item for all contour levels, the minimum, the
start handle, and for each run a halo, a line, step markers and a head.

For 2-D problems the axes are the parameters and the surface is recomputed
for the visible rectangle when the user pans or zooms. For the airfoil
regression the axes are coordinates on a plane through the least-squares
minimum, by default the principal plane of all runs' trajectories; the
surface there is an exact slice of the full-data loss.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from adamviz.core import surface as surf
from adamviz.core.tracks import Track
from adamviz.ui.theme import Theme, optimizer_color, style_plot

MARKED_STEPS = 200
"""Steps that get a dot each; beyond them the line alone (dots would merge)."""
PLANE_REFRESH_S = 0.25
LIVE_GRID = 200
"""Grid points a side of the airfoil's slice while playing (surface.GRID at rest)."""
PLANE_REFRESH_LIVE_S = 1.0
"""How often the airfoil's plane is recomputed: at rest, and while playing."""
PLANE_TURN = 0.9999
PLANE_TURN_LIVE = 0.999
"""|cos| between old and new plane axes below which the plane has visibly turned (0.8°; 2.6° while playing)."""
PIXMAP_CACHE_KB = 96 * 1024
"""Qt keeps item pixmaps (DeviceCoordinateCache) in QPixmapCache, 10 MB by default. A contour view
caches its surface, axes and each run's history, step dots and head, each up to a
view-sized ARGB pixmap (~3 MB at 1000×700, 4× that on a 2× screen), plus the loss plot's: at 10 MB
they evict one another and every frame strokes them all again."""


def _pen(color, width, style=Qt.PenStyle.SolidLine, alpha=255):
    qcolor = QColor(color)
    qcolor.setAlpha(alpha)
    pen = pg.mkPen(qcolor, width=width, style=style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    # Bevel joins stroke 2–3× faster than round ones on long paths and look the same at these widths.
    pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
    return pen


class StillCache:
    """Paint items from a pixmap once they have stopped changing, stroke them afresh while they move.

    A converged trajectory keeps its pixels for thousands of steps while its
    head (a separate item) moves and forces a repaint: replaying a pixmap is
    half the cost of stroking the path again. While the data changes every
    frame the cache would only add work, so it is dropped at the first change.
    """

    SETTLE_FRAMES = 3
    LARGEST_PIXELS = 4096
    """A pixmap cache is only worth (and only possible) for paths of a few screens at most."""

    def __init__(self, items):
        self.items = items
        self.still_for = 0
        self.cached = False
        self.enabled = True

    def changed(self) -> None:
        self.still_for = 0
        if self.cached:
            self._set(QGraphicsItem.CacheMode.NoCache)
            self.cached = False

    def unchanged(self) -> None:
        self.still_for += 1
        if self.enabled and not self.cached and self.still_for >= self.SETTLE_FRAMES:
            self._set(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.cached = True

    def _set(self, mode) -> None:
        for item in self.items:
            item.setCacheMode(mode)


def on_new_pixel(xy: np.ndarray, pixel) -> np.ndarray:
    """Which points to stroke: each one that lands on another screen pixel than the point before.

    A converged run piles thousands of steps into a pixel or two; stroking them
    costs time and draws nothing. The first and last points are always kept.
    """
    keep = np.ones(len(xy), dtype=bool)
    if pixel is None or len(xy) < 3 or not all(np.isfinite(pixel)) or min(pixel) <= 0:
        return keep
    cells = np.rint(xy / np.asarray(pixel, dtype=np.float64))  # rint: a minimum at 0 is a cell centre, not an edge
    keep[1:] = np.any(cells[1:] != cells[:-1], axis=1)
    keep[-1] = True
    return keep


class RunGlyphs:
    """A run's items on the contour plot.

    While the window plays, a run is drawn as two paths: its *history* (every point up to a
    boundary, painted from a pixmap) and a short live *tail* from the boundary to the newest
    point. A frame then strokes a few dozen points instead of thousands and repaints only the
    small rectangle the tail and the head cover. The boundary moves every TAIL_POINTS points;
    at rest (``live`` False: paused, stepping, exports) the whole run is one path, as ever.
    The halo under the line is drawn in presentation mode only (it is for a projector's washed-out
    colours; on a screen the lines stand out by themselves and the halo doubled the stroking).
    """

    TAIL_POINTS = 48

    def __init__(self, plot: pg.PlotItem, key, theme: Theme):
        self.key = key
        optimizer, concise = key
        self.color = optimizer_color(optimizer)
        self.concise = concise
        self.halo = pg.PlotDataItem(connect="finite")
        self.line = pg.PlotDataItem(connect="finite")
        self.tail_halo = pg.PlotDataItem(connect="finite")
        self.tail_line = pg.PlotDataItem(connect="finite")
        self.markers = pg.ScatterPlotItem()
        self.head = pg.ScatterPlotItem()
        layers = ((self.halo, self.tail_halo), (self.line, self.tail_line), (self.markers,), (self.head,))
        for z, items in enumerate(layers):
            for item in items:
                item.setZValue(10 + z + (5 if concise else 0))
                plot.addItem(item)
        self._still = StillCache((self.tail_halo.curve, self.tail_line.curve))
        self.caching = True
        self._history = None
        """(points in the history path, a copy of them, the pixel size they were thinned for)."""
        self.apply_theme(theme)

    @property
    def halo_shown(self) -> bool:
        return self.theme.presenting and not self.concise

    def apply_theme(self, theme: Theme) -> None:
        width = theme.line_width
        style = Qt.PenStyle.DashLine if self.concise else Qt.PenStyle.SolidLine
        halo_pen, line_pen = _pen(theme.halo, width + 3), _pen(self.color, width, style)  # opaque halo: 2× cheaper
        for halo, line in ((self.halo, self.line), (self.tail_halo, self.tail_line)):
            halo.setPen(halo_pen)
            line.setPen(line_pen)
        self.markers.setPen(_pen(theme.halo, 1))
        self.markers.setBrush(pg.mkBrush(self.color))
        self.markers.setSize(theme.marker_size)
        self.theme = theme
        self._marked = None  # restyled: everything must be set again
        self._shown = None
        self._head_state = None
        self._history = None  # the halos' data is only kept while they show: set every path again
        for halo in (self.halo, self.tail_halo):
            halo.setVisible(self.halo_shown)
        if self.concise:
            self.markers.setVisible(False)

    def set_visible(self, visible: bool) -> None:
        for item in (self.line, self.tail_line, self.head):
            item.setVisible(visible)
        for item in (self.halo, self.tail_halo):
            item.setVisible(visible and self.halo_shown)
        self.markers.setVisible(visible and not self.concise)

    def _set_path(self, halo, line, xy: np.ndarray) -> None:
        line.setData(xy[:, 0], xy[:, 1], skipFiniteCheck=True)
        if self.halo_shown:
            halo.setData(xy[:, 0], xy[:, 1], skipFiniteCheck=True)
        elif halo.xData is not None and len(halo.xData):
            halo.setData([], [])

    def set_data(self, xy: np.ndarray, steps: np.ndarray, diverged: bool, pixel=None, live: bool = False) -> None:
        """New points; what did not change (the history, the dots of the first steps, the head's style) is
        left alone. ``live``: more points are coming soon (playing), draw the newest ones as a tail."""
        if len(xy) == 0:
            for item in (self.halo, self.line, self.tail_halo, self.tail_line):
                item.setData([], [])
            self.markers.setData([], [])
            self.head.setVisible(False)
            self._marked = self._shown = self._history = None
            return
        count = len(xy)
        history = self._history
        stands = (history is not None and history[0] <= count and history[2] == pixel
                  and (count - history[0] <= self.TAIL_POINTS if live else history[0] == count)
                  and np.array_equal(xy[: history[0]], history[1]))
        if not stands:
            split = count - 1 if live and count > 2 else count
            path = xy[:split]
            kept = path[on_new_pixel(path, pixel)]
            self._set_path(self.halo, self.line, kept)
            self._history = history = (split, path.copy(), pixel)
            shown = self._pixels(kept, pixel)
            cache = self.caching and shown is not None and shown[2] <= StillCache.LARGEST_PIXELS
            for item in (self.halo.curve, self.line.curve):  # a run that flew off spans far too many pixels
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache if cache
                                  else QGraphicsItem.CacheMode.NoCache)
            self._shown = None
        split = history[0]
        if split < count:
            tail = xy[split - 1:]
            tail = tail[on_new_pixel(tail, pixel)]
            shown = self._pixels(tail, pixel)
            if shown is None or shown != self._shown:  # a tail that lands on the same pixels is left as it is
                self._set_path(self.tail_halo, self.tail_line, tail)
                self._shown = shown
                self._still.changed()
            elif shown[2] <= StillCache.LARGEST_PIXELS:
                self._still.unchanged()
        elif self._shown != "empty":
            self.tail_halo.setData([], [])
            self.tail_line.setData([], [])
            self._shown = "empty"
        x, y = xy[:, 0], xy[:, 1]
        if not self.concise:
            marked = int(np.searchsorted(steps, MARKED_STEPS, side="right"))
            signature = (marked, x[0], y[0], x[marked - 1], y[marked - 1])
            if signature != self._marked:
                self.markers.setData(x[:marked], y[:marked])
                self._marked = signature
        state = "diverged" if diverged else ("concise" if self.concise else "running")
        if state != self._head_state:
            self._style_head(state)
        # The head is one point at the origin, moved as an item: far cheaper than setData every frame.
        self.head.setPos(float(x[-1]), float(y[-1]))
        self.head.setVisible(True)

    def set_caching(self, enabled: bool) -> None:
        """The history, the step dots and the head from pixmaps (the dots change in the first
        MARKED_STEPS steps only; the head moves, which a device-coordinate cache follows)."""
        self.caching = enabled
        self._still.enabled = enabled
        if not enabled:
            self._still.changed()
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if enabled else QGraphicsItem.CacheMode.NoCache
        for item in (self.markers, self.head):
            item.setCacheMode(mode)
        if not enabled:
            for item in (self.halo.curve, self.line.curve):
                item.setCacheMode(mode)
        self._history = None  # set again, with or without a pixmap

    @staticmethod
    def _pixels(xy: np.ndarray, pixel):
        """The screen pixels a path passes through (a hashable summary), or None if unknown."""
        if pixel is None or not all(np.isfinite(pixel)) or min(pixel) <= 0:
            return None
        with np.errstate(all="ignore"):
            scaled = np.rint(xy / np.asarray(pixel, dtype=np.float64))
        extent = float(np.ptp(scaled, axis=0).max()) if len(scaled) else 0.0
        if not np.isfinite(extent) or extent > 1e9:
            return None
        cells = scaled.astype(np.int64)
        return (len(cells), cells.tobytes(), extent)

    def _style_head(self, state: str) -> None:
        theme = self.theme
        if state == "diverged":
            symbol, size, pen, brush = "x", theme.head_size, _pen(theme.halo, 1.5), pg.mkBrush(self.color)
        elif state == "concise":
            symbol, size = "o", theme.head_size * 1.35
            pen, brush = _pen(self.color, max(2.5, theme.line_width * 0.8)), pg.mkBrush(None)
        else:
            symbol, size, pen, brush = "o", theme.head_size, _pen(theme.halo, 2.5), pg.mkBrush(self.color)
        self.head.setData([0.0], [0.0], symbol=symbol, size=size, pen=pen, brush=brush)
        self._head_state = state

    def remove(self, plot: pg.PlotItem) -> None:
        for item in (self.halo, self.line, self.tail_halo, self.tail_line, self.markers, self.head):
            plot.removeItem(item)


class ContourView(pg.PlotWidget):
    startDragged = Signal(float, float)
    """The start handle is being dragged (or the surface was clicked) to (x1, x2)."""
    surfaceUpdated = Signal()

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.theme = theme
        self.problem = None
        self.plane: surf.Plane | None = None
        self.plane_choice: tuple[int, int] | None = None
        """None: the principal plane of the trajectories; (i, j): parameters i and j."""
        self.glyphs: dict = {}
        self.labels: dict = {}
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
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.contours = pg.PlotDataItem(connect="finite")
        self.contours.setZValue(-10)
        self.minimum = pg.ScatterPlotItem(symbol="star")
        self.minimum.setZValue(5)  # under the runs: a head arriving there must stay visible
        self.caching = True
        self.set_caching(True)
        plot.addItem(self.image, ignoreBounds=True)
        plot.addItem(self.contours, ignoreBounds=True)
        plot.addItem(self.minimum, ignoreBounds=True)
        self.start_handle = pg.TargetItem(movable=True, symbol="s", size=14)
        self.start_handle.setZValue(40)
        self.start_handle.setToolTip("start point: drag it, or click anywhere on the surface")
        self.start_handle.sigPositionChanged.connect(self._handle_moved)
        plot.addItem(self.start_handle, ignoreBounds=True)
        self.legend = pg.LegendItem(offset=(-12, 12), verSpacing=-4)
        self.legend.setParentItem(plot.vb)

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(60)
        self._refresh.timeout.connect(self._rebuild_surface)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(250)
        self._settle.timeout.connect(self._draw_at_rest)
        plot.vb.sigRangeChangedManually.connect(self._user_moved_view)
        plot.vb.sigRangeChanged.connect(lambda *_: self._refresh.start())
        self.scene().sigMouseClicked.connect(self._clicked)
        self._moving_handle = False
        self.swarm_dots = pg.ScatterPlotItem(size=5, pxMode=True, symbol="o")
        self.swarm_dots.setZValue(35)
        self.swarm_dots.setVisible(False)
        plot.addItem(self.swarm_dots, ignoreBounds=True)
        self.overlay = StepOverlay(plot)
        self.overlay_shown = {"gradient": True, "moment": True, "scale": True, "step": True}
        self._step_parts = None
        self.apply_theme(theme)

    # ------------------------------------------------------------ set-up

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        style_plot(self, theme)
        self.image.setLookupTable(self._lut(theme))
        self.contours.setPen(_pen(theme.contour, max(1.0, theme.line_width * 0.4), alpha=170))
        self.minimum.setSize(theme.head_size * 1.2)  # style only: the positions are the problem's minima
        self.minimum.setBrush(pg.mkBrush(theme.minimum))
        self.minimum.setPen(_pen(theme.halo, 1.5))
        self.start_handle.setPen(_pen(theme.foreground, 2))
        self.start_handle.setBrush(pg.mkBrush(QColor(theme.background)))
        self.legend.setBrush(pg.mkBrush(QColor(theme.background).lighter(100)))
        self.legend.setPen(_pen(theme.contour, 1))
        self.legend.setLabelTextColor(theme.foreground)
        self.legend.setLabelTextSize(f"{theme.font_pt}pt")
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
        self._last_moment = None
        self._follow = True
        self.start_handle.setVisible(problem.planar)
        if problem.planar:
            self.scale = surf.default_scale(problem)
            minima = np.asarray(problem.minima, dtype=np.float64).reshape(-1, 2)  # Himmelblau has four, a saddle none
            self.minimum.setData(minima[:, 0], minima[:, 1])
            self.home()
        else:
            self.scale = None
            self.minimum.setData([0.0], [0.0])
            self.update_plane({}, force=True)
        self._relabel_axes()

    def set_plane_choice(self, choice: tuple[int, int] | None, tracks: dict) -> None:
        self.plane_choice = choice
        self.plane = None
        self._follow = True
        self.update_plane(tracks, force=True)

    def show_swarm(self, positions: np.ndarray | None, alive: np.ndarray | None = None, color: str = "") -> None:
        """Swarm mode: one dot per live particle instead of the runs; None leaves swarm mode."""
        swarming = positions is not None
        for glyph in self.glyphs.values():
            glyph.set_visible(not swarming)
        self.legend.setVisible(not swarming and bool(self.glyphs))
        self.start_handle.setVisible(not swarming and self.problem is not None and self.problem.planar)
        if not swarming:
            self.swarm_dots.setData([], [])
            self.swarm_dots.setVisible(False)
            self._swarm_color = None
            return
        if color != getattr(self, "_swarm_color", None):
            self.swarm_dots.setBrush(pg.mkBrush(color))
            self.swarm_dots.setPen(None)
            self._swarm_color = color
        shown = positions[alive] if alive is not None else positions
        self.swarm_dots.setData(shown[:, 0], shown[:, 1])
        self.swarm_dots.setVisible(True)

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

    def freeze_plane(self, frozen: bool) -> None:
        self.plane_frozen = frozen

    @property
    def following(self) -> bool:
        """True while the view follows the trajectories (no pan, zoom or saved range since)."""
        return self._follow

    def home(self) -> None:
        """The problem's home view (2-D) or a fit to the trajectories (airfoil)."""
        self._follow = True
        if self.problem is None:
            return
        if self.problem.planar:
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
        self.labels = labels
        self._rebuild_legend()

    def _rebuild_legend(self) -> None:
        self.legend.clear()
        for key, glyph in self.glyphs.items():
            if key in self.labels:
                self.legend.addItem(glyph.line, self.labels[key])
        self.legend.setVisible(bool(self.glyphs))

    def set_start(self, point) -> None:
        self._moving_handle = True
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
        if not self.problem.planar and not self.plane_frozen:
            self.update_plane(tracks)
        for key, glyph in self.glyphs.items():
            track = tracks.get(key)
            if track is None or track.received == 0:
                glyph.set_data(np.empty((0, 2)), np.empty(0), False)
                continue
            steps, points, _ = track.drawn()
            xy = points if self.problem.planar else self.plane.project(points)
            glyph.set_data(xy, steps, track.diverged_at is not None, pixel, live)

    def _draw_at_rest(self) -> None:
        if self._tracks is not None and self.getPlotItem() is not None:  # (None once the widget was closed)
            live, self.live = self.live, False
            try:
                self.draw(self._tracks)
                grid = getattr(self, "grid", None)
                if grid is not None and not self.problem.planar and grid.shade.shape[0] != surf.GRID:
                    self._rebuild_surface()  # the coarse slice of a turn while playing, made exact
            finally:
                self.live = live

    def show_step(self, parts, shown: dict[str, bool] | None = None) -> None:
        """Draw the parts of a run's last step (a worker.StepParts), or hide them for None."""
        self._step_parts = parts
        if shown is not None:
            self.overlay_shown = dict(shown)
        self._draw_step()

    def _draw_step(self) -> None:
        parts = self._step_parts
        if (parts is None or self.problem is None or len(parts.before) != self.problem.dim
                or (not self.problem.planar and self.plane is None)):
            self.overlay.hide()
            return
        look = (self.theme, parts.key[0])
        if look != getattr(self, "_overlay_look", None):  # pens only when the colour or theme changes
            self.overlay.style(self.theme, optimizer_color(parts.key[0]))
            self._overlay_look = look
        if self.problem.planar:
            self.overlay.show(parts, lambda p: np.asarray(p, float), lambda v: np.asarray(v, float),
                              self.overlay_shown)
        else:
            plane = self.plane
            self.overlay.show(parts, lambda p: plane.project(p[np.newaxis])[0],
                              lambda v: np.array([np.asarray(v) @ plane.u, np.asarray(v) @ plane.v]),
                              self.overlay_shown)

    # ------------------------------------------------------------ the airfoil's plane

    def update_plane(self, tracks: dict[tuple, Track], force: bool = False) -> None:
        """Recompute the plane (and, if it moved, the slice), at most a few times a second."""
        import time

        problem = self.problem
        now = time.perf_counter()
        moment = sum((t.second_moment for t in tracks.values()), np.zeros((problem.dim, problem.dim)))
        if self.plane is not None:
            unchanged = self._last_moment is not None and np.array_equal(moment, self._last_moment)
            interval = PLANE_REFRESH_LIVE_S if self.live else PLANE_REFRESH_S
            if unchanged or (not force and now - self._plane_time < interval):
                return
        self._plane_time = now
        self._last_moment = moment
        previous = self.plane
        if self.plane_choice is None:
            plane = surf.principal_plane(problem, moment, previous)
        else:
            plane = surf.coordinate_plane(problem, *self.plane_choice)
        if force:  # the picture must be exact: any change of plane redraws the slice
            same = previous is not None and np.array_equal(plane.u, previous.u) and np.array_equal(plane.v, previous.v)
            moved = not same
        else:  # while points stream in, only a visible turn of the plane is worth a new slice
            # (while playing, a clearly visible one: each new slice costs a frame or two; at rest it is exact)
            turn = PLANE_TURN_LIVE if self.live else PLANE_TURN
            moved = previous is None or abs(plane.u @ previous.u) < turn or abs(plane.v @ previous.v) < turn
            if not moved:
                # Keep projecting onto the plane on screen: a turn too small to see would still move every
                # projected point a little, rebuilding every path and repainting the whole view.
                if self._follow:
                    self._fit_tracks(tracks, grow_only=True)
                return
        self.plane = plane
        self._relabel_axes()
        if moved:
            self._projected_bounds = None
            if self._follow:  # while playing, the view only grows: a jittering frame would repaint everything
                self._fit_tracks(tracks, grow_only=self.live and previous is not None)
            self._rebuild_surface()
        elif self._follow:
            self._fit_tracks(tracks, grow_only=True)

    def _fit_tracks(self, tracks: dict | None = None, grow_only: bool = False) -> None:
        if self.plane is None:
            return
        tracks = tracks if tracks is not None else getattr(self, "_tracks_for_fit", {})
        self._tracks_for_fit = tracks
        chunks = [self.plane.project(t.drawn()[1]) for t in tracks.values() if t.received]
        points = np.vstack([*chunks, np.zeros((1, 2))])
        low, high = points.min(axis=0), points.max(axis=0)
        span = np.maximum(high - low, 0.05)
        low, high = low - 0.15 * span, high + 0.15 * span
        vb = self.getPlotItem().vb
        if grow_only:
            (x0, x1), (y0, y1) = vb.viewRange()
            if low[0] >= x0 and high[0] <= x1 and low[1] >= y0 and high[1] <= y1:
                return
            low, high = np.minimum(low, [x0, y0]), np.maximum(high, [x1, y1])
        vb.setRange(xRange=(low[0], high[0]), yRange=(low[1], high[1]), padding=0)

    # ------------------------------------------------------------ surface

    def _rebuild_surface(self) -> None:
        if self.problem is None:
            return
        (x0, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        dx, dy = (x1 - x0) * 0.25, (y1 - y0) * 0.25
        x_range, y_range = (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)
        if self.problem.planar:
            grid = surf.planar_surface(self.problem, x_range, y_range, scale=self.scale)
        elif self.plane is not None:
            # While playing, a turn of the plane costs a frame: a coarser slice (a quarter of the work, and
            # of the contour vertices to stroke); the exact one as soon as the frames stop.
            n = LIVE_GRID if self.live else surf.GRID
            grid = surf.plane_surface(self.problem, self.plane, x_range, y_range, n=n)
        else:
            return
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
        if self.problem is None or self.problem.planar:
            plot.setLabel("bottom", "x1", **style)
            plot.setLabel("left", "x2", **style)
            self.set_caption("")
            return
        plane = self.plane
        if plane is None:
            return
        plot.setLabel("bottom", plane.axis_names[0], **style)
        plot.setLabel("left", plane.axis_names[1], **style)
        text = plane.label
        if plane.explained is not None:
            text += f": {100 * plane.explained:.1f}% of their spread"
        self.set_caption(text)

    def set_caption(self, text: str) -> None:
        """A line above the plot (the plane shown); never over the data or the legend."""
        self.caption = text
        plot = self.getPlotItem()
        if text:
            plot.setTitle(text, color=self.theme.foreground, size=f"{self.theme.font_pt}pt")
            # pyqtgraph fixes the title row at 30 px, which clips projector-sized type.
            height = int(plot.titleLabel.item.boundingRect().height()) + 4
            plot.titleLabel.setMaximumHeight(height)
            plot.layout.setRowFixedHeight(0, height)
        else:
            plot.setTitle(None)

    # ------------------------------------------------------------ mouse

    def _user_moved_view(self, *_):
        self._follow = False

    def _handle_moved(self) -> None:
        if self._moving_handle or self.problem is None or not self.problem.planar:
            return
        pos = self.start_handle.pos()
        self.startDragged.emit(float(pos.x()), float(pos.y()))

    def _clicked(self, event) -> None:
        if (self.problem is None or not self.problem.planar or event.button() != Qt.MouseButton.LeftButton
                or event.double()):
            return
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        self.set_start((point.x(), point.y()))
        self.startDragged.emit(float(point.x()), float(point.y()))


class Arrow:
    """A line from a point along a vector, with a head at the tip."""

    def __init__(self, plot: pg.PlotItem, z: float):
        self.line = pg.PlotDataItem()
        self.head = pg.ArrowItem(headLen=14, tipAngle=35, tailLen=0)
        for item in (self.line, self.head):
            item.setZValue(z)
            plot.addItem(item, ignoreBounds=True)
        self.hide()

    def style(self, color: str, width: float, dashed: bool = False) -> None:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        self.line.setPen(_pen(color, width, style))
        self.head.setStyle(brush=pg.mkBrush(color), pen=_pen(color, 1), headLen=10 + 2 * width)

    def show(self, origin: np.ndarray, vector: np.ndarray) -> None:
        if not np.isfinite(vector).all() or not np.any(vector):
            self.hide()
            return
        tip = origin + vector
        self.line.setData([origin[0], tip[0]], [origin[1], tip[1]])
        # ArrowItem points left at angle 0 and turns clockwise on screen (y down).
        self.head.setStyle(angle=180 - np.degrees(np.arctan2(vector[1], vector[0])))
        self.head.setPos(*tip)
        self.line.setVisible(True)
        self.head.setVisible(True)

    def hide(self) -> None:
        self.line.setVisible(False)
        self.head.setVisible(False)


class StepOverlay:
    """The parts of one step drawn where it starts: −η·g, the moment, the per-coordinate scale, Δx."""

    def __init__(self, plot: pg.PlotItem):
        self.gradient = Arrow(plot, 50)
        self.moment = Arrow(plot, 51)
        self.step = Arrow(plot, 52)
        self.box = QGraphicsRectItem()
        self.box.setZValue(49)
        plot.addItem(self.box, ignoreBounds=True)
        self.box.setVisible(False)
        self.view_box = plot.vb
        self._box_rect: tuple[float, float, float, float] | None = None
        plot.vb.sigRangeChanged.connect(lambda *_: self._place_box())

    def style(self, theme: Theme, color: str) -> None:
        width = max(2.0, theme.line_width * 0.9)
        self.gradient.style(theme.foreground, width, dashed=True)
        self.moment.style(color, width, dashed=True)
        self.step.style(color, width + 1.5)
        fill = QColor(color)
        fill.setAlpha(40)
        self.box.setPen(_pen(color, max(1.5, width * 0.6)))
        self.box.setBrush(pg.mkBrush(fill))

    def hide(self) -> None:
        for arrow in (self.gradient, self.moment, self.step):
            arrow.hide()
        self.box.setVisible(False)

    def show(self, parts, to_plane, to_plane_vector, shown: dict[str, bool]) -> None:
        """``parts``: a worker.StepParts; ``to_plane``/``to_plane_vector`` map points/vectors to the view."""
        values, hp = parts.parts, parts.hyperparams
        origin = to_plane(parts.before)
        lr = hp.get("lr", 1.0)
        optimizer = parts.key[0]
        if shown.get("gradient") and "g" in values:
            self.gradient.show(origin, to_plane_vector(-lr * values["g"]))
        else:
            self.gradient.hide()
        moment = None
        if optimizer == "momentum":
            moment = -values["v"]
        elif "v_hat" in values:
            moment = -lr * values["v_hat"]
        if shown.get("moment") and moment is not None:
            self.moment.show(origin, to_plane_vector(moment))
        else:
            self.moment.hide()
        if shown.get("step"):
            self.step.show(origin, to_plane(parts.after) - origin)
        else:
            self.step.hide()
        second = values.get("s_hat", values.get("s"))
        if shown.get("scale") and second is not None and optimizer != "adadelta":
            eps = hp.get("eps", 0.0)
            if "s_hat" in values:
                reach = lr / (np.sqrt(second) + eps)
            else:
                reach = lr / np.sqrt(second + eps)
            corners = [to_plane_vector(reach * np.array(sign)) for sign in self._signs(len(reach))]
            half = np.abs(np.array(corners)).max(axis=0)
            x0, y0 = origin - half
            x1, y1 = origin + half
            if np.isfinite([x0, y0, x1, y1]).all():
                self._box_rect = (x0, y0, x1, y1)
                self._place_box()
                self.box.setVisible(True)
                return
        self.box.setVisible(False)

    def _place_box(self) -> None:
        """The box cut to the view and a margin around it. Near a minimum ŝ is tiny and the box dwarfs the
        view: uncut, each new step moves its (unseen) edges and repaints the whole view, every layer,
        every frame; cut, it is the same rectangle until an edge comes within sight."""
        if self._box_rect is None:
            return
        x0, y0, x1, y1 = self._box_rect
        (vx0, vx1), (vy0, vy1) = self.view_box.viewRange()
        mx, my = 0.25 * (vx1 - vx0), 0.25 * (vy1 - vy0)  # the edges stay out of sight while panning
        x0, x1 = max(x0, vx0 - mx), min(x1, vx1 + mx)
        y0, y1 = max(y0, vy0 - my), min(y1, vy1 + my)
        if x1 < x0 or y1 < y0:  # entirely out of view
            x0 = x1 = vx1 + mx
            y0 = y1 = vy1 + my
        self.box.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    @staticmethod
    def _signs(dim: int):
        if dim == 2:
            return [(1, 0), (0, 1)]
        return [tuple(1.0 if i == k else 0.0 for i in range(dim)) for k in range(dim)]
