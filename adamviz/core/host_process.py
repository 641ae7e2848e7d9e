"""Entry point of the window's engine process: ``python -m adamviz.core.host_process COMMANDS_FD RESULTS_FD``.

A module of its own so that the host's classes keep their names when pickled
(run as ``__main__`` they would be ``__main__.Snapshot`` to the window).
"""

import sys

from adamviz.core.host import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
