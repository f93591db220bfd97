"""The fork server that worker processes are started from.

Started as early as possible (``start()``), so that loading the parser in
the server overlaps with the main process's own start-up; from the command
line, forked from the command's process as it starts (``_fork_server``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import connection, forkserver, resource_tracker, spawn, util
from typing import Any

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


def start(*, fork: bool = False) -> None:
    """Start the fork server now, loading the parser in the background.

    It starts with SIGINT, SIGTERM and SIGHUP blocked, and so do the workers
    it forks: a Ctrl-C reaches the whole process group, and would otherwise
    print a traceback from the server while it loads the parser. The batch
    handles these signals and stops the workers itself.

    With ``fork``, the server is forked from this process rather than started
    as a new interpreter (see ``_fork_server``), where that is safe: only
    from a process that has just started, as ``hmic-extract`` does. A forked
    server leaves multiprocessing's resource tracker to ``start_tracker``."""
    with main_module_hidden():
        if fork and _can_fork():
            with signals_blocked():
                _fork_server()
        if _running():
            return   # each worker's start checks that it still runs, restarting it if not
        # Outside signals_blocked: starting the tracker unblocks SIGINT and SIGTERM.
        start_tracker()
        with signals_blocked():
            forkserver.ensure_running()   # does nothing when the server runs


def start_tracker() -> None:
    """Start multiprocessing's resource tracker, whose pipe every new worker
    is handed, unless it runs: call before the first worker starts.

    The tracker is a fresh interpreter, some 30 ms of CPU. Started with the
    first worker, it loads while this process waits for the fork server,
    instead of taking a core from the server while it loads the parser.
    Starting it unblocks SIGINT and SIGTERM when done, whatever was blocked
    before: never call it inside ``signals_blocked``."""
    resource_tracker.ensure_running()


def run_exit_finalizers() -> None:
    """Run multiprocessing's exit finalizers, as the interpreter's exit would:
    in the command's process the one registered is the removal of the folder
    holding the fork server's socket (``pymp-*`` in the temporary folder).
    The command leaves through ``os._exit``, which skips them: without this,
    every run would leave a folder behind. multiprocessing's exit step that
    waits for child processes is not run: no worker is left by then, and a
    wait could hang the exit."""
    util._run_finalizers()  # type: ignore[attr-defined]  # private, stable since 2.6


def _can_fork() -> bool:
    """Forking is safe with no other thread (none can hold a lock the child
    would inherit held), and the server's entry point is the one known here
    (Python 3.14 adds an authentication key to it)."""
    state: Any = forkserver._forkserver
    return (threading.active_count() == 1 and sys.version_info < (3, 14)
            and getattr(state, "_forkserver_pid", 0) is None)


def _running() -> bool:
    """Whether the server was started (it may have died since)."""
    state: Any = forkserver._forkserver
    return getattr(state, "_forkserver_pid", None) is not None


def _fork_server() -> None:
    """multiprocessing's ``ForkServer.ensure_running``, but the server is a
    fork of this process, not a new interpreter: it skips the interpreter's
    start and its imports, about 40 ms before the first document can start,
    on the longest path of a batch's start-up. The server then loads the
    parser and serves workers exactly as multiprocessing's own does."""
    state: Any = forkserver._forkserver   # multiprocessing's own, set as it sets it
    data = {key: value for key, value in spawn.get_preparation_data("ignore").items()
            if key in ("main_path", "sys_path")}
    with socket.socket(socket.AF_UNIX) as listener:
        address = connection.arbitrary_address("AF_UNIX")   # type: ignore[attr-defined]
        listener.bind(address)
        if not util.is_abstract_socket_namespace(address):
            os.chmod(address, 0o600)
        listener.listen()
        alive_r, alive_w = os.pipe()   # the server ends when every client has closed alive_w
        pid = os.fork()
        if pid == 0:
            try:
                os.close(alive_w)
                # As a new interpreter would: the command's own handlers are not its.
                for sig in (signal.SIGTERM, signal.SIGHUP):
                    signal.signal(sig, signal.SIG_DFL)
                forkserver.main(listener.fileno(), alive_r,
                                state._preload_modules, **data)
            finally:
                os._exit(0)
        os.close(alive_r)
    state._forkserver_address = address
    state._forkserver_alive_fd = alive_w
    state._forkserver_pid = pid
