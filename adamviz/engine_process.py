"""The window's engine process: ``python -m adamviz.engine_process COMMANDS_FD RESULTS_FD [--lang zh_CN]``.

Outside the core, which imports no Qt: in a Chinese window the engine's own messages (a value it
rejects, a batch comparison that cannot run) are translated here, by Qt's QTranslator from QtCore
alone. A module of its own so that the host's classes keep their names when pickled (run as
``__main__`` they would be ``__main__.Snapshot`` to the window).
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m adamviz.engine_process")
    parser.add_argument("commands", type=int, help="the pipe end the window's commands arrive on")
    parser.add_argument("results", type=int, help="the pipe end the results leave on")
    parser.add_argument("--no-preload", action="store_true", help="never load torch ahead of need")
    parser.add_argument("--lang", default="en", help="the window's language")
    options = parser.parse_args(argv)
    if options.lang != "en":
        from adamviz.core.text import use_translator
        from adamviz.translations import translator_for

        use_translator(translator_for(options.lang))
    from adamviz.core.host import serve_pipes

    return serve_pipes(options.commands, options.results, preload_torch=not options.no_preload)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
