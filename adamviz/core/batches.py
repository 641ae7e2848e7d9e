"""§7.3's comparison of minibatch sizes: SGD on the airfoil with batches of 1500 (gradient descent), 100, 10 and 1,
each at its own η, its loss against the examples it has processed and against the time it took.

The chapter compares them by time as well as by loss, and its English edition plots the loss against seconds on a
log axis: a step on one example is cheap, but it takes 1500 of them for an epoch. Each size runs on its own, in one
engine, timed epoch by epoch (the seconds are this machine's, and differ from run to run; the losses do not).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.problems.airfoil import KEPT_ROWS, check_batch_size
from adamviz.core.text import translate

CHAPTER = ((1500, 1.0, 6), (1, 0.005, 2), (100, 0.4, 2), (10, 0.05, 2))
"""(batch size, η, epochs): §7.3's runs, full-batch GD first; the English edition's batches of 100."""
MAX_SETTINGS = 8


@dataclass
class BatchRun:
    batch_size: int
    lr: float
    epochs: int
    steps_per_epoch: int
    examples: np.ndarray
    """(steps + 1,): the examples processed before each recorded loss (0 at the start)."""
    seconds: np.ndarray
    """(steps + 1,): the time taken before each loss, the measured time of each epoch spread over its steps."""
    losses: np.ndarray
    """(steps + 1,): the full-data loss at the start and after every step."""
    seconds_per_epoch: float
    """The last epoch's time, as the book prints it ("sec per epoch")."""

    @property
    def label(self) -> str:
        """The run in the plot's legend, in the window's language: "batch size 100, η = 0.4"."""
        if self.batch_size >= KEPT_ROWS:
            return translate("batches", "gradient descent, η = {lr:g}").format(lr=self.lr)
        if self.batch_size == 1:
            return translate("batches", "SGD, η = {lr:g}").format(lr=self.lr)
        return translate("batches", "batch size {size}, η = {lr:g}").format(size=self.batch_size, lr=self.lr)


@dataclass
class BatchComparison:
    optimizer: str
    seed: int
    rng: str
    floor: float
    runs: list[BatchRun] = field(default_factory=list)


def parse_setting(text: str) -> tuple[int, float, int]:
    """"100:0.4" or "1500:1:6" as (size, η, epochs), 2 epochs unless given; ValueError (one line) otherwise."""
    parts = text.strip().split(":")
    message = translate("batches", "{setting!r} is not SIZE:LR or SIZE:LR:EPOCHS (e.g. 100:0.4 or 1500:1:6)").format(
        setting=text.strip())
    if len(parts) not in (2, 3):
        raise ValueError(message)
    try:
        return int(parts[0]), float(parts[1]), int(parts[2]) if len(parts) == 3 else 2
    except ValueError:
        raise ValueError(message) from None


def parse_settings(text: str) -> tuple[tuple[int, float, int], ...]:
    """Settings written as the window's field takes them, "1500:1:6, 1:0.005, 100:0.4", checked."""
    return check_settings(parse_setting(piece) for piece in text.split(",") if piece.strip())


def settings_text(settings) -> str:
    """The settings as ``parse_settings`` reads them (the epochs only where they are not 2)."""
    return ", ".join(f"{size}:{lr:g}" + (f":{epochs}" if epochs != 2 else "") for size, lr, epochs in settings)


def check_settings(settings) -> tuple[tuple[int, float, int], ...]:
    """``settings`` as (size, η, epochs) triples, each checked; ValueError (one line) otherwise."""
    settings = tuple(settings)
    if not 1 <= len(settings) <= MAX_SETTINGS:
        raise ValueError(translate("batches", "a comparison runs 1 to {most} batch sizes, not {count}").format(
            most=MAX_SETTINGS, count=len(settings)))
    checked = []
    for size, lr, epochs in settings:
        size = check_batch_size(size)
        if not (isinstance(lr, (int, float)) and np.isfinite(lr) and 0 < lr <= 10):
            raise ValueError(translate("batches", "η for batches of {size} must be above 0 and at most 10, not {lr!r}")
                             .format(size=size, lr=lr))
        if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= 100:
            raise ValueError(translate("batches", "epochs for batches of {size} must be a whole number from 1 to 100, "
                                       "not {epochs!r}").format(size=size, epochs=epochs))
        checked.append((size, float(lr), epochs))
    return tuple(checked)


def compare_batch_sizes(settings=CHAPTER, *, optimizer: str = "sgd", seed: int = 0, rng: str = "adamviz",
                        hyperparams: dict | None = None) -> BatchComparison:
    """Run ``optimizer`` on the airfoil once per (batch size, η, epochs), timed; see the module text."""
    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import check_rng

    settings = check_settings(settings)
    base = get_problem("airfoil")
    check_rng(rng, base, seed)
    if rng == "book":
        base = base.book_numbers()
    comparison = BatchComparison(optimizer, seed, rng, float(base.floor))
    for size, lr, epochs in settings:
        problem = base.with_batch_size(size)
        per_epoch = problem.steps_per_epoch
        engine = Engine(problem, [RunSpec(optimizer, {**(hyperparams or {}), "lr": lr})], seed=seed)
        engine.step(1)  # torch's first call sets itself up: not a cost of the batch size
        engine.reset()
        epoch_seconds = []
        for _ in range(epochs):
            began = time.perf_counter()
            engine.step(per_epoch)
            epoch_seconds.append(time.perf_counter() - began)
        run = engine.runs[0]
        sizes = np.minimum(size, KEPT_ROWS - (np.arange(per_epoch) * size))  # the last batch is what is left
        per_step = np.concatenate([[0], np.tile(sizes, epochs)])[: run.t + 1]
        step_seconds = np.concatenate([[0.0], np.repeat(np.array(epoch_seconds) / per_epoch, per_epoch)])
        comparison.runs.append(BatchRun(
            batch_size=size, lr=lr, epochs=epochs, steps_per_epoch=per_epoch,
            examples=np.cumsum(per_step).astype(np.int64), seconds=np.cumsum(step_seconds[: run.t + 1]),
            losses=run.losses.copy(), seconds_per_epoch=epoch_seconds[-1],
        ))
    return comparison


def comparison_dict(comparison: BatchComparison) -> dict:
    """`adamviz batches`' JSON: {"problem", "optimizer", "seed", "rng", "floor", "runs": [{batch_size, lr, epochs,
    steps_per_epoch, seconds_per_epoch, examples, seconds, losses}]}."""
    return {
        "problem": "airfoil", "optimizer": comparison.optimizer, "seed": comparison.seed, "rng": comparison.rng,
        "floor": comparison.floor,
        "runs": [{"batch_size": run.batch_size, "lr": run.lr, "epochs": run.epochs,
                  "steps_per_epoch": run.steps_per_epoch, "seconds_per_epoch": run.seconds_per_epoch,
                  "examples": run.examples.tolist(), "seconds": run.seconds.tolist(), "losses": run.losses.tolist()}
                 for run in comparison.runs],
    }


def comparison_csv_rows(comparison: BatchComparison):
    """Header, then one row per size and step."""
    yield ["batch_size", "lr", "step", "epoch", "examples", "seconds", "loss"]
    for run in comparison.runs:
        for step, (examples, seconds, loss) in enumerate(zip(run.examples.tolist(), run.seconds.tolist(),
                                                             run.losses.tolist(), strict=True)):
            yield [str(run.batch_size), repr(run.lr), str(step), repr(step / run.steps_per_epoch), str(examples),
                   repr(seconds), repr(loss)]
