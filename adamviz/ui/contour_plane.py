"""The contour view's plane for a problem with more than two parameters (the airfoil's six): which plane of
(w, b) space it slices, when that plane is recomputed as points arrive, and the view's fit to the runs.

A mixin of ContourView: by default the principal plane of all runs' trajectories through the least-squares
minimum, else two chosen parameters; the surface on it is an exact slice of the full-data loss.
"""

from __future__ import annotations

import html
import time
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from adamviz.core import surface as surf
from adamviz.core.tracks import Track

PLANE_REFRESH_S = 0.25
LIVE_GRID = 200
"""Grid points a side of the airfoil's slice while playing (surface.GRID at rest)."""
PLANE_REFRESH_LIVE_S = 1.0
"""How often the airfoil's plane is recomputed: at rest, and while playing."""
PLANE_TURN = 0.9999
PLANE_TURN_LIVE = 0.999
"""|cos| between old and new plane axes below which the plane has visibly turned (0.8°; 2.6° while playing)."""


class PlaneView:
    """What ContourView does on a plane, and the caption that names it; ContourView provides problem, plane,
    plane_choice, live, _follow, theme and the surface (``_rebuild_surface``, ``_relabel_axes``)."""

    def set_plane_choice(self, choice: tuple[int, int] | None, tracks: dict, axes: tuple[int, int] = (1, 1)) -> None:
        self.plane_choice = choice
        self.plane = None
        self.wanted_axes = axes
        self._follow = True
        self.update_plane(tracks, force=True)

    def orient_plane(self, axes: tuple[int, int], tracks: dict) -> None:
        """Face the principal plane's axes as a session says (surface.plane_axes), now and when it is next
        made afresh: the window then shows what the session's pictures show."""
        self.wanted_axes = tuple(axes)
        self.orient_at_rest = True
        plane = self.plane
        if plane is None or self.plane_choice is not None or surf.plane_axes(plane) == self.wanted_axes:
            return
        flips = [1 if now == wanted else -1 for now, wanted in zip(surf.plane_axes(plane), self.wanted_axes,
                                                                   strict=True)]
        self.plane = replace(plane, u=flips[0] * plane.u, v=flips[1] * plane.v)
        self._projected_bounds = None
        if self._follow:  # the runs are now on the other side: look there first, then slice what is seen
            self._fit_tracks(tracks)
        self._rebuild_surface()
        self.draw(tracks)

    def plane_axes(self) -> tuple[int, int]:
        """How the principal plane on screen faces (surface.plane_axes); (1, 1) for a coordinate plane."""
        if self.plane is None or self.plane_choice is not None:
            return (1, 1)
        return surf.plane_axes(self.plane)

    def freeze_plane(self, frozen: bool) -> None:
        self.plane_frozen = frozen

    def finish(self, tracks: dict[tuple, Track]) -> None:
        """Once the runs rest: the airfoil's plane from every point received (while points stream in it turns
        at most a few times a second, so the last frame may lag), and its exact slice."""
        problem = self.problem
        if problem is None or problem.direct or self.plane_frozen:
            return
        plane = self.plane
        self.update_plane(tracks, force=True)
        if plane is None or self.plane is not plane:
            self.draw(tracks)
        if self.orient_at_rest:  # a session's runs replayed: face as it says, whatever way the plane turned
            self.orient_plane(self.wanted_axes, tracks)
            self.orient_at_rest = False

    def update_plane(self, tracks: dict[tuple, Track], force: bool = False) -> None:
        """Recompute the plane (and, if it moved, the slice), at most a few times a second."""
        if self.live:  # the class watches it grow: it keeps facing as it faces, at rest too
            self.orient_at_rest = False
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
            plane = surf.principal_plane(problem, moment, previous, self.wanted_axes)
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

    def set_caption(self, text: str) -> None:
        """A line above the plot (the plane shown); never over the data or the legend, never wider than the
        view (it wraps: pyqtgraph would otherwise widen the plot past the widget, cutting off its right side)."""
        self.caption = text
        self._show_caption()

    def _show_caption(self) -> None:
        plot = self.getPlotItem()
        if plot is None:  # the widget is closing
            return
        if not self.caption:
            plot.setTitle(None)
            return
        size = self.theme.font_pt * (0.8 if self.theme.presenting else 1.0)  # a caption, not the numbers
        plot.setTitle(html.escape(self.caption), color=self.theme.foreground, size=f"{size:.1f}pt")
        label = plot.titleLabel
        item = label.item
        item.setTextWidth(-1)
        # the title sits over the view box's column, not the whole widget (the axis takes the left)
        room = max(120.0, self.width() - plot.getAxis("left").width() - 24.0)
        if item.boundingRect().width() > room:
            item.setTextWidth(room)
            option = item.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.document().setDefaultTextOption(option)
        label.updateMin()
        label.resizeEvent(None)
        # pyqtgraph fixes the title row at 30 px, which clips projector-sized (or wrapped) type.
        height = int(item.boundingRect().height()) + 4
        label.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)
