"""Sessions: the whole setup saved as a small, versioned, human-readable JSON file.

A session holds what the engine needs (a Scenario: problem, start, seed,
steps, and every optimizer row with its hyperparameters and on/torch.optim
flags) plus what the views show (the contour view's range, the airfoil's
plane, the loss plot's x axis) and the theme::

    {
      "format": "adamviz-session",
      "version": 1,
      "problem": "toy2",
      "title": "",
      "steps": 20,
      "seed": 0,
      "start": [-5.0, -2.0],                 (or null: the problem's own start)
      "runs": [
        {"optimizer": "momentum", "enabled": true, "concise": false,
         "hyperparams": {"lr": 0.4, "momentum": 0.5},
         "schedule": "cosine:100"},           (optional: η's schedule, adamviz.core.schedules)
        ...
      ],
      "view": {
        "contour_range": {"x": [-5.5, 1.0], "y": [-3.0, 1.0]},   (or null: the home view / a fit)
        "plane": null,                        (airfoil: null = principal plane, or [i, j], i < j)
        "plane_axes": [1, -1],                (optional, the principal plane: each axis ±1, as it faced)
        "loss_by_epoch": false
      },
      "theme": "light",
      "optimizer_files": [{"path": "/home/me/my_adam.py", "sha256": "…"}],  (optional: your own files)
      "batch_size": 100                       (optional: the airfoil's minibatches; 10 if absent)
    }

Reading is strict and safe: only ``json`` is used (nothing is executed or
unpickled), the file is read up to MAX_BYTES, and every key, type and range is
checked. Anything wrong raises SessionError with one line that says what and
where. Optimizers left out of "runs" come back switched off at their defaults.
Qt-free, so the command line and the tests use it without a window.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adamviz.core.files import atomic_write_text
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import DataError, resolve_problem
from adamviz.core.problems.noisy import MAX_NOISE, check_noise
from adamviz.core.scenario import RunSetup, Scenario, check_batch, check_point, check_rng, check_schedule

FORMAT = "adamviz-session"
VERSION = 1
MAX_BYTES = 1_000_000
MAX_STEPS = 100_000_000
MAX_COORDINATE = 1e6
MAX_TITLE = 500
THEMES = ("light", "dark")
SUFFIX = ".json"

_TOP_KEYS = ("format", "version", "problem", "function", "title", "steps", "seed", "start", "runs", "view", "theme",
             "optimizer_files", "noise", "rng", "batch_size")
_OPTIONAL_TOP = {"title", "function", "optimizer_files", "noise", "rng", "batch_size"}
_RUN_KEYS = ("optimizer", "enabled", "concise", "hyperparams", "schedule", "concise_defaults")
_VIEW_KEYS = ("contour_range", "plane", "plane_axes", "loss_by_epoch")


class SessionError(Exception):
    """A session file that cannot be read or used; the message is one line that says why."""


@dataclass(frozen=True)
class ViewSettings:
    """What the views show, beyond what the engine computes."""

    contour_x: tuple[float, float] | None = None
    """The contour view's x range (None: the problem's home view, or a fit to the trajectories)."""
    contour_y: tuple[float, float] | None = None
    plane: tuple[int, int] | None = None
    """Airfoil only: None for the principal plane of the trajectories, else parameter indices (i, j), i < j."""
    loss_by_epoch: bool = False
    """The loss plot's x axis in epochs (problems with epochs only)."""
    plane_axes: tuple[int, int] = (1, 1)
    """The principal plane's axes as the window faced them, +1 or -1 each against the fixed convention
    (adamviz.core.surface.plane_axes): a picture of the session, and the session reopened, face the same way."""

    @property
    def contour_range(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        if self.contour_x is None or self.contour_y is None:
            return None
        return self.contour_x, self.contour_y


@dataclass
class Session:
    scenario: Scenario
    """Validated: every optimizer row present, every hyperparameter filled in."""
    view: ViewSettings = field(default_factory=ViewSettings)
    theme: str = "light"
    saved_files: tuple = ()
    """FileRefs of the users' optimizer files as the session saved them (the scenario's are the files as
    they are now): ``changed_files`` compares the two. Such a file runs only once its user says so."""

    def changed_files(self) -> list[str]:
        """The optimizer files whose contents differ from when the session was saved."""
        now = {str(Path(ref.path).resolve()): ref.sha256 for ref in self.scenario.optimizer_files}
        return [Path(ref.path).name for ref in self.saved_files
                if now.get(str(Path(ref.path).resolve())) != ref.sha256]


# ---------------------------------------------------------------- writing


def session_dict(session: Session) -> dict[str, Any]:
    """The session as plain JSON data (validated first: an invalid session raises SessionError)."""
    return _as_plain(checked(session))


def session_json(session: Session) -> str:
    """The file's text: one key per line, one line per run, so a diff of two sessions reads well."""
    data = session_dict(session)
    lines = []
    for key, value in data.items():
        if key == "runs" and value:
            text = "[\n" + ",\n".join(f"    {_dump(run)}" for run in value) + "\n  ]"
        else:
            text = _dump(value)
        lines.append(f"  {_dump(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _dump(value) -> str:
    return json.dumps(value, allow_nan=False, ensure_ascii=False)


def save_session(path: Path | str, session: Session) -> Path:
    """Write ``session`` to ``path`` atomically.

    SessionError if the session itself is invalid; files.WriteError (one line,
    no partial file left) if the file cannot be written.
    """
    text = session_json(session)
    return atomic_write_text(Path(path), text)


def checked(session: Session) -> Session:
    """``session`` with its scenario validated and its view checked against it; SessionError otherwise."""
    return session_from_dict(_as_plain(session), source="session")


def _as_plain(session: Session) -> dict[str, Any]:
    scenario, view = session.scenario, session.view
    contour = None
    if view.contour_x is not None or view.contour_y is not None:
        contour = {"x": _listed(view.contour_x), "y": _listed(view.contour_y)}
    return {
        "format": FORMAT, "version": VERSION, "problem": scenario.problem,
        **({"function": scenario.function} if scenario.function is not None else {}), "title": scenario.title,
        "steps": scenario.steps, "seed": scenario.seed, "start": _listed(scenario.start),
        **({"noise": scenario.noise} if scenario.noise else {}),
        **({"rng": scenario.rng} if scenario.rng != "adamviz" else {}),
        **({"batch_size": scenario.batch_size} if scenario.batch_size is not None else {}),
        "runs": [{"optimizer": s.optimizer, "enabled": s.enabled, "concise": s.concise,
                  "hyperparams": dict(s.hyperparams), **({"schedule": s.schedule} if s.schedule else {}),
                  **({"concise_defaults": True} if s.concise_defaults else {})}
                 for s in scenario.runs],
        "view": {"contour_range": contour, "plane": _listed(view.plane),
                 **({"plane_axes": list(view.plane_axes)} if tuple(view.plane_axes) != (1, 1) else {}),
                 "loss_by_epoch": view.loss_by_epoch},
        "theme": session.theme,
        **({"optimizer_files": [{"path": ref.path, "sha256": ref.sha256} for ref in scenario.optimizer_files]}
           if scenario.optimizer_files else {}),
    }


def _listed(value):
    return None if value is None else list(value)


# ---------------------------------------------------------------- reading


def load_session(path: Path | str) -> Session:
    """Read and validate a session file; SessionError (one line) for anything wrong with it."""
    path = Path(path)
    data = read_limited(path)
    if len(data) > MAX_BYTES:
        raise SessionError(f"cannot open session {path}: the file is larger than {MAX_BYTES // 1_000_000} MB, "
                           "far too large for a session")
    if not data.strip():
        raise SessionError(f"cannot open session {path}: the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"cannot open session {path}: not a text file (not UTF-8)") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        body = text.strip()
        cut = body[:1] in "{[" and (not body.endswith(("}", "]")) or exc.pos >= len(body))
        if cut:
            raise SessionError(f"cannot open session {path}: not valid JSON: the file is cut off at line "
                               f"{body.count(chr(10)) + 1} (it was probably not saved completely)") from None
        raise SessionError(f"cannot open session {path}: not valid JSON at line {exc.lineno}, "
                           f"column {exc.colno}: {exc.msg.lower()}") from None
    except _Rejected as exc:
        raise SessionError(f"cannot open session {path}: {exc}") from None
    except RecursionError:
        raise SessionError(f"cannot open session {path}: the JSON is nested far too deeply") from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise SessionError(f"cannot open session {path}: {exc}") from None
    return session_from_dict(document, source=f"session {path}")


def read_limited(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of ``path`` (so a huge file is refused at once); SessionError otherwise."""
    try:
        if path.is_dir():
            raise SessionError(f"cannot open session {path}: it is a folder, not a file")
        if path.exists() and not path.is_file():
            raise SessionError(f"cannot open session {path}: not a regular file")
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SessionError(f"cannot open session {path}: the file does not exist") from None
    except PermissionError:
        raise SessionError(f"cannot open session {path}: permission denied") from None
    except IsADirectoryError:
        raise SessionError(f"cannot open session {path}: it is a folder, not a file") from None
    except OSError as exc:
        raise SessionError(f"cannot open session {path}: {exc.strerror or exc}") from None


class _Rejected(ValueError):
    pass


def _reject_constant(name: str):
    raise _Rejected(f"{name} is not a number a session may hold (JSON allows only finite numbers)")


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Rejected(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def session_from_dict(document: Any, source: str = "session") -> Session:
    """Validate parsed JSON; SessionError naming the first problem found."""
    where = _Where(source)
    if not isinstance(document, dict):
        raise SessionError(f"{source}: not an adamviz session (the file holds a JSON "
                           f"{_json_type(document)}, not an object)")
    if document.get("format") != FORMAT:
        found = document.get("format")
        detail = "it has no \"format\" key" if found is None else f"its format is {found!r}"
        raise SessionError(f"{source}: not an adamviz session ({detail}; expected {FORMAT!r})")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionError(f"{source}: \"version\" must be a whole number ≥ 1, not {version!r}")
    if version > VERSION:
        raise SessionError(f"{source}: written by a newer adamviz (session version {version}; "
                           f"this one reads version {VERSION}); please update adamviz")
    where.keys(document, _TOP_KEYS, _OPTIONAL_TOP, "the file")

    problem_name = where.string(document["problem"], "problem")
    function = document.get("function")
    if function is not None:
        function = where.string(function, "function")
    try:
        problem = resolve_problem(problem_name, function)
    except ValueError as exc:  # an unknown problem, or a function that does not parse (never run)
        raise SessionError(f"{source}: {'function' if function is not None else 'problem'}: {exc}") from None
    except DataError as exc:
        raise SessionError(f"{source}: {exc}") from None
    title = where.string(document.get("title", ""), "title", empty=True)
    if len(title) > MAX_TITLE:
        raise SessionError(f"{source}: title is longer than {MAX_TITLE} characters")
    steps = where.integer(document["steps"], "steps", 0, MAX_STEPS)
    seed = where.integer(document["seed"], "seed", 0, 2**63 - 1)
    start = document["start"]
    if start is not None:
        if not problem.direct:
            raise SessionError(f"{source}: start: a start point applies to 1-D and 2-D problems only, "
                               f"not {problem.name} (write null)")
        if problem.curve:
            if not isinstance(start, list) or len(start) != 1:
                where.fail(f"start must be one number [x] on {problem.name}, not {start!r}")
            start = (where.number(start[0], "start[0]", MAX_COORDINATE),)
        else:
            start = where.pair(start, "start", MAX_COORDINATE)
        try:
            start = check_point(start, problem.dim)
        except ValueError as exc:
            raise SessionError(f"{source}: start: {exc}") from None

    noise = where.number(document.get("noise", 0.0), "noise", MAX_NOISE)
    try:
        noise = check_noise(noise, problem)
    except ValueError as exc:
        raise SessionError(f"{source}: noise: {exc}") from None

    rng = where.string(document.get("rng", "adamviz"), "rng")
    try:
        check_rng(rng, problem, seed)
    except ValueError as exc:
        raise SessionError(f"{source}: rng: {exc}") from None

    batch_size = document.get("batch_size")
    if batch_size is not None:
        batch_size = where.integer(batch_size, "batch_size", 1, 1500)
        try:
            check_batch(batch_size, problem)
        except ValueError as exc:
            raise SessionError(f"{source}: batch_size: {exc}") from None

    saved_files, current_files = _files_from(document.get("optimizer_files", []), where)
    runs_data = document["runs"]
    if not isinstance(runs_data, list):
        raise SessionError(f"{source}: runs must be a list, not a JSON {_json_type(runs_data)}")
    if len(runs_data) > len(OPTIMIZERS):
        raise SessionError(f"{source}: runs has {len(runs_data)} entries; there are only {len(OPTIMIZERS)} "
                           "optimizers")
    runs, seen = [], set()
    for index, entry in enumerate(runs_data):
        label = f"runs[{index}]"
        if not isinstance(entry, dict):
            raise SessionError(f"{source}: {label} must be an object, not a JSON {_json_type(entry)}")
        where.keys(entry, _RUN_KEYS, {"schedule", "concise_defaults"}, label)
        name = where.string(entry["optimizer"], f"{label}.optimizer")
        try:
            optimizer = get_optimizer(name)
        except ValueError as exc:
            raise SessionError(f"{source}: {label}.optimizer: {exc}") from None
        if name in seen:
            raise SessionError(f"{source}: {label}: optimizer {name!r} appears twice")
        seen.add(name)
        enabled = where.boolean(entry["enabled"], f"{label}.enabled")
        concise = where.boolean(entry["concise"], f"{label}.concise")
        hyper = entry["hyperparams"]
        if not isinstance(hyper, dict):
            raise SessionError(f"{source}: {label}.hyperparams must be an object, not a JSON {_json_type(hyper)}")
        for key, value in hyper.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SessionError(f"{source}: {label}.hyperparams.{key} must be a number, not {value!r}")
        values = {**problem.hyperparams_for(name), **{k: float(v) for k, v in hyper.items()}}
        try:
            values = optimizer.validate(values)
        except ValueError as exc:
            raise SessionError(f"{source}: {label}.hyperparams: {exc}") from None
        schedule = entry.get("schedule", "")
        try:
            schedule = check_schedule(schedule, optimizer)
        except ValueError as exc:
            raise SessionError(f"{source}: {label}.schedule: {exc}") from None
        concise_defaults = where.boolean(entry.get("concise_defaults", False), f"{label}.concise_defaults")
        runs.append(RunSetup(name, values, enabled=enabled, concise=concise, schedule=schedule,
                             concise_defaults=concise_defaults))
    for name, optimizer in OPTIMIZERS.items():
        if name not in seen and optimizer.source is None:
            runs.append(RunSetup(name, get_optimizer(name).validate(problem.hyperparams_for(name)), enabled=False))

    scenario = Scenario(problem.name, runs, steps=steps, seed=seed, start=start, title=title, function=function,
                        optimizer_files=current_files, noise=noise, rng=rng, batch_size=batch_size)
    try:
        scenario = scenario.validated()
    except (ValueError, DataError) as exc:
        raise SessionError(f"{source}: {exc}") from None

    view = _view_from(document["view"], problem, where)
    theme = where.string(document["theme"], "theme")
    if theme not in THEMES:
        raise SessionError(f"{source}: theme must be one of {', '.join(THEMES)}, not {theme!r}")
    return Session(scenario, view, theme, saved_files=saved_files)


def _files_from(data: Any, where: _Where) -> tuple[tuple, tuple]:
    """The session's optimizer files as it saved them, and as they are now (read, never run)."""
    from adamviz.core.optimizer_files import FileRef, OptimizerFileError, ensure_loaded, ref_of

    if not isinstance(data, list):
        where.fail(f"optimizer_files must be a list, not a JSON {_json_type(data)}")
    saved, current = [], []
    for index, entry in enumerate(data):
        label = f"optimizer_files[{index}]"
        if not isinstance(entry, dict):
            where.fail(f"{label} must be an object, not a JSON {_json_type(entry)}")
        where.keys(entry, ("path", "sha256"), set(), label)
        ref = FileRef(where.string(entry["path"], f"{label}.path"), where.string(entry["sha256"], f"{label}.sha256"))
        try:
            optimizer = ensure_loaded(ref, same_contents=False)
        except OptimizerFileError as exc:
            where.fail(f"{label}: {exc}")
        saved.append(ref)
        current.append(ref_of(optimizer.name))
    return tuple(saved), tuple(current)


def _view_from(data: Any, problem, where: _Where) -> ViewSettings:
    source = where.source
    if not isinstance(data, dict):
        raise SessionError(f"{source}: view must be an object, not a JSON {_json_type(data)}")
    where.keys(data, _VIEW_KEYS, {"plane_axes"}, "view")
    contour = data["contour_range"]
    x_range = y_range = None
    if contour is not None:
        if not isinstance(contour, dict):
            raise SessionError(f"{source}: view.contour_range must be an object {{\"x\": [lo, hi], "
                               f"\"y\": [lo, hi]}} or null, not a JSON {_json_type(contour)}")
        where.keys(contour, ("x", "y"), set(), "view.contour_range")
        x_range = where.span(contour["x"], "view.contour_range.x")
        y_range = where.span(contour["y"], "view.contour_range.y")
    plane = data["plane"]
    if plane is not None:
        if problem.direct:
            raise SessionError(f"{source}: view.plane applies to problems with more than two parameters, "
                               f"not {problem.name} (write null)")
        if not isinstance(plane, list) or len(plane) != 2:
            raise SessionError(f"{source}: view.plane must be null or two parameter indices [i, j], not {plane!r}")
        i = where.integer(plane[0], "view.plane[0]", 0, problem.dim - 1)
        j = where.integer(plane[1], "view.plane[1]", 0, problem.dim - 1)
        if not i < j:
            raise SessionError(f"{source}: view.plane must be two different parameter indices i < j, not {plane!r}")
        plane = (i, j)
    axes = data.get("plane_axes", [1, 1])
    if not (isinstance(axes, list) and len(axes) == 2 and all(type(axis) is int and axis in (1, -1) for axis in axes)):
        raise SessionError(f"{source}: view.plane_axes must be two of 1 and -1, [1, -1] say, not {axes!r}")
    if tuple(axes) != (1, 1) and (problem.direct or plane is not None):
        raise SessionError(f"{source}: view.plane_axes applies to the principal plane of a problem with more than "
                           f"two parameters (leave it out)")
    by_epoch = where.boolean(data["loss_by_epoch"], "view.loss_by_epoch")
    if by_epoch and not problem.steps_per_epoch:
        raise SessionError(f"{source}: view.loss_by_epoch: {problem.name} has no epochs (write false)")
    return ViewSettings(x_range, y_range, plane, by_epoch, tuple(axes))


class _Where:
    """Type and range checks that name the offending key in their message."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, message: str):
        raise SessionError(f"{self.source}: {message}")

    def keys(self, data: dict, expected, optional: set, label: str) -> None:
        missing = [k for k in expected if k not in data and k not in optional]
        if missing:
            self.fail(f"{label} lacks the key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
        extra = [k for k in data if k not in expected]
        if extra:
            self.fail(f"{label} has unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")

    def string(self, value, label: str, empty: bool = False) -> str:
        if not isinstance(value, str) or not (empty or value):
            self.fail(f"{label} must be {'a' if empty else 'a non-empty'} string, not {value!r}")
        return value

    def boolean(self, value, label: str) -> bool:
        if not isinstance(value, bool):
            self.fail(f"{label} must be true or false, not {value!r}")
        return value

    def integer(self, value, label: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{label} must be a whole number, not {value!r}")
        if not low <= value <= high:
            self.fail(f"{label}={value} is outside {low} … {high:,}")
        return value

    def number(self, value, label: str, bound: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{label} must be a number, not {value!r}")
        value = float(value)
        if not math.isfinite(value):
            self.fail(f"{label}={value} is not a finite number")
        if abs(value) > bound:
            self.fail(f"{label}={value:g} is too far out (|value| ≤ {bound:g})")
        return value

    def pair(self, value, label: str, bound: float) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) != 2:
            self.fail(f"{label} must be two numbers [a, b], not {value!r}")
        return (self.number(value[0], f"{label}[0]", bound), self.number(value[1], f"{label}[1]", bound))

    def span(self, value, label: str) -> tuple[float, float]:
        low, high = self.pair(value, label, MAX_COORDINATE)
        if not high - low >= 1e-9 * max(1.0, abs(low), abs(high)):
            self.fail(f"{label} must be [low, high] with low < high, not {value!r}")
        return (low, high)


def _json_type(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")
