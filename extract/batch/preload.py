"""The main process's slowest imports, loaded while the batch starts.

The main process needs pyarrow (which loads numpy) only to commit the first
document, and importing it takes a tenth of a second or more: paid up front,
it would delay the first document by as much. It is loaded instead on a
thread of its own once the first documents are handed out, while the main
process would only wait for them. Not earlier: until then the fork server
is loading the parser, the longest wait of all, and on two cores a third
busy process slows it. Imports are thread-safe: a module the main thread
needs before the thread is done with it is waited for, never loaded twice.
"""

from __future__ import annotations

import importlib
import sys
import threading

# What the main process loads to make and write the tables.
WRITER_MODULES = ("extract.output.arrow", "extract.output.parts")


# Seconds the loading thread may hold the interpreter while the main thread
# waits for it. Python's default, 5 ms, would hold up every job handed out and
# every result taken in while the imports run.
SWITCH_INTERVAL = 0.0005


def _load() -> None:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, SWITCH_INTERVAL))
    try:
        for name in WRITER_MODULES:
            importlib.import_module(name)
    except BaseException:  # noqa: BLE001 - the main thread's own import reports it
        pass
    finally:
        sys.setswitchinterval(previous)


_started: list[threading.Thread] = []


def load_writer_in_background() -> None:
    """Start loading the table writer, once, unless it is loaded already.
    The thread is not a daemon: the process never ends in the middle of an
    import."""
    if _started or all(name in sys.modules for name in WRITER_MODULES):
        return
    thread = threading.Thread(target=_load, name="hmic-extract-preload")
    _started.append(thread)
    thread.start()
