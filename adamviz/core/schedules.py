"""Learning-rate schedules: ηₜ, the learning rate of step t = 1, 2, …, from a run's η and a short spec.

Each is torch.optim.lr_scheduler's class of the same name, written as its closed form, with
``scheduler.step()`` called after every ``optimizer.step()`` (so step t is the scheduler's epoch t − 1):

* ``step:K:G``     ηₜ = η·G^⌊(t−1)/K⌋                          (StepLR(step_size=K, gamma=G))
* ``exp:G``        ηₜ = η·G^(t−1)                               (ExponentialLR(gamma=G))
* ``cosine:T[:M]`` ηₜ = M + (η − M)·(1 + cos(π·(t−1)/T))/2      (CosineAnnealingLR(T_max=T, eta_min=M));
  like torch's, it rises again after T steps (its period is 2T)
* ``warmup:W``     ηₜ = η·min(t, W)/W                           (LinearLR(start_factor=1/W, total_iters=W−1))
* ``warmup:W,S``   the warm-up, then S (one of the above) from step W + 1 on as if it started there
                   (SequentialLR([LinearLR, S], milestones=[W]))

``constant`` (or nothing) is no schedule. A torch.optim twin runs torch's own classes
(``Schedule.torch_scheduler``); tests check that they give the same ηₜ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from adamviz.core.text import QT_TRANSLATE_NOOP, translate, translated

CONSTANT = "constant"
MAX_STEPS = 10**7
EXAMPLES = "step:K:G, exp:G, cosine:T[:MIN], warmup:W, or warmup:W,cosine:T"
SHAPES = {"step": QT_TRANSLATE_NOOP("schedules", "write step:K:G, not {piece!r}"),
          "exp": QT_TRANSLATE_NOOP("schedules", "write exp:G, not {piece!r}"),
          "cosine": QT_TRANSLATE_NOOP("schedules", "write cosine:T or cosine:T:MIN, not {piece!r}"),
          "warmup": QT_TRANSLATE_NOOP("schedules", "write warmup:W, first, not {piece!r}")}
"""What a schedule of each kind is written as, said when one is not (English: show it through translated)."""


@dataclass(frozen=True)
class Schedule:
    kind: str
    """"step", "exp", "cosine" or "" (a warm-up alone)."""
    args: tuple[float, ...] = ()
    warmup: int = 0

    @property
    def text(self) -> str:
        """The spec, written the one way (what sessions, the JSON and the legend say)."""
        args = self.args[:1] if self.kind == "cosine" and self.args[1] == 0 else self.args
        main = ":".join([self.kind, *(_number(a) for a in args)]) if self.kind else ""
        head = f"warmup:{self.warmup}" if self.warmup else ""
        return ",".join(part for part in (head, main) if part)

    def describe(self) -> str:
        """What it does, in words, for the window and the legend (in the window's language)."""
        warmup = main = ""
        if self.warmup:
            warmup = translate("schedules", "linear warm-up over {steps}").format(steps=_steps(self.warmup))
        if self.kind == "step":
            steps, gamma = self.args
            main = translate("schedules", "× {factor} every {steps}").format(factor=_number(gamma),
                                                                              steps=_steps(steps))
        elif self.kind == "exp":
            main = translate("schedules", "× {factor} every step").format(factor=_number(self.args[0]))
        elif self.kind == "cosine":
            period, low = self.args
            main = translate("schedules", "cosine to {low} over {steps}").format(low=_number(low),
                                                                                  steps=_steps(period))
        if warmup and main:
            return translate("schedules", "{warmup}, then {schedule}").format(warmup=warmup, schedule=main)
        return warmup or main

    def lr(self, base, t: int):
        """ηₜ for a base η (a number, or an array of them: the sweep's); t = 1 at the first step."""
        if self.warmup and t <= self.warmup:
            return base * t / self.warmup
        epoch = t - 1 - self.warmup
        if self.kind == "step":
            steps, gamma = self.args
            return base * gamma ** (epoch // int(steps))
        if self.kind == "exp":
            return base * self.args[0] ** epoch
        if self.kind == "cosine":
            period, low = self.args
            return low + (base - low) * (1 + math.cos(math.pi * epoch / period)) / 2
        return base

    def lrs(self, base: float, steps: int) -> np.ndarray:
        """η₁ … η_steps, for drawing η(t)."""
        return np.array([self.lr(base, t) for t in range(1, steps + 1)], dtype=np.float64)

    def torch_scheduler(self, optimizer):
        """torch.optim.lr_scheduler's own scheduler for ``optimizer``, to step after each of its steps."""
        from torch.optim import lr_scheduler

        main = None
        if self.kind == "step":
            main = lr_scheduler.StepLR(optimizer, step_size=int(self.args[0]), gamma=self.args[1])
        elif self.kind == "exp":
            main = lr_scheduler.ExponentialLR(optimizer, gamma=self.args[0])
        elif self.kind == "cosine":
            main = lr_scheduler.CosineAnnealingLR(optimizer, T_max=int(self.args[0]), eta_min=self.args[1])
        if not self.warmup:
            return main
        warmup = lr_scheduler.LinearLR(optimizer, start_factor=1 / self.warmup, end_factor=1.0,
                                       total_iters=self.warmup - 1)
        if main is None:
            return warmup
        return lr_scheduler.SequentialLR(optimizer, [warmup, main], milestones=[self.warmup])


def scheduled(hyperparams: dict, schedule: Schedule | None, t: int) -> dict:
    """``hyperparams`` with ηₜ for η at step ``t`` under ``schedule`` (None: ``hyperparams`` themselves)."""
    if schedule is None:
        return hyperparams
    return {**hyperparams, "lr": schedule.lr(hyperparams["lr"], t)}


def parse_schedule(text: str | None) -> Schedule | None:
    """The schedule ``text`` names, None for a constant η; ValueError with one line otherwise."""
    spec = (text or "").strip().lower().replace(" ", "")
    if spec in ("", CONSTANT):
        return None
    pieces = spec.split(",")
    if len(pieces) > 2:
        raise ValueError(_not_a_schedule(text))
    warmup = 0
    if pieces[0].startswith("warmup"):
        head = pieces.pop(0).split(":")
        if len(head) != 2:
            raise ValueError(translate("schedules", "a warm-up is warmup:W, its length in steps, not {text!r}")
                             .format(text=text))
        warmup = _whole(head[1], translate("schedules", "a warm-up's W"), text)
    elif len(pieces) == 2:
        raise ValueError(translate("schedules", "only a warm-up comes first in a schedule (warmup:W,cosine:T), "
                                   "not {text!r}").format(text=text))
    if not pieces:
        return Schedule("", (), warmup)
    kind, *args = pieces[0].split(":")
    if kind == "step" and len(args) == 2:
        return Schedule("step", (float(_whole(args[0], translate("schedules", "step's K"), text)),
                                 _factor(args[1], translate("schedules", "step's G"), text)), warmup)
    if kind == "exp" and len(args) == 1:
        return Schedule("exp", (_factor(args[0], translate("schedules", "exp's G"), text),), warmup)
    if kind == "cosine" and len(args) in (1, 2):
        low = _number_in(args[1], translate("schedules", "cosine's MIN"), text) if len(args) == 2 else 0.0
        if low < 0:
            raise ValueError(translate("schedules", "cosine's MIN is a learning rate ≥ 0, not {value} (in {text!r})")
                             .format(value=args[1], text=text))
        return Schedule("cosine", (float(_whole(args[0], translate("schedules", "cosine's T"), text)), low), warmup)
    if kind in SHAPES:
        raise ValueError(translated("schedules", SHAPES[kind]).format(piece=pieces[0]))
    raise ValueError(_not_a_schedule(text))


def _not_a_schedule(text: str | None) -> str:
    return translate("schedules", "a schedule is one of {examples}, not {text!r}").format(examples=EXAMPLES,
                                                                                          text=text)


def schedule_text(text: str | None) -> str:
    """``text`` checked and written the one way ("" for a constant η); ValueError otherwise."""
    schedule = parse_schedule(text)
    return schedule.text if schedule else ""


def _steps(count: float) -> str:
    if int(count) == 1:
        return translate("schedules", "1 step")
    return translate("schedules", "{count} steps").format(count=int(count))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _number_in(text: str, what: str, whole: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(translate("schedules", "{what} must be a number, not {text!r} (in {whole!r})")
                         .format(what=what, text=text, whole=whole)) from None
    if not math.isfinite(value):
        raise ValueError(translate("schedules", "{what} must be finite, not {text} (in {whole!r})")
                         .format(what=what, text=text, whole=whole))
    return value


def _factor(text: str, what: str, whole: str) -> float:
    value = _number_in(text, what, whole)
    if not 0 < value <= 10:
        raise ValueError(translate("schedules", "{what} is a factor above 0 and at most 10, not {text} (in {whole!r})")
                         .format(what=what, text=text, whole=whole))
    return value


def _whole(text: str, what: str, whole: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(translate("schedules", "{what} must be a whole number of steps, not {text!r} (in {whole!r})")
                         .format(what=what, text=text, whole=whole)) from None
    if not 1 <= value <= MAX_STEPS:
        raise ValueError(translate("schedules", "{what} must be between 1 and {most:,} steps, not {value} "
                                   "(in {whole!r})").format(what=what, most=MAX_STEPS, value=value, whole=whole))
    return value
