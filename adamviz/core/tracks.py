"""What a view keeps of a run: every point arrives once, a bounded copy is kept to draw.

The engine records everything. A view receives the new points of each run as
they come and keeps (a) a decimated copy for drawing, never more than a few
thousand points however long the run, and (b) exact running sums of the
points' second moments about the minimum, which is all the principal plane of
the trajectories needs. The first HEAD steps are always kept in full (that is
where trajectories turn and overshoot); after them every stride-th step is
kept, the stride doubling whenever the copy grows past LIMIT.
"""

from __future__ import annotations

import numpy as np

HEAD = 1024
LIMIT = 2048
"""About 2,000 points per run: a 2,000-pixel-wide view gains nothing from more, and stroking
costs grows with every point (8,000 points cost the window 4× the paint time)."""


class Track:
    def __init__(self, dim: int, origin: np.ndarray | None = None):
        self.dim = dim
        self.origin = np.zeros(dim) if origin is None else np.asarray(origin, dtype=np.float64)
        self.clear()

    def clear(self) -> None:
        self.restarts = getattr(self, "restarts", -1) + 1
        """How many times this track started over: a view's cache of it is stale when this changes."""
        self.received = 0
        """Points received so far: the run's step count + 1."""
        self.stride = 1
        self._steps = np.empty(1024, dtype=np.int64)
        self._points = np.empty((1024, self.dim))
        self._losses = np.empty(1024)
        self._kept = 0
        self.last_point = np.full(self.dim, np.nan)
        self.last_loss = np.nan
        self.second_moment = np.zeros((self.dim, self.dim))
        self.diverged_at: int | None = None
        self.stop_reason: str | None = None
        self.stop_message: str | None = None
        """What a user's file raised, with its file and line (stop_reason "error")."""

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: self._kept]

    @property
    def points(self) -> np.ndarray:
        return self._points[: self._kept]

    @property
    def losses(self) -> np.ndarray:
        return self._losses[: self._kept]

    @property
    def t(self) -> int:
        return self.received - 1

    def extend(self, start: int, points: np.ndarray, losses: np.ndarray) -> None:
        """Add the run's points start, start+1, …; ``start`` must follow on from what was received."""
        if start != self.received:
            raise ValueError(f"points from step {start} do not follow step {self.received - 1}")
        count = len(points)
        if count == 0:
            return
        offset = points - self.origin
        self.second_moment += offset.T @ offset
        steps = np.arange(start, start + count)
        keep = (steps < HEAD) | ((steps - HEAD) % self.stride == 0)
        self._append(steps[keep], points[keep], losses[keep])
        self.received += count
        self.last_point = points[-1].copy()
        self.last_loss = float(losses[-1])
        while self._kept > LIMIT:
            self._thin()

    def _append(self, steps, points, losses) -> None:
        needed = self._kept + len(steps)
        if needed > len(self._steps):
            capacity = max(needed, 2 * len(self._steps))
            for name in ("_steps", "_points", "_losses"):
                old = getattr(self, name)
                new = np.empty((capacity, *old.shape[1:]), dtype=old.dtype)
                new[: self._kept] = old[: self._kept]
                setattr(self, name, new)
        self._steps[self._kept: needed] = steps
        self._points[self._kept: needed] = points
        self._losses[self._kept: needed] = losses
        self._kept = needed

    def _thin(self) -> None:
        self.stride *= 2
        steps = self.steps
        keep = (steps < HEAD) | ((steps - HEAD) % self.stride == 0)
        count = int(keep.sum())
        self._steps[:count] = steps[keep]
        self._points[:count] = self.points[keep]
        self._losses[:count] = self.losses[keep]
        self._kept = count

    def drawn(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Steps, points and losses to draw: the kept copy plus the current point."""
        steps, points, losses = self.steps, self.points, self.losses
        if self._kept and steps[-1] != self.t and self.received:
            steps = np.append(steps, self.t)
            points = np.vstack([points, self.last_point])
            losses = np.append(losses, self.last_loss)
        return steps, points, losses
