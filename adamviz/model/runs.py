"""The runs the window shows: which, in what order, under what label, and what it has received of each.

Every run's points reach the window once, in snapshots from the engine host;
each run keeps them in a Track (a bounded copy to draw, plus exact sums for
the airfoil's plane). A run the host restarted (a new hyperparameter, a new
start) arrives whole again under a new generation and its track starts over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from adamviz.core.labels import run_label
from adamviz.core.messages import RunKey, Snapshot
from adamviz.core.scenario import Scenario
from adamviz.core.tracks import Track

log = logging.getLogger("adamviz")


def display_order(keys: list[RunKey]) -> list[RunKey]:
    """Every scratch run first, in the scenario's order, then the torch.optim twins in the same order:
    the chapter's own implementations lead the legend and the status line."""
    return [key for key in keys if not key[1]] + [key for key in keys if key[1]]


@dataclass
class RunSet:
    """The runs of one scenario as the window knows them."""

    keys: list[RunKey]
    labels: dict[RunKey, str]
    tracks: dict[RunKey, Track]

    @classmethod
    def empty(cls) -> RunSet:
        return cls([], {}, {})

    def __post_init__(self) -> None:
        self._generations: dict[RunKey, int] = {}

    def set_scenario(self, scenario: Scenario, keep_tracks: bool) -> None:
        """The runs ``scenario`` asks for; ``keep_tracks``: those that carry on keep what they received."""
        specs = scenario.run_specs()
        self.keys = display_order([(spec.optimizer, spec.concise) for spec in specs])
        self.labels = {(s.optimizer, s.concise): run_label((s.optimizer, s.concise), s.hyperparams, s.schedule)
                       for s in specs}
        if not keep_tracks:
            self.clear()
        for key in list(self.tracks):
            if key not in self.keys:
                del self.tracks[key]
                self._generations.pop(key, None)

    def relabel(self, scenario: Scenario, optimizer: str) -> None:
        for setup in scenario.runs:
            if setup.optimizer == optimizer:
                for key in self.keys:
                    if key[0] == optimizer:
                        self.labels[key] = run_label(key, setup.hyperparams, setup.schedule)

    def clear(self) -> None:
        self.tracks.clear()
        self._generations.clear()

    def generation(self, key: RunKey) -> int | None:
        """The engine's generation of the run whose points ``key``'s track holds (a replay starts a new one)."""
        return self._generations.get(key)

    def absorb(self, snapshot: Snapshot, dim: int, origin) -> None:
        """Add what ``snapshot`` brings; a run restarted by the engine starts its track over."""
        for update in snapshot.runs:
            track = self.tracks.get(update.key)
            if track is None:
                if update.key not in self.keys:
                    continue
                track = self.tracks[update.key] = Track(dim, origin)
            if update.start == 0 or self._generations.get(update.key) != update.generation:
                track.clear()
                self._generations[update.key] = update.generation
            if update.start != track.received:
                log.warning("run %s: points from %d after %d; waiting for a full update",
                            update.key, update.start, track.received)
                continue
            track.extend(update.start, update.points, update.losses)
            track.diverged_at = update.diverged_at
            track.stop_reason = update.stop_reason
            track.stop_message = update.stop_message

    def all_stopped(self) -> bool:
        """Every run has stopped (diverged, or hit a point where the loss is undefined)."""
        return all(key in self.tracks and self.tracks[key].diverged_at is not None for key in self.keys)

    def at_step(self, step: int) -> bool:
        """Every run has arrived at ``step`` (or stopped before it)."""
        return all(
            key in self.tracks and (self.tracks[key].t == step or self.tracks[key].diverged_at is not None)
            for key in self.keys
        )
