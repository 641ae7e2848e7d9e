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

from adamviz.core.text import QT_TRANSLATE_NOOP, translated

MENUS = (QT_TRANSLATE_NOOP("actions", "&File"), QT_TRANSLATE_NOOP("actions", "&Run"),
         QT_TRANSLATE_NOOP("actions", "&View"), QT_TRANSLATE_NOOP("actions", "&Help"))
"""The menus' titles in English: the table's ``menu`` names them (translated where a menu is made)."""
PRESET_TEXT = QT_TRANSLATE_NOOP("actions", "Preset {number}")


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
        f"preset-{number}", PRESET_TEXT.format(number=number), lambda w: w.model.choose_preset_number(number),
        keys=(str(number),), help=QT_TRANSLATE_NOOP("actions", "the chapter's presets") if number == 1 else None,
        help_keys="1 – 9" if number == 1 else None,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    # the runs
    ActionSpec("play", QT_TRANSLATE_NOOP("actions", "Play"), lambda w: w.model.toggle_play(),
               tip=QT_TRANSLATE_NOOP("actions", "play / pause"), keys=("Space",),
               help=QT_TRANSLATE_NOOP("actions", "play / pause"), icon="play", menu="&Run", transport=True),
    ActionSpec("step", QT_TRANSLATE_NOOP("actions", "Step"), lambda w: w.model.step_once(),
               tip=QT_TRANSLATE_NOOP("actions", "one step"), keys=("Right",), help_keys="→",
               help=QT_TRANSLATE_NOOP("actions", "one step"), icon="step", menu="&Run", transport=True),
    ActionSpec("reset", QT_TRANSLATE_NOOP("actions", "Reset"), lambda w: w.model.reset(),
               tip=QT_TRANSLATE_NOOP("actions", "back to step 0"), keys=("R",),
               help=QT_TRANSLATE_NOOP("actions", "reset to step 0"), icon="reset", menu="&Run", transport=True),
    ActionSpec("faster", QT_TRANSLATE_NOOP("actions", "Faster"), lambda w: w.model.faster(),
               tip=QT_TRANSLATE_NOOP("actions", "more steps a second"), keys=("+", "="),
               help=QT_TRANSLATE_NOOP("actions", "faster / slower, from 1 step/s to as fast as the machine goes"),
               help_keys="+  /  −", menu="&Run", separator=True),
    ActionSpec("slower", QT_TRANSLATE_NOOP("actions", "Slower"), lambda w: w.model.slower(),
               tip=QT_TRANSLATE_NOOP("actions", "fewer steps a second"), keys=("-",), menu="&Run"),
    *(_preset(number) for number in range(1, 10)),
    ActionSpec("sweep", QT_TRANSLATE_NOOP("actions", "Sweep η"), lambda w: w.model.request_sweep(),
               tip=QT_TRANSLATE_NOOP("actions", "final loss against the learning rate for every optimizer that runs"),
               keys=("Ctrl+L",),
               help=QT_TRANSLATE_NOOP("actions", "final loss against η for every run; click a point to take that η"),
               menu="&Run", separator=True, bar=4),
    ActionSpec("batches", QT_TRANSLATE_NOOP("actions", "Compare batch sizes…"), lambda w: w.model.request_batches(),
               tip=QT_TRANSLATE_NOOP("actions", "§7.3: minibatch SGD on the airfoil with batches of 1500, 100, 10 "
                                                "and 1, its loss against time"),
               keys=("Ctrl+B",), help=QT_TRANSLATE_NOOP("actions", "compare minibatch sizes on the airfoil (§7.3)"),
               menu="&Run"),
    # files
    ActionSpec("open", QT_TRANSLATE_NOOP("actions", "Open session…"), lambda w: w.files.open_session(),
               tip=QT_TRANSLATE_NOOP("actions", "open a saved setup: problem, runs, hyperparameters, view, theme"),
               keys=("Ctrl+O",), help=QT_TRANSLATE_NOOP("actions", "open / save a session"),
               help_keys="Ctrl+O  /  Ctrl+Shift+S", menu="&File"),
    ActionSpec("load-optimizer", QT_TRANSLATE_NOOP("actions", "Load optimizer…"), lambda w: w.files.load_optimizer(),
               keys=("Ctrl+Shift+O",), menu="&File",
               tip=QT_TRANSLATE_NOOP("actions", "race your own optimizer, a Python file written as the chapter's "
                                                "cells are"),
               help=QT_TRANSLATE_NOOP("actions", "race your own optimizer from a file")),
    ActionSpec("save-session", QT_TRANSLATE_NOOP("actions", "Save session…"), lambda w: w.files.save_session_as(),
               keys=("Ctrl+Shift+S",), tip=QT_TRANSLATE_NOOP("actions", "save this setup as a session file"),
               menu="&File"),
    ActionSpec("export", QT_TRANSLATE_NOOP("actions", "Export…"), lambda w: w.show_export(), keys=("Ctrl+E",),
               tip=QT_TRANSLATE_NOOP("actions", "a picture (PNG, SVG), an animation (GIF, MP4) or the data "
                                                "(CSV, JSON)"),
               help=QT_TRANSLATE_NOOP("actions", "export a picture, an animation or the data"), menu="&File",
               separator=True, bar=2),
    ActionSpec("screenshot", QT_TRANSLATE_NOOP("actions", "Save screenshot"), lambda w: w.files.save_screenshot(),
               keys=("Ctrl+S",), tip=QT_TRANSLATE_NOOP("actions", "save the whole window as a PNG"),
               help=QT_TRANSLATE_NOOP("actions", "save a screenshot of the window"), menu="&File", bar=3),
    ActionSpec("quit", QT_TRANSLATE_NOOP("actions", "Quit"), lambda w: w.close(), keys=("Ctrl+Q",), menu="&File",
               separator=True),
    # how it is shown
    ActionSpec("present", QT_TRANSLATE_NOOP("actions", "Presentation mode"), lambda w, on: w.model.set_presenting(on),
               tip=QT_TRANSLATE_NOOP("actions", "fullscreen, big type, thick lines, high contrast"), keys=("F11",),
               help=QT_TRANSLATE_NOOP("actions", "presentation mode: fullscreen, big type (Esc leaves it)"),
               checkable=True, checked=lambda m: m.view.presenting, menu="&View", bar=1),
    ActionSpec("dark", QT_TRANSLATE_NOOP("actions", "Dark theme"), lambda w, on: w.model.set_dark(on),
               keys=("Ctrl+D",), checkable=True, checked=lambda m: m.view.dark,
               help=QT_TRANSLATE_NOOP("actions", "dark / light theme"), menu="&View"),
    ActionSpec("controls", QT_TRANSLATE_NOOP("actions", "Controls panel"),
               lambda w, on: w.model.set_controls_shown(on), keys=("C",),
               checkable=True, checked=lambda m: m.view.controls_shown, menu="&View", separator=True,
               help=QT_TRANSLATE_NOOP("actions", "show or hide the controls / the step-by-step panel"),
               help_keys="C  /  S"),
    ActionSpec("steps", QT_TRANSLATE_NOOP("actions", "Step-by-step panel"), lambda w, on: w.model.set_steps_shown(on),
               keys=("S",), checkable=True, checked=lambda m: m.view.steps_shown, menu="&View"),
    ActionSpec("home", QT_TRANSLATE_NOOP("actions", "Home view"), lambda w: w.home_view(),
               tip=QT_TRANSLATE_NOOP("actions", "back to the problem's home view"), keys=("H",),
               help=QT_TRANSLATE_NOOP("actions", "back to the home view"), menu="&View", bar=5),
    ActionSpec("help", QT_TRANSLATE_NOOP("actions", "Keyboard shortcuts"),
               lambda w: w.model.set_help_shown(not w.model.view.help_shown),
               keys=("F1", "?"), help=QT_TRANSLATE_NOOP("actions", "this help"),
               help_keys=QT_TRANSLATE_NOOP("actions", "F1  or  ?"), menu="&Help"),
    ActionSpec("escape", QT_TRANSLATE_NOOP("actions", "Leave"), lambda w: w.model.escape(), keys=("Esc",)),
)


def spec(action_id: str) -> ActionSpec:
    return next(item for item in ACTIONS if item.id == action_id)


def shown_text(item: ActionSpec) -> str:
    """The action's text in the window's language."""
    number = item.id.removeprefix("preset-")
    if item.text == PRESET_TEXT.format(number=number):
        return translated("actions", PRESET_TEXT).format(number=number)
    return translated("actions", item.text)


def key_text(item: ActionSpec) -> str:
    """The keys as people read them (the help overlay, tooltips)."""
    if item.help_keys:
        return translated("actions", item.help_keys)
    return QKeySequence(item.keys[0]).toString(QKeySequence.SequenceFormat.NativeText) if item.keys else ""


def build_actions(window: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """A QAction per spec, added to ``window`` so its keys work whatever is shown or hidden."""
    actions = {}
    for item in specs:
        action = QAction(shown_text(item), window)
        action.setObjectName(f"action-{item.id}")
        action.setShortcuts([QKeySequence(key) for key in item.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = translated("actions", item.tip) if item.tip else shown_text(item)
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
    return [(key_text(item), translated("actions", item.help)) for item in specs if item.help]
