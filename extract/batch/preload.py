"""The main process's slowest imports, loaded while the batch starts.

The main process needs pyarrow only to commit the first document, and
importing it takes a tenth of a second: paid up front, it would delay the
first document by as much. It is loaded instead on a thread of its own once
the first documents are handed out, while the main process would only wait
for them. Not earlier: until then the fork server is loading the parser, the
longest wait of all, and on two cores a third busy process slows it. Imports
are thread-safe: a module the main thread needs before the thread is done
with it is waited for, never loaded twice.

pyarrow is loaded without numpy, which it treats as optional and loads only
when it can: the batch's main process never hands it numpy arrays, and numpy
was half of pyarrow's import time (and 20 MB). Without numpy, pyarrow also
never asks pandas whether a list of values is a pandas object, which would
import pandas (see extract.output.arrow). Should a pyarrow need numpy after
all, it is loaded the ordinary way.
"""

from __future__ import annotations

import importlib
import importlib.abc
import sys
import threading
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

# What the main process loads to make and write the tables.
WRITER_MODULES = ("extract.output.arrow", "extract.output.parts")


# Seconds the loading thread may hold the interpreter while the main thread
# waits for it. Python's default, 5 ms, would hold up every job handed out and
# every result taken in while the imports run.
SWITCH_INTERVAL = 0.0005


class _WithoutNumpy(importlib.abc.MetaPathFinder):
    """Finds no numpy, so that pyarrow loads without it."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname == "numpy" or fullname.startswith("numpy."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def _load_pyarrow() -> None:
    if "pyarrow" in sys.modules or "numpy" in sys.modules:
        return   # loaded already, or numpy is: nothing to spare
    hidden = _WithoutNumpy()
    sys.meta_path.insert(0, hidden)
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        pass     # loaded below, with numpy
    finally:
        sys.meta_path.remove(hidden)


def _load() -> None:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, SWITCH_INTERVAL))
    try:
        _load_pyarrow()
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
