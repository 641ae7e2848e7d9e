"""`adamviz` on the command line.

    adamviz [SESSION.json] [--problem P | --preset NAME] [--steps N] [--screenshot OUT.png] ...
    adamviz trace  ... prints the runs as strict JSON
    adamviz export ... writes a picture, an animation or the data, with no window
    adamviz sweep  ... each optimizer's final loss against the learning rate, as JSON, CSV or a plot
    adamviz check PATH  grades your own optimizer file against a built-in one

Bad input ends with one line on stderr and exit status 2, never a traceback.
Qt and torch are imported only when needed, so errors come back at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from adamviz import __version__
from adamviz.options import (
    Parser,
    UsageError,
    add_scenario_arguments,
    export_size,
    finite_number,
    frames_per_second,
    lr_range,
    non_negative_int,
    positive_int,
    scenario_from_args,
    session_from_args,
    window_size,
)

EXIT_USAGE = 2


def add_language_argument(parser: Parser, help_text: str) -> None:
    from adamviz.ui.i18n import LANGUAGES

    parser.add_argument("--lang", choices=tuple(LANGUAGES), help=help_text)


def start_pictures(language: str | None) -> None:
    """The application that draws a command's picture, speaking ``language`` (else the system's)."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from adamviz.ui.app import application
    from adamviz.ui.i18n import chosen_language

    application(headless=True, language=chosen_language(language, remembered=False))


# ---------------------------------------------------------------- commands

def trace_command(argv: Sequence[str]) -> int:
    parser = Parser(prog="adamviz trace", description="Run optimizers headless and print the runs as JSON.")
    add_scenario_arguments(parser)
    args = parser.parse_args(argv)
    scenario = scenario_from_args(args)
    from adamviz.core.report import trace_json

    sys.stdout.write(trace_json(scenario, scenario.run()) + "\n")
    return 0


def gui_parser() -> Parser:
    parser = Parser(
        prog="adamviz",
        description="Watch the optimizers of D2L chapter 7 race across a loss surface.",
        epilog="Subcommands: `adamviz trace --help`, `adamviz export --help`, `adamviz sweep --help`.",
    )
    parser.add_argument("session", nargs="?", metavar="SESSION.json", help="a saved session to open")
    parser.add_argument("--version", action="version", version=f"adamviz {__version__}")
    parser.add_argument("--list-presets", action="store_true", help="print the presets and exit")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="put adamviz in the desktop's application menu (a .desktop file and its icon, in "
                        "$XDG_DATA_HOME, by default ~/.local/share) and exit")
    add_scenario_arguments(parser)
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="open the window, take the steps, save a screenshot and exit")
    parser.add_argument("--size", type=window_size, metavar="WxH", help="window size (screenshot default 1600x1000)")
    parser.add_argument("--present", action="store_true", help="projector mode: fullscreen, big type, thick lines")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme")
    add_language_argument(parser, "the window's language (default: the one last chosen in View → Language, else "
                          "the system's: Simplified Chinese when LANGUAGE, LC_ALL or LANG says zh_CN)")
    parser.add_argument("--session", dest="session_option", metavar="FILE", help="same as the positional SESSION")
    return parser


def gui_command(argv: Sequence[str]) -> int:
    args = gui_parser().parse_args(argv)
    if args.install_desktop_entry:
        from adamviz.core.files import WriteError
        from adamviz.desktop import install_desktop_entry

        try:
            for path in install_desktop_entry():
                print(f"wrote {path}")
        except WriteError as exc:
            raise UsageError(str(exc)) from None
        return 0
    if args.list_presets:
        from adamviz.core.scenario import PRESETS

        for key, preset in enumerate(PRESETS.values(), start=1):
            shortcut = str(key) if key <= 9 else " "
            print(f"{shortcut}  {preset.name:24} {preset.title}")
        return 0
    from adamviz.ui.launch import LaunchOptions, launch

    options = LaunchOptions.from_args(args)
    return launch(options)


def export_parser() -> Parser:
    from adamviz.export.formats import DEFAULT_FPS, DEFAULT_SIZE, DEFAULT_VIEW, FORMATS, VIEWS

    still, moving = DEFAULT_SIZE["image"], DEFAULT_SIZE["animation"]
    parser = Parser(
        prog="adamviz export",
        description="Write a picture, an animation or the runs' data, with no window. "
        "The format follows the extension of --out: " + ", ".join(FORMATS) + ".",
        epilog="Exit status: 0 written; 2 bad input or the file cannot be written (one line on stderr, "
        "nothing left behind); 1 rendering failed; 130/143 cancelled by SIGINT/SIGTERM (the partial "
        "file is removed). Example: adamviz export --preset gd-toy2-diverge --steps 60 --out diverge.gif",
    )
    add_scenario_arguments(parser)
    parser.add_argument("--session", metavar="FILE",
                        help="start from a saved session; the flags given here override it")
    parser.add_argument("--out", "-o", required=True, metavar="FILE",
                        help="the file to write: .png or .svg (a picture), .gif or .mp4 (the trajectories "
                        "growing step by step), .csv (one row per run and step) or .json (as `adamviz trace`)")
    parser.add_argument("--view", choices=VIEWS,
                        help=f"what a picture or animation shows (default {DEFAULT_VIEW}: the loss surface with "
                        "the trajectories and the legend); window (PNG/SVG only) is the whole app window")
    parser.add_argument("--size", type=export_size, metavar="WxH",
                        help=f"size in pixels, up to 3840x2160 (default {still[0]}x{still[1]} for PNG/SVG, "
                        f"{moving[0]}x{moving[1]} for GIF/MP4); a bigger size is the same picture, sharper")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme (default light, or the session's)")
    add_language_argument(parser, "the language of a picture's or an animation's words (default: the system's); "
                          "CSV and JSON are always English")
    parser.add_argument("--present", action="store_true",
                        help="projector style: high contrast, big type, thick lines")
    parser.add_argument("--every", type=positive_int, metavar="K",
                        help="animations: one frame every K steps (default 1: every step); the last step "
                        "is always shown, so N steps give N//K + 1 frames (one more if K does not divide N)")
    parser.add_argument("--fps", type=frames_per_second, metavar="F",
                        help=f"animations: frames per second (default {DEFAULT_FPS:g}); a GIF rests 2 s on "
                        "its last frame")
    parser.add_argument("--swarm", choices=("random", "grid"),
                        help="swarm mode: many start points over the view (a seeded random cloud or a grid), all "
                        "run by the one --optimizer; pictures show the particles as dots, the loss view their "
                        "median loss, CSV/JSON one entry per particle")
    parser.add_argument("--particles", type=positive_int, metavar="N",
                        help="how many start points a swarm has (default 1000, at most 20000)")
    parser.add_argument("--progress", action="store_true",
                        help="print 'progress DONE/TOTAL' lines on stderr while working, then 'done FILE'")
    return parser


def export_command(argv: Sequence[str]) -> int:
    args = export_parser().parse_args(argv)
    from adamviz.export.command import run_export_command

    return run_export_command(args)


def sweep_parser() -> Parser:
    parser = Parser(
        prog="adamviz sweep",
        description="Run each optimizer once per learning rate (all rates as one batched computation) and report "
        "its final loss, best loss, steps to reach the tolerance and divergence against η. Prints strict JSON, "
        "or writes --out FILE (.json, .csv, or the plot as .png or .svg).",
        epilog="Example: adamviz sweep --problem rosenbrock --optimizer adam --optimizer momentum --steps 200 "
        "--out sweep.png",
    )
    add_scenario_arguments(parser)
    parser.add_argument("--session", metavar="FILE", help="start from a saved session; the flags given here "
                        "override it")
    rates = parser.add_mutually_exclusive_group()
    rates.add_argument("--lr-range", type=lr_range, metavar="LOW:HIGH:COUNT",
                       help="COUNT learning rates spaced evenly on a log scale (default 1e-4:10:41)")
    rates.add_argument("--lr", type=float, action="append", metavar="η", help="one learning rate (repeatable)")
    parser.add_argument("--tolerance", type=finite_number, metavar="T",
                        help="a run has converged once its loss is within T of the problem's floor "
                        "(default: 1%% of the start's height above the floor)")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of printing JSON")
    parser.add_argument("--size", type=export_size, metavar="WxH", help="picture size (default 1920x1080)")
    parser.add_argument("--theme", choices=("light", "dark"), help="picture colour theme (default light)")
    add_language_argument(parser, "the language of the picture's words (default: the system's)")
    parser.add_argument("--present", action="store_true", help="picture in projector style")
    return parser


def sweep_command(argv: Sequence[str]) -> int:
    args = sweep_parser().parse_args(argv)
    from adamviz.core.files import WriteError, check_target

    suffix = None
    if args.out is not None:
        from pathlib import Path

        from adamviz.export.formats import ExportError
        from adamviz.export.sweep import check_sweep_target

        try:
            suffix = check_sweep_target(Path(args.out))
            check_target(Path(args.out))
        except (ExportError, WriteError) as exc:
            raise UsageError(str(exc)) from None
    picture_flags = [flag for flag, given in (("--size", args.size), ("--theme", args.theme),
                                              ("--lang", args.lang), ("--present", args.present)) if given]
    if picture_flags and suffix not in (".png", ".svg"):
        raise UsageError(f"{', '.join(picture_flags)} apply to a picture (--out FILE.png or .svg) only")
    if args.concise or args.concise_defaults:
        raise UsageError("--concise does not apply to a sweep: it runs the scratch optimizers")
    session, _ = session_from_args(args)
    scenario = scenario_from_args(args, base=session.scenario if session else None,
                                  saved_files=session.saved_files if session else ())
    results, skipped, current = run_sweeps(scenario, args, explicit=bool(args.optimizer))
    if args.out is None:
        from adamviz.core.report import sweep_json

        sys.stdout.write(sweep_json(results, skipped) + "\n")
        return 0
    from pathlib import Path

    from adamviz.core.text import declared, translate
    from adamviz.export.sweep import write_sweep

    problem = scenario.problem_object()
    if args.out.lower().endswith((".png", ".svg")):
        start_pictures(args.lang)
    title = translate("sweep", "Final loss after {steps} steps on {problem}, against η").format(
        steps=scenario.steps, problem=declared(problem.title))
    try:
        write_sweep(Path(args.out), results, skipped, current=current, title=title, size=args.size,
                    theme=args.theme or "light", presenting=args.present)
    except WriteError as exc:
        raise UsageError(str(exc)) from None
    return 0


def run_sweeps(scenario, args, *, explicit: bool):
    """(results, skipped, current η) for every enabled scratch optimizer of ``scenario``."""
    import numpy as np

    from adamviz.core.optimizers import get_optimizer
    from adamviz.core.sweep import MAX_RECORDED, MAX_RUNS, log_spaced, run_sweep

    if args.lr:
        lrs = np.array(args.lr, dtype=np.float64)
    else:
        lrs = log_spaced(*(args.lr_range or (1e-4, 10.0, 41)))
    if len(lrs) > MAX_RUNS:
        raise UsageError(f"a sweep runs at most {MAX_RUNS} learning rates, not {len(lrs)}")
    if (scenario.steps + 1) * len(lrs) > MAX_RECORDED:
        raise UsageError(f"{scenario.steps} steps × {len(lrs)} learning rates is more than a sweep records "
                         f"({MAX_RECORDED:,} losses); take fewer steps or rates")
    problem = scenario.problem_object()
    results, skipped, current = {}, {}, {}
    for setup in scenario.runs:
        if not setup.enabled or setup.optimizer in results or setup.optimizer in skipped:
            continue
        names = [hp.name for hp in get_optimizer(setup.optimizer).hyperparams]
        if "lr" not in names:
            why = f"{get_optimizer(setup.optimizer).title} has no learning rate to sweep"
            if explicit:
                raise UsageError(f"--optimizer {setup.optimizer}: {why}")
            skipped[setup.optimizer] = why
            continue
        others = {k: v for k, v in setup.hyperparams.items() if k != "lr"}
        try:
            results[setup.optimizer] = run_sweep(problem, setup.optimizer, others, lrs, scenario.steps,
                                                 seed=scenario.seed, start=scenario.start,
                                                 tolerance=args.tolerance, keep_points=False,
                                                 schedule=setup.schedule)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if "lr" in setup.hyperparams:
            current[setup.optimizer] = float(setup.hyperparams["lr"])
    if not results:
        raise UsageError("none of the optimizers has a learning rate to sweep")
    return results, skipped, current


def check_command(argv: Sequence[str]) -> int:
    parser = Parser(
        prog="adamviz check",
        description="Grade your own optimizer file against a built-in one: both run from the same starts on "
        "the same minibatches on toy2, a plateau, Rosenbrock and the airfoil regression; it says whether they "
        "agree, where they first part, and which classic mistake the file's steps match. "
        "Exit 0: they agree; 1: they differ; 2: bad input.",
    )
    parser.add_argument("path", metavar="PATH", help="your optimizer: NAME(params, states, hyperparams) and "
                        "init_NAME_states(), as the chapter writes them")
    parser.add_argument("--against", metavar="NAME", help="the built-in optimizer to compare with (default: the "
                        "one named like the file's function)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    args = parser.parse_args(argv)
    from adamviz.core.optimizer_files import LOADED, OptimizerFileError, load_optimizer_file
    from adamviz.core.optimizers import canonical_name, get_optimizer

    try:
        name = load_optimizer_file(args.path).name
    except OptimizerFileError as exc:
        raise UsageError(str(exc)) from None
    file = LOADED[name]
    against = canonical_name(args.against or file.function)
    try:
        reference = get_optimizer(against)
    except ValueError as exc:
        if args.against is None:
            raise UsageError(f"{file.label}'s function is {file.function}, which is no built-in optimizer: "
                             f"name one with --against") from None
        raise UsageError(f"--against: {exc}") from None
    if reference.source is not None:
        raise UsageError(f"--against {against}: compare with a built-in optimizer, not a file")
    from adamviz.core.check import check_file, report_text

    verdict = check_file(file, reference.name)
    if args.json:
        import json

        sys.stdout.write(json.dumps(verdict.as_dict(), allow_nan=False) + "\n")
    else:
        sys.stdout.write(report_text(verdict) + "\n")
    return 0 if verdict.agree else 1


def batch_setting(text: str) -> tuple[int, float, int]:
    import argparse

    from adamviz.core.batches import parse_setting

    try:
        return parse_setting(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def batches_command(argv: Sequence[str]) -> int:
    parser = Parser(
        prog="adamviz batches",
        description="§7.3's comparison of minibatch sizes on the airfoil: each size runs on its own, timed, and "
        "reports its loss against the examples processed and the seconds taken. Prints strict JSON, or writes "
        "--out FILE (.json, .csv, or the plot as .png or .svg).",
        epilog="Example: adamviz batches --out sizes.png (the chapter's runs: 1500:1:6, 1:0.005, 100:0.4, 10:0.05)",
    )
    parser.add_argument("--batch", metavar="SIZE:LR[:EPOCHS]", action="append", type=batch_setting, default=[],
                        help="a batch size with its η and epochs (default 2); repeatable; default the chapter's")
    parser.add_argument("--optimizer", metavar="O", default="sgd", help="the optimizer every size runs (default sgd)")
    parser.add_argument("--seed", type=non_negative_int, metavar="S", default=0, help="seed (default 0)")
    parser.add_argument("--rng", choices=("adamviz", "book"), default="adamviz",
                        help="whose random numbers draw the start and minibatch order (as for trace)")
    parser.add_argument("--axis", choices=("seconds", "examples", "epochs"), default="seconds",
                        help="the picture's x axis (default seconds, on a log scale, as the English edition draws it)")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of printing JSON")
    parser.add_argument("--size", type=export_size, metavar="WxH", help="picture size (default 1920x1080)")
    parser.add_argument("--theme", choices=("light", "dark"), help="picture colour theme (default light)")
    add_language_argument(parser, "the language of the picture's words (default: the system's)")
    parser.add_argument("--present", action="store_true", help="picture in projector style")
    args = parser.parse_args(argv)
    from pathlib import Path

    from adamviz.core.batches import CHAPTER, compare_batch_sizes, comparison_dict
    from adamviz.core.files import WriteError, check_target
    from adamviz.core.optimizers import canonical_name, get_optimizer
    from adamviz.export.batches import check_batches_target, write_batches
    from adamviz.export.formats import ExportError

    try:
        optimizer = get_optimizer(canonical_name(args.optimizer))
        if not optimizer.has_lr or optimizer.source is not None:
            raise ValueError(f"--optimizer {args.optimizer}: a comparison runs a built-in optimizer with an η")
        suffix = None
        if args.out is not None:
            suffix = check_batches_target(Path(args.out))
            check_target(Path(args.out))
        if (args.size or args.theme or args.lang or args.present) and suffix not in (".png", ".svg"):
            raise ValueError("--size, --theme, --lang and --present apply to a picture (--out FILE.png or .svg) "
                             "only")
        comparison = compare_batch_sizes(args.batch or CHAPTER, optimizer=optimizer.name, seed=args.seed,
                                         rng=args.rng)
        if args.out is None:
            import json

            sys.stdout.write(json.dumps(comparison_dict(comparison), allow_nan=False) + "\n")
            return 0
        if suffix in (".png", ".svg"):
            start_pictures(args.lang)
        write_batches(Path(args.out), comparison, axis=args.axis, size=args.size, theme=args.theme or "light",
                      presenting=args.present)
    except (ValueError, ExportError, WriteError) as exc:
        raise UsageError(str(exc)) from None
    return 0


COMMANDS = {"trace": trace_command, "export": export_command, "sweep": sweep_command, "check": check_command,
            "batches": batches_command}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = COMMANDS.get(argv[0]) if argv else None
    prog = f"adamviz {argv[0]}" if command else "adamviz"
    try:
        if command is not None:
            return command(argv[1:])
        return gui_command(argv)
    except UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())
