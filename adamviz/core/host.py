"""The engine's host: commands in, snapshots out, stepping in slices.

Qt-free, so the same host runs in the window's worker process (the default:
the engine then never competes with drawing for Python's interpreter lock) or
in a worker thread. The window never touches the engine: it sends commands and
receives snapshots. A snapshot carries only what is new since the last one
(the points each run took, or a whole run after it was restarted) and no new
one is sent until the window has acknowledged drawing the last: the host
keeps accumulating meanwhile, so however fast it steps the window is never
flooded and nothing is lost.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
import weakref
from collections.abc import Callable

import numpy as np

from adamviz.core.messages import (
    Acknowledge,
    BatchDone,
    BatchRequest,
    Failed,
    Load,
    Play,
    Ready,
    Rejected,
    Reset,
    RunKey,
    RunUpdate,
    Select,
    SetHyper,
    SetStart,
    Snapshot,
    Speed,
    StepBy,
    StepParts,
    Stop,
    SwarmOff,
    SwarmSetup,
    SweepRequest,
)
from adamviz.core.scenario import Scenario

FRAME_S = 1 / 60
REPLAY_FRAME_S = 1 / 5
"""While replaying, a few frames a second show progress; more would only slow the replay."""
MAX_IN_FLIGHT = 2
SLICE_S = 0.010
"""Longest stretch of stepping between two looks at the commands."""
TORCH_AFTER_QUIET_S = 1.0
"""The engine process loads torch once it has had nothing to do for this long (see ``serve``)."""
MIN_SLICE_S = 0.002
"""The shortest slice of stepping: a frame that is already due still waits for this much work."""
ONE_BY_ONE_SPEED = 20
"""Steps a second up to which (the speeds a class reads a step at) each step is a snapshot of its own, and
a window that falls behind slows the clock rather than miss one. Faster, the clock keeps wall time."""


class EngineHost:
    """Owns the engine; ``handle`` commands, call ``tick`` when it asks to be called, ``emit`` gets the results."""

    def __init__(self, emit: Callable[[object], None]):
        self.emit = emit
        self.engine = None
        self.serial = 0
        self.playing = False
        self.speed: float | None = 10.0
        self.selected: RunKey | None = None
        self._credit = 0.0
        self._last_tick = time.perf_counter()
        self._last_emit = 0.0
        self._in_flight = 0
        """Snapshots sent and not yet drawn: two may be (one drawn while the next travels), never more."""
        self._sent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        """run -> (generation, points sent): what the window already has of each run."""
        self._dirty = True
        self._step_cost = 2e-5
        self._swarm_step_cost = 1e-4
        """Seconds a swarm step takes (all its starts), measured as it steps."""
        self.swarm = None
        """A SwarmMode while swarm mode is on: Play, Step, Reset and the speed then drive it."""

    def acknowledge(self) -> None:
        self._in_flight = max(0, self._in_flight - 1)

    def handle(self, command: object) -> None:
        if isinstance(command, Acknowledge):
            self.acknowledge()
            return
        try:
            self._apply(command)
        except ValueError as exc:
            self.emit(Rejected(str(exc)))
        except Exception:
            self.playing = False
            self.emit(Failed(traceback.format_exc()))
        self._dirty = True

    def tick(self) -> float | None:
        """Step for at most a slice, send a snapshot if one is due; seconds until the next call (None: idle)."""
        if self.engine is None and self.swarm is None:
            return None
        try:
            if self.swarm is not None:
                self._advance_swarm()
            else:
                self._advance()
            self._maybe_emit()
        except Exception:
            self.playing = False
            self.emit(Failed(traceback.format_exc()))
        if self.swarm is not None:
            lagging = self.swarm.lagging()
            busy = lagging or (self.playing and self.swarm.any_alive())
        else:
            lagging = self.engine.lagging()
            busy = lagging or (self.playing and any(run.live for run in self.engine.runs))
        if lagging or (busy and self.speed is None):
            return 0.0
        if busy and self.speed <= ONE_BY_ONE_SPEED and not lagging:
            return self._next_step_in()
        if busy:
            return max(0.001, min(0.015, 0.5 / max(self.speed, 1)))
        if self._dirty:
            return FRAME_S  # deliver what is left once the window is ready
        return None

    def _apply(self, command: object) -> None:
        engine = self.engine
        match command:
            case Load(serial, scenario, target):
                self._load(scenario)
                self.serial = serial
                self.engine.target = target
                for run in self.engine.runs:  # a kept run ahead of the new step count starts over
                    if run.t > target:
                        run.restart(self.engine.start_point)
                self._sent.clear()
            case SwarmSetup():
                from adamviz.core.swarm import SwarmMode

                self.swarm = SwarmMode(command)
                self.serial = command.serial
                self._credit = 0.0
            case SwarmOff():
                self.swarm = None
                self._sent = weakref.WeakKeyDictionary()  # the window starts the runs over
            case SweepRequest(serial, scenario, optimizers, steps):
                from adamviz.core.sweep import sweep_request

                self.emit(sweep_request(serial, scenario, optimizers, steps))
            case BatchRequest(serial, settings, seed, rng):
                from adamviz.core.batches import compare_batch_sizes
                from adamviz.core.problems import DataError

                try:
                    self.emit(BatchDone(serial, compare_batch_sizes(settings, seed=seed, rng=rng)))
                except (ValueError, DataError) as exc:
                    self.emit(BatchDone(serial, None, str(exc)))
            case StepBy(steps) if self.swarm is not None:
                self.swarm.target += steps
            case Reset() if self.swarm is not None:
                self.swarm.restart()
                self._credit = 0.0
            case _ if engine is None:
                return
            case SetHyper(optimizer, values):
                from adamviz.core.engine import TORCH_DEFAULTS

                for index, run in enumerate(engine.runs):
                    if run.spec.optimizer == optimizer:
                        if run.spec.concise == TORCH_DEFAULTS:  # its ε stays torch's own
                            own = dict(run.optimizer.torch_defaults)
                            values = {k: v for k, v in values.items() if k not in own}
                            if not values:
                                continue
                        engine.set_hyperparams(index, values)
            case SetStart(point):
                engine.set_start(point)
            case Play(playing):
                self.playing = playing
                self._credit = 0.0
                self._last_tick = time.perf_counter()
            case Speed(steps_per_s):
                self.speed = steps_per_s
                self._credit = min(self._credit, 1.0)
            case StepBy(steps):
                engine.target += steps
            case Reset():
                engine.reset()
                self._credit = 0.0
            case Select(key):
                self.selected = key
            case _:
                raise TypeError(f"unknown command {command!r}")

    def _load(self, scenario: Scenario) -> None:
        from adamviz.core.engine import Engine
        from adamviz.core.optimizer_files import ensure_loaded

        for ref in scenario.optimizer_files:  # a user's file: read here, run only in this process
            ensure_loaded(ref)
        engine, problem = self.engine, scenario.problem_object()
        same_place = (
            engine is not None and engine.problem is problem and engine.seed == scenario.seed
            and np.array_equal(engine.start_point, problem.initial_point(scenario.seed, scenario.start))
        )
        if same_place:
            engine.set_runs(scenario.run_specs())
        else:
            self.engine = Engine(problem, scenario.run_specs(), seed=scenario.seed, start=scenario.start)

    def _advance(self) -> None:
        engine = self.engine
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        deadline = self._slice_end(now)
        if engine.lagging():
            self._sync_until(deadline)
            return
        if not self.playing or not any(run.live for run in engine.runs):
            self._credit = 0.0
            return
        if self.speed is None:
            while time.perf_counter() < deadline:
                engine.target += self._chunk(deadline)
                self._sync_until(deadline)
            return
        due = self._due_steps(elapsed)
        if due:
            engine.target += due
            self._sync_until(deadline)

    def _advance_swarm(self) -> None:
        swarm = self.swarm
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        deadline = self._slice_end(now)
        if self.playing and swarm.any_alive() and not swarm.lagging():
            if self.speed is None:
                swarm.target += 1_000_000  # as far as the time allows; the target is trimmed below
            else:
                swarm.target += self._due_steps(elapsed)
        while swarm.lagging() and time.perf_counter() < deadline:
            # As many steps as fit before the deadline: a step of 10,000 starts takes about a millisecond,
            # and a fixed 64 of them made every frame wait 60 ms.
            remaining = max(deadline - time.perf_counter(), 0.001)
            steps = max(1, min(swarm.target - swarm.swarm.t, 64, int(remaining / self._swarm_step_cost)))
            began = time.perf_counter()
            swarm.step(steps)
            self._swarm_step_cost = 0.7 * self._swarm_step_cost + 0.3 * (time.perf_counter() - began) / steps
            self._dirty = True
        if self.speed is None and self.playing:
            swarm.target = swarm.swarm.t

    def _due_steps(self, elapsed: float) -> int:
        """The steps the clock owes after ``elapsed`` seconds of playing at ``self.speed``.

        At a legible speed, one at a time and none while the last is still unsent: a window that
        stalls for half a second (a busy machine, a GC pause) would otherwise get a dozen steps in
        one frame, and the step-by-step panel would skip the ones a class was watching.
        """
        if self.speed <= ONE_BY_ONE_SPEED:
            self._credit = min(self._credit + elapsed * self.speed, 1.5)
            due = 0 if self._dirty else min(int(self._credit), 1)
        else:
            self._credit = min(self._credit + elapsed * self.speed, max(2.0, self.speed * 0.25))
            due = int(self._credit)
        self._credit -= due
        return due

    def _next_step_in(self) -> float:
        """Stepping one by one: seconds until the next step falls due, or sooner, until the frame that sends
        the last one may go out (a fixed tick would let each step wait a tick for its frame and lose time)."""
        wait = (1.0 - self._credit) / self.speed
        if self._dirty:
            wait = min(wait, self._last_emit + FRAME_S - time.perf_counter())
        return max(0.001, min(wait, 0.015))

    def _slice_end(self, now: float) -> float:
        """When this slice of stepping ends: after SLICE_S, or sooner when a frame falls due.

        A frame goes out only between slices, so without the cut a 10 ms slice would make
        the window wait for the second slice after each frame (~21 ms: 46 frames a second
        instead of 60). Replays are drawn a few times a second and take whole slices.
        """
        end = now + SLICE_S
        if self._in_flight >= MAX_IN_FLIGHT:
            return end  # no frame can go out before the window acknowledges one
        lagging = self.swarm.lagging() if self.swarm is not None else self.engine.lagging()
        if lagging and self.swarm is None:
            return end
        return min(end, max(self._last_emit + FRAME_S, now + MIN_SLICE_S))

    def _chunk(self, deadline: float) -> int:
        live = max(1, sum(run.live for run in self.engine.runs))
        remaining = max(deadline - time.perf_counter(), 0.001)
        return max(1, min(4096, int(remaining / (self._step_cost * live))))

    def _sync_until(self, deadline: float) -> None:
        """Bring runs towards the target in slices, measuring the cost of a step to size the next."""
        engine = self.engine
        while engine.lagging() and time.perf_counter() < deadline:
            before = sum(run.t for run in engine.runs)
            began = time.perf_counter()
            engine.sync(max_steps=self._chunk(deadline))
            taken = sum(run.t for run in engine.runs) - before
            if taken > 0:
                cost = (time.perf_counter() - began) / taken
                self._step_cost = 0.7 * self._step_cost + 0.3 * cost
            self._dirty = True

    # ------------------------------------------------------------ snapshots (worker thread)

    def _maybe_emit(self) -> None:
        now = time.perf_counter()
        lagging = self.swarm.lagging() if self.swarm is not None else self.engine.lagging()
        interval = REPLAY_FRAME_S if lagging and self.swarm is None else FRAME_S
        if not self._dirty or self._in_flight >= MAX_IN_FLIGHT or now - self._last_emit < interval:
            return
        self._in_flight += 1
        self._last_emit = now
        self._dirty = False
        self.emit(self.swarm.snapshot(self.serial, self.playing) if self.swarm is not None else self._build_snapshot())

    def _build_snapshot(self) -> Snapshot:
        engine = self.engine
        updates = []
        for run in engine.runs:
            generation, sent = self._sent.get(run, (None, 0))
            start = sent if generation == run.generation else 0
            size = run.t + 1
            updates.append(RunUpdate(
                key=(run.spec.optimizer, run.spec.concise), generation=run.generation, start=start,
                points=run.points[start:size].copy(), losses=run.losses[start:size].copy(),
                diverged_at=run.diverged_at, stop_reason=run.stop_reason, hyperparams=dict(run.hyperparams),
                stop_message=run.stop_message,
            ))
            self._sent[run] = (run.generation, size)
        return Snapshot(self.serial, engine.target, updates, self.playing, engine.lagging(), self._parts())

    def _parts(self) -> StepParts | None:
        from adamviz.core.arrays import flat_copies

        for run in self.engine.runs:
            if (run.spec.optimizer, run.spec.concise) != self.selected or run.last_parts is None or run.t < 1:
                continue
            if not run.live:  # its last parts belong to the step that blew up
                return None
            parts = {
                name: (value if isinstance(value, float) else np.concatenate(flat_copies(value)))
                for name, value in run.last_parts.items()
            }
            return StepParts(self.selected, run.t, run.points[run.t - 1].copy(), run.points[run.t].copy(),
                             parts, dict(run.hyperparams_at(run.t)), run.spec.schedule)
        return None


def serve(commands, results, preload_torch: bool = True) -> None:
    """A worker process's main loop: commands arrive on ``commands``, results leave on ``results``.

    Both are one-way multiprocessing connections. Ends on Stop, or when the
    window's end of the pipe closes (the window died). ``preload_torch``: load
    torch in the first quiet second (off for scripted pictures, which end soon).
    """
    one_thread_torch()
    host = EngineHost(results.send)
    delay: float | None = None
    quiet_since = time.perf_counter()
    try:
        results.send(Ready())  # a window that closed at once has already gone: nothing to say, no traceback
        while True:
            wait = 0.5 if delay is None else delay
            if preload_torch and delay is None and "torch" not in sys.modules and host.engine is not None:
                # Load torch, which the airfoil, your own functions and torch.optim's runs need, once
                # nothing has happened for a while, rather than when one of them is asked for. The bowls
                # never wait for it (they step on numpy), nor does the window's opening flurry of commands.
                wait = max(0.0, min(wait, quiet_since + TORCH_AFTER_QUIET_S - time.perf_counter()))
                if wait == 0.0 and not commands.poll(0):
                    import torch  # noqa: F401
            if commands.poll(wait):
                while commands.poll(0):  # everything that is there, in order, before stepping
                    command = commands.recv()
                    if isinstance(command, Stop):
                        return
                    host.handle(command)
                quiet_since = time.perf_counter()
            delay = host.tick()
            if delay is not None:
                quiet_since = time.perf_counter()
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return


def one_thread_torch() -> None:
    """Torch with one intra-op thread, whenever it loads: its tensors here are too small to split."""
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    else:
        os.environ["OMP_NUM_THREADS"] = "1"  # read once, when torch loads


def serve_pipes(commands_fd: int, results_fd: int, preload_torch: bool = True) -> int:
    """The window's engine process on two inherited pipe ends (see ``adamviz.engine_process``).

    Pipe ends rather than multiprocessing's spawn, which would re-import the
    caller's main module in the child.
    """
    from multiprocessing.connection import Connection

    serve(Connection(commands_fd, writable=False), Connection(results_fd, readable=False), preload_torch)
    return 0

