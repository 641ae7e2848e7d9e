"""A user's own optimizer, from a Python file written as the chapter's cells are.

The file holds an update function ``NAME(params, states, hyperparams)`` that, for each parameter
tensor ``p`` (whose ``.grad`` holds this step's gradient), changes ``p`` in place and keeps its state
in ``states``, and its initialiser ``init_NAME_states``: with no arguments (the chapter's own cell,
which shapes its zeros from the notebook's ``features``: given on the airfoil problem), with
``feature_dim`` (the English edition's) or with ``params`` (the parameter tensors: any problem).
``hyperparams`` holds ``lr``, whatever the file declares in ``HYPERPARAMS = {"lr": 0.01, ...}``
(each a slider in the window) and ``t``, the step number from 1, set before every call.

This module only reads the file (``ast``): it never runs it. Running is adamviz.core.file_runs, in
the process that steps the runs, and only for a file the user named.

A run is named after the file's stem (``my_adam.py`` → ``my_adam``). A stem that is already an
optimizer's name (a student's file is often ``adam.py``) gets ``_file`` appended: ``adam_file``.
"""

from __future__ import annotations

import ast
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from adamviz.core.hyperparams import HyperParam, decay, epsilon, learning_rate, weight_decay
from adamviz.core.optimizers import ALIASES, OPTIMIZERS, Optimizer, Picture, register

FILE_COLORS = ("#966900", "#007878", "#3C4BFF", "#00A5FF")
"""Colours for loaded files, in the order they come: each the farthest (CIEDE2000) from the built-ins', the ones
before it and the surfaces, at a lightness that reads on the light surface and the dark one."""
FILE_ORDER = 1000.0
"""After every built-in optimizer."""
SKIPPED_MODULES = ("d2l",)
"""The book's own package: a cell imports it for its training loop, which adamviz replaces."""


class OptimizerFileError(ValueError):
    """A file that cannot be an optimizer: one line that says why (and where)."""


@dataclass(frozen=True)
class OptimizerFile:
    path: Path
    name: str
    """The run's name: the file's stem, or ``<stem>_file`` where the stem is taken."""
    function: str
    initialiser: str
    init_argument: str | None
    """None: ``init_NAME_states()``; "feature_dim" or "params": what its one argument receives."""
    defaults: dict[str, float]
    state_names: tuple[str, ...]
    equations: tuple[tuple[str, str], ...]
    sha256: str
    runnable: str
    """The file's text as it runs: IPython magics, top-level calls and the d2l lines blanked, so the
    chapter's cell loads unchanged and every line keeps its number."""
    skipped: tuple[int, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.path.name


LOADED: dict[str, OptimizerFile] = {}
"""The files loaded in this process, by run name."""


class FileRef(NamedTuple):
    """Which file a scenario's run comes from, and its contents' hash when it was loaded (or saved)."""

    path: str
    sha256: str


def ref_of(name: str) -> FileRef:
    file = LOADED[name]
    return FileRef(str(file.path), file.sha256)


def is_file_optimizer(name: str) -> bool:
    return OPTIMIZERS.get(name) is not None and OPTIMIZERS[name].source is not None


def ensure_loaded(ref: FileRef, *, same_contents: bool = True) -> Optimizer:
    """The optimizer of ``ref``'s file, loaded (inspected, not run) if it is not yet; with
    ``same_contents``, OptimizerFileError if the file has changed since ``ref`` was taken."""
    path = Path(ref.path)
    for name, file in LOADED.items():
        if file.path == path and (file.sha256 == ref.sha256 or not same_contents):
            return OPTIMIZERS[name]
    optimizer = load_optimizer_file(path)
    if same_contents and LOADED[optimizer.name].sha256 != ref.sha256:
        raise OptimizerFileError(f"{path.name} has changed since it was loaded; load it again")
    return optimizer


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_optimizer_file(path: str | Path) -> OptimizerFile:
    """Inspect ``path``; OptimizerFileError (one line) if it cannot be an optimizer."""
    path = Path(path).expanduser()
    shown = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OptimizerFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise OptimizerFileError(f"{path}: is a folder, not a Python file") from None
    except OSError as exc:
        raise OptimizerFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OptimizerFileError(f"{shown}: is not UTF-8 text") from None
    text = _blank_magics(text)
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise OptimizerFileError(f"{shown}, line {exc.lineno}: {exc.msg}") from None
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    function, initialiser = _find_pair(functions, path)
    update_node, init_node = functions[function], functions[initialiser]
    _check_update_signature(update_node, shown)
    init_argument = _init_argument(init_node, shown)
    runnable, skipped = _runnable(text, tree)
    states = _state_names(update_node)
    resolved = path.resolve()
    return OptimizerFile(
        path=resolved, name=run_name(resolved), function=function, initialiser=initialiser,
        init_argument=init_argument, defaults=_declared_defaults(tree, shown), state_names=states,
        equations=_equations(update_node, text, states, function), sha256=hashlib.sha256(data).hexdigest(),
        runnable=runnable, skipped=skipped,
    )


def run_name(path: Path) -> str:
    """The name a file's run goes by; the same path keeps its name when loaded again."""
    for name, loaded in LOADED.items():
        if loaded.path == path:
            return name
    stem = re.sub(r"\W", "_", path.stem) or "optimizer"
    if (stem in OPTIMIZERS and OPTIMIZERS[stem].source is None) or stem in ALIASES:
        stem = f"{stem}_file"
    if stem in LOADED:
        raise OptimizerFileError(f"{path.name}: another loaded file is already called {stem}; rename one")
    return stem


def load_optimizer_file(path: str | Path) -> Optimizer:
    """Inspect ``path`` and add its optimizer to the registry (again, if the same file was loaded)."""
    from adamviz.core import file_runs

    file = read_optimizer_file(path)
    declared = hyperparams_of(file)  # before anything changes: a bad default leaves the registry as it was
    known = OPTIMIZERS.get(file.name)
    colour = known.color if known is not None else FILE_COLORS[len(LOADED) % len(FILE_COLORS)]
    LOADED[file.name] = file
    optimizer = Optimizer(
        name=file.name, title=file.label, hyperparams=declared,
        equations=file.equations, init=file_runs.initialiser(file), update=file_runs.updater(file),
        torch_optim=None, color=colour, order=FILE_ORDER + len(LOADED), picture=Picture(),
        elementwise=False, starts_like=((file.function, 1.0),) if file.function in OPTIMIZERS else (("adam", 1.0),),
        summary=f"{file.function}(params, states, hyperparams) from {file.path}", source=str(file.path),
    )
    register(optimizer)
    return optimizer


def unload(name: str) -> None:
    from adamviz.core.optimizers import unregister

    LOADED.pop(name, None)
    unregister(name)


def hyperparams_of(file: OptimizerFile) -> tuple[HyperParam, ...]:
    """A slider per declared value: the built-in declaration where the name is a known one (lr, β₁, ε…)."""
    values = dict(file.defaults)
    declared = [learning_rate(values.pop("lr", 0.01))]
    for name, value in values.items():
        declared.append(_declaration(name, value))
    for hp in declared:
        problem = hp.problem_with(hp.default)
        if problem:
            raise OptimizerFileError(f"{file.label}: HYPERPARAMS: {problem}")
    return tuple(declared)


def _declaration(name: str, value: float) -> HyperParam:
    known = {
        "eps": lambda: epsilon(value),
        "weight_decay": lambda: weight_decay(value),
        "beta1": lambda: decay("beta1", "β₁", value, "how slowly the average of g forgets"),
        "beta2": lambda: decay("beta2", "β₂", value, "how slowly the average of g² forgets", scale="near_one"),
        "momentum": lambda: decay("momentum", "γ", value, "how much of the last velocity carries over"),
        "gamma": lambda: decay("gamma", "γ", value, "how slowly the average forgets"),
        "rho": lambda: decay("rho", "ρ", value, "how slowly the averages forget"),
    }
    if name in known:
        return known[name]()
    reach = max(1.0, 10 * abs(value))
    low = 0.0 if value >= 0 else -reach
    return HyperParam(name, name, value, low, reach, "linear", "a value of the file's own")


# ---------------------------------------------------------------- reading the file


def _blank_magics(text: str) -> str:
    """IPython's %magic and !shell lines, which a notebook cell may start with, as empty lines."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) and not line[:1].isspace() else line
                     for line in text.split("\n"))


def _find_pair(functions: dict[str, ast.FunctionDef], path: Path) -> tuple[str, str]:
    shown = path.name
    pairs = [name for name in functions if f"init_{name}_states" in functions]
    if len(pairs) > 1:
        named = [name for name in pairs if name == path.stem]
        if not named:
            raise OptimizerFileError(f"{shown}: several optimizers ({', '.join(pairs)}): keep one per file")
        pairs = named
    if pairs:
        return pairs[0], f"init_{pairs[0]}_states"
    lone = [name[5:-7] for name in functions if name.startswith("init_") and name.endswith("_states")]
    if lone:
        raise OptimizerFileError(f"{shown}: init_{lone[0]}_states is there but not {lone[0]}(params, states, "
                                 f"hyperparams), the update function")
    updates = [name for name, node in functions.items() if len(node.args.args) == 3]
    if updates:
        raise OptimizerFileError(f"{shown}: {updates[0]}(…) has no initialiser init_{updates[0]}_states "
                                 f"beside it")
    raise OptimizerFileError(f"{shown}: no optimizer: write NAME(params, states, hyperparams) and "
                             f"init_NAME_states(), as the chapter does")


def _positional(node: ast.FunctionDef) -> tuple[int, int]:
    """How many positional arguments ``node`` takes: (required, at most; -1 for *args)."""
    args = node.args
    total = len(args.posonlyargs) + len(args.args)
    required = total - len(args.defaults)
    return required, -1 if args.vararg else total


def _check_update_signature(node: ast.FunctionDef, shown: str) -> None:
    required, most = _positional(node)
    if required > 3 or (most != -1 and most < 3):
        count = len(node.args.posonlyargs) + len(node.args.args)
        raise OptimizerFileError(f"{shown}, line {node.lineno}: {node.name}() takes {count} argument"
                                 f"{'' if count == 1 else 's'}; the chapter's update takes (params, states, "
                                 f"hyperparams)")


def _init_argument(node: ast.FunctionDef, shown: str) -> str | None:
    required, _most = _positional(node)
    if required == 0:
        return None
    if required == 1:
        first = (node.args.posonlyargs + node.args.args)[0].arg
        return "feature_dim" if first in ("feature_dim", "num_features", "dim") else "params"
    raise OptimizerFileError(f"{shown}, line {node.lineno}: {node.name}() takes {required} arguments; it takes "
                             f"none (the chapter's), feature_dim, or params")


def _declared_defaults(tree: ast.Module, shown: str) -> dict[str, float]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "HYPERPARAMS"
                                                for t in node.targets):
            try:
                values = ast.literal_eval(node.value)
            except ValueError:
                values = None
            if not isinstance(values, dict) or not all(
                    isinstance(k, str) and k.isidentifier() and isinstance(v, (int, float))
                    and not isinstance(v, bool) and math.isfinite(v) for k, v in values.items()):
                raise OptimizerFileError(f"{shown}, line {node.lineno}: HYPERPARAMS must be a dict of names to "
                                         f"numbers, like {{\"lr\": 0.01}}")
            return {key: float(value) for key, value in values.items() if key != "t"}
    return {}


def _runnable(text: str, tree: ast.Module) -> tuple[str, tuple[int, ...]]:
    """The text to run: what a notebook cell does besides defining (training, plotting: a bare call at
    the top level) and the book's own package blanked, line numbers kept."""
    lines = text.split("\n")
    skipped = []
    for node in tree.body:
        if (isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant)) or _uses_skipped_module(node):
            for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                lines[number - 1] = ""
                skipped.append(number)
    return "\n".join(lines), tuple(skipped)


def _uses_skipped_module(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in SKIPPED_MODULES for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] in SKIPPED_MODULES
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return any(isinstance(n, ast.Name) and n.id in SKIPPED_MODULES for n in ast.walk(node))
    return False


def _loop_over_states(node: ast.FunctionDef) -> ast.For | None:
    for inner in ast.walk(node):
        if isinstance(inner, ast.For) and isinstance(inner.iter, ast.Call) and \
                getattr(inner.iter.func, "id", None) == "zip":
            return inner
    return None


def _state_names(node: ast.FunctionDef) -> tuple[str, ...]:
    """The names the loop gives each parameter's state: ``for p, (v, s) in zip(params, states)`` → (v, s)."""
    loop = _loop_over_states(node)
    if loop is None or not isinstance(loop.target, ast.Tuple) or len(loop.target.elts) != 2:
        return ()
    state = loop.target.elts[1]
    if isinstance(state, ast.Name):
        return (state.id,)
    if isinstance(state, ast.Tuple) and all(isinstance(e, ast.Name) for e in state.elts):
        return tuple(e.id for e in state.elts)
    return ()


def _equations(node: ast.FunctionDef, text: str, states: tuple[str, ...], function: str):
    """The loop's lines that set a state or the parameter, each paired with what it sets (the step panel
    shows them with this step's numbers)."""
    loop = _loop_over_states(node)
    parameter = loop.target.elts[0].id if loop is not None and isinstance(loop.target, ast.Tuple) and \
        isinstance(loop.target.elts[0], ast.Name) else "p"
    found = []
    for statement in ast.walk(loop) if loop is not None else ():
        if isinstance(statement, (ast.Assign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                root = target
                while isinstance(root, (ast.Subscript, ast.Attribute)):
                    root = root.value
                if isinstance(root, ast.Name) and (root.id in states or root.id == parameter):
                    line = " ".join((ast.get_source_segment(text, statement) or "").split())
                    found.append((statement.lineno, line, "x" if root.id == parameter else root.id))
    found.sort()
    if not any(part == "x" for _, _, part in found):
        found.append((0, f"x ← {function}(params, states, hyperparams)", "x"))
    return tuple((line, part) for _, line, part in found)
