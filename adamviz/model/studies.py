"""The model's studies, each a computation the engine's process runs on request and the window shows in a dialog:
the learning-rate sweep, and §7.3's comparison of minibatch sizes. AppModel has them from here."""

from __future__ import annotations

from adamviz.core import messages as cmd
from adamviz.core.optimizers import get_optimizer
from adamviz.core.text import translate


class StudyIntents:
    """Mixed into AppModel, which provides ``scenario``, ``problem``, ``step``, ``events``, ``_send``,
    ``set_hyper``, ``show_message`` and the serials."""

    def sweepable(self) -> list[str]:
        return [s.optimizer for s in self.scenario.runs
                if s.enabled and "lr" in {hp.name for hp in get_optimizer(s.optimizer).hyperparams}]

    def request_sweep(self) -> bool:
        """Ask the engine for the final loss against η of every running optimizer that has an η."""
        names = self.sweepable()
        if not names:
            self.show_message(translate("studies", "Nothing to sweep: switch on an optimizer with a learning rate "
                                                   "(AdaDelta has none)."))
            return False
        from adamviz.core.sweep import SWEEP_MAX_STEPS

        steps = min(max(self.step, self.problem.default_steps), SWEEP_MAX_STEPS)
        self._sweep_serial += 1
        self.events.sweep_started.emit(self.problem.title, steps)
        self._send(cmd.SweepRequest(self._sweep_serial, self.scenario, names, steps))
        return True

    def receive_sweep(self, done: cmd.SweepDone | cmd.BatchDone) -> None:
        """A study's result from the engine (the sweep's, or the batch sizes')."""
        if isinstance(done, cmd.BatchDone):
            self.receive_batches(done)
            return
        if done.serial != self._sweep_serial:
            return
        current = {s.optimizer: s.hyperparams["lr"] for s in self.scenario.runs if "lr" in s.hyperparams}
        self.events.sweep_done.emit(done, current, self.problem.title)

    def choose_lr(self, optimizer: str, lr: float) -> None:
        """The η of a point of the sweep: that optimizer's runs replay with it, the sweep is drawn again."""
        self.set_hyper(optimizer, "lr", float(lr))
        self.request_sweep()

    # ------------------------------------------------------------ minibatch sizes (§7.3)

    def request_batches(self, settings: str | None = None) -> str | None:
        """Ask the engine for §7.3's comparison: SGD on the airfoil at the chapter's batch sizes, or at
        ``settings`` ("1500:1:6, 100:0.4": size, η and epochs), timed; with this scenario's seed and random
        numbers where it is the airfoil's. Settings that cannot be are refused: the message, and nothing runs."""
        from adamviz.core.batches import CHAPTER, parse_settings

        try:
            chosen = CHAPTER if settings is None else parse_settings(settings)
        except ValueError as exc:
            return str(exc)
        airfoil = hasattr(self.problem, "batch_size")
        seed, rng = (self.scenario.seed, self.scenario.rng) if airfoil else (0, "adamviz")
        self._batches_serial += 1
        self.events.batches_started.emit(chosen)
        self._send(cmd.BatchRequest(self._batches_serial, chosen, seed, rng))
        return None

    def receive_batches(self, done: cmd.BatchDone) -> None:
        if done.serial == self._batches_serial:
            self.events.batches_done.emit(done)
