"""What the window reads out about the current step, as one value: the counter, each run's loss, the
explained run's step and the swarm's state.

The counter, the status line, the step-by-step panel and the step's arrows on
the surface are all drawn from one Readout, taken from the model at one
moment: they cannot show different steps. Qt-free; the texts are plain
(widgets add the colours).
"""

from __future__ import annotations

from dataclasses import dataclass

from adamviz.core.engine import run_title
from adamviz.core.messages import RunKey, StepParts
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.text import declared, join_phrases, translate

SPEEDS: tuple[float | None, ...] = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, None)
"""The speed slider's stops, in steps per second; None: as fast as the machine goes."""
DEFAULT_SPEED = SPEEDS.index(10)
LEGIBLE_SPEED = 50
"""Steps a second up to which every step's numbers are shown and its arrows follow the run."""


def speed_text(speed: float | None) -> str:
    if speed is None:
        return translate("readout", "max speed")
    if speed == 1:
        return translate("readout", "{speed:g} step/s").format(speed=speed)
    return translate("readout", "{speed:g} steps/s").format(speed=speed)


def counter_text(step: int, epoch: float | None = None) -> str:
    """The step counter: "step 300", or "step 300  ·  epoch 2.00" for a problem with epochs."""
    if epoch is None:
        return translate("readout", "step {step}").format(step=step)
    return translate("readout", "step {step}  ·  epoch {epoch:.2f}").format(step=step, epoch=epoch)


def stop_text(step: int, reason: str | None) -> str:
    """Why a run stopped, in the same words everywhere (status line, step panel, pictures)."""
    if reason == "undefined":
        return translate("readout", "stopped at step {step}: not a number").format(step=step)
    if reason == "error":
        return translate("readout", "stopped at step {step}: its code raised an error").format(step=step)
    return translate("readout", "diverged at step {step}").format(step=step)


def stop_explanation(reason: str | None, message: str | None = None) -> str:
    """What to do about a stopped run."""
    if reason == "error":
        message = message or translate("readout", "an error")
        return translate("readout", "{message}. The other runs go on; fix the file and load it again "
                                    "(File → Load optimizer…).").format(message=message)
    if reason == "undefined":
        return translate("readout", "0/0 (ε = 0 where the gradient vanishes), or a point outside where f is defined; "
                                    "its last finite point is where its trajectory ends. Raise ε, move the start, "
                                    "or Reset.")
    return translate("readout", "its last finite point is where its trajectory ends. Lower η, or Reset.")


def format_loss(value: float) -> str:
    return f"{value:.6g}"


@dataclass(frozen=True)
class RunReading:
    """One run's loss at the current step, or why it stopped."""

    key: RunKey
    title: str
    loss: float | None
    """None: nothing received yet."""
    stopped_at: int | None = None
    stop_reason: str | None = None

    @property
    def text(self) -> str:
        if self.stopped_at is not None:
            return stop_text(self.stopped_at, self.stop_reason)
        return "…" if self.loss is None else translate("readout", "loss {loss}").format(loss=format_loss(self.loss))


@dataclass(frozen=True)
class OptimizerReading:
    """An optimizer's scratch run and, if it runs, its torch.optim twin: one entry of the status line."""

    optimizer: str
    scratch: RunReading | None
    twin: RunReading | None
    defaults: RunReading | None = None
    """Its torch.optim version at torch's own ε (the chapter's concise cells), if that runs."""

    @property
    def text(self) -> str:
        first = self.scratch or self.twin or self.defaults
        text = f"{first.title}: {first.text}"
        for other, name in ((self.twin, "torch.optim"), (self.defaults, translate("readout", "torch.optim, its ε"))):
            if other is None or other is first:
                continue
            if other.text == first.text:  # the usual case: say it once
                text = translate("readout", "{text} ({name}: the same)").format(text=text, name=name)
            else:
                stopped = other.stopped_at is not None or other.loss is None
                shown = other.text if stopped else format_loss(other.loss)
                text += f" ({name} {shown})"
        return text


@dataclass(frozen=True)
class SwarmReading:
    optimizer: str
    title: str
    t: int
    particles: int
    alive: int
    arrived: str
    diverged: int
    median_loss: float | None

    @property
    def text(self) -> str:
        return join_phrases(self.pieces())

    def pieces(self) -> list[str]:
        """The text in pieces that read on their own (a status line breaks between them, never inside)."""
        median = "…" if self.median_loss is None else f"{self.median_loss:.4g}"
        return [translate("readout", "swarm of {count} {optimizer}:").format(count=self.particles,
                                                                           optimizer=self.title),
                translate("readout", "{count} running,").format(count=self.alive),
                translate("readout", "{arrived},").format(arrived=self.arrived),
                translate("readout", "{count} diverged;").format(count=self.diverged),
                translate("readout", "median loss {loss}").format(loss=median)]


@dataclass(frozen=True)
class Readout:
    step: int
    """The current step: every text of this readout is about it."""
    counter: str
    runs: tuple[OptimizerReading, ...]
    floor: str | None
    """The loss no run can go below, where the problem knows one ("least-squares floor 0.241…")."""
    explained: RunKey | None
    """The run the step panel explains."""
    parts: StepParts | None
    """Its step's parts, if it took step ``step`` (None before its first step, or once it stopped)."""
    explained_stop: tuple[int, str | None, str | None] | None
    """(step, reason, a user's file's message) of the explained run, once it has stopped."""
    swarm: SwarmReading | None
    engine_ready: bool
    activity: str = ""
    """What the engine is busy with, beside the counter: "replaying…", "computing…" (nothing has arrived
    of the runs just set up), "starting the engine…"."""

    @property
    def status(self) -> str:
        """The status line as plain text (the window adds each optimizer's colour dot)."""
        if self.swarm is not None:
            return self.swarm.text
        if not self.runs:
            return translate("readout", "no optimizer selected")
        parts = [reading.text for reading in self.runs]
        if self.floor:
            parts.append(self.floor)
        return "   ".join(parts)


def readout_of(model) -> Readout:
    """The readout of an AppModel as it is now: its step, every run's loss, the explained run's step parts."""
    problem = model.problem
    swarming = model.swarm.on
    step = model.swarm.t if swarming else model.step
    counter = counter_text(step, step / problem.steps_per_epoch if problem.steps_per_epoch and not swarming else None)
    if not model.engine_ready:
        activity = translate("readout", "starting the engine…")
    elif model.catching_up:
        activity = translate("readout", "replaying…")
    elif model.waiting:
        activity = translate("readout", "computing…")
    else:
        activity = ""
    readings = []
    for optimizer in OPTIMIZERS:
        scratch, twin, defaults = (_reading(model, (optimizer, concise)) for concise in (False, True, "defaults"))
        if scratch is not None or twin is not None or defaults is not None:
            readings.append(OptimizerReading(optimizer, scratch, twin, defaults))
    floor = None
    if problem.floor_known and problem.floor > 0 and problem.floor_label:
        floor = f"{declared(problem.floor_label)} {problem.floor:.6g}"
    explained, parts, stop = model.selected, None, None
    track = model.tracks.get(explained) if explained else None
    if track is not None and track.diverged_at is not None:
        stop = (track.diverged_at, track.stop_reason, track.stop_message)
    elif model.parts is not None and model.parts.key == explained and track is not None and track.t == model.parts.t:
        parts = model.parts
    return Readout(step, counter, tuple(readings), floor, explained, parts, stop,
                   _swarm_reading(model) if swarming else None, model.engine_ready, activity)


def _reading(model, key: RunKey) -> RunReading | None:
    if key not in model.keys:
        return None
    track = model.tracks.get(key)
    title = run_title(*key, shown=True)
    if track is None or track.received == 0:
        return RunReading(key, title, None)
    return RunReading(key, title, track.last_loss, track.diverged_at, track.stop_reason)


def _swarm_reading(model) -> SwarmReading:
    swarm, problem = model.swarm, model.problem
    title = get_optimizer(swarm.optimizer).shown_title
    summary = swarm.summary or {"particles": swarm.count, "alive": swarm.count, "near_floor": 0, "diverged": 0}
    if len(problem.minima):
        arrived = translate("readout", "{count} within 0.001 of the lowest loss").format(count=summary["near_floor"])
    else:  # unbounded below (the saddle): the floor is only the lowest value in the view
        arrived = translate("readout", "{count} below f = {floor:g}").format(count=summary["near_floor"],
                                                                            floor=problem.floor)
    return SwarmReading(swarm.optimizer, title, swarm.t, summary["particles"], summary["alive"], arrived,
                        summary["diverged"], swarm.median_loss)
