"""The model's intents about how things are shown (theme, presentation mode, panels, help, overlays,
the loss axis, the airfoil's plane): AppModel has them from here. They change only ``view`` (a
model.state.ViewState) and announce it; none of them touches the scenario or the engine."""

from __future__ import annotations


class ShowingIntents:
    """Mixed into AppModel, which provides ``view``, ``events`` and ``problem``."""

    def _view_changed(self) -> None:
        self.events.view.emit()

    def set_dark(self, dark: bool) -> None:
        self.view.dark = bool(dark)
        self._view_changed()

    def set_presenting(self, presenting: bool) -> None:
        view = self.view
        if presenting == view.presenting:
            return
        if presenting:  # the views are what the room looks at: the controls step aside (C brings them back)
            view.panels_before = (view.controls_shown, view.steps_shown)
            view.controls_shown = False
        elif view.panels_before is not None:
            view.controls_shown, view.steps_shown = view.panels_before
        view.presenting = presenting
        view.help_shown = False
        self._view_changed()

    def toggle_presenting(self) -> None:
        self.set_presenting(not self.view.presenting)

    def set_controls_shown(self, shown: bool) -> None:
        self.view.controls_shown = bool(shown)
        self._view_changed()

    def set_steps_shown(self, shown: bool) -> None:
        self.view.steps_shown = bool(shown)
        self._view_changed()

    def set_help_shown(self, shown: bool) -> None:
        self.view.help_shown = bool(shown)
        self._view_changed()

    def escape(self) -> None:
        """Esc: close the help if it is open, else leave presentation mode."""
        if self.view.help_shown:
            self.set_help_shown(False)
        elif self.view.presenting:
            self.set_presenting(False)

    def set_overlay(self, name: str, shown: bool) -> None:
        self.view.overlays[name] = bool(shown)
        self._view_changed()

    def set_loss_by_epoch(self, by_epoch: bool) -> None:
        self.view.loss_by_epoch = bool(by_epoch and self.problem.steps_per_epoch)
        self._view_changed()

    def set_plane(self, plane: tuple[int, int] | None) -> None:
        self.view.plane = None if plane is None else (int(plane[0]), int(plane[1]))
        self._view_changed()
