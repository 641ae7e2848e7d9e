"""adamviz from Python (a notebook, a script): what the command line does, as functions.

    import adamviz
    r = adamviz.trace(problem="toy2", optimizers=["momentum", "adam"], steps=20,
                      hyperparams={"momentum": {"lr": 0.4}})
    r.runs[1].points            # numpy arrays, as `adamviz trace` reports them
    r.to_json()                 # exactly what `adamviz trace` prints for the same settings
    r.export("runs.gif")        # as `adamviz export`
    r                           # in Jupyter: the contour picture, inline
    r.animate()                 # in Jupyter: the animation, inline
    adamviz.show(r)             # the desktop window (in a notebook, after %gui qt)

The keyword arguments are the command line's options, and they go through its very parser, so the same
settings give the same numbers and the same messages (a ValueError here, exit 2 there). An optimizer may be
a built-in's name or a function written as the chapter writes them, ``adam(params, states, hyperparams)``
beside ``init_adam_states``: it runs from its source, as an optimizer file does (with torch, math and np,
and the airfoil's features, at hand).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from adamviz.core.report import implementation, trace_json

PICTURE_SIZE = (1000, 640)
"""What a result shows inline: the width of a notebook's output area."""


@dataclass(frozen=True)
class RunResult:
    """One run: its optimizer, implementation (scratch, torch.optim or file), values, points and losses."""

    optimizer: str
    implementation: str
    hyperparams: dict[str, float]
    points: np.ndarray
    """(steps + 1, parameters): the start, then one row per step."""
    losses: np.ndarray
    diverged_at: int | None
    stop_reason: str | None
    stop_message: str | None = None


class Result:
    """The runs of one scenario, as `adamviz trace` computes them."""

    def __init__(self, scenario, engine, arguments: list[str], files: list[str]):
        self.scenario, self.engine = scenario, engine
        self._arguments, self._files = arguments, files
        self._picture: bytes | None = None
        self.runs = [RunResult(run.spec.optimizer,
                               implementation(run),
                               dict(run.hyperparams), run.points.copy(), run.losses.copy(), run.diverged_at,
                               run.stop_reason, run.stop_message) for run in engine.runs]

    @property
    def problem(self) -> str:
        return self.scenario.problem

    @property
    def steps(self) -> int:
        return self.engine.t

    def run(self, optimizer: str, concise: bool | str = False) -> RunResult:
        """``optimizer``'s scratch run, its torch.optim twin (``concise=True``) or its twin at torch's own ε
        (``concise="defaults"``)."""
        wanted = {False: ("scratch", "file"), True: ("torch.optim",), "defaults": ("torch.optim defaults",)}[concise]
        for run in self.runs:
            if run.optimizer == optimizer and run.implementation in wanted:
                return run
        raise KeyError(f"no run of {optimizer}" + ({True: " (torch.optim)", "defaults": " (torch.optim defaults)"}
                                                    .get(concise, "")))

    def to_json(self) -> str:
        """Exactly what `adamviz trace` prints for the same settings (without its final newline)."""
        return trace_json(self.scenario, self.engine)

    def export(self, path: str | os.PathLike, *, view: str | None = None, size: tuple[int, int] | None = None,
               theme: str | None = None, present: bool = False, every: int | None = None,
               fps: float | None = None, lang: str | None = None) -> Path:
        """Write a picture, an animation or the data, as `adamviz export --out PATH` does; the path written.
        It runs in a process of its own, so Qt never starts in the caller's. ``lang`` ("en", "zh_CN"): the
        language of a picture's words (default: the system's)."""
        flags = [*(["--view", view] if view else []), *(["--size", f"{size[0]}x{size[1]}"] if size else []),
                 *(["--theme", theme] if theme else []), *(["--lang", lang] if lang else []),
                 *(["--present"] if present else []),
                 *(["--every", str(every)] if every else []), *(["--fps", f"{fps:g}"] if fps else [])]
        command = [sys.executable, "-m", "adamviz", "export", *self._arguments, "--out", str(path), *flags]
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM":
                                                                             "offscreen"})
        if done.returncode != 0:
            raise ValueError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else
                             f"adamviz export failed (exit status {done.returncode})")
        return Path(path)

    def picture(self, size: tuple[int, int] = PICTURE_SIZE) -> bytes:
        """The contour view with the trajectories, as PNG bytes."""
        with tempfile.TemporaryDirectory(prefix="adamviz-") as folder:
            return self.export(Path(folder) / "runs.png", size=size).read_bytes()

    def _repr_png_(self) -> bytes:
        if self._picture is None:
            self._picture = self.picture()
        return self._picture

    def animate(self, *, every: int | None = None, fps: float | None = None, size: tuple[int, int] | None = None,
                video: bool = False):
        """The trajectories growing step by step: an inline GIF (or, with ``video``, an HTML5 video) in
        Jupyter; the file's bytes elsewhere."""
        suffix = ".mp4" if video else ".gif"
        with tempfile.TemporaryDirectory(prefix="adamviz-") as folder:
            data = self.export(Path(folder) / f"runs{suffix}", every=every, fps=fps, size=size).read_bytes()
        try:
            from IPython.display import HTML, Image
        except ImportError:
            return data
        if video:
            import base64

            encoded = base64.b64encode(data).decode("ascii")
            return HTML(f'<video controls autoplay loop muted src="data:video/mp4;base64,{encoded}"></video>')
        return Image(data=data, format="gif")

    def __repr__(self) -> str:
        names = ", ".join(run.optimizer + (f" ({run.implementation})" if run.implementation.startswith("torch")
                                           else "") for run in self.runs)
        return f"<adamviz result: {self.problem}, {self.steps} steps: {names}>"


def trace(problem: str | None = None, optimizers: Iterable[str | Callable] | None = None, *,
          steps: int | None = None, epochs: int | None = None, start: tuple[float, float] | None = None,
          seed: int | None = None, preset: str | None = None, function: str | None = None,
          hyperparams: Mapping[str, Mapping[str, float]] | None = None, concise: Iterable[str] = (),
          concise_defaults: Iterable[str] = (),
          optimizer_files: Iterable[str | os.PathLike] = (), noise: float | None = None,
          rng: str | None = None, schedules: Mapping[str, str] | None = None,
          batch_size: int | None = None) -> Result:
    """Run the optimizers headless, as `adamviz trace` does; ValueError (its one line) for bad input.

    ``optimizers``: names ("adam", "gd"…) or the chapter's kind of function (see the module text);
    ``hyperparams``: {"adam": {"lr": 0.01}}, as --set adam.lr=0.01; ``concise``: the optimizers that also
    run as torch.optim's (``concise_defaults``: at torch's own ε, as the chapter's concise cells call it);
    ``optimizer_files``: your own optimizers' files, as --optimizer-file; ``noise``:
    σ of the gradients' N(0, σ²), as --noise; ``rng``: "book" for the book's notebook's random numbers, as --rng;
    ``schedules``: {"adam": "cosine:100"}, as --schedule adam=cosine:100; ``batch_size``: the airfoil's
    minibatch size, as --batch-size.
    """
    from adamviz.options import Parser, UsageError, add_scenario_arguments, scenario_from_args

    arguments, files = [], [str(path) for path in optimizer_files]
    for name, value in (("--problem", problem), ("--preset", preset), ("--function", function),
                        ("--steps", steps), ("--epochs", epochs), ("--seed", seed), ("--noise", noise),
                        ("--rng", rng), ("--batch-size", batch_size)):
        if value is not None:
            arguments += [name, str(value)]
    if start is not None:
        arguments.append("--start=" + ",".join(repr(float(value)) for value in start))
    for optimizer in optimizers or ():
        if callable(optimizer):
            files.append(str(function_file(optimizer)))
        else:
            arguments += ["--optimizer", str(optimizer)]
    for optimizer, values in (hyperparams or {}).items():
        for key, value in values.items():
            arguments += ["--set", f"{optimizer}.{key}={value!r}"]
    for optimizer in concise:
        arguments += ["--concise", optimizer]
    for optimizer in concise_defaults:
        arguments += ["--concise-defaults", optimizer]
    for optimizer, spec in (schedules or {}).items():
        arguments += ["--schedule", f"{optimizer}={spec}"]
    for path in files:
        arguments += ["--optimizer-file", path]
    parser = Parser(prog="adamviz.trace")
    add_scenario_arguments(parser)
    try:
        scenario = scenario_from_args(parser.parse_args(arguments))
    except UsageError as exc:
        raise ValueError(str(exc)) from None
    return Result(scenario, scenario.run(), arguments, files)


def function_file(update: Callable) -> Path:
    """A notebook's optimizer function, with its initialiser (and its HYPERPARAMS, if its notebook has one),
    written out as an optimizer file named after it."""
    name = getattr(update, "__name__", "")
    namespace: dict[str, Any] = getattr(update, "__globals__", {})
    initialiser = namespace.get(f"init_{name}_states")
    if not name.isidentifier() or initialiser is None:
        raise ValueError(f"{name or update!r}: an optimizer function needs its initialiser, init_{name}_states, "
                         "defined beside it, as the chapter writes them")
    try:
        parts = [textwrap.dedent(inspect.getsource(initialiser)), textwrap.dedent(inspect.getsource(update))]
    except (OSError, TypeError):
        raise ValueError(f"{name}: its source cannot be read (define it in a notebook cell or a file)") from None
    declared = namespace.get("HYPERPARAMS")
    header = [f"HYPERPARAMS = {dict(declared)!r}"] if isinstance(declared, Mapping) else []
    folder = Path(tempfile.gettempdir()) / f"adamviz-notebook-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text("\n\n".join([*header, *parts]) + "\n", encoding="utf-8")
    return path


_windows: list = []
"""The windows ``show`` opened: kept, so that they are not collected while the notebook goes on."""


def show(result: Result | None = None, lang: str | None = None):
    """Open the desktop window on ``result``'s scenario (or the default one), in ``lang`` ("en", "zh_CN"; default:
    the window's own choice). In a notebook, run ``%gui qt`` first so that the window lives beside the kernel;
    from a script, the window's event loop then needs ``QApplication.exec()``."""
    from adamviz.ui.app import application
    from adamviz.ui.i18n import chosen_language
    from adamviz.ui.window import MainWindow

    application(language=chosen_language(lang))
    if result is None:
        from adamviz.core.scenario import PRESETS

        scenario, target = PRESETS["toy2-compare"].scenario(), None
    else:
        scenario, target = result.scenario, result.steps
    window = MainWindow(scenario, target, remember=False)
    window.resize(1366, 800)
    window.show()
    _windows.append(window)
    return window
