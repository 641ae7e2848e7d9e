"""The engine host: commands in, incremental snapshots out, never more than two undrawn."""

from __future__ import annotations

import numpy as np

from adamviz.core import host as h
from adamviz.core.scenario import PRESETS


class Outbox(list):
    def snapshots(self):
        return [m for m in self if isinstance(m, h.Snapshot)]


def settle(host, outbox, acknowledge=True, rounds=2000):
    """Tick until idle, drawing (acknowledging) every snapshot as the window would."""
    for _ in range(rounds):
        before = len(outbox)
        delay = host.tick()
        if acknowledge:
            for _ in range(len(outbox) - before):
                host.acknowledge()
        if delay is None:
            return
        host._last_emit = 0.0  # no real frame clock in a test: allow the next snapshot at once


def received(outbox):
    """Rebuild each run's full record from the incremental snapshots, as the window does."""
    runs = {}
    for snapshot in outbox.snapshots():
        for update in snapshot.runs:
            points = runs.get(update.key)
            if update.start == 0 or points is None:
                points = np.empty((0, update.points.shape[1]))
            assert update.start == len(points)  # every update follows on from the last
            runs[update.key] = np.vstack([points, update.points])
    return runs


def loaded(target=20, preset="toy2-compare"):
    outbox = Outbox()
    host = h.EngineHost(outbox.append)
    scenario = PRESETS[preset].scenario()
    host.handle(h.Load(1, scenario, target))
    return host, outbox, scenario


def test_snapshots_add_up_to_exactly_what_the_engine_computes():
    host, outbox, scenario = loaded(target=50)
    settle(host, outbox)
    from dataclasses import replace

    engine = replace(scenario, steps=50).run()
    runs = received(outbox)
    for run in engine.runs:
        np.testing.assert_array_equal(runs[(run.spec.optimizer, False)], run.points)


def test_no_more_than_two_snapshots_wait_to_be_drawn():
    host, outbox, _ = loaded(target=0)
    host.handle(h.Speed(None))
    host.handle(h.Play(True))
    for _ in range(50):
        host.tick()
        host._last_emit = 0.0
    assert len(outbox.snapshots()) == 2  # the window has drawn none of them: the host waits
    host.acknowledge()
    host.tick()
    assert len(outbox.snapshots()) == 3
    host.handle(h.Play(False))
    host.acknowledge()
    host.acknowledge()
    settle(host, outbox)
    runs = received(outbox)  # nothing was lost while the host waited
    final = outbox.snapshots()[-1].target
    assert all(len(points) == final + 1 for points in runs.values())


def test_a_hyperparameter_change_resends_that_run_from_step_0_only():
    host, outbox, _ = loaded(target=20)
    settle(host, outbox)
    outbox.clear()
    host.handle(h.SetHyper("adam", {"lr": 0.05}))
    settle(host, outbox)
    updates = {u.key: u for s in outbox.snapshots() for u in s.runs if len(u.points)}
    assert set(updates) == {("adam", False)}
    assert updates[("adam", False)].start == 0 and len(updates[("adam", False)].points) == 21
    assert updates[("adam", False)].hyperparams["lr"] == 0.05


def test_a_bad_command_is_rejected_and_changes_nothing():
    host, outbox, _ = loaded(target=5)
    settle(host, outbox)
    host.handle(h.SetHyper("adam", {"lr": 50.0}))
    rejected = [m for m in outbox if isinstance(m, h.Rejected)]
    assert rejected and "outside its range" in rejected[0].message
    assert host.engine.runs[2].hyperparams["lr"] == PRESETS["toy2-compare"].scenario().runs[2].hyperparams["lr"]
    assert not [m for m in outbox if isinstance(m, h.Failed)]


def test_step_parts_of_the_selected_run():
    host, outbox, _ = loaded(target=3)
    host.handle(h.Select(("adam", False)))
    settle(host, outbox)
    parts = outbox.snapshots()[-1].parts
    assert parts.key == ("adam", False) and parts.t == 3
    np.testing.assert_allclose(parts.after - parts.before,
                               -parts.hyperparams["lr"] * parts.parts["v_hat"]
                               / (np.sqrt(parts.parts["s_hat"]) + parts.hyperparams["eps"]))


class FakeClock:
    """perf_counter for the host, moved on by the test: a stalled window without a slow test."""

    def __init__(self):
        self.now = 1000.0

    def perf_counter(self):
        return self.now


def playing(monkeypatch, speed):
    """A host playing toy2 from step 0 at ``speed`` on a FakeClock."""
    clock = FakeClock()
    monkeypatch.setattr(h, "time", clock)
    host, outbox, _ = loaded(target=0)
    host.handle(h.Speed(speed))
    host.handle(h.Play(True))
    return host, outbox, clock


def play_for(host, outbox, clock, seconds, tick=None, draws=lambda elapsed: True):
    """Tick for ``seconds``: every ``tick`` seconds, or when the host asks (None); the window draws (acknowledges)
    what it has whenever ``draws(seconds elapsed)``."""
    start, delay, undrawn = clock.now, 0.0, 0
    while clock.now - start < seconds:
        clock.now += tick if tick is not None else delay
        before = len(outbox.snapshots())
        delay = host.tick()
        undrawn += len(outbox.snapshots()) - before
        if draws(clock.now - start):
            for _ in range(undrawn):
                host.acknowledge()
            undrawn = 0


def test_at_a_legible_speed_a_stalled_window_slows_the_clock_instead_of_missing_steps(monkeypatch):
    host, outbox, clock = playing(monkeypatch, 20)
    # 3 s of 15 ms ticks; the window draws nothing from 0.6 s to 1.5 s
    play_for(host, outbox, clock, 3.0, tick=0.015, draws=lambda elapsed: not 0.6 < elapsed <= 1.5)
    targets = [snapshot.target for snapshot in outbox.snapshots()]
    steps = [t for t in targets if t > 0]
    assert steps == list(range(1, len(steps) + 1))  # one step per snapshot, none missed
    assert 3 * 20 * 0.6 <= len(steps) <= 3 * 20  # the clock ran, and never faster than 20 steps/s
    assert len(steps) < 3 * 20 - 10  # the stall cost the runs its time: behind the wall clock, not ahead


def test_at_a_legible_speed_the_clock_keeps_time_when_the_window_keeps_up(monkeypatch):
    host, outbox, clock = playing(monkeypatch, 20)
    play_for(host, outbox, clock, 3.0)  # each tick when the host asks for it, each snapshot drawn at once
    assert 3 * 20 - 1 <= host.engine.target <= 3 * 20
    targets = [snapshot.target for snapshot in outbox.snapshots()]
    assert targets == list(range(targets[0], targets[-1] + 1))


def test_above_a_legible_speed_the_clock_keeps_time_through_a_stall(monkeypatch):
    host, outbox, clock = playing(monkeypatch, 200)
    play_for(host, outbox, clock, 1.5, tick=0.015, draws=lambda elapsed: False)  # the engine steps on regardless
    assert len(outbox.snapshots()) == 2
    assert host.engine.target >= 200
