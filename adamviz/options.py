"""Command-line options shared by `adamviz`, `adamviz trace`, `export` and `sweep`: their types, and the
Scenario (and session) the arguments describe.

One place that the command line (adamviz.cli), the export command (adamviz.export.command) and the
window's launch (adamviz.ui.launch) all read, so none of them imports another. Bad input raises
UsageError, whose message is the one line the user sees.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


class UsageError(Exception):
    """Bad input from the user; the message is the whole story."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit 2."""

    def error(self, message: str):
        raise UsageError(message)


# ---------------------------------------------------------------- argument types

def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    if value > 100_000_000:
        raise argparse.ArgumentTypeError(f"{value} is more than 100,000,000")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0 or value >= 2**63:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 − 1, not {value}")
    return value


def noise_sigma(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1000.0:  # NaN fails this too
        raise argparse.ArgumentTypeError(f"must be between 0 and 1000, not {text}")
    return value


def start_point(text: str) -> tuple[float, ...]:
    """x1,x2 on a 2-D problem, x on a curve (the scenario checks which the problem takes)."""
    from adamviz.core.scenario import check_point

    parts = text.split(",")
    message = f"{text!r} is not two numbers x1,x2 or one number x (write --start=-5,-2 or --start=10)"
    if len(parts) not in (1, 2):
        raise argparse.ArgumentTypeError(message)
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(message) from None
    try:
        return check_point(values, len(values))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


SET_PATTERN = re.compile(r"^\s*([A-Za-z_][\w]*)\.([A-Za-z_][\w]*)\s*=\s*(.*)$")


def hyper_setting(text: str) -> tuple[str, str, str]:
    match = SET_PATTERN.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not OPTIMIZER.NAME=VALUE (e.g. adam.lr=0.01)")
    return match.group(1), match.group(2), match.group(3)


SCHEDULE_PATTERN = re.compile(r"^\s*([A-Za-z_][\w]*)\s*=\s*(.*)$")


def schedule_setting(text: str) -> tuple[str, str]:
    from adamviz.core.schedules import EXAMPLES

    match = SCHEDULE_PATTERN.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not OPTIMIZER=SCHEDULE (e.g. adam=cosine:100; a schedule "
                                         f"is {EXAMPLES})")
    return match.group(1), match.group(2)


def window_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size WIDTHxHEIGHT (e.g. 1600x1000)")
    width, height = int(match.group(1)), int(match.group(2))
    if not (320 <= width <= 3840 and 240 <= height <= 2160):
        raise argparse.ArgumentTypeError(f"{width}x{height} is outside 320x240 … 3840x2160")
    return width, height


# ---------------------------------------------------------------- scenarios from arguments

def add_scenario_arguments(parser: argparse.ArgumentParser, *, defaults_steps: bool = True) -> None:
    from adamviz.core.optimizers import OPTIMIZERS
    from adamviz.core.problems import PROBLEMS

    parser.add_argument("--problem", metavar="P", help=f"one of: {', '.join(PROBLEMS)} (default toy2)")
    parser.add_argument("--function", metavar="EXPR",
                        help="your own loss f(x1, x2), e.g. \"x1**2 + 3*sin(x2)\": + - * / **, numbers, x1, x2, "
                        "pi, e and sin cos exp log sqrt abs tanh (the custom problem)")
    parser.add_argument("--preset", metavar="NAME",
                        help="one of the chapter's experiments (see `adamviz --list-presets`)")
    parser.add_argument("--optimizer", metavar="O", action="append", default=[],
                        help=f"run this optimizer (repeat for several): {', '.join(OPTIMIZERS)}; "
                        "default momentum, rmsprop and adam")
    parser.add_argument("--set", metavar="O.NAME=VALUE", action="append", default=[], type=hyper_setting,
                        help="a hyperparameter, e.g. adam.lr=0.01 (repeatable)")
    parser.add_argument("--optimizer-file", metavar="PATH", action="append", default=[], dest="optimizer_file",
                        help="also run your own optimizer from this Python file, written as the chapter's cells "
                        "are: NAME(params, states, hyperparams) and init_NAME_states(); its run is named after "
                        "the file (adam.py, a built-in's name: adam_file) (repeatable)")
    parser.add_argument("--concise", metavar="O", action="append", default=[],
                        help="also run torch.optim's version of optimizer O beside the scratch one")
    parser.add_argument("--concise-defaults", metavar="O", action="append", default=[], dest="concise_defaults",
                        help="also run torch.optim's version of O as the chapter's concise cells call it: with "
                        "torch's own ε (1e-8 for Adam and RMSprop, 1e-10 for Adagrad, 1e-6 for Adadelta)")
    parser.add_argument("--schedule", metavar="O=SPEC", action="append", default=[], type=schedule_setting,
                        help="schedule optimizer O's learning rate (repeatable): step:K:G (×G every K steps), "
                        "exp:G (×G every step), cosine:T[:MIN] (cosine down to MIN over T steps), warmup:W (linear "
                        "warm-up over W steps), or warmup:W,cosine:T; torch.optim's version (--concise) runs "
                        "torch's own lr_scheduler")
    parser.add_argument("--steps", type=positive_int, metavar="N",
                        help="steps to take (default: 20 on the toy problems, 2 epochs on airfoil)")
    parser.add_argument("--epochs", type=positive_int, metavar="E", help="epochs to take (airfoil only)")
    parser.add_argument("--start", type=start_point, metavar="x1,x2",
                        help="common start point on a 2-D problem (write --start=-5,-2)")
    parser.add_argument("--seed", type=non_negative_int, metavar="S",
                        help="seed for airfoil's initial weights and minibatch order, and for the gradient noise "
                        "(default 0)")
    parser.add_argument("--rng", choices=("adamviz", "book"),
                        help="whose random numbers draw the airfoil's start and minibatch order: adamviz's (default) "
                        "or the book's notebook after np.random.seed(S); torch.manual_seed(S), with --seed S")
    parser.add_argument("--batch-size", type=positive_int, metavar="B", dest="batch_size",
                        help="the airfoil's minibatch size, 1 to 1500 rows (default 10, the chapter's; 1500: "
                        "full-batch gradient descent); without --steps or --epochs the runs keep their epochs")
    parser.add_argument("--noise", type=noise_sigma, metavar="σ",
                        help="add N(0, σ²) to each coordinate of every gradient, the same for every run at a step "
                        "(2-D problems; §7.2's stochastic gradients)")


def scenario_from_args(args: argparse.Namespace, *, default_problem: str = "toy2", base=None, saved_files=()):
    """The Scenario the arguments describe; UsageError with one clear line otherwise.

    ``base`` (a session's scenario) replaces --preset/--problem/--optimizer;
    the other flags (--steps, --epochs, --seed, --start, --set, --concise)
    override what it says. A session's own optimizer files (``saved_files``, as it saved them) run only
    when the same files are given again with --optimizer-file: they are code.
    """
    import copy
    from dataclasses import replace

    from adamviz.core.optimizers import canonical_name, get_optimizer
    from adamviz.core.problems import CUSTOM, DataError
    from adamviz.core.scenario import DEFAULT_OPTIMIZERS, check_batch, check_schedule, default_scenario, get_preset

    try:
        if base is not None:
            if args.preset or args.problem or args.optimizer or args.function:
                raise UsageError("a session sets the problem and the optimizers; "
                                 "leave out --preset, --problem, --function and --optimizer")
            scenario = copy.deepcopy(base)
        elif args.preset:
            if args.problem or args.optimizer or args.function:
                raise UsageError("--preset sets the problem and optimizers; leave out --problem, --function "
                                 "and --optimizer")
            scenario = get_preset(args.preset).scenario()
        else:
            given = [canonical_name(name) for name in args.optimizer]
            names = list(dict.fromkeys(given)) or list(DEFAULT_OPTIMIZERS)
            if len(names) != len(given) and given:
                raise UsageError("each --optimizer may be given once")
            for name in names:
                get_optimizer(name)
            if args.function is not None and args.problem not in (None, CUSTOM):
                raise UsageError(f"--function defines the {CUSTOM} problem; leave out --problem {args.problem}")
            name = CUSTOM if args.function is not None else (args.problem or default_problem)
            scenario = default_scenario(name, tuple(names), function=args.function)
        scenario = _with_files(scenario, getattr(args, "optimizer_file", []), base, saved_files)
        problem = scenario.problem_object()
        enabled = {r.optimizer: r for r in scenario.runs if r.enabled}
        for name in map(canonical_name, args.concise):
            if get_optimizer(name).torch_optim is None:
                raise UsageError(f"--concise {name}: {name} has no torch.optim counterpart")
            if name not in enabled:
                raise UsageError(f"--concise {name}: {name} is not among the optimizers that run")
            enabled[name].concise = True
        for name in map(canonical_name, getattr(args, "concise_defaults", [])):
            optimizer = get_optimizer(name)
            if name not in enabled:
                raise UsageError(f"--concise-defaults {name}: {name} is not among the optimizers that run")
            if optimizer.torch_optim is None or not optimizer.torch_defaults:
                raise UsageError(f"--concise-defaults {name}: {optimizer.title}'s torch.optim has no ε of its own "
                                 "(use --concise)")
            enabled[name].concise_defaults = True
        for given_name, key, text in args.set:
            opt_name = canonical_name(given_name)
            optimizer = get_optimizer(opt_name)
            if opt_name not in enabled:
                raise UsageError(f"--set {opt_name}.{key}: {opt_name} is not among the optimizers that run")
            try:
                declared = optimizer.hyperparam(key)
            except KeyError:
                known = ", ".join(hp.name for hp in optimizer.hyperparams)
                raise UsageError(f"--set {opt_name}.{key}: {opt_name} has no hyperparameter {key!r} "
                                 f"(it has: {known})") from None
            try:
                enabled[opt_name].hyperparams[key] = declared.parse(text)
            except ValueError as exc:
                raise UsageError(f"--set {opt_name}.{key}: {exc}") from None
        for given_name, text in getattr(args, "schedule", []):
            opt_name = canonical_name(given_name)
            optimizer = get_optimizer(opt_name)
            if opt_name not in enabled:
                raise UsageError(f"--schedule {opt_name}: {opt_name} is not among the optimizers that run")
            try:
                enabled[opt_name].schedule = check_schedule(text, optimizer)
            except ValueError as exc:
                raise UsageError(f"--schedule {opt_name}: {exc}") from None
        steps = scenario.steps
        size = getattr(args, "batch_size", None)
        if size is not None:
            check_batch(size, problem)
            before = problem.steps_per_epoch
            scenario = replace(scenario, batch_size=size)
            problem = scenario.problem_object()
            if args.steps is None and args.epochs is None:  # as many epochs as before, at the new size
                steps = max(1, round(steps / before * problem.steps_per_epoch))
        if args.epochs is not None:
            if args.steps is not None:
                raise UsageError("give --steps or --epochs, not both")
            if not problem.steps_per_epoch:
                raise UsageError(f"{problem.name} has no epochs; use --steps")
            steps = args.epochs * problem.steps_per_epoch
        elif args.steps is not None:
            steps = args.steps
        if args.start is not None and not problem.direct:
            raise UsageError(f"--start applies to 1-D and 2-D problems only, not {problem.name}")
        scenario = replace(
            scenario, steps=steps,
            start=args.start if args.start is not None else scenario.start,
            seed=args.seed if args.seed is not None else scenario.seed,
            noise=args.noise if getattr(args, "noise", None) is not None else scenario.noise,
            rng=args.rng if getattr(args, "rng", None) is not None else scenario.rng,
        )
        return scenario.validated()
    except (ValueError, DataError) as exc:
        raise UsageError(str(exc)) from None


def _with_files(scenario, paths: list[str], base, saved_files):
    """The scenario with the runs of the files given; a session's files must be among them."""
    from adamviz.core.optimizer_files import OptimizerFileError, load_optimizer_file
    from adamviz.core.scenario import with_file_runs

    given = {str(Path(path).expanduser().resolve()) for path in paths}
    for ref in (base.optimizer_files if base is not None else ()):
        if str(Path(ref.path).resolve()) not in given:
            raise UsageError(f"the session runs your own optimizer from {ref.path}: it is code, so give "
                             f"--optimizer-file {ref.path} to run it")
    names = []
    try:
        for path in paths:
            names.append(load_optimizer_file(path).name)
    except OptimizerFileError as exc:
        raise UsageError(f"--optimizer-file: {exc}") from None
    if len(set(names)) != len(names):
        raise UsageError("each --optimizer-file may be given once")
    if not names:
        return scenario
    scenario = with_file_runs(scenario, names)
    now = {str(Path(ref.path).resolve()): ref.sha256 for ref in scenario.optimizer_files}
    for ref in saved_files:
        if now.get(str(Path(ref.path).resolve())) != ref.sha256:
            print(f"adamviz: note: {Path(ref.path).name} has changed since the session was saved",
                  file=sys.stderr)
    return scenario


def export_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size WIDTHxHEIGHT (e.g. 1920x1080)")
    width, height = int(match.group(1)), int(match.group(2))
    if not (160 <= width <= 3840 and 120 <= height <= 2160):
        raise argparse.ArgumentTypeError(f"{width}x{height} is outside 160x120 … 3840x2160")
    return width, height


def frames_per_second(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (math.isfinite(value) and 0 < value <= 60):
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 60, not {text}")
    return value


def lr_range(text: str) -> tuple[float, float, int]:
    import math

    parts = text.split(":")
    message = f"{text!r} is not LOW:HIGH:COUNT (e.g. 1e-4:10:41)"
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(message)
    try:
        low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise argparse.ArgumentTypeError(message) from None
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low <= high):
        raise argparse.ArgumentTypeError(f"{text!r}: the learning rates need 0 < LOW ≤ HIGH")
    if count < 1 or (count == 1 and low != high):
        raise argparse.ArgumentTypeError(f"{text!r}: COUNT must be at least 1 (2 for LOW < HIGH)")
    return low, high, count


def finite_number(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number ≥ 0, not {text}")
    return value


def session_from_args(args):
    """The session named on the command line (positional or --session), loaded and checked, and its path;
    (None, None) if none is named; UsageError otherwise."""
    from adamviz.core.session import SessionError, load_session

    positional = getattr(args, "session", None)
    option = getattr(args, "session_option", None)
    if positional and option:
        raise UsageError("give the session file once (positional or --session)")
    name = positional or option
    if not name:
        return None, None
    path = Path(name)
    try:
        return load_session(path), path
    except SessionError as exc:
        raise UsageError(str(exc)) from None


def check_writable(path: Path) -> None:
    """UsageError (one line) if ``path`` cannot be written."""
    from adamviz.core.files import WriteError, check_target

    try:
        check_target(path)
    except WriteError as exc:
        raise UsageError(str(exc)) from None
