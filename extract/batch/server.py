"""The fork server that worker processes are started from.

Started as early as possible (``start()``), so that loading the parser in
the server overlaps with the main process's own start-up.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import forkserver, resource_tracker

from extract.batch.stop import signals_blocked

# Workers are forked from a fork server, a clean process started once that has
# already loaded the parser: starting a worker then costs milliseconds, where
# a fresh interpreter costs a third of a second of CPU. Forking the main
# process instead could copy a lock held by its progress or Arrow threads.
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload(["extract.batch.pool", "extract.batch.worker",
                                "extract.parse.read.pdfium"])


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Start a worker without re-running the caller's ``__main__``.

    multiprocessing re-imports the parent's main script in each new worker,
    which runs an unguarded script again and fails outright when the program
    came from standard input. Workers need nothing from it: their entry point
    lives in ``extract.batch.pool``.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__")
             if hasattr(main, name)}
    try:
        if "__file__" in saved:
            del main.__file__
        if "__spec__" in saved:
            main.__spec__ = None   # read unguarded by multiprocessing: set, not deleted
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


def start() -> None:
    """Start the fork server now, loading the parser in the background.

    It starts with SIGINT, SIGTERM and SIGHUP blocked, and so do the workers
    it forks: a Ctrl-C reaches the whole process group, and would otherwise
    print a traceback from the server while it loads the parser. The batch
    handles these signals and stops the workers itself."""
    with main_module_hidden():
        # Starting multiprocessing's resource tracker unblocks SIGINT and
        # SIGTERM when done, whatever was blocked before: start it first.
        resource_tracker.ensure_running()
        with signals_blocked():
            forkserver.ensure_running()
