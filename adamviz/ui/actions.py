"""Every command of the window, declared once: its text, keys, icon, where it appears and what it does.

The toolbar, the menus, the keyboard shortcuts and the help overlay are all
built from ACTIONS (napari's declarative actions are the pattern), so they can
never disagree. ``trigger`` receives the window (and, for a checkable action,
the new state); ``checked`` reads a checkable action's state from the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

MENUS = ("&File", "&Run", "&View", "&Help")


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    trigger: Callable[..., Any]
    tip: str = ""
    keys: tuple[str, ...] = ()
    help: str | None = None
    """What the help overlay says it does (None: another action's help line covers it)."""
    help_keys: str | None = None
    """How the help overlay writes the keys, when it says more than the first key ("1 – 9")."""
    icon: str | None = None
    checkable: bool = False
    checked: Callable[[Any], bool] | None = None
    menu: str | None = None
    separator: bool = False
    """A separator before it in its menu."""
    bar: int | None = None
    """On the toolbar when there is room: lower numbers first (the rest go to the toolbar's menu)."""
    transport: bool = False
    """One of the toolbar's always-visible buttons."""


def _preset(number: int) -> ActionSpec:
    return ActionSpec(
        f"preset-{number}", f"Preset {number}", lambda w: w.model.choose_preset_number(number),
        keys=(str(number),), help="the chapter's presets" if number == 1 else None,
        help_keys="1 – 9" if number == 1 else None,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    # the runs
    ActionSpec("play", "Play", lambda w: w.model.toggle_play(), tip="play / pause", keys=("Space",),
               help="play / pause", icon="play", menu="&Run", transport=True),
    ActionSpec("step", "Step", lambda w: w.model.step_once(), tip="one step", keys=("Right",), help_keys="→",
               help="one step", icon="step", menu="&Run", transport=True),
    ActionSpec("reset", "Reset", lambda w: w.model.reset(), tip="back to step 0", keys=("R",),
               help="reset to step 0", icon="reset", menu="&Run", transport=True),
    ActionSpec("faster", "Faster", lambda w: w.model.faster(), tip="more steps a second", keys=("+", "="),
               help="faster / slower, from 1 step/s to as fast as the machine goes", help_keys="+  /  −",
               menu="&Run", separator=True),
    ActionSpec("slower", "Slower", lambda w: w.model.slower(), tip="fewer steps a second", keys=("-",),
               menu="&Run"),
    *(_preset(number) for number in range(1, 10)),
    ActionSpec("sweep", "Sweep η", lambda w: w.model.request_sweep(),
               tip="final loss against the learning rate for every optimizer that runs", keys=("Ctrl+L",),
               help="final loss against η for every run; click a point to take that η", menu="&Run",
               separator=True, bar=4),
    ActionSpec("batches", "Compare batch sizes…", lambda w: w.model.request_batches(),
               tip="§7.3: minibatch SGD on the airfoil with batches of 1500, 100, 10 and 1, its loss against time",
               keys=("Ctrl+B",), help="compare minibatch sizes on the airfoil (§7.3)", menu="&Run"),
    # files
    ActionSpec("open", "Open session…", lambda w: w.files.open_session(),
               tip="open a saved setup: problem, runs, hyperparameters, view, theme", keys=("Ctrl+O",),
               help="open / save a session", help_keys="Ctrl+O  /  Ctrl+Shift+S", menu="&File"),
    ActionSpec("load-optimizer", "Load optimizer…", lambda w: w.files.load_optimizer(), keys=("Ctrl+Shift+O",),
               menu="&File", tip="race your own optimizer, a Python file written as the chapter's cells are",
               help="race your own optimizer from a file"),
    ActionSpec("save-session", "Save session…", lambda w: w.files.save_session_as(), keys=("Ctrl+Shift+S",),
               tip="save this setup as a session file", menu="&File"),
    ActionSpec("export", "Export…", lambda w: w.show_export(), keys=("Ctrl+E",),
               tip="a picture (PNG, SVG), an animation (GIF, MP4) or the data (CSV, JSON)",
               help="export a picture, an animation or the data", menu="&File", separator=True, bar=2),
    ActionSpec("screenshot", "Save screenshot", lambda w: w.files.save_screenshot(), keys=("Ctrl+S",),
               tip="save the whole window as a PNG", help="save a screenshot of the window", menu="&File", bar=3),
    ActionSpec("quit", "Quit", lambda w: w.close(), keys=("Ctrl+Q",), menu="&File", separator=True),
    # how it is shown
    ActionSpec("present", "Presentation mode", lambda w, on: w.model.set_presenting(on),
               tip="fullscreen, big type, thick lines, high contrast", keys=("F11",),
               help="presentation mode: fullscreen, big type (Esc leaves it)", checkable=True,
               checked=lambda m: m.view.presenting, menu="&View", bar=1),
    ActionSpec("dark", "Dark theme", lambda w, on: w.model.set_dark(on), keys=("Ctrl+D",), checkable=True,
               checked=lambda m: m.view.dark, help="dark / light theme", menu="&View"),
    ActionSpec("controls", "Controls panel", lambda w, on: w.model.set_controls_shown(on), keys=("C",),
               checkable=True, checked=lambda m: m.view.controls_shown, menu="&View", separator=True,
               help="show or hide the controls / the step-by-step panel", help_keys="C  /  S"),
    ActionSpec("steps", "Step-by-step panel", lambda w, on: w.model.set_steps_shown(on), keys=("S",),
               checkable=True, checked=lambda m: m.view.steps_shown, menu="&View"),
    ActionSpec("home", "Home view", lambda w: w.home_view(), tip="back to the problem's home view", keys=("H",),
               help="back to the home view", menu="&View", bar=5),
    ActionSpec("help", "Keyboard shortcuts", lambda w: w.model.set_help_shown(not w.model.view.help_shown),
               keys=("F1", "?"), help="this help", help_keys="F1  or  ?", menu="&Help"),
    ActionSpec("escape", "Leave", lambda w: w.model.escape(), keys=("Esc",)),
)


def spec(action_id: str) -> ActionSpec:
    return next(item for item in ACTIONS if item.id == action_id)


def key_text(item: ActionSpec) -> str:
    """The keys as people read them (the help overlay, tooltips)."""
    if item.help_keys:
        return item.help_keys
    return QKeySequence(item.keys[0]).toString(QKeySequence.SequenceFormat.NativeText) if item.keys else ""


def build_actions(window: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """A QAction per spec, added to ``window`` so its keys work whatever is shown or hidden."""
    actions = {}
    for item in specs:
        action = QAction(item.text, window)
        action.setObjectName(f"action-{item.id}")
        action.setShortcuts([QKeySequence(key) for key in item.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = item.tip or item.text
        action.setToolTip(f"{tip} ({key_text(item)})" if item.keys else tip)
        action.setCheckable(item.checkable)
        if item.checkable:
            action.triggered.connect(lambda on, trigger=item.trigger: trigger(window, on))
        else:
            action.triggered.connect(lambda _=False, trigger=item.trigger: trigger(window))
        window.addAction(action)
        actions[item.id] = action
    return actions


def fill_menu(menu: QMenu, name: str, actions: dict[str, QAction], specs: tuple[ActionSpec, ...] = ACTIONS) -> None:
    """Menu ``name``'s actions, in the table's order."""
    for item in specs:
        if item.menu == name:
            if item.separator and menu.actions():
                menu.addSeparator()
            menu.addAction(actions[item.id])


def sync_checked(actions: dict[str, QAction], model, specs: tuple[ActionSpec, ...] = ACTIONS) -> None:
    """Each checkable action shows the model's state (without triggering)."""
    for item in specs:
        if item.checked is not None:
            action = actions[item.id]
            state = bool(item.checked(model))
            if action.isChecked() != state:
                action.blockSignals(True)
                action.setChecked(state)
                action.blockSignals(False)


def help_rows(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[tuple[str, str]]:
    """(keys, what they do) for the help overlay: every action that has a help line."""
    return [(key_text(item), item.help) for item in specs if item.help]
