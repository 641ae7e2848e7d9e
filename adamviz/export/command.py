"""`adamviz export`: parsed arguments to a written file, with one-line errors and clean cancelling.

Order of work: the target and the format are checked first (no engine, no
Qt), then the session and the scenario, then every limit of the export
(frames, sizes); only then does the engine run and Qt start. SIGINT and
SIGTERM stop the work, remove the temporary file and exit 130 / 143.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from adamviz.core.files import WriteError, check_target
from adamviz.export.formats import DEFAULT_FPS, DEFAULT_VIEW, ExportError, ExportRequest, format_of
from adamviz.options import UsageError, scenario_from_args, session_from_args

PROG = "adamviz export"
EXIT_WRITE = 2
EXIT_FAILED = 1


class Cancelled(BaseException):
    """SIGINT or SIGTERM arrived; a BaseException so that no `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Cancellation:
    """SIGINT/SIGTERM handlers that ask the work to stop.

    The first signal only sets a flag, which ``check()`` (called between
    frames, engine chunks, event-loop slices) turns into Cancelled: raising
    inside a Qt paint would only be swallowed and printed. A second signal
    raises at once.
    """

    def __init__(self):
        self.signum: int | None = None
        self._previous = {}

    def __enter__(self) -> Cancellation:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> bool:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        return False

    def _handle(self, signum, _frame) -> None:
        again = self.signum is not None
        self.signum = signum
        if again:
            raise Cancelled(signum)

    def check(self) -> None:
        if self.signum is not None:
            raise Cancelled(self.signum)


def build_request(args) -> ExportRequest:
    """Everything checked, nothing computed yet; UsageError (exit 2, one line) for anything wrong."""
    path = Path(args.out)
    try:
        kind = format_of(path)
        check_target(path)
    except (ExportError, WriteError) as exc:
        raise UsageError(str(exc)) from None
    flags = {"--view": args.view, "--size": args.size, "--theme": args.theme, "--lang": args.lang,
             "--present": args.present,
             "--every": args.every, "--fps": args.fps}
    if kind == "data":
        given = [name for name, value in flags.items() if value]
        if given:
            raise UsageError(f"{', '.join(given)} {'does' if len(given) == 1 else 'do'} not apply to "
                             f"{path.suffix.lower()} (the runs' data); leave {'it' if len(given) == 1 else 'them'} out")
    elif kind == "image" and (args.every or args.fps):
        raise UsageError("--every and --fps apply to animations (.gif, .mp4), not to a still picture")

    session, _ = session_from_args(args)
    if session is None and not (args.problem or args.preset or args.optimizer):
        args.preset = "toy2-compare"  # what the window opens on
    scenario = scenario_from_args(args, base=session.scenario if session else None,
                                  saved_files=session.saved_files if session else ())
    view = session.view if session else None
    request = ExportRequest(
        scenario=scenario, path=path, view=args.view or DEFAULT_VIEW, size=args.size,
        theme=args.theme or (session.theme if session else "light"), presenting=args.present,
        every=args.every or 1, fps=args.fps or DEFAULT_FPS,
    )
    if view is not None:
        request.view_settings = view
    if args.particles is not None and args.swarm is None:
        raise UsageError("--particles sets the size of a swarm; add --swarm random or --swarm grid")
    if args.swarm is not None:
        if args.start is not None:
            raise UsageError("a swarm starts everywhere over the view at once; leave out --start")
        from adamviz.export.formats import DEFAULT_PARTICLES, SwarmSpec

        request.swarm = SwarmSpec(args.swarm, args.particles or DEFAULT_PARTICLES)
    try:
        return request.check()
    except (ExportError, WriteError) as exc:
        raise UsageError(str(exc)) from None


def run_export_command(args) -> int:
    request = build_request(args)
    if not (os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window; the same pictures on every desktop
    from adamviz.export.exporter import run_export
    from adamviz.ui.screenshot import StepTimeout

    if request.kind != "data":
        from adamviz.ui import qt_messages
        from adamviz.ui.app import application
        from adamviz.ui.i18n import chosen_language

        application(headless=True, language=chosen_language(args.lang, remembered=False))
        qt_messages.install()

    def progress(done: int, total: int) -> None:
        if args.progress:
            print(f"progress {done}/{total}", file=sys.stderr, flush=True)

    with Cancellation() as cancel:
        try:
            run_export(request, progress, cancel.check)
        except Cancelled as exc:
            return _cancelled(exc.signum)
        except (WriteError, ExportError) as exc:
            if cancel.signum is not None:  # the write broke because we were stopping
                return _cancelled(cancel.signum)
            _error(str(exc))
            return EXIT_WRITE
        except StepTimeout as exc:
            _error(str(exc))
            return EXIT_FAILED
    if args.progress:
        print(f"done {request.path}", file=sys.stderr, flush=True)
    return 0


def _cancelled(signum: int) -> int:
    name = signal.Signals(signum).name
    print(f"{PROG}: cancelled ({name}); nothing was written", file=sys.stderr, flush=True)
    return 128 + signum


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
