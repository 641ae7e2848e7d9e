"""The model's intents about the optimizer rows (on or off, torch.optim's twin, values, η's schedule, a user's
file): AppModel has them from here. Each changes the scenario's runs and tells the engine and the views."""

from __future__ import annotations

from dataclasses import replace

from adamviz.core import messages as cmd
from adamviz.core.optimizers import get_optimizer
from adamviz.core.scenario import with_file_runs
from adamviz.core.text import translate


class RunIntents:
    """Mixed into AppModel, which provides ``scenario``, ``runs``, ``events``, ``swarm``, ``_send`` and the
    rest of what a change of runs needs."""

    def _edit_run(self, optimizer: str, **changes) -> None:
        runs = [replace(s, **changes) if s.optimizer == optimizer else s for s in self.scenario.runs]
        self.scenario = replace(self.scenario, runs=runs, title="")
        self.preset = None

    def set_run_enabled(self, optimizer: str, on: bool) -> None:
        self._edit_run(optimizer, enabled=on)
        self._structure_changed()

    def set_concise(self, optimizer: str, on: bool) -> None:
        self._edit_run(optimizer, concise=on)
        self._structure_changed()

    def set_concise_defaults(self, optimizer: str, on: bool) -> None:
        """torch.optim's version at torch's own ε (as the chapter's concise cells call it) beside the scratch run."""
        self._edit_run(optimizer, concise_defaults=on)
        self._structure_changed()

    def set_schedule(self, optimizer: str, text: str) -> str | None:
        """η's schedule for ``optimizer``'s runs ("" or "constant": none); they replay from the start. A
        schedule that cannot be is refused: the message (for beside the field), and nothing changes."""
        from adamviz.core.scenario import check_schedule

        try:
            schedule = check_schedule(text, get_optimizer(optimizer))
        except ValueError as exc:
            return str(exc)
        if schedule != next(s.schedule for s in self.scenario.runs if s.optimizer == optimizer):
            self._edit_run(optimizer, schedule=schedule)
            self._structure_changed()
            self.runs.relabel(self.scenario, optimizer)
            self.events.labels.emit(optimizer)
            if self.swarm.on and self.swarm.optimizer == optimizer:
                self._swarm_changed()
        return None

    def schedules(self) -> dict:
        """{(optimizer, False): (Schedule, η)} for the running optimizers whose η is scheduled."""
        from adamviz.core.schedules import parse_schedule

        return {(s.optimizer, False): (parse_schedule(s.schedule), float(s.hyperparams["lr"]))
                for s in self.scenario.runs if s.enabled and s.schedule}

    def _structure_changed(self) -> None:
        """Runs were switched on or off: the engine keeps the unchanged ones and adds the new."""
        self.serial += 1
        self.waiting = True
        self.runs.set_scenario(self.scenario, keep_tracks=True)
        self._send(cmd.Load(self.serial, self.scenario, self.step))
        self._select_default_run()
        self.events.runs.emit()

    def load_optimizer_file(self, path: str) -> bool:
        """Race a user's optimizer file: read here (never run: that is the engine's), its run switched on.
        A file that cannot be one is explained and nothing changes; the same file again is read afresh."""
        from adamviz.core.optimizer_files import OptimizerFileError, load_optimizer_file

        try:
            name = load_optimizer_file(path).name
            scenario = with_file_runs(self.scenario, [name])
        except (OptimizerFileError, ValueError) as exc:
            self.show_message(str(exc))
            return False
        self.scenario = replace(scenario, title="")
        self.preset = None
        self.events.scenario.emit(False)
        self._structure_changed()
        self.show_message(translate("run_edits", "loaded {optimizer}: its run is called {name} "
                                                 "(it runs in the engine process)").format(
            optimizer=get_optimizer(name).shown_title, name=name), error=False)
        return True

    def hyperparams(self, optimizer: str) -> dict[str, float]:
        return dict(next(s for s in self.scenario.runs if s.optimizer == optimizer).hyperparams)

    def set_hyper(self, optimizer: str, name: str, value: float) -> None:
        """A new value (already validated by its control): that optimizer's runs replay from the start."""
        self._edit_run(optimizer, hyperparams={**self.hyperparams(optimizer), name: value})
        self.runs.relabel(self.scenario, optimizer)
        self._send(cmd.SetHyper(optimizer, {name: value}))
        self.events.labels.emit(optimizer)
        if self.swarm.on and self.swarm.optimizer == optimizer:
            self._swarm_changed()

