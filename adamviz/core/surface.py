"""Loss surfaces ready to draw: a log-scaled colour image and contour lines.

Qt-free: the window turns a SurfaceGrid into an ImageItem and one line item,
the exporters do the same off screen. Contour lines come from contourpy,
all levels joined into one NaN-separated array so a single item draws them.

For the airfoil regression the surface is an exact slice of the full-data loss
over a plane θ = θ₀ + a·u + b·v in (w, b) space. The loss is quadratic, so on
the plane it is a quadratic in (a, b) with six coefficients computed once; a
400×400 grid then costs a few array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import contourpy
import numpy as np

GRID = 400
LEVELS = 20


@dataclass
class SurfaceGrid:
    x: np.ndarray
    """(nx,) grid coordinates along the horizontal axis."""
    y: np.ndarray
    z: np.ndarray
    """(ny, nx) loss."""
    shade: np.ndarray
    """(ny, nx) in [0, 1]: log-scaled loss above the floor, for the colour image."""
    levels: np.ndarray
    lines: np.ndarray
    """(n, 2) contour line vertices of every level, lines separated by NaN rows."""

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) the image covers, pixel centres at the grid points."""
        dx = (self.x[-1] - self.x[0]) / max(len(self.x) - 1, 1)
        dy = (self.y[-1] - self.y[0]) / max(len(self.y) - 1, 1)
        return (self.x[0] - dx / 2, self.y[0] - dy / 2, self.x[-1] - self.x[0] + dx, self.y[-1] - self.y[0] + dy)


def lower_percentile(values: np.ndarray, percent: float) -> float:
    """np.percentile's default (linear) rule by partition: np.percentile imports numpy.ma on first use, about
    30 ms of the window's start-up."""
    position = percent / 100 * (values.size - 1)
    below = int(position)
    above = min(below + 1, values.size - 1)
    ordered = np.partition(values, (below, above))
    return float(ordered[below] + (ordered[above] - ordered[below]) * (position - below))


@dataclass(frozen=True)
class LogScale:
    """Maps loss above the floor to [0, 1] on a log scale, and picks contour levels on it."""

    floor: float
    low: float
    high: float

    @classmethod
    def spanning(cls, z: np.ndarray, floor: float) -> LogScale:
        excess = np.asarray(z, dtype=np.float64) - floor
        finite = excess[np.isfinite(excess) & (excess > 0)]
        if finite.size == 0:
            return cls(floor, 1e-3, 1.0)
        high = float(finite.max())
        low = max(lower_percentile(finite, 0.5), high * 1e-6)
        if not low < high:
            low = high / 10
        return cls(floor, low, high)

    def shade(self, z: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            excess = np.clip(np.nan_to_num(z - self.floor, nan=self.high, posinf=self.high), self.low, self.high)
            return (np.log(excess) - np.log(self.low)) / (np.log(self.high) - np.log(self.low))

    def levels(self, count: int = LEVELS) -> np.ndarray:
        return self.floor + np.geomspace(self.low, self.high, count + 1)[:-1]


def _serial_generator(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> contourpy.SerialContourGenerator:
    """What contourpy.contour_generator(x, y, z) makes for finite z, built directly: its masked-array
    handling imports numpy.ma, a tenth of the window's start-up, for a z that never has a mask."""
    xs, ys = np.meshgrid(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    generator = contourpy.SerialContourGenerator
    return generator(xs, ys, np.ascontiguousarray(z, dtype=np.float64), None,
                     x_chunk_size=0, y_chunk_size=0, line_type=contourpy.LineType.ChunkCombinedNan,
                     fill_type=generator.default_fill_type, corner_mask=True, quad_as_tri=False,
                     z_interp=contourpy.ZInterp.Linear)


def contour_lines(x: np.ndarray, y: np.ndarray, z: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Every level's contour lines as one (n, 2) array, lines separated by NaN rows."""
    finite = np.isfinite(z)
    if not finite.all():  # contourpy wants finite values: non-finite ones sit above every level
        z = np.where(finite, z, np.max(z, where=finite, initial=0.0))
    generator = _serial_generator(x, y, z)
    pieces = []
    for level in generator.multi_lines(np.asarray(levels, dtype=np.float64)):  # all levels in one pass
        for chunk in level[0]:
            if chunk is not None and len(chunk):
                pieces.append(chunk)
                pieces.append(np.full((1, 2), np.nan))
    return np.concatenate(pieces) if pieces else np.empty((0, 2))


def surface_from_values(x: np.ndarray, y: np.ndarray, z: np.ndarray, scale: LogScale,
                        levels: int = LEVELS) -> SurfaceGrid:
    marks = scale.levels(levels)
    return SurfaceGrid(x, y, z, scale.shade(z), marks, contour_lines(x, y, z, marks))


def grid_axes(x_range: tuple[float, float], y_range: tuple[float, float], n: int = GRID):
    return np.linspace(*x_range, n), np.linspace(*y_range, n)


def planar_surface(problem, x_range, y_range, n: int = GRID, scale: LogScale | None = None) -> SurfaceGrid:
    """A 2-D problem's loss over a rectangle; ``scale`` keeps colours and levels fixed while panning."""
    x, y = grid_axes(x_range, y_range, n)
    with np.errstate(all="ignore"):
        z = problem.loss_on_grid(x, y)
    if scale is None:
        scale = LogScale.spanning(z, problem.floor)
    return surface_from_values(x, y, z, scale)


def default_scale(problem) -> LogScale:
    """The colour scale a 2-D problem keeps: taken over its home view window."""
    x, y = grid_axes(problem.view.x, problem.view.y, 200)
    with np.errstate(all="ignore"):
        z = problem.loss_on_grid(x, y)
    return LogScale.spanning(z, problem.floor)


# ---------------------------------------------------------------- planes in (w, b) space

@dataclass(frozen=True)
class Plane:
    """θ = origin + a·u + b·v; ``label`` says which plane it is, ``explained`` how faithful it is."""

    origin: np.ndarray
    u: np.ndarray
    v: np.ndarray
    label: str
    axis_names: tuple[str, str]
    explained: float | None = None

    def project(self, points: np.ndarray) -> np.ndarray:
        """(n, d) points to (n, 2) plane coordinates (orthogonal projection, u ⟂ v, unit length)."""
        offset = np.asarray(points, dtype=np.float64) - self.origin
        return np.stack([offset @ self.u, offset @ self.v], axis=-1)

    def lift(self, a: float, b: float) -> np.ndarray:
        return self.origin + a * self.u + b * self.v


def coordinate_plane(problem, i: int, j: int) -> Plane:
    """Parameters i and j free, the others held at the least-squares minimum."""
    names = problem.param_names
    if i == j or not (0 <= i < len(names) and 0 <= j < len(names)):
        raise ValueError(f"pick two different parameters out of {', '.join(names)}")
    u, v = np.zeros(len(names)), np.zeros(len(names))
    u[i], v[j] = 1.0, 1.0
    label = f"{names[i]}–{names[j]} plane, the rest at the minimum"
    return Plane(problem.minimum.copy(), u, v, label, (f"{names[i]} − {names[i]}*", f"{names[j]} − {names[j]}*"))


def plane_axes(plane: Plane) -> tuple[int, int]:
    """Which way the plane's axes point against principal_plane's fixed convention (+1 each: as it makes
    them, its largest component positive): what a session keeps so an export faces as the window did."""
    return tuple(1 if axis[np.argmax(np.abs(axis))] > 0 else -1 for axis in (plane.u, plane.v))


def principal_plane(problem, second_moment: np.ndarray, previous: Plane | None = None,
                    axes: tuple[int, int] = (1, 1)) -> Plane:
    """The plane through the minimum spanned by the top two principal directions of the runs.

    ``second_moment`` is Σ (θ − θ*)(θ − θ*)ᵀ over every recorded point of every
    run; its top eigenvectors are the top right-singular vectors of the stacked
    trajectories (Li et al. 2018, §7). Signs follow ``previous`` so the picture
    does not flip as runs grow; with no previous plane they follow a fixed convention, each axis turned
    round where ``axes`` says -1 (plane_axes). With fewer than two directions of spread the
    missing ones come from the loss's own curvature axes.
    """
    values, vectors = np.linalg.eigh(second_moment)
    order = np.argsort(values)[::-1]
    values, vectors = np.clip(values[order], 0, None), vectors[:, order]
    total = float(values.sum())
    basis = [vectors[:, k] for k in range(2) if total > 0 and values[k] > 1e-12 * total]
    for axis in problem.curvature_axes:
        if len(basis) == 2:
            break
        candidate = axis - sum((axis @ b) * b for b in basis)
        if np.linalg.norm(candidate) > 1e-6:
            basis.append(candidate / np.linalg.norm(candidate))
    u, v = basis
    if previous is not None:
        u = u if u @ previous.u >= 0 else -u
        v = v if v @ previous.v >= 0 else -v
    else:  # a fixed convention, so a plane built at once and one built step by step agree
        u = u if (u[np.argmax(np.abs(u))] > 0) == (axes[0] > 0) else -u
        v = v if (v[np.argmax(np.abs(v))] > 0) == (axes[1] > 0) else -v
    explained = float(values[:2].sum() / total) if total > 0 else None
    return Plane(problem.minimum.copy(), u, v, "principal plane of the runs",
                 ("PC1", "PC2"), explained)


def quadratic_on_plane(problem, plane: Plane) -> tuple[float, ...]:
    """(L₀, la, lb, qaa, qab, qbb): L(origin + a·u + b·v) = L₀ + la·a + lb·b + qaa·a² + qab·a·b + qbb·b²."""
    gram, moment = problem.gram, problem.moment
    origin, u, v = plane.origin, plane.u, plane.v
    slope = gram @ origin - moment
    return (
        float(problem.loss(origin)),
        float(u @ slope), float(v @ slope),
        0.5 * float(u @ gram @ u), float(u @ gram @ v), 0.5 * float(v @ gram @ v),
    )


def plane_loss(problem, plane: Plane, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact full-data loss at the plane points (a[j], b[i]), shape (len(b), len(a))."""
    base, la, lb, qaa, qab, qbb = quadratic_on_plane(problem, plane)
    a_row, b_col = a[np.newaxis, :], b[:, np.newaxis]
    return base + la * a_row + lb * b_col + qaa * a_row * a_row + qab * a_row * b_col + qbb * b_col * b_col


def plane_surface(problem, plane: Plane, a_range, b_range, n: int = GRID,
                  scale: LogScale | None = None) -> SurfaceGrid:
    a, b = grid_axes(a_range, b_range, n)
    z = plane_loss(problem, plane, a, b)
    if scale is None:
        scale = LogScale.spanning(z, problem.floor)
    return surface_from_values(a, b, z, scale)
